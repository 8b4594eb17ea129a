#pragma once
// The daemon's blocking work — SQLite, evaluation, the spool — on one worker thread, so the
// event loop never waits on the disk. Only this thread touches the store.

#include <memory>
#include <optional>
#include <string>

#include "deadlined/daemon/ingest.hpp"
#include "deadlined/daemon/net.hpp"
#include "deadlined/daemon/notification_delivery.hpp"
#include "deadlined/daemon/scorecard_report.hpp"
#include "deadlined/daemon/source_poller.hpp"
#include "deadlined/daemon/status_view.hpp"
#include "deadlined/daemon/store.hpp"
#include "deadlined/rules/incremental_evaluator.hpp"

namespace deadlined::daemon {

class db_worker {
 public:
  explicit db_worker(std::shared_ptr<const config_snapshot> config);
  ~db_worker();

  asio::thread_pool::executor_type executor() { return pool_.get_executor(); }

  /// Runs `work` on the worker thread and returns its result (or exception) to the awaiting
  /// coroutine on its own executor. Not itself a coroutine: GCC 12 destroys the captures of
  /// coroutine lambdas twice, so the work travels in plain handlers.
  template <class F>
  auto run(F work) -> asio::awaitable<decltype(work())> {
    using result = decltype(work());
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, result)>(
        [this](auto handler, F task) {
          asio::post(pool_, [task = std::move(task), handler = std::move(handler)]() mutable {
            std::exception_ptr failure;
            result value{};
            try {
              value = task();
            } catch (...) {
              failure = std::current_exception();
            }
            const auto executor = asio::get_associated_executor(handler);
            asio::post(executor, [handler = std::move(handler), failure, value = std::move(value)]() mutable {
              std::move(handler)(failure, std::move(value));
            });
          });
        },
        asio::use_awaitable, std::move(work));
  }

  // The following run on the worker thread (through `run`).

  /// Ingests the spool, evaluates every fact as of `now`, records the obligations.
  std::shared_ptr<const status_view> check(rules::instant now);
  ingest_report ingest(const record_batch& batch, const std::string& via, rules::instant now);
  /// One obligation with its explanation, evaluated afresh as of `now`.
  std::optional<rules::obligation> explain(const std::string& id, rules::instant now);
  /// When `id` was withdrawn (its facts no longer give it), if it is withdrawn now.
  std::optional<rules::instant> withdrawn_at(const std::string& id);
  /// What the next poll of `source` needs: its validators, and whether its IPv6 probe is due.
  std::pair<poll_state, bool> poll_state_for(const source_settings& source, rules::instant now);
  /// Records a poll (facts, fetch, evidence) and its digest under the configuration it was
  /// made with.
  poll_report record(const config_snapshot& config, const source_settings& source, const fetched_page& page,
                     page_digest digest);
  /// The evaluators' report of `period` over `obligations` (the snapshot's) and the stored facts.
  std::shared_ptr<const report_data> report(const std::vector<rules::obligation>& obligations,
                                            const rules::period& period, const std::string& unit, rules::instant now);
  /// A stored page snapshot (evidence) by its hash.
  std::optional<evidence_page> evidence(const std::string& hash) const { return evidence_->get(hash); }
  /// Switches to a new configuration (after SIGHUP).
  void use_config(std::shared_ptr<const config_snapshot> config);

  std::shared_ptr<const config_snapshot> config() const { return config_; }
  /// Where delivery logs go (set before the first check).
  void use_logger(std::shared_ptr<spdlog::logger> log) { log_ = std::move(log); }
  void stop();

 private:
  /// Every obligation as of `now`, from the warm evaluator fed the facts changed since its
  /// last look (made afresh for a new configuration).
  std::vector<rules::obligation> evaluate_warm(rules::instant now);

  std::shared_ptr<const config_snapshot> config_;
  std::shared_ptr<const config_snapshot> warm_config_;  ///< what `warm_` points into
  std::unique_ptr<rules::incremental_evaluator> warm_;
  /// The last check whose obligations were committed, against which the next one records
  /// only changes; null when the next check records everything.
  std::shared_ptr<const status_view> recorded_;
  rules::instant recorded_whole_at_{};  ///< when a check last recorded every obligation
  std::int64_t facts_seen_ = 0;         ///< the store's change number `warm_` has read to
  std::unique_ptr<store> store_;
  std::unique_ptr<evidence_store> evidence_;
  rate_limiter limiter_;
  std::shared_ptr<spdlog::logger> log_;  ///< null: delivery is not logged
  rules::instant last_pruned_{};
  asio::thread_pool pool_{1};
};

}  // namespace deadlined::daemon
