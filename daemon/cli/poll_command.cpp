// `deadlined poll`: fetch sources now and store what they yield, without evaluating — to
// try a new source, to fill the database before a check, or to measure polling alone.

#include <ostream>
#include <set>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/poll_pass.hpp"

namespace deadlined::daemon {

int run_poll_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  add_now_option(visible);
  visible.add_options()("source", po::value<std::vector<std::string>>()->value_name("ID"),
                        "poll only this source (repeatable); default: every source");
  int exit = exit_ok;
  const auto vm =
      parse_command_line(args, "poll", "deadlined poll [--source ID]... [--now T]", visible, {}, {}, io, exit);
  if (!vm) return exit;
  auto context = load_command_context(*vm, "poll", true, io, exit);
  if (!context) return exit;
  auto config = *context->config;  // a copy whose source list can be narrowed
  if (vm->count("source") != 0) {
    const auto wanted = (*vm)["source"].as<std::vector<std::string>>();
    for (const auto& id : wanted) {
      if (config.find_source(id) == nullptr) {
        io.err << "deadlined poll: no source \"" << id << "\" in " << config.file << "\n";
        return exit_usage;
      }
    }
    const std::set<std::string> keep{wanted.begin(), wanted.end()};
    std::erase_if(config.sources, [&keep](const source_settings& s) { return !keep.contains(s.id); });
  }
  if (context->now_far_from_wall_clock) {
    io.err << "deadlined poll: --now is more than 5 minutes from the wall clock; polling stores what it sees, so it "
              "runs at the wall clock only (use check --now for a dry run)\n";
    return exit_usage;
  }
  try {
    const auto summary = poll_all_once(config, *context->db, context->now, io.log.get());
    for (const auto& failure : summary.failures)
      io.err << failure.source << ": " << failure.error << "\n";
    io.out << "polled " << summary.sources << " failed " << summary.failed << " not_modified " << summary.not_modified
           << " new " << summary.new_facts << " revised " << summary.revised << "\n";
    return summary.failed == 0 ? exit_ok : exit_input_problems;
  } catch (const std::exception& e) {
    io.err << "deadlined poll: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace deadlined::daemon
