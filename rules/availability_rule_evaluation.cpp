// Availability rules: per source and ISO week, enough probes a day, and a breach once
// failures reach the rate (国办秘函〔2019〕19号: ≥ 20 probes a day, veto at ≥ 5 %).

#include <cmath>
#include <map>

#include "deadlined/rules/period.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

namespace {

bool probe_succeeded(const fact& f) {
  const auto* ok = f.attr("ok");
  return ok != nullptr && (*ok == "true" || *ok == "1");
}

std::string percent(double ratio) {
  const long tenths = std::lround(ratio * 1000.0);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

}  // namespace

void evaluate_availability_rule(const rule_versions& versions, const fact_index& facts,
                                const evaluation_context& context, std::vector<obligation>& out,
                                evaluation_scope& scope) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  for (const rule* r : versions) {
    struct tally {
      std::string unit;
      int probes = 0;
      int failures = 0;
      const fact* first_failure = nullptr;
    };
    std::map<std::pair<std::string, std::string>, tally> weeks;  // (source, week label)
    std::map<std::string, period> week_of;
    for (const fact* f : facts.of_type(r->trigger.type)) {
      if (!r->trigger.selects(*f)) continue;
      const auto date = f->time.local_date(zone);
      if (!r->in_effect(date)) continue;
      const auto* source_attr = f->attr("source");
      const std::string source = source_attr != nullptr && !source_attr->empty() ? *source_attr : f->source;
      const auto week = iso_week_containing(date);
      week_of[week.label] = week;
      auto& t = weeks[{source, week.label}];
      t.unit = f->unit;
      ++t.probes;
      if (!probe_succeeded(*f)) {
        ++t.failures;
        if (t.first_failure == nullptr) t.first_failure = f;
      }
    }
    const int needed = r->min_probes_per_day * 7;
    for (const auto& [key, t] : weeks) {
      const auto& [source, label] = key;
      const auto& week = week_of.at(label);
      obligation o = open_obligation(*r, context.units.shared_name(t.unit), source + "#" + label, label, context);
      o.subject = source + " " + label;
      o.opened_at = zone.at_local(week.first, std::chrono::seconds{0});
      o.due_at = zone.end_of_day(week.last);
      const double rate = t.probes == 0 ? 0.0 : static_cast<double>(t.failures) / t.probes;
      auto& why = o.explanation;
      if (explain)
        why.push_back("来源 " + source + "，" + label + "（" + format_date(week.first) + " 至 " +
                      format_date(week.last) + "）：探测 " + std::to_string(t.probes) + " 次，失败 " +
                      std::to_string(t.failures) + " 次（" + percent(rate) + "），阈值 " +
                      percent(r->max_failure_rate) + "，每日至少 " + std::to_string(r->min_probes_per_day) + " 次");
      scope.holds_through(o.due_at, context.now);
      const bool complete = context.now > o.due_at;
      // A breach is certain once failures reach the rate of the week's minimum probes.
      const bool certain = t.failures >= static_cast<int>(std::ceil(r->max_failure_rate * std::max(needed, t.probes)));
      const bool enough = t.probes >= needed;
      if (enough && rate >= r->max_failure_rate && (complete || certain)) {
        o.state = obligation_state::overdue;
        o.due_at = o.opened_at;
        if (t.first_failure != nullptr) o.evidence.push_back({t.first_failure->id, evidence_role::trigger});
        if (explain) why.push_back("失败率达到阈值：网站无法访问，单项否决");
      } else if (!complete) {
        if (explain) why.push_back("本周尚未结束");
      } else {
        o.state = obligation_state::met;
        o.met_at = timestamp::on_date(week.last);
        if (explain) why.push_back(enough ? "失败率低于阈值" : "探测次数不足，无法判定（不计为违规）");
      }
      plan_follow_ups(*r, context, o);
      out.push_back(std::move(o));
    }
  }
}

}  // namespace deadlined::rules::detail
