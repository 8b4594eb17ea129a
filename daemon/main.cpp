// deadlined's entry point: logging to stderr for journald, exceptions mapped to exit codes.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "deadlined/daemon/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto log = spdlog::stderr_color_mt("deadlined");
  log->set_pattern("%^%l%$ %v");
  try {
    deadlined::daemon::command_io io{std::cin, std::cout, std::cerr, log};
    const int code = deadlined::daemon::run_cli({argv + 1, argv + argc}, io);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "deadlined: " << e.what() << "\n";
    return deadlined::daemon::exit_runtime;
  }
}
