#pragma once
// Option parsing shared by every subcommand: the common options and one way of reporting
// usage errors.

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

#include "deadlined/daemon/cli.hpp"

namespace deadlined::daemon {

namespace po = boost::program_options;

/// Options every subcommand takes.
po::options_description common_options();

/// Parses `args` against `visible` (+ `hidden`, + positionals). On `--help` prints the
/// usage and returns exit_ok through `exit`; on a usage error prints it and returns
/// exit_usage through `exit`. Otherwise returns the parsed map.
std::optional<po::variables_map> parse_command_line(const std::vector<std::string>& args, const std::string& command,
                                                    const std::string& usage, const po::options_description& visible,
                                                    const po::options_description& hidden,
                                                    const po::positional_options_description& positional,
                                                    command_io& io, int& exit);

}  // namespace deadlined::daemon
