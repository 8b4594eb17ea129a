#pragma once
// Charts for the printable report, as inline SVG so a closed office network needs nothing else.

#include <string>
#include <vector>

#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

/// One horizontal bar per unit (in the given order): its on-time rate; red when vetoed.
std::string on_time_rate_chart(const std::vector<rules::unit_scorecard>& units);

/// One column per month: obligations due that month that ended overdue or met late.
std::string overdue_by_month_chart(const std::vector<rules::month_count>& months);

}  // namespace deadlined::daemon
