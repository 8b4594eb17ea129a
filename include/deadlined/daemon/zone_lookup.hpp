#pragma once
// Resolves a time-zone name through the system tz database into the core's zone_offsets.

#include <optional>
#include <string>

#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::daemon {

/// The offsets `name` (e.g. `Asia/Shanghai`) used over the calendar's supported years;
/// nullopt if the tz database does not know the name.
std::optional<rules::zone_offsets> lookup_zone(const std::string& name);

}  // namespace deadlined::daemon
