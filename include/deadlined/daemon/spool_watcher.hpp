#pragma once
// Watches the spool directory with inotify: a file written (closed) or moved in triggers a
// check once it has settled, instead of waiting for the next round check.

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>

#include "deadlined/daemon/net.hpp"

namespace deadlined::daemon {

class spool_watcher {
 public:
  /// Starts watching `directory` (created if missing); `on_file` runs on the event loop.
  spool_watcher(asio::io_context& io, const std::string& directory, std::function<void()> on_file,
                std::shared_ptr<spdlog::logger> log);
  ~spool_watcher();
  spool_watcher(const spool_watcher&) = delete;
  spool_watcher& operator=(const spool_watcher&) = delete;

  void stop();

 private:
  asio::awaitable<void> watch();

  asio::posix::stream_descriptor events_;
  asio::steady_timer settle_;
  std::function<void()> on_file_;
  std::shared_ptr<spdlog::logger> log_;
  bool pending_ = false;
};

}  // namespace deadlined::daemon
