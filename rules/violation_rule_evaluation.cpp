// Violation rules: a fact that is itself a breach is an obligation overdue at once.

#include <algorithm>
#include <map>
#include <set>

#include "deadlined/rules/correlation_key.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

void evaluate_violation_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out,
                             evaluation_scope& /*scope: nothing here waits for the clock*/) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  std::set<std::string> types;
  for (const rule* v : versions)
    types.insert(v->trigger.type);
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (unit, key) → index in out
  for (const auto& type : types) {
    for (const fact* f : facts.of_type(type)) {
      const rule* v = version_on(versions, f->time.local_date(zone));
      if (v == nullptr || !v->trigger.selects(*f)) continue;
      const std::string key = correlation_key(*f, v->correlate);
      for (auto& unit : responsible_units(*v, *f, context)) {
        const auto [it, fresh] = seen.try_emplace({unit, key}, out.size());
        if (!fresh) {
          auto& existing = out[it->second];
          existing.evidence.push_back({f->id, evidence_role::repeat_trigger});
          if (explain) existing.explanation.push_back("同一事项的重复记录：" + describe_fact(*f, zone));
          continue;
        }
        obligation o = open_obligation(*v, context.units.shared_name(unit), key, "", context);
        o.subject = std::string{fact_title(*f)};
        o.opened_at = o.due_at = f->time.counting_instant(zone);
        o.state = obligation_state::overdue;
        o.evidence.push_back({f->id, evidence_role::trigger});
        if (explain) o.explanation.push_back("违规事实：" + describe_fact(*f, zone));
        if (explain) o.explanation.push_back("该事实本身即构成违规，立即逾期；只能经审批豁免");
        plan_follow_ups(*v, context, o);
        out.push_back(std::move(o));
      }
    }
  }
}

}  // namespace deadlined::rules::detail
