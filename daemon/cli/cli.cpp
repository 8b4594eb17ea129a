#include "deadlined/daemon/cli.hpp"

#include <array>
#include <ostream>
#include <string_view>

namespace deadlined::daemon {

namespace {

struct command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>&, command_io&);
};

constexpr std::array<command, 12> commands{{
    {"run", "the daemon: HTTP endpoint, status board, periodic checks (SIGHUP reloads, SIGTERM stops)",
     run_run_command},
    {"check", "one full pass: poll the sources, ingest the spool, evaluate, report obligations", run_check_command},
    {"poll", "poll the sources now and store their items, without evaluating", run_poll_command},
    {"import", "import records (JSON Lines or CSV, UTF-8 or GBK) into the database", run_import_command},
    {"explain", "explain one obligation: the facts that opened and closed it, the counted days", run_explain_command},
    {"deadline", "compute a due instant from a trigger time and a deadline expression", run_deadline_command},
    {"extract", "show the items a source would extract from a page (feed or column list)", run_extract_command},
    {"report", "the evaluation scorecard of a period: ranking, per-rule detail, ledger (台账), request statistics",
     run_report_command},
    {"evidence", "print a stored page snapshot (a fact's `evidence`) as it was fetched", run_evidence_command},
    {"backup", "write a consistent copy of the database, safe while the daemon runs", run_backup_command},
    {"coverage", "list the plan's tasks and the rules that enforce each (docs/seed-coverage.md)", run_coverage_command},
    {"validate", "load the configuration and the calendars it names; report every problem", run_validate_command},
}};

void print_usage(std::ostream& out) {
  out << "Usage: deadlined COMMAND [OPTIONS]\n\n"
         "deadlined watches disclosure deadlines (政务公开) on the statutory working-day calendar.\n\n"
         "Commands:\n";
  for (const auto& c : commands) {
    out << "  " << c.name << std::string(12 - c.name.size(), ' ') << c.summary << "\n";
  }
  out << "\nOptions:\n"
         "  -h [ --help ]     show this help and exit\n"
         "  --version         print the version and exit\n\n"
         "'deadlined COMMAND --help' lists a command's options.\n";
}

}  // namespace

int run_cli(const std::vector<std::string>& args, command_io& io) {
  if (args.empty()) {
    print_usage(io.err);
    return exit_usage;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(io.out);
    return exit_ok;
  }
  if (first == "--version") {
    io.out << "deadlined " DEADLINED_VERSION "\n";
    return exit_ok;
  }
  for (const auto& c : commands) {
    if (first == c.name) return c.run({args.begin() + 1, args.end()}, io);
  }
  io.err << "deadlined: unknown command \"" << first << "\"\n";
  print_usage(io.err);
  return exit_usage;
}

}  // namespace deadlined::daemon
