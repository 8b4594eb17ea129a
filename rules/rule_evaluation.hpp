#pragma once
// Internal: evaluating one rule (all its versions) over the indexed facts.

#include <map>
#include <string>
#include <vector>

#include "deadlined/rules/evaluation.hpp"
#include "fact_index.hpp"

namespace deadlined::rules::detail {

/// The versions of one rule id, in configuration order.
using rule_versions = std::vector<const rule*>;

/// The version in effect on `date`, or nullptr.
const rule* version_on(const rule_versions& versions, civil_date date);

/// The units responsible for an obligation opened by `trigger` under `r`.
std::vector<std::string> responsible_units(const rule& r, const fact& trigger, const evaluation_context& context);

/// A new obligation of `r` for `unit`: its identity (id = hash of rule id, version, unit, key
/// and period; `key` empty means the period is the key), names, and — when explaining —
/// the lines that say which rule and source it comes from.
obligation open_obligation(const rule& r, const std::string& unit, const std::string& key, const std::string& period,
                           bool explain);

/// One line naming a fact for an explanation: type, title, unit, time, source.
std::string describe_fact(const fact& f, const zone_offsets& zone);

/// Fills reminders and escalation of an obligation whose due instant is known.
void plan_follow_ups(const rule& r, const evaluation_context& context, obligation& o);

void evaluate_deadline_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                            std::vector<obligation>& out);
void evaluate_violation_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out);
void evaluate_recurring_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out);
void evaluate_freshness_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out);
void evaluate_availability_rule(const rule_versions& versions, const fact_index& facts,
                                const evaluation_context& context, std::vector<obligation>& out);
/// The fact types a rule reads (trigger, follow-up, extension, pause, restart).
std::vector<std::string> types_read_by(const rule_versions& versions);
/// One rule id's obligations, before waivers, successors and verdicts.
void evaluate_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                   std::vector<obligation>& out);
std::map<std::string, rule_versions> rules_by_id(const rule_set& rules);
/// Waivers, successors and verdicts over every rule's obligations, sorted by id.
std::vector<obligation> finish_evaluation(std::vector<obligation> out,
                                          const std::map<std::string, rule_versions>& by_id, const fact_index& waivers,
                                          const evaluation_context& context);
const std::vector<std::string>& waiver_types();

/// Runs after every other kind: it counts their obligations.
void evaluate_verdict_rules(const rule_versions& versions, const evaluation_context& context,
                            std::vector<obligation>& out);

}  // namespace deadlined::rules::detail
