#pragma once
// What the commands that touch state share: the configuration (with --db applied), the
// time it is (--now, or the wall clock), and the database.

#include <memory>
#include <optional>
#include <string>

#include "deadlined/daemon/cli.hpp"
#include "deadlined/daemon/cli_options.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

/// The wall clock, to the second.
rules::instant wall_now();

struct command_context {
  std::shared_ptr<const config_snapshot> config;
  rules::instant now{};
  bool now_given = false;
  /// --now more than five minutes from the wall clock implies --dry-run.
  bool now_far_from_wall_clock = false;
  std::unique_ptr<store> db;
};

/// Loads the configuration named by --config/--db and, with `with_now`, reads --now.
/// Prints problems and returns nullopt with `exit` set when it cannot.
std::optional<command_context> load_command_context(const po::variables_map& vm, const std::string& command,
                                                    bool open_database, command_io& io, int& exit);

/// The --now option, for commands that take it.
void add_now_option(po::options_description& options);

}  // namespace deadlined::daemon
