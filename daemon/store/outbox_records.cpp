// The durable outbox: a notification is a row before it is a message. Rows are added in the
// transaction that records the obligations' new states, and marked after each attempt.

#include <SQLiteCpp/SQLiteCpp.h>

#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace {

constexpr const char* outbox_columns =
    "id, idempotency_key, obligation_id, event, contact, channel, payload, due_at, state, attempts, next_attempt_at, "
    "last_error";

outbox_entry read_entry(SQLite::Statement& q) {
  outbox_entry e;
  e.id = q.getColumn(0).getInt64();
  e.key = q.getColumn(1).getString();
  e.obligation_id = q.getColumn(2).getString();
  e.event = q.getColumn(3).getString();
  e.contact = q.getColumn(4).getString();
  e.channel = q.getColumn(5).getString();
  e.payload = q.getColumn(6).getString();
  e.due_at = parse_utc(q.getColumn(7).getString());
  e.state = q.getColumn(8).getString();
  e.attempts = q.getColumn(9).getInt();
  e.next_attempt_at = parse_utc(q.getColumn(10).getString());
  e.last_error = q.getColumn(11).getString();
  return e;
}

}  // namespace

bool store::outbox_has(const std::string& key) const {
  const auto q = prepared(outbox_has_, "SELECT 1 FROM outbox WHERE idempotency_key = ?");
  q->bind(1, key);
  return q->executeStep();
}

bool store::enqueue(const outbox_entry& entry, rules::instant now) {
  const auto q = prepared(enqueue_,
                          "INSERT INTO outbox (idempotency_key, obligation_id, event, contact, channel, payload, "
                          "due_at, state, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?,0,?,?) "
                          "ON CONFLICT (idempotency_key) DO NOTHING");
  q->bind(1, entry.key);
  q->bind(2, entry.obligation_id);
  q->bind(3, entry.event);
  q->bind(4, entry.contact);
  q->bind(5, entry.channel);
  q->bind(6, entry.payload);
  q->bind(7, utc_text(entry.due_at));
  q->bind(8, entry.state);
  q->bind(9, utc_text(entry.next_attempt_at));
  q->bind(10, utc_text(now));
  return q->exec() == 1;
}

std::vector<outbox_entry> store::due_outbox(rules::instant now) const {
  SQLite::Statement q{*db_, std::string{"SELECT "} + outbox_columns +
                                " FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id"};
  q.bind(1, utc_text(now));
  std::vector<outbox_entry> out;
  while (q.executeStep())
    out.push_back(read_entry(q));
  return out;
}

std::vector<outbox_entry> store::outbox_entries(const std::string& state) const {
  SQLite::Statement q{*db_, std::string{"SELECT "} + outbox_columns + " FROM outbox WHERE state = ? ORDER BY id"};
  q.bind(1, state);
  std::vector<outbox_entry> out;
  while (q.executeStep())
    out.push_back(read_entry(q));
  return out;
}

void store::mark_sent(std::int64_t id, rules::instant at) {
  SQLite::Statement q{*db_,
                      "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' "
                      "WHERE id = ?"};
  q.bind(1, utc_text(at));
  q.bind(2, id);
  q.exec();
}

void store::mark_failed(std::int64_t id, int attempts, rules::instant next_attempt_at, const std::string& error,
                        bool dead) {
  SQLite::Statement q{*db_,
                      "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"};
  q.bind(1, dead ? "dead" : "queued");
  q.bind(2, attempts);
  q.bind(3, utc_text(next_attempt_at));
  q.bind(4, error);
  q.bind(5, id);
  q.exec();
}

void store::defer(std::int64_t id, rules::instant next_attempt_at) {
  SQLite::Statement q{*db_, "UPDATE outbox SET next_attempt_at = ? WHERE id = ?"};
  q.bind(1, utc_text(next_attempt_at));
  q.bind(2, id);
  q.exec();
}

int store::cancel_queued(const std::string& obligation_id, const std::string& keep_event) {
  const auto q = prepared(cancel_queued_,
                          "UPDATE outbox SET state = 'cancelled' WHERE obligation_id = ? AND state = 'queued' AND "
                          "event != ?");
  q->bind(1, obligation_id);
  q->bind(2, keep_event);
  return q->exec();
}

std::optional<rules::instant> store::next_outbox_attempt() const {
  SQLite::Statement q{*db_, "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'"};
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return parse_utc(q.getColumn(0).getString());
}

std::map<std::string, std::int64_t> store::outbox_counts() const {
  SQLite::Statement q{*db_, "SELECT state, count(*) FROM outbox GROUP BY state"};
  std::map<std::string, std::int64_t> out;
  while (q.executeStep())
    out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

}  // namespace deadlined::daemon
