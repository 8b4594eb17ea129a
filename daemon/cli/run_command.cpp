// `deadlined run`: the daemon.

#include <ostream>

#include "deadlined/daemon/app.hpp"
#include "deadlined/daemon/cli.hpp"
#include "deadlined/daemon/cli_options.hpp"
#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {

int run_run_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  visible.add_options()(
      "listen", po::value<std::string>()->value_name("ADDR:PORT"),
      "where the HTTP endpoint listens (default from the configuration, 127.0.0.1:8080); port 0 picks one");
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "run", "deadlined run [--config FILE] [--db FILE] [--listen ADDR:PORT]",
                                     visible, {}, {}, io, exit);
  if (!vm) return exit;
  app_options options;
  options.config_path =
      vm->count("config") != 0 ? (*vm)["config"].as<std::string>() : std::string{config_defaults::path};
  if (vm->count("db") != 0) options.database_override = (*vm)["db"].as<std::string>();
  if (vm->count("listen") != 0) options.listen_override = (*vm)["listen"].as<std::string>();
  try {
    return run_daemon(options, io.log);
  } catch (const std::exception& e) {
    io.err << "deadlined run: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace deadlined::daemon
