// The three steps of a poll: fetching (network, on the event loop), digesting (reading the
// page, on any thread) and recording. Everything that touches the database happens in
// record_digest, in one transaction, so a crash never leaves facts without their fetch or
// a poll state ahead of its facts.

#include "deadlined/daemon/source_poller.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "deadlined/daemon/charset.hpp"
#include "deadlined/daemon/column_state.hpp"
#include "deadlined/daemon/item_facts.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/source_reading.hpp"

namespace deadlined::daemon {

namespace fs = std::filesystem;

client_settings client_settings_of(const polling_settings& polling) {
  client_settings s;
  s.max_in_flight = polling.concurrency;
  s.per_host = polling.per_host;
  s.politeness_delay = std::chrono::milliseconds{polling.politeness_delay_ms};
  s.connect_timeout = std::chrono::seconds{polling.connect_timeout_seconds};
  s.header_timeout = std::chrono::seconds{polling.header_timeout_seconds};
  s.request_timeout = std::chrono::seconds{polling.request_timeout_seconds};
  s.body_limit = static_cast<std::size_t>(polling.body_limit_bytes);
  s.user_agent = polling.user_agent;
  s.ca_file = polling.ca_file;
  s.http_proxy = polling.proxy;  // a configured proxy serves both schemes
  s.https_proxy = polling.proxy;
  s.no_proxy = polling.no_proxy;
  if (polling.proxy_from_environment) proxy_from_environment(s);
  return s;
}

namespace {

/// Whether the stored validators stand for a page read the way the configuration reads it
/// now: after a selector, the URL or the facts' unit, column or type changed, the page
/// must be read again even if the site would answer 304.
bool validators_hold(const source_settings& source, const poll_state& state) {
  return state.reading == source_reading(source);
}

/// A file source: the file's modification time stands in for Last-Modified, so an
/// unchanged mirror is "not modified" as a 304 would be.
void read_file_source(const source_settings& source, const poll_state& state, std::size_t body_limit,
                      fetch_result& out) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path path = source.file_path();
  out.final_url = "file://" + fs::absolute(path).string();
  std::error_code ec;
  const auto modified = fs::last_write_time(path, ec);
  if (ec) {
    out.error = path.string() + ": " + ec.message();
    return;
  }
  out.last_modified = std::to_string(modified.time_since_epoch().count());
  if (out.last_modified == state.last_modified && validators_hold(source, state)) {
    out.status = 304;
  } else if (const auto size = fs::file_size(path, ec); !ec && size > body_limit) {
    out.error = path.string() + ": larger than " + std::to_string(body_limit) + " bytes";  // as a site's body
    return;
  } else {
    std::ifstream in{path, std::ios::binary};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      out.error = path.string() + ": cannot read";
      return;
    }
    out.body = bytes.str();
    out.wire_bytes = out.body.size();
    out.status = 200;
  }
  out.latency = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

std::string fetch_error(const fetch_result& r) {
  if (!r.error.empty()) return r.error;
  if (!r.ok()) return "HTTP " + std::to_string(r.status);
  return {};
}

rules::fact probe_fact(const source_settings& source, const std::string& type, const std::string& external_id,
                       rules::instant at, const fetch_result& r) {
  rules::fact f;
  f.source = source.id;
  f.external_id = external_id;
  f.type = type;
  f.unit = source.unit;
  f.subject = source.url;
  f.time = rules::timestamp::at(at);
  f.observed_at = at;
  f.attrs["ok"] = r.ok() ? "true" : "false";
  f.attrs["source"] = source.id;
  f.attrs["url"] = source.url;
  f.attrs["status"] = std::to_string(r.status);
  f.attrs["latency_ms"] = std::to_string(r.latency.count());
  if (const auto error = fetch_error(r); !error.empty()) f.attrs["error"] = error;
  if (!r.remote_address.empty()) f.attrs["address"] = r.remote_address;
  return f;
}

}  // namespace

asio::awaitable<void> fetch_source(http_client& client, const source_settings& source, const poll_state& state,
                                   rules::instant at, bool ipv6_due, fetched_page& out) {
  out.at = at;
  if (source.is_file()) {
    read_file_source(source, state, client.settings().body_limit, out.result);
    co_return;
  }
  fetch_request request;
  request.url = source.url;
  if (validators_hold(source, state)) {
    request.etag = state.etag;
    request.last_modified = state.last_modified;
  }
  request.verify_tls = source.tls_verify;
  request.timeout = std::chrono::seconds{source.timeout_seconds};
  co_await client.fetch(request, out.result);
  if (out.result.not_modified() && request.etag.empty() && request.last_modified.empty()) {
    // Nothing to be unchanged from (a first poll, or a new reading): taken as "not
    // modified" the page would never be read.
    out.result.error = "HTTP 304 Not Modified to a request that was not conditional";
  }
  if (ipv6_due) {
    fetch_request v6;
    v6.url = source.url;
    v6.verify_tls = source.tls_verify;
    v6.ipv6_only = true;
    v6.timeout = request.timeout;
    out.ipv6.emplace();
    co_await client.fetch(v6, *out.ipv6);
  }
}

void prune_poll_history(store& db, evidence_store& evidence, const polling_settings& polling, rules::instant now,
                        spdlog::logger* log) {
  std::int64_t pages = 0;
  try {
    pages = evidence.prune(now - std::chrono::days{polling.evidence_retention_days});
  } catch (const std::exception& e) {
    // A pass holding the evidence file's write lock; the next day's pruning catches up.
    if (log != nullptr) log->warn("poll.prune_failed: evidence snapshots: {}", e.what());
  }
  const auto fetches = db.prune_fetches(now - std::chrono::days{polling.fetch_retention_days});
  if (log != nullptr && pages + fetches > 0) {
    log->info("poll.pruned: {} evidence snapshots older than {} days, {} fetch records older than {} days", pages,
              polling.evidence_retention_days, fetches, polling.fetch_retention_days);
  }
}

bool ipv6_probe_due(store& db, const source_settings& source, rules::instant at, const rules::zone_offsets& zone) {
  if (!source.ipv6_probe || source.is_file()) return false;
  return !db.has_fact(source.id, "ipv6:" + rules::format_date(zone.local_date(at)));
}

page_digest digest_page(const source_settings& source, const fetched_page& page, const rules::zone_offsets& zone) {
  page_digest digest;
  const auto& r = page.result;
  if (!has_page_to_read(r)) return digest;
  const page_context context{r.final_url, page.at, zone};
  digest.extracted = parse_page(r.body, r.content_type, source.parser, context, digest.problems);
  digest.fill = column_fill_of(
      digest.extracted, digest.extracted.items.empty() ? decode_page(r.body, r.content_type).utf8 : std::string{},
      !digest.problems.empty());
  digest.page = evidence_store::pack(r.body, r.final_url, r.content_type, page.at);
  return digest;
}

poll_report record_digest(store& db, evidence_store& evidence, const config_snapshot& config,
                          const source_settings& source, const fetched_page& page, page_digest digest) {
  const auto& r = page.result;
  const auto& zone = config.calendar.zone();
  poll_report report;
  report.source = source.id;
  report.status = r.status;
  report.ok = r.ok();
  report.not_modified = r.not_modified();
  report.error = fetch_error(r);

  store::transaction tx{db};
  auto state = db.poll_state_of(source.id);
  const auto reading = source_reading(source);
  // A source read another way than before (a new URL, new selectors, another unit or
  // type) starts its history again: items it finds now are not backdated against the old
  // reading's fetches. (A database older than schema 3 kept no reading: history holds.)
  if (!state.reading.empty() && state.reading != reading) state.first_success_at.reset();
  db.record_fetch(source.id, fetch_record{page.at, r.status, r.latency.count(), static_cast<std::int64_t>(r.wire_bytes),
                                          report.error});
  state.last_attempt_at = page.at;

  std::vector<rules::fact> facts;
  std::string hash;
  if (digest.page) {
    report.problems = std::move(digest.problems);
    report.method = digest.extracted.method;
    report.items = digest.extracted.items.size();
    std::map<std::string, rules::fact, std::less<>> known;
    for (auto& f : db.facts_of_source(source.id))
      known.emplace(f.external_id, std::move(f));
    hash = digest.page->hash;
    // Nothing is backdated on the first successful fetch: there is no "before" to compare.
    const auto previous = state.first_success_at ? state.last_success_at : std::nullopt;
    const item_fact_context item_context{
        source, page.at, previous, std::chrono::days{config.polling.backdated_slack_days}, zone, hash};
    facts = item_facts(digest.extracted.items, item_context, known);
    if (auto column = column_state_fact(source, digest.fill, page.at, known)) {
      column->attrs["evidence"] = hash;  // the page as found, to show later
      facts.push_back(std::move(*column));
    }
  }
  if (report.ok) {
    if (!report.not_modified) {
      // A page read with problems (a selector that fails on it: validate has compiled it,
      // but an unknown XPath function only fails on a page) keeps no validators: the next
      // poll reads it again rather than being answered 304.
      const bool read_well = report.problems.empty();
      state.etag = read_well ? r.etag : std::string{};
      state.last_modified = read_well ? r.last_modified : std::string{};
      state.reading = reading;
    }
    if (!state.first_success_at) state.first_success_at = page.at;
    state.last_success_at = page.at;
    state.consecutive_failures = 0;
  } else {
    ++state.consecutive_failures;
  }
  if (source.availability)
    facts.push_back(probe_fact(source, "probe.result", "probe:" + utc_text(page.at), page.at, r));
  if (page.ipv6) {
    facts.push_back(
        probe_fact(source, "probe.ipv6", "ipv6:" + rules::format_date(zone.local_date(page.at)), page.at, *page.ipv6));
  }

  bool page_needed = false;
  for (const auto& f : facts) {
    const auto outcome = db.put_fact(f, "poll", page.at);
    if (outcome == fact_outcome::imported) ++report.new_facts;
    if (outcome == fact_outcome::revised) ++report.revised;
    if (outcome != fact_outcome::duplicate && !hash.empty()) {
      const auto* used = f.attr("evidence");
      page_needed = page_needed || (used != nullptr && *used == hash);
    }
  }
  if (page_needed) evidence.store(*digest.page);
  db.save_poll_state(source.id, state);
  tx.commit();
  return report;
}

}  // namespace deadlined::daemon
