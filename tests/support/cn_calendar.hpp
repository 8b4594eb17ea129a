#pragma once
// Test helpers: the built-in cn calendar at +08:00 and terse date/instant literals.

#include <string_view>
#include <variant>

#include "deadlined/rules/due_computation.hpp"
#include "deadlined/rules/timestamp.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::testing {

inline const rules::working_calendar& cn_calendar() {
  static const rules::working_calendar calendar{rules::builtin_cn_calendar(),
                                                rules::zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8})};
  return calendar;
}

/// `"2019-10-08"` → the date; aborts the test on a typo.
inline rules::civil_date d(std::string_view text) {
  return std::get<rules::civil_date>(rules::parse_date(text));
}

inline rules::timestamp ts(std::string_view text) {
  return std::get<rules::timestamp>(rules::parse_timestamp(text, cn_calendar().zone()));
}

/// The due instant for `expr` from `from`, formatted, with ` provisional` where it applies.
inline std::string due(std::string_view from, std::string_view expr,
                       const rules::working_calendar& calendar = cn_calendar()) {
  const auto parsed = rules::parse_deadline(expr);
  if (const auto* e = std::get_if<rules::parse_error>(&parsed)) return "parse error: " + e->message;
  const auto result = rules::compute_due(std::get<rules::timestamp>(rules::parse_timestamp(from, calendar.zone())),
                                         std::get<rules::deadline_expr>(parsed), calendar);
  if (const auto* message = std::get_if<std::string>(&result)) return "error: " + *message;
  const auto& r = std::get<rules::due_result>(result);
  return calendar.zone().format(r.due) + (r.provisional ? " provisional" : "");
}

}  // namespace deadlined::testing
