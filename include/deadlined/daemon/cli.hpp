#pragma once
// The `deadlined` command line: subcommands, their options, exit codes.

#include <spdlog/logger.h>

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace deadlined::daemon {

/// Exit codes fixed by the specification.
enum exit_code : int {
  exit_ok = 0,
  exit_input_problems = 1,  ///< validate errors; an import with rejections
  exit_usage = 2,           ///< usage error or bad expression
  exit_runtime = 3,         ///< runtime failure
};

/// Where a command reads and writes: machine output to `out`, diagnostics to `err`.
struct command_io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  std::shared_ptr<spdlog::logger> log;
};

/// Runs `deadlined ARGS...` (args exclude the program name) and returns the exit code.
int run_cli(const std::vector<std::string>& args, command_io& io);

// The subcommands, each given the arguments after its name.
int run_deadline_command(const std::vector<std::string>& args, command_io& io);
int run_backup_command(const std::vector<std::string>& args, command_io& io);
int run_evidence_command(const std::vector<std::string>& args, command_io& io);
int run_check_command(const std::vector<std::string>& args, command_io& io);
int run_poll_command(const std::vector<std::string>& args, command_io& io);
int run_coverage_command(const std::vector<std::string>& args, command_io& io);
int run_report_command(const std::vector<std::string>& args, command_io& io);
int run_explain_command(const std::vector<std::string>& args, command_io& io);
int run_extract_command(const std::vector<std::string>& args, command_io& io);
int run_import_command(const std::vector<std::string>& args, command_io& io);
int run_run_command(const std::vector<std::string>& args, command_io& io);
int run_validate_command(const std::vector<std::string>& args, command_io& io);

}  // namespace deadlined::daemon
