#include "deadlined/daemon/command_context.hpp"

#include <filesystem>
#include <ostream>

namespace deadlined::daemon {

rules::instant wall_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

void add_now_option(po::options_description& options) {
  options.add_options()("now", po::value<std::string>()->value_name("T"),
                        "evaluate as if it were T (ISO 8601, or YYYY-MM-DD HH:MM in the calendar's zone); "
                        "more than 5 minutes from the wall clock implies --dry-run");
}

std::optional<command_context> load_command_context(const po::variables_map& vm, const std::string& command,
                                                    bool open_database, command_io& io, int& exit) {
  command_context context;
  const std::string path =
      vm.count("config") != 0 ? vm["config"].as<std::string>() : std::string{config_defaults::path};
  const std::string db_override = vm.count("db") != 0 ? vm["db"].as<std::string>() : std::string{};
  auto loaded = load_config(path, db_override);
  for (const auto& problem : loaded.problems)
    io.err << to_string(problem) << "\n";
  if (!loaded.snapshot) {
    exit = exit_input_problems;
    return std::nullopt;
  }
  context.config = loaded.snapshot;
  const auto& zone = context.config->calendar.zone();
  const auto wall = wall_now();
  context.now = wall;
  if (vm.count("now") != 0) {
    const auto parsed = rules::parse_timestamp(vm["now"].as<std::string>(), zone);
    if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
      io.err << "deadlined " << command << ": --now: col " << e->column << ": " << e->message << "\n";
      exit = exit_usage;
      return std::nullopt;
    }
    const auto& ts = std::get<rules::timestamp>(parsed);
    // A date alone means the start of that day: "as things stood on the morning of".
    context.now =
        ts.is_date_only() ? zone.at_local(ts.local_date(zone), std::chrono::seconds{0}) : ts.counting_instant(zone);
    context.now_given = true;
    context.now_far_from_wall_clock = std::chrono::abs(context.now - wall) > std::chrono::minutes{5};
  }
  if (open_database) {
    try {
      const auto dir = std::filesystem::path{context.config->database}.parent_path();
      if (!dir.empty()) std::filesystem::create_directories(dir);
      context.db = std::make_unique<store>(context.config->database);
    } catch (const std::exception& e) {
      io.err << "deadlined " << command << ": " << e.what() << "\n";
      exit = exit_runtime;
      return std::nullopt;
    }
  }
  return context;
}

}  // namespace deadlined::daemon
