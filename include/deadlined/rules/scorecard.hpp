#pragma once
// The evaluation scorecard (评价): per unit and period, what each rule opened and how it
// ended, on-time rates, breaches, single vetoes, optional points, and a district ranking
// compared with the previous period. Pure: obligations and facts in, tables out.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/period.hpp"
#include "deadlined/rules/rule.hpp"
#include "deadlined/rules/unit_directory.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::rules {

/// Points the office's scoring rules (评分细则) give a rule: deductions per breach, capped.
struct rule_points {
  double per_overdue = 0.0;
  double per_met_late = 0.0;
  std::optional<double> at_most;  ///< the rule's whole value: deductions never exceed it
};

/// How units are scored. Without a base the scorecard has counts and rates only (the seed
/// gives no points, only 作扣分处理).
struct scoring_policy {
  std::optional<double> base;
  std::map<std::string, rule_points, std::less<>> rules;  ///< by rule id
  bool veto_zeroes_score = true;  ///< a single veto sets the score to 0; otherwise it only marks the unit
};

/// Obligations by how they ended. On-time rate = met / (met + met late + overdue); waived
/// and pending ones are left out.
struct state_tally {
  int opened = 0;
  int met = 0;
  int met_late = 0;
  int overdue = 0;
  int pending = 0;
  int waived = 0;

  void add(obligation_state state);
  void add(const state_tally& other);
  std::optional<double> on_time_rate() const;
};

struct rule_line {
  std::string rule;
  std::string title;
  std::string clause;
  std::string task;  ///< the plan task the clause names (工作任务), if the packs list it
  rule_kind kind = rule_kind::deadline;
  bool veto = false;
  state_tally counts;
  std::vector<std::string> waiver_reasons;  ///< of the waived obligations
  double deduction = 0.0;                   ///< points taken off under the scoring policy
};

struct unit_scorecard {
  std::string unit;
  std::vector<rule_line> rules;  ///< rules with obligations in the period, in pack order
  state_tally totals;
  int availability_breaches = 0;      ///< availability obligations overdue or met late
  int freshness_breaches = 0;         ///< columns not updated in their window
  int interaction_breaches = 0;       ///< 留言 and other interactions answered late or not at all
  int backdated_items = 0;            ///< items first seen well after the date they show (SPEC §4)
  std::vector<std::string> vetoes;    ///< titles of the veto rules breached
  std::vector<int> overdue_by_month;  ///< parallel to scorecard::overdue_by_month
  std::optional<double> score;
  int rank = 0;  ///< 1 is best; equal standing shares a rank

  state_tally previous;  ///< the previous period's totals
  std::optional<double> previous_score;
  int previous_rank = 0;
};

struct month_count {
  std::string month;  ///< 2019-09
  int overdue = 0;    ///< obligations due that month that ended overdue or met late
};

struct scorecard {
  period current;
  period previous;
  bool scored = false;                        ///< the policy gives points
  std::vector<unit_scorecard> units;          ///< in rank order
  std::vector<month_count> overdue_by_month;  ///< every month of the period, the district's
};

struct scorecard_input {
  const std::vector<obligation>& obligations;
  const std::vector<fact>& facts;  ///< for backdated items
  const rule_set& rules;
  const unit_directory& units;
  const zone_offsets& zone;
  const scoring_policy& scoring;
  period current;
  period previous;
};

/// Every unit of the directory that exists during the period, plus any unit holding an
/// obligation in it. An obligation belongs to the period containing its due date.
scorecard build_scorecard(const scorecard_input& input);

/// Whether the obligation's due date falls in `p`.
bool due_in(const obligation& o, const period& p, const zone_offsets& zone);

}  // namespace deadlined::rules
