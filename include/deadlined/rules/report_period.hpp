#pragma once
// The periods a scorecard covers (SPEC §8: `2019`, `2019-Q3`, `2019-09`,
// `2019-01-01..2019-06-30`) and the period it is compared with.

#include <string_view>

#include "deadlined/rules/parse_error.hpp"
#include "deadlined/rules/period.hpp"

namespace deadlined::rules {

/// `2019`, `2019-H1`, `2019-Q3`, `2019-09` or `FIRST..LAST` (both dates inclusive).
parsed<period> parse_report_period(std::string_view text);

/// The year to date: 1 January of `today`'s year through `today` (the default scorecard).
period year_to_date(civil_date today);

/// What a period is compared with: the calendar year, half, quarter or month before; for a
/// year to date the same span a year earlier; for any other range the span of equal length
/// just before it.
period previous_period(const period& p);

}  // namespace deadlined::rules
