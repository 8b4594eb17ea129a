#include "deadlined/daemon/poll_pass.hpp"

#include <optional>

#include "deadlined/daemon/page_digester.hpp"

namespace deadlined::daemon {

namespace {

/// Polls are recorded in batches: one transaction per page would make the disk's sync the
/// bottleneck. A crash loses at most the open batch, which the next pass fetches again.
class record_batch_transaction {
 public:
  explicit record_batch_transaction(store& db) : db_(db) { open_.emplace(db_); }
  void recorded() {
    if (++pending_ < batch_size) return;
    open_->commit();
    open_.emplace(db_);
    pending_ = 0;
  }
  void finish() { open_->commit(); }

 private:
  static constexpr int batch_size = 200;
  store& db_;
  std::optional<store::transaction> open_;
  int pending_ = 0;
};

struct source_slot {
  const source_settings* source = nullptr;
  poll_state state;
  fetched_page page;
  bool ipv6_due = false;
};

struct pass_context {
  const config_snapshot& config;
  store& db;
  evidence_store& evidence;
  page_digester& digester;
  spdlog::logger* log;
  poll_pass_summary& summary;
  record_batch_transaction& batch;
};

asio::awaitable<void> poll_one(http_client& client, source_slot& slot, const pass_context& pass) {
  const auto& config = pass.config;
  auto& summary = pass.summary;
  auto* log = pass.log;
  co_await fetch_source(client, *slot.source, slot.state, slot.page.at, slot.ipv6_due, slot.page);
  try {
    auto digest = co_await pass.digester.digest(*slot.source, slot.page, config.calendar.zone());
    const auto report = record_digest(pass.db, pass.evidence, config, *slot.source, slot.page, std::move(digest));
    pass.batch.recorded();
    if (log != nullptr) log_poll(*log, *slot.source, report);
    if (!report.ok) summary.failures.push_back(report);
    summary.failed += report.ok ? 0 : 1;
    summary.not_modified += report.not_modified ? 1 : 0;
    summary.new_facts += report.new_facts;
    summary.revised += report.revised;
  } catch (const std::exception& e) {
    // One source's trouble (a full disk for its evidence, say) does not stop the others.
    ++summary.failed;
    if (log != nullptr) log->error("source.failed: {}: recording the poll: {}", slot.source->id, e.what());
  }
  // Free the body now: assigning an empty page would keep the string's buffer.
  fetched_page spent;
  std::swap(slot.page, spent);
}

}  // namespace

void log_poll(spdlog::logger& log, const source_settings& source, const poll_report& report) {
  if (!source.tls_verify && !source.is_file()) {
    log.warn("source.tls_unverified: {}: certificate verification is switched off for {}", source.id, source.url);
  }
  if (!report.ok) {
    log.warn("source.failed: {}: {}", source.id, report.error);
    return;
  }
  for (const auto& problem : report.problems)
    log.warn("source.parse: {}: {}", source.id, problem);
  if (report.not_modified) {
    log.debug("source.polled: {}: not modified", source.id);
  } else {
    log.info("source.polled: {}: {} items ({}), {} new, {} revised", source.id, report.items, report.method,
             report.new_facts, report.revised);
  }
}

poll_pass_summary poll_all_once(const config_snapshot& config, store& db, rules::instant now, spdlog::logger* log) {
  poll_pass_summary summary;
  summary.sources = static_cast<int>(config.sources.size());
  if (config.sources.empty()) return summary;
  asio::io_context io;
  http_client client{io.get_executor(), client_settings_of(config.polling)};
  evidence_store evidence{config.polling.evidence_dir};
  page_digester digester;
  std::vector<source_slot> slots(config.sources.size());
  record_batch_transaction batch{db};
  const pass_context pass{config, db, evidence, digester, log, summary, batch};
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& slot = slots[i];
    slot.source = &config.sources[i];
    slot.state = db.poll_state_of(slot.source->id);
    slot.page.at = now;
    slot.ipv6_due = ipv6_probe_due(db, *slot.source, now, config.calendar.zone());
    asio::co_spawn(io, poll_one(client, slot, pass), asio::detached);
  }
  io.run();
  batch.finish();
  return summary;
}

}  // namespace deadlined::daemon
