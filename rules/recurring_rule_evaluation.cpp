// Recurring rules: per unit and period, a fact of a type by a calendar deadline.

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/due_computation.hpp"
#include "deadlined/rules/period.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

namespace {

/// The responsible units, or only the scope's unit when it is one of them (a shard of the
/// incremental evaluator, which must not list a group of 500 for each of its units).
std::vector<std::string> responsible_units_in_scope(const rule& r, const fact& dummy, const evaluation_context& context,
                                                    const evaluation_scope& scope) {
  if (!scope.only_unit) return responsible_units(r, dummy, context);
  const auto& unit = *scope.only_unit;
  switch (r.responsible.who) {
    case responsibility::mode::trigger_unit:
      if (dummy.unit != unit) return {};
      return {unit};
    case responsibility::mode::units:
      // Once, as `responsible_units` lists a unit named twice.
      if (std::find(r.responsible.units.begin(), r.responsible.units.end(), unit) == r.responsible.units.end())
        return {};
      return {unit};
    case responsibility::mode::group: {
      const auto* group = context.units.find_group(r.responsible.group);
      if (group == nullptr || !context.units.is_member(*group, unit, dummy.time.local_date(context.calendar.zone())))
        return {};
      return {unit};
    }
  }
  return {};
}

}  // namespace

void evaluate_recurring_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out, evaluation_scope& scope) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  const civil_date today = zone.local_date(context.now);
  for (const rule* r : versions) {
    if (!r->effective_from || *r->effective_from > today) continue;
    const civil_date last_day =
        r->effective_until ? std::min(today, *r->effective_until - std::chrono::days{1}) : today;
    const auto periods = periods_between(r->period, *r->effective_from, last_day);

    // Candidate facts per unit, earliest first (the index is in canonical order). Keyed by
    // views of the facts' own unit names (or the scope's), which outlive the table: an
    // evidence rule of the city bench files 200,000 submissions here.
    std::unordered_map<std::string_view, std::vector<const fact*>> by_unit;
    if (scope.only_unit) {
      // A unit's shard: the facts are its own.
      auto& own = by_unit[*scope.only_unit];
      for (const fact* f : facts.of_type(r->trigger.type)) {
        if (scope.preselected || r->trigger.selects(*f)) own.push_back(f);
      }
    } else {
      // Most recurring rules select one value (the task): only those facts are read.
      const auto& matchers = r->trigger.matchers;
      const auto equal = std::find_if(matchers.begin(), matchers.end(),
                                      [](const label_matcher& m) { return m.how() == label_matcher::op::equal; });
      const auto& candidates = equal == matchers.end()
                                   ? facts.of_type(r->trigger.type)
                                   : facts.of_type_where(r->trigger.type, equal->name(), equal->value());
      for (const fact* f : candidates) {
        if (r->trigger.selects(*f)) by_unit[f->unit].push_back(f);
      }
    }
    // Responsible units per period (a group's members on the period's first day).
    const std::size_t first = out.size();
    for (const auto& p : periods) {
      fact dummy;
      dummy.time = timestamp::on_date(p.first);
      for (const auto& unit : responsible_units_in_scope(*r, dummy, context, scope)) {
        obligation o = open_obligation(*r, context.units.shared_name(unit), "", p.label, context);
        o.subject = p.label;
        o.opened_at = zone.at_local(p.first, std::chrono::seconds{0});
        auto& why = o.explanation;
        if (explain)
          why.push_back("周期：" + p.label + "（" + format_date(p.first) + " 至 " + format_date(p.last) +
                        "），需提交 " + r->trigger.type);
        if (r->due) {
          const auto result = compute_due(timestamp::on_date(p.last), *r->due, context.calendar, {.explain = explain});
          const auto& due = std::get<due_result>(result);
          o.due_at = due.due;
          o.provisional = due.provisional;
          if (explain) why.push_back("期限：周期结束后 " + to_chinese(*r->due));
          for (const auto& line : due.explanation)
            why.push_back("  " + line);
        } else {
          o.due_at = zone.end_of_day(p.last);
          if (explain) why.push_back("期限：周期最后一日 " + format_date(p.last) + " 23:59:59");
        }
        out.push_back(std::move(o));
      }
    }
    // Facts close periods in order: the earliest fitting fact closes the earliest open period.
    std::set<const fact*> used;
    const std::vector<const fact*> none;
    for (std::size_t i = first; i < out.size(); ++i) {
      auto& o = out[i];
      const auto p = std::find_if(periods.begin(), periods.end(), [&o](const period& x) { return x.label == o.key; });
      if (p == periods.end()) continue;
      const fact* closing = nullptr;
      const auto own = by_unit.find(std::string_view{o.unit});
      for (const fact* f : own == by_unit.end() ? none : own->second) {
        if (used.contains(f) || f->time.local_date(zone) < p->first) continue;
        const auto* label = f->attr("period");
        if (label != nullptr && !label->empty() && *label != p->label) continue;
        closing = f;
        break;
      }
      scope.holds_through(o.due_at, context.now);  // unmet, it falls overdue then
      if (closing != nullptr) {
        used.insert(closing);
        o.met_at = closing->time;
        const bool on_time = not_after(closing->time, timestamp::at(o.due_at), zone);
        o.state = on_time ? obligation_state::met : obligation_state::met_late;
        o.evidence.push_back({closing->id, evidence_role::closing});
        if (explain)
          o.explanation.push_back(std::string{on_time ? "按时完成：" : "逾期完成："} + describe_fact(*closing, zone));
      } else if (context.now > o.due_at) {
        o.state = obligation_state::overdue;
        if (explain)
          o.explanation.push_back("截至 " + zone.format(context.now) + " 未见 " + r->trigger.type + "，已逾期");
      } else {
        if (explain)
          o.explanation.push_back("截至 " + zone.format(context.now) + " 未见 " + r->trigger.type + "，待办");
      }
      plan_follow_ups(*r, context, o);
    }
  }
}

}  // namespace deadlined::rules::detail
