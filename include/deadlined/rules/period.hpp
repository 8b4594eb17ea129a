#pragma once
// Calendar periods (year, half, quarter, month, ISO week) for recurring obligations,
// weekly availability and scorecards.

#include <string>
#include <vector>

#include "deadlined/rules/civil_time.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules {

struct period {
  civil_date first;
  civil_date last;
  std::string label;  ///< 2019, 2019-H1, 2019-Q3, 2019-09, 2019-W40

  friend bool operator==(const period&, const period&) = default;
};

/// The calendar period of `unit` containing `date`.
period period_containing(period_unit unit, civil_date date);

/// The periods from the one containing `from` through the one containing `to`; the first
/// starts at `from` itself, never earlier (a rule's effective start).
std::vector<period> periods_between(period_unit unit, civil_date from, civil_date to);

/// The ISO 8601 week (Monday to Sunday) containing `date`, labelled `2019-W40`.
period iso_week_containing(civil_date date);

}  // namespace deadlined::rules
