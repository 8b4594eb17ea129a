#pragma once
// A compiled rule from a rule pack: which facts open an obligation, which fact closes it,
// by when, who is responsible — and which version of the regulation applies when.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/deadline_expr.hpp"
#include "deadlined/rules/diagnostic.hpp"
#include "deadlined/rules/label_matcher.hpp"
#include "deadlined/rules/shared_text.hpp"

namespace deadlined::rules {

enum class rule_kind {
  deadline,      ///< a trigger opens an obligation that a follow-up must close in time
  violation,     ///< the fact is itself a breach
  recurring,     ///< per unit and period, a fact must exist by a calendar deadline
  freshness,     ///< a source or unit must produce a dated item at least every window
  availability,  ///< a source's probes must succeed; breach past a failure rate per week
  verdict,       ///< enough obligations of other rules in a state make a breach (单项否决)
};

/// The periods of a recurring rule.
enum class period_unit { year, half, quarter, month };

/// Facts of one type that pass every matcher.
struct fact_selector {
  std::string type;
  std::vector<label_matcher> matchers;

  bool selects(const fact& f) const { return f.type == type && matches_all(matchers, f); }
};

/// How a follow-up is tied to its trigger.
struct correlation {
  enum class method {
    attribute,  ///< both carry the same value of `attribute` (document_id, request_id)
    link,       ///< the follow-up's `links` include the trigger's `url`
    title,      ///< the follow-up's title quotes the trigger's title in 《…》
  };
  method how = method::attribute;
  std::string attribute;
};

/// Where a deadline counts from: the fact's time, an attribute, or an attribute chosen by
/// another attribute's value (a request's receipt date depends on its channel, 条例 Art. 31).
struct count_from_rule {
  std::string attribute;                       ///< empty: the fact's time
  std::string select_by;                       ///< e.g. `channel`
  std::map<std::string, std::string> choices;  ///< channel value → attribute (`time` = the fact's time)
};

struct responsibility {
  enum class mode { trigger_unit, units, group };
  mode who = mode::trigger_unit;
  std::vector<std::string> units;
  std::string group;
};

struct escalation {
  shared_text to;  ///< the supervising unit
  deadline_expr after;
};

/// A follow-up fact that extends the deadline once, by at most `by` from the original due.
struct extension_rule {
  std::string type;
  deadline_expr by;
};

struct pause_rule {
  std::string pause_type;   ///< counting stops the day after this fact
  std::string resume_type;  ///< and resumes the day after this one
};

struct rule {
  // Shared with every obligation of the rule (see shared_text.hpp).
  shared_text id;
  int version = 1;
  rule_kind kind = rule_kind::deadline;
  shared_text title;   ///< Chinese, shown to users
  shared_text clause;  ///< the seed clause it enforces: 一、（一）2
  std::string source;  ///< the regulation or document it cites
  std::string severity = "warning";
  bool veto = false;  ///< a breach is a single veto (单项否决) in the evaluation, whatever else the unit did
  std::string pack;
  source_position where;  ///< where the rule is written
  std::string path;       ///< its dotted path in the pack (`rules.3`)

  std::optional<civil_date> effective_from;   ///< inclusive, local date
  std::optional<civil_date> effective_until;  ///< exclusive

  fact_selector trigger;

  // deadline rules
  fact_selector follow_up;
  std::vector<correlation> correlate;
  bool same_unit = false;
  deadline_expr deadline;
  count_from_rule count_from;
  std::vector<reminder_offset> reminders;
  std::optional<extension_rule> extension;
  std::optional<pause_rule> pause;
  std::string restart_type;  ///< 补正: the count restarts from this fact

  /// Deadline rules: triggers older than this before now are ignored (a look-back window).
  std::optional<deadline_expr> look_back;

  // recurring rules (the expected fact is `trigger`)
  period_unit period = period_unit::year;
  std::optional<deadline_expr> due;  ///< counted from the period's last day; none: end of period

  // freshness and availability rules (items and probes are `trigger`); `deadline` is the window
  enum class grouping { source, unit };
  grouping per = grouping::source;
  bool count_undated = false;
  int min_probes_per_day = 0;
  double max_failure_rate = 0.0;  ///< 0.05 for 5 %

  // verdict rules
  std::vector<std::string> counted_rules;
  source_position counted_where;  ///< for rules named here that do not exist
  std::string counted_state = "overdue";
  int at_least = 1;

  responsibility responsible;
  std::optional<escalation> escalate;
  source_position responsible_where;  ///< for problems found across files (unknown units)
  source_position escalate_where;

  /// Whether a trigger on `date` falls under this version.
  bool in_effect(civil_date date) const {
    return (!effective_from || date >= *effective_from) && (!effective_until || date < *effective_until);
  }
  /// Same-day cutoffs and hour limits notify at once instead of in the daily digest.
  bool hour_scale() const {
    if (kind == rule_kind::violation || kind == rule_kind::availability || kind == rule_kind::verdict) return true;
    return kind == rule_kind::deadline &&
           (deadline.kind == deadline_kind::hours || deadline.kind == deadline_kind::same_day_cutoff);
  }
};

std::string_view to_string(rule_kind kind);

/// A task of the plan a pack serves (seed: 从化区2019年政务公开工作要点分工方案), for coverage.
struct plan_task {
  std::string clause;       ///< 一、（一）2
  std::string task;         ///< 工作任务
  std::string criteria;     ///< 评价标准
  std::string responsible;  ///< 责任单位 as the plan writes it
  bool inferred = false;    ///< the plan's cell was empty; inherited from the task above
  std::string pack;
};

/// Whether a rule's clause (`一、（二）2、4` covers 2 and 4) names the task's clause.
bool clause_covers(std::string_view rule_clause, std::string_view task_clause);

struct rule_set {
  std::vector<rule> rules;
  std::vector<plan_task> tasks;
  /// Attributes a record of a type must carry, as the packs declare them.
  std::map<std::string, std::vector<std::string>, std::less<>> required_attributes;
};

}  // namespace deadlined::rules
