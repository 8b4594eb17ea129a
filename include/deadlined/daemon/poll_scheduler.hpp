#pragma once
// The daemon's polling: one loop per source on the event loop, each fetching at its
// interval (with jitter so that sources do not fire together), having the page read on the
// digest threads and handing the result to the database worker. A reload starts a new
// generation of loops; the old ones end at their next wake-up, and a poll of theirs in
// progress is finished and recorded first (the new loop of its source waits for it, so a
// reload never fetches a page twice at once or throws a fetch away).

#include <spdlog/logger.h>

#include <functional>
#include <map>
#include <memory>

#include "deadlined/daemon/db_worker.hpp"
#include "deadlined/daemon/http_client.hpp"
#include "deadlined/daemon/page_digester.hpp"

namespace deadlined::daemon {

class poll_scheduler {
 public:
  /// `on_new_facts` runs on the event loop when a poll stored new or revised facts.
  /// Polls and failures per source are counted in `counters` (for /metrics).
  poll_scheduler(asio::io_context& io, db_worker& worker, std::shared_ptr<spdlog::logger> log,
                 daemon_counters& counters, std::function<void()> on_new_facts);

  /// Starts (or, after a reload, restarts) a loop for every source of `config`.
  void start(std::shared_ptr<const config_snapshot> config);
  void stop();

 private:
  // Each loop holds its configuration, client and timer: a reload may replace them while
  // an old loop is still in the middle of a fetch.
  asio::awaitable<void> poll_loop(std::shared_ptr<const config_snapshot> config, std::shared_ptr<http_client> client,
                                  std::shared_ptr<asio::steady_timer> timer, std::size_t index,
                                  std::uint64_t generation);

  asio::io_context& io_;
  db_worker& worker_;
  page_digester digester_;
  std::shared_ptr<spdlog::logger> log_;
  std::function<void()> on_new_facts_;

  std::uint64_t generation_ = 0;
  bool stopping_ = false;
  std::map<std::string, int> polls_in_progress_;  ///< by source id, across generations
  std::vector<std::shared_ptr<asio::steady_timer>> timers_;
  daemon_counters& counters_;
};

}  // namespace deadlined::daemon
