#include "deadlined/daemon/cli_options.hpp"

#include <ostream>

#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {

po::options_description common_options() {
  po::options_description common{"Common options"};
  common.add_options()("help,h", "show this help and exit")(
      "config", po::value<std::string>()->value_name("FILE"),
      (std::string{"configuration file (default "} + config_defaults::path + ")").c_str())(
      "db", po::value<std::string>()->value_name("FILE"),
      "database file, overriding the configured one; the spool and evidence store then live beside it");
  return common;
}

std::optional<po::variables_map> parse_command_line(const std::vector<std::string>& args, const std::string& command,
                                                    const std::string& usage, const po::options_description& visible,
                                                    const po::options_description& hidden,
                                                    const po::positional_options_description& positional,
                                                    command_io& io, int& exit) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    io.err << "deadlined " << command << ": " << e.what() << "\n"
           << "Try 'deadlined " << command << " --help'.\n";
    exit = exit_usage;
    return std::nullopt;
  }
  if (vm.count("help") != 0) {
    io.out << "Usage: " << usage << "\n\n" << visible << "\n";
    exit = exit_ok;
    return std::nullopt;
  }
  return vm;
}

}  // namespace deadlined::daemon
