#pragma once
// Evaluation: facts, rules, calendar and `now` in, obligations out. A pure function: the
// same inputs always give the same obligations, whatever order the facts come in.

#include <chrono>
#include <span>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/rule.hpp"
#include "deadlined/rules/unit_directory.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::rules {

/// Fact types the engine itself understands: waiver steps for an obligation, carrying
/// `obligation` (its id) and `reason`.
inline constexpr std::string_view waiver_requested_type = "waiver.requested";
inline constexpr std::string_view waiver_approved_type = "waiver.approved";
inline constexpr std::string_view waiver_declined_type = "waiver.declined";

struct evaluation_context {
  const rule_set& rules;
  const working_calendar& calendar;
  const unit_directory& units;
  instant now;
  /// Local time of day working-day reminders fire at (the digest time).
  std::chrono::minutes reminder_time_of_day{8 * 60 + 30};
  /// Whether obligations carry their explanation (day by day). Building it costs more than
  /// evaluating, so a check leaves it out and `explain` asks for it.
  bool explain = false;
};

/// Every obligation the facts give rise to, sorted by id. Facts after `now` are ignored.
std::vector<obligation> evaluate(std::span<const fact> facts, const evaluation_context& context);

}  // namespace deadlined::rules
