#pragma once
// The composition root of `deadlined run`: the configuration, the database worker, the HTTP
// endpoint, the evaluation timer and the signal handling, wired on one event loop.

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace deadlined::daemon {

struct app_options {
  std::string config_path;
  std::string database_override;  ///< --db
  std::string listen_override;    ///< --listen
};

/// Runs the daemon until SIGTERM or SIGINT; returns the exit code.
int run_daemon(const app_options& options, std::shared_ptr<spdlog::logger> log);

}  // namespace deadlined::daemon
