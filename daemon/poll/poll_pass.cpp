#include "deadlined/daemon/poll_pass.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "deadlined/daemon/checkpoint_thread.hpp"
#include "deadlined/daemon/page_digester.hpp"
#include "deadlined/daemon/web_address.hpp"
#include "poll_batch.hpp"

namespace deadlined::daemon {

namespace {

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
  poll_batch& batch;
  std::size_t& lanes_running;
  asio::steady_timer& commit_timer;
};

asio::awaitable<void> poll_one(http_client& client, source_slot& slot, const pass_context& pass) {
  const auto& config = pass.config;
  auto& summary = pass.summary;
  auto* log = pass.log;
  try {
    co_await fetch_source(client, *slot.source, slot.state, slot.page.at, slot.ipv6_due, slot.page);
    auto digest = co_await pass.digester.digest(*slot.source, slot.page, config.calendar.zone());
    pass.batch.open();
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
    if (log != nullptr) log->error("source.failed: {}: {}", slot.source->id, e.what());
  }
  // Free the body now: assigning an empty page would keep the string's buffer.
  fetched_page spent;
  std::swap(slot.page, spent);
}

/// Both databases checkpointed on threads of their own while the pass writes (see
/// checkpoint_thread), and by their writer again afterwards.
class pass_checkpoints {
 public:
  pass_checkpoints(store& db, evidence_store& evidence) : db_(db), evidence_(evidence) {
    try {
      db_.checkpoint_elsewhere(true);
      evidence_.checkpoint_elsewhere(true);
      facts_.emplace(db_.path());
      pages_.emplace(evidence_.database_file());
    } catch (...) {
      restore();  // not left without checkpoints when a thread or a pragma fails
      throw;
    }
  }
  ~pass_checkpoints() { restore(); }
  pass_checkpoints(const pass_checkpoints&) = delete;
  pass_checkpoints& operator=(const pass_checkpoints&) = delete;

 private:
  void restore() noexcept {
    facts_.reset();
    pages_.reset();
    try {
      db_.checkpoint_elsewhere(false);
      evidence_.checkpoint_elsewhere(false);
    } catch (const std::exception&) {
      // The connection is in trouble; its next use reports it.
    }
  }

  store& db_;
  evidence_store& evidence_;
  std::optional<checkpoint_thread> facts_;
  std::optional<checkpoint_thread> pages_;
};

/// Sources in an order that alternates between hosts, so the lanes below rarely wait
/// behind one another for the same host's turn (configurations list a site's columns
/// together).
std::vector<std::size_t> interleaved_by_host(const std::vector<source_settings>& sources) {
  std::map<std::string, std::size_t> group_of;   // host → its group
  std::vector<std::vector<std::size_t>> groups;  // in order of first appearance
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::string why;
    const auto address = parse_web_address(sources[i].url, why);
    const auto [it, fresh] = group_of.try_emplace(address ? address->authority(true) : std::string{}, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<std::size_t> order;
  order.reserve(sources.size());
  for (std::size_t round = 0; order.size() < sources.size(); ++round) {
    std::erase_if(groups, [round](const auto& group) { return group.size() <= round; });
    for (const auto& group : groups)
      order.push_back(group[round]);
  }
  return order;
}

/// A lane polls one source after another. A fixed number of lanes bounds the pages held
/// at once — fetched, waiting to be read or being recorded — where one task per source
/// would let fetched pages pile up whenever reading falls behind fetching.
asio::awaitable<void> poll_lane(http_client& client, std::vector<source_slot>& slots,
                                const std::vector<std::size_t>& order, std::size_t& next, const pass_context& pass) {
  while (next < order.size()) {
    auto& slot = slots[order[next++]];  // lanes share one thread: no race on `next`
    co_await poll_one(client, slot, pass);
  }
  if (--pass.lanes_running == 0) pass.commit_timer.cancel();
}

/// Commits the open batch every few seconds while lanes run: a pass waiting on slow sites
/// must not hold the database's write lock against the daemon for minutes. Records are
/// written on this thread between handlers, so a commit here never splits one.
asio::awaitable<void> commit_regularly(const pass_context& pass) {
  while (pass.lanes_running > 0) {
    pass.commit_timer.expires_after(std::chrono::seconds{2});
    co_await pass.commit_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    pass.batch.commit();
  }
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

poll_pass_summary poll_all_once(const config_snapshot& config, store& db, rules::instant now, spdlog::logger* log,
                                bool keep_evidence) {
  poll_pass_summary summary;
  summary.sources = static_cast<int>(config.sources.size());
  if (config.sources.empty()) return summary;
  asio::io_context io;
  http_client client{io.get_executor(), client_settings_of(config.polling)};
  evidence_store evidence{config.polling.evidence_dir};
  // Declared before the batch: the checkpoints stop after its last commit.
  pass_checkpoints checkpoints{db, evidence};
  poll_batch batch{db, evidence, log, keep_evidence};
  std::vector<source_slot> slots(config.sources.size());
  // After the slots: destroyed first, it waits for any page still being read.
  page_digester digester;
  asio::steady_timer commit_timer{io};
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& slot = slots[i];
    slot.source = &config.sources[i];
    slot.state = db.poll_state_of(slot.source->id);
    slot.page.at = now;
    slot.ipv6_due = ipv6_probe_due(db, *slot.source, now, config.calendar.zone());
  }
  const auto order = interleaved_by_host(config.sources);
  std::size_t next = 0;
  // Twice the fetch limit: fetches go on while earlier pages are read and recorded.
  std::size_t lanes_running =
      std::min<std::size_t>(slots.size(), 2 * static_cast<std::size_t>(std::max(1, config.polling.concurrency)));
  const pass_context pass{config, db, evidence, digester, log, summary, batch, lanes_running, commit_timer};
  for (std::size_t lane = 0, lanes = lanes_running; lane < lanes; ++lane)
    asio::co_spawn(io, poll_lane(client, slots, order, next, pass), asio::detached);
  asio::co_spawn(io, commit_regularly(pass), asio::detached);
  io.run();
  batch.commit();
  return summary;
}

}  // namespace deadlined::daemon
