#pragma once
// The facts a working-day calendar is built from: which years are fully known, and which
// dates differ from the Monday–Friday rule.

#include <string>
#include <vector>

#include "deadlined/rules/civil_time.hpp"

namespace deadlined::rules {

enum class calendar_day_change {
  holiday,           ///< 放假: a statutory holiday, or a weekday moved into a holiday block
  adjusted_workday,  ///< 调休上班: a weekend day worked in exchange
  closure,           ///< a local closure (typhoon, local notice): treated as a day off
};

struct calendar_day {
  civil_date date;
  calendar_day_change change = calendar_day_change::holiday;
  std::string name;  ///< 国庆节, 春节 … shown in explanations
};

struct calendar_spec {
  std::string name = "cn";
  /// Years whose official schedule is complete; other years fall back to weekends only.
  std::vector<int> covered_years;
  /// Later entries override earlier ones for the same date.
  std::vector<calendar_day> days;
};

/// The State Council schedules 2019–2026 compiled into the binary.
calendar_spec builtin_cn_calendar();

}  // namespace deadlined::rules
