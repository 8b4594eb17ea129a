// Polling bookkeeping in the store: the conditional-GET validators and success times per
// source (poll_state) and every fetch's outcome (fetches).

#include <SQLiteCpp/SQLiteCpp.h>

#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace {

std::optional<rules::instant> optional_instant(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return parse_utc(c.getString());
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<rules::instant>& at) {
  if (at) {
    q.bind(index, utc_text(*at));
  } else {
    q.bind(index);
  }
}

}  // namespace

bool store::has_fact(const std::string& source, const std::string& external_id) const {
  SQLite::Statement q{*db_, "SELECT 1 FROM facts WHERE source = ? AND external_id = ?"};
  q.bind(1, source);
  q.bind(2, external_id);
  return q.executeStep();
}

std::optional<std::string> store::evidence_page_of(std::string_view fact_id) const {
  const auto q = prepared(evidence_page_of_,
                          "SELECT json_extract(attrs, '$.evidence') FROM facts WHERE source = ? AND external_id = ?");
  // The id is the source, '/', the external id; a source id may itself hold a '/', so each
  // split is tried (the first one almost always answers).
  for (auto slash = fact_id.find('/'); slash != std::string_view::npos; slash = fact_id.find('/', slash + 1)) {
    q->reset();
    q->bind(1, std::string{fact_id.substr(0, slash)});
    q->bind(2, std::string{fact_id.substr(slash + 1)});
    if (!q->executeStep()) continue;
    const auto page = q->getColumn(0);
    if (page.isNull() || page.getString().empty()) return std::nullopt;
    return page.getString();
  }
  return std::nullopt;
}

poll_state store::poll_state_of(const std::string& source) const {
  const auto q = prepared(poll_state_of_,
                          "SELECT etag, last_modified, first_success_at, last_success_at, last_attempt_at, "
                          "consecutive_failures, reading FROM poll_state WHERE source_id = ?");
  q->bind(1, source);
  poll_state state;
  if (!q->executeStep()) return state;
  state.etag = q->getColumn(0).getString();
  state.last_modified = q->getColumn(1).getString();
  state.first_success_at = optional_instant(q->getColumn(2));
  state.last_success_at = optional_instant(q->getColumn(3));
  state.last_attempt_at = optional_instant(q->getColumn(4));
  state.consecutive_failures = q->getColumn(5).getInt();
  state.reading = q->getColumn(6).getString();
  return state;
}

void store::save_poll_state(const std::string& source, const poll_state& state) {
  const auto q = prepared(save_poll_state_,
                          "INSERT OR REPLACE INTO poll_state (source_id, etag, last_modified, first_success_at, "
                          "last_success_at, last_attempt_at, consecutive_failures, reading) VALUES (?,?,?,?,?,?,?,?)");
  q->bind(1, source);
  q->bind(2, state.etag);
  q->bind(3, state.last_modified);
  bind_optional(*q, 4, state.first_success_at);
  bind_optional(*q, 5, state.last_success_at);
  bind_optional(*q, 6, state.last_attempt_at);
  q->bind(7, state.consecutive_failures);
  q->bind(8, state.reading);
  q->exec();
}

void store::record_fetch(const std::string& source, const fetch_record& fetch) {
  const auto q = prepared(record_fetch_,
                          "INSERT INTO fetches (source_id, at, status, latency_ms, bytes, error) VALUES (?,?,?,?,?,?)");
  q->bind(1, source);
  q->bind(2, utc_text(fetch.at));
  q->bind(3, fetch.status);
  q->bind(4, fetch.latency_ms);
  q->bind(5, fetch.bytes);
  q->bind(6, fetch.error);
  q->exec();
}

std::vector<fetch_record> store::fetches_of(const std::string& source, rules::instant since) const {
  SQLite::Statement q{*db_,
                      "SELECT at, status, latency_ms, bytes, error FROM fetches WHERE source_id = ? AND at >= ? "
                      "ORDER BY at, id"};
  q.bind(1, source);
  q.bind(2, utc_text(since));
  std::vector<fetch_record> out;
  while (q.executeStep()) {
    fetch_record f;
    f.at = parse_utc(q.getColumn(0).getString());
    f.status = q.getColumn(1).getInt();
    f.latency_ms = q.getColumn(2).getInt64();
    f.bytes = q.getColumn(3).getInt64();
    f.error = q.getColumn(4).getString();
    out.push_back(std::move(f));
  }
  return out;
}

std::int64_t store::prune_fetches(rules::instant before) {
  SQLite::Statement q{*db_, "DELETE FROM fetches WHERE at < ?"};
  q.bind(1, utc_text(before));
  return q.exec();
}

}  // namespace deadlined::daemon
