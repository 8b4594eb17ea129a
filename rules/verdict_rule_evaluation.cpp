// Verdict rules: enough obligations of other rules in a state, per unit, make a breach
// (the inspection's single vetoes: ≥ 5 stale columns, ≥ 10 columns not updated …).

#include <algorithm>
#include <map>
#include <span>

#include "deadlined/rules/period.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

void evaluate_verdict_rules(const rule_versions& versions, const evaluation_context& context,
                            std::span<const obligation* const> others, std::vector<obligation>& out) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  const civil_date today = zone.local_date(context.now);
  for (const rule* r : versions) {
    if (!r->in_effect(today)) continue;
    std::map<std::string, std::vector<const obligation*>> counted;
    const auto count = [r, &counted](const obligation& o) {
      if (to_string(o.state) != r->counted_state) return;
      if (std::find(r->counted_rules.begin(), r->counted_rules.end(), o.rule) == r->counted_rules.end()) return;
      counted[o.unit].push_back(&o);
    };
    for (const obligation* o : others)
      count(*o);
    for (const auto& o : out)
      count(o);
    fact dummy;
    dummy.time = timestamp::on_date(today);
    const auto year = period_containing(period_unit::year, today).label;
    std::vector<obligation> verdicts;
    for (const auto& unit : responsible_units(*r, dummy, context)) {
      const auto& list = counted[unit];
      obligation o = open_obligation(*r, context.units.shared_name(unit), "", year, context);
      o.subject = year;
      o.opened_at = o.due_at = context.now;
      const bool breach = static_cast<int>(list.size()) >= r->at_least;
      o.state = breach ? obligation_state::overdue : obligation_state::met;
      if (!breach) o.met_at = timestamp::at(context.now);
      auto& why = o.explanation;
      if (explain)
        why.push_back("截至 " + zone.format(context.now) + "，" + unit + " 处于 " + r->counted_state + " 的相关义务 " +
                      std::to_string(list.size()) + " 项，阈值 " + std::to_string(r->at_least) + " 项");
      for (const auto* counted_obligation : list) {
        if (explain)
          why.push_back("  " + counted_obligation->id + " " + counted_obligation->rule + " " +
                        counted_obligation->subject);
      }
      if (explain) why.push_back(breach ? "达到阈值：单项否决" : "未达到阈值");
      verdicts.push_back(std::move(o));
    }
    out.insert(out.end(), verdicts.begin(), verdicts.end());
  }
}

}  // namespace deadlined::rules::detail
