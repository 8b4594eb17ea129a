#pragma once
// Calendar files an operator adds to config/calendars/: next year's State Council schedule
// or local closures, in deadlined's YAML format or as a holiday-cn JSON year file.

#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/calendar_spec.hpp"
#include "deadlined/rules/diagnostic.hpp"

namespace deadlined::daemon {

struct calendar_file {
  std::optional<int> year;  ///< set when the file is a whole year's official schedule
  std::vector<rules::calendar_day> days;
};

/// Reads one calendar file; problems go to `out` and the good entries are kept.
calendar_file load_calendar_file(const std::string& path, const std::string& calendar_name, rules::diagnostics& out);

}  // namespace deadlined::daemon
