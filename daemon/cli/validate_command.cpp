// `deadlined validate`: load everything a configuration names and report every problem.

#include <ostream>

#include "deadlined/daemon/cli.hpp"
#include "deadlined/daemon/cli_options.hpp"
#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {

int run_validate_command(const std::vector<std::string>& args, command_io& io) {
  const auto visible = common_options();
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "validate", "deadlined validate [--config FILE]", visible, {}, {}, io, exit);
  if (!vm) return exit;
  const std::string path =
      vm->count("config") != 0 ? (*vm)["config"].as<std::string>() : std::string{config_defaults::path};
  const auto loaded = load_config(path);
  for (const auto& problem : loaded.problems)
    io.out << to_string(problem) << "\n";
  if (!loaded.snapshot) return exit_input_problems;

  const auto& calendar = loaded.snapshot->calendar;
  if (io.log) {
    io.log->info("config.valid: {} (calendar \"{}\" in {}, holiday schedules through {})", path, calendar.name(),
                 calendar.zone().name(), static_cast<int>(calendar.last_covered_year()));
  }
  return exit_ok;
}

}  // namespace deadlined::daemon
