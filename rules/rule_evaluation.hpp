#pragma once
// Internal: evaluating one rule (all its versions) over the indexed facts.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/evaluation.hpp"
#include "fact_index.hpp"

namespace deadlined::rules::detail {

/// The versions of one rule id, in configuration order.
using rule_versions = std::vector<const rule*>;

/// What one evaluation of a rule is limited to, and what it learns about the clock. The
/// incremental evaluator evaluates a rule one shard at a time and again only when new facts
/// or the clock could change the answer; a full evaluation leaves the scope as it is.
struct evaluation_scope {
  /// Recurring rules: only this responsible unit's obligations (none: every unit's), from
  /// facts that are all its own.
  std::optional<std::string> only_unit;
  /// Every fact given is one the rule's selectors take (the shard of a rule with one
  /// version holds no other), so they need not be tested again.
  bool preselected = false;
  /// The earliest instant after `now` from which the same facts could give another result —
  /// an obligation falling overdue, a look-back window closing. Max when nothing is due.
  instant changes_at = instant::max();

  /// The result holds for `now` < `at` (when `at` is still ahead).
  void holds_until(instant at, instant now) {
    if (at > now && at < changes_at) changes_at = at;
  }
  /// A test of the form `now > limit` turns one second after `limit`.
  void holds_through(instant limit, instant now) { holds_until(limit + std::chrono::seconds{1}, now); }
};

/// The version in effect on `date`, or nullptr.
const rule* version_on(const rule_versions& versions, civil_date date);

/// The units responsible for an obligation opened by `trigger` under `r`.
std::vector<std::string> responsible_units(const rule& r, const fact& trigger, const evaluation_context& context);

/// A new obligation of `r` for `unit`: its identity (id = hash of rule id, version, unit, key
/// and period; `key` empty means the period is the key), names, and — when explaining —
/// the lines that say which rule and source it comes from. `unit` as
/// `unit_directory::shared_name` gives it: a known unit's name is the directory's one copy.
obligation open_obligation(const rule& r, const shared_text& unit, std::string_view key, std::string_view period,
                           const evaluation_context& context);

/// One line naming a fact for an explanation: type, title, unit, time, source.
std::string describe_fact(const fact& f, const zone_offsets& zone);

/// Fills reminders and escalation of an obligation whose due instant is known.
void plan_follow_ups(const rule& r, const evaluation_context& context, obligation& o);

void evaluate_deadline_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                            std::vector<obligation>& out, evaluation_scope& scope);
void evaluate_violation_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out, evaluation_scope& scope);
void evaluate_recurring_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out, evaluation_scope& scope);
void evaluate_freshness_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out, evaluation_scope& scope);
void evaluate_availability_rule(const rule_versions& versions, const fact_index& facts,
                                const evaluation_context& context, std::vector<obligation>& out,
                                evaluation_scope& scope);
/// The fact types a rule reads (trigger, follow-up, extension, pause, restart).
std::vector<std::string> types_read_by(const rule_versions& versions);
/// One rule id's obligations, before waivers, successors and verdicts.
void evaluate_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                   std::vector<obligation>& out, evaluation_scope& scope);
std::map<std::string, rule_versions> rules_by_id(const rule_set& rules);
/// Waivers, successors and verdicts over every rule's obligations, sorted by id.
std::vector<obligation> finish_evaluation(std::vector<obligation> out,
                                          const std::map<std::string, rule_versions>& by_id, const fact_index& waivers,
                                          const evaluation_context& context);
const std::vector<std::string>& waiver_types();

/// The obligation a waiver step names; none for a text that is no obligation's id.
std::optional<obligation_id> named_obligation(const fact& step);
/// Waiver steps (facts visible now) by the obligation id they name, earliest first.
using waiver_steps = std::map<obligation_id, std::vector<const fact*>>;
waiver_steps waiver_steps_of(const fact_index& facts, const zone_offsets& zone);
/// Applies the waiver steps naming each obligation (waivers are facts too, so evaluation
/// stays a function of the facts).
void apply_waivers(const waiver_steps& steps, const zone_offsets& zone, bool explain,
                   std::span<obligation> obligations);
/// Open obligations of a unit ended by a reorganisation move to its successor (as of today).
void move_to_successors(const evaluation_context& context, std::span<obligation> obligations);

/// Runs after every other kind: it counts their obligations — those in `others` and those
/// already in `out` — and appends its verdicts to `out`. `others` lets the incremental
/// evaluator count the obligations where they stand instead of copying them all.
void evaluate_verdict_rules(const rule_versions& versions, const evaluation_context& context,
                            std::span<const obligation* const> others, std::vector<obligation>& out);

}  // namespace deadlined::rules::detail
