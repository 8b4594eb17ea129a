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

/// `2019-10-08 23:59`: an instant as the reports show it, in the calendar's zone.
std::string short_time(rules::instant at, const rules::zone_offsets& zone);

/// "（逾期 3 个工作日）" / "（还剩 2 小时）": how late, or how long is left; empty for
/// obligations that are neither pending nor overdue.
std::string distance(const rules::obligation& o, const rules::working_calendar& calendar, rules::instant now);

/// `explain ID`: the obligation's state and its explanation, in Chinese.
std::string explain_text(const rules::obligation& o, const rules::zone_offsets& zone);

}  // namespace deadlined::daemon
