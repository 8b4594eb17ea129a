#pragma once
// Obligations as people and programs read them: JSON with the §6 fields, and the Chinese
// morning summary grouped by unit, overdue first.

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::daemon {

/// One obligation as JSON; times ISO 8601 with the calendar's offset.
boost::json::value obligation_json(const rules::obligation& o, const rules::zone_offsets& zone);

/// The text report of `check`: a heading, then per unit (units with overdue obligations
/// first) the obligations, overdue first, in Chinese.
std::string check_text(const std::vector<rules::obligation>& obligations, const rules::working_calendar& calendar,
                       rules::instant now, const std::string& district);

/// `explain ID`: the obligation's state and its explanation, in Chinese.
std::string explain_text(const rules::obligation& o, const rules::zone_offsets& zone);

}  // namespace deadlined::daemon
