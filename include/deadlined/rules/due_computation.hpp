#pragma once
// Turning a trigger time and a deadline expression into a due instant on the working-day
// calendar, with a day-by-day explanation in Chinese.

#include <span>
#include <string>
#include <variant>
#include <vector>

#include "deadlined/rules/deadline_expr.hpp"
#include "deadlined/rules/timestamp.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::rules {

/// A pause (e.g. a disclosure request sent out for consultation): working days from the
/// day after `paused_on` through `resumed_on` are not counted.
struct pause_span {
  civil_date paused_on;
  civil_date resumed_on;
};

struct due_options {
  std::span<const pause_span> pauses{};
  bool explain = false;
};

struct due_result {
  instant due;
  /// Some counted year had no holiday schedule and was counted weekends-only.
  bool provisional = false;
  /// Chinese, one line per step; filled only when asked to explain.
  std::vector<std::string> explanation;
};

/// The due instant, or why it cannot be computed (a date outside the supported range).
std::variant<due_result, std::string> compute_due(const timestamp& trigger, const deadline_expr& expr,
                                                  const working_calendar& calendar, const due_options& options = {});

/// When a reminder fires: a working-day or day reminder at `digest_time` local on the Nth
/// (working) day before the due date, an hour reminder at due − N hours.
instant reminder_time(instant due, const reminder_offset& offset, const working_calendar& calendar,
                      std::chrono::minutes digest_time);

}  // namespace deadlined::rules
