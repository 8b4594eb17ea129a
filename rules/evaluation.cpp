#include "deadlined/rules/evaluation.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/due_computation.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules {

namespace detail {

const rule* version_on(const rule_versions& versions, civil_date date) {
  for (const rule* v : versions) {
    if (v->in_effect(date)) return v;
  }
  return nullptr;
}

std::vector<std::string> responsible_units(const rule& r, const fact& trigger, const evaluation_context& context) {
  switch (r.responsible.who) {
    case responsibility::mode::trigger_unit:
      return {trigger.unit};
    case responsibility::mode::units: {
      // A unit named twice owes once.
      std::vector<std::string> units;
      for (const auto& unit : r.responsible.units) {
        if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
      }
      return units;
    }
    case responsibility::mode::group: {
      const auto* group = context.units.find_group(r.responsible.group);
      if (group == nullptr) return {};
      return context.units.members(*group, trigger.time.local_date(context.calendar.zone()));
    }
  }
  return {};
}

obligation open_obligation(const rule& r, const shared_text& unit, std::string_view key, std::string_view period,
                           const evaluation_context& context) {
  const bool explain = context.explain;
  obligation o;
  o.rule = r.id;
  o.rule_version = r.version;
  o.unit = o.original_unit = unit;
  o.key = key.empty() ? period : key;
  o.id = obligation_id{stable_hash({r.id, std::to_string(r.version), unit, key, period})};
  o.title = r.title;
  o.clause = r.clause;
  o.hour_scale = r.hour_scale();
  if (explain) {
    o.explanation.push_back("规则：" + r.id + " 第 " + std::to_string(r.version) + " 版（" + r.clause + "）" + r.title);
    if (!r.source.empty()) o.explanation.push_back("依据：" + r.source);
  }
  return o;
}

std::string describe_fact(const fact& f, const zone_offsets& zone) {
  std::string out = f.type;
  const auto title = fact_title(f);
  if (!title.empty()) out += "「" + std::string{title} + "」";
  out += "（" + f.unit + "，" + f.time.format(zone);
  if (!f.source.empty()) out += "，来源 " + f.source + ":" + f.external_id;
  return out + "）";
}

void plan_follow_ups(const rule& r, const evaluation_context& context, obligation& o) {
  if (r.kind == rule_kind::deadline) {
    for (const auto& offset : r.reminders) {
      const instant at = reminder_time(o.due_at, offset, context.calendar, context.reminder_time_of_day);
      // A reminder already past when the obligation opens is never sent.
      if (at >= o.opened_at && at < o.due_at) o.reminders.push_back(at);
    }
    std::sort(o.reminders.begin(), o.reminders.end());
    o.reminders.erase(std::unique(o.reminders.begin(), o.reminders.end()), o.reminders.end());
  }
  if (r.escalate) {
    const auto result = compute_due(timestamp::at(o.due_at), r.escalate->after, context.calendar);
    if (const auto* due = std::get_if<due_result>(&result)) {
      o.escalate_at = due->due;
      o.escalate_to = r.escalate->to;
    }
  }
}

std::optional<obligation_id> named_obligation(const fact& step) {
  const auto* text = step.attr("obligation");
  return text ? obligation_id::parse(*text) : std::nullopt;
}

waiver_steps waiver_steps_of(const fact_index& facts, const zone_offsets& zone) {
  waiver_steps steps;
  for (auto type : {waiver_requested_type, waiver_approved_type, waiver_declined_type}) {
    for (const fact* f : facts.of_type(type)) {
      if (const auto id = named_obligation(*f)) steps[*id].push_back(f);
    }
  }
  for (auto& [id, list] : steps)
    std::stable_sort(list.begin(), list.end(),
                     [&zone](const fact* a, const fact* b) { return canonical_before(a, b, zone); });
  return steps;
}

void apply_waivers(const waiver_steps& steps, const zone_offsets& zone, bool explain,
                   std::span<obligation> obligations) {
  for (auto& o : obligations) {
    auto it = steps.find(o.id);
    if (it == steps.end()) continue;
    for (const fact* f : it->second) {
      o.evidence.push_back({f->id, evidence_role::waiver});
      const auto* reason = f->attr("reason");
      const std::string because = reason == nullptr || reason->empty() ? "（未填写理由）" : *reason;
      if (f->type == waiver_requested_type) {
        o.waiver_requested = true;
        o.waiver_reason = because;
        if (explain)
          o.explanation.push_back("申请豁免：" + f->unit + "，" + f->time.format(zone) + "，理由：" + because);
      } else if (f->type == waiver_declined_type) {
        o.waiver_requested = false;
        if (explain)
          o.explanation.push_back("豁免未获批准：" + f->unit + "，" + f->time.format(zone) + "，理由：" + because);
      } else if (o.state == obligation_state::met) {
        if (explain) o.explanation.push_back("豁免批准时义务已按时完成，状态不变");
      } else {
        o.state = obligation_state::waived;
        o.waiver_requested = false;
        o.waiver_reason = because;
        if (explain)
          o.explanation.push_back("豁免已批准：" + f->unit + "，" + f->time.format(zone) + "，理由：" + because);
      }
    }
  }
}

void move_to_successors(const evaluation_context& context, std::span<obligation> obligations) {
  const bool explain = context.explain;
  const civil_date today = context.calendar.zone().local_date(context.now);
  for (auto& o : obligations) {
    if (o.state != obligation_state::pending && o.state != obligation_state::overdue) continue;
    const auto holder = context.units.holder(o.original_unit, today);
    if (holder == o.unit) continue;
    if (explain)
      o.explanation.push_back("原责任单位 " + o.original_unit + " 已撤销或更名（机构改革），由 " + holder + " 承接");
    o.unit = context.units.shared_name(holder);
  }
}

std::vector<std::string> types_read_by(const rule_versions& versions) {
  std::vector<std::string> types;
  auto add = [&types](const std::string& t) {
    if (!t.empty() && std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  };
  for (const rule* r : versions) {
    add(r->trigger.type);
    add(r->follow_up.type);
    if (r->extension) add(r->extension->type);
    if (r->pause) {
      add(r->pause->pause_type);
      add(r->pause->resume_type);
    }
    add(r->restart_type);
  }
  return types;
}

void evaluate_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                   std::vector<obligation>& out, evaluation_scope& scope) {
  switch (versions.front()->kind) {
    case rule_kind::deadline:
      evaluate_deadline_rule(versions, facts, context, out, scope);
      break;
    case rule_kind::violation:
      evaluate_violation_rule(versions, facts, context, out, scope);
      break;
    case rule_kind::recurring:
      evaluate_recurring_rule(versions, facts, context, out, scope);
      break;
    case rule_kind::freshness:
      evaluate_freshness_rule(versions, facts, context, out, scope);
      break;
    case rule_kind::availability:
      evaluate_availability_rule(versions, facts, context, out, scope);
      break;
    case rule_kind::verdict:
      break;  // in finish_evaluation, once the others are known
  }
}

std::map<std::string, rule_versions> rules_by_id(const rule_set& rules) {
  // Versions of one rule id evaluate together: one obligation per (rule, key) across them.
  std::map<std::string, rule_versions> by_id;
  for (const auto& r : rules.rules)
    by_id[r.id].push_back(&r);
  return by_id;
}

std::vector<obligation> finish_evaluation(std::vector<obligation> out,
                                          const std::map<std::string, rule_versions>& by_id, const fact_index& waivers,
                                          const evaluation_context& context) {
  const auto& zone = context.calendar.zone();
  const auto steps = waiver_steps_of(waivers, zone);
  apply_waivers(steps, zone, context.explain, out);
  move_to_successors(context, out);
  // Verdicts count the other rules' obligations as they stand after waivers and successors;
  // a verdict can itself be waived.
  const std::size_t first_verdict = out.size();
  for (const auto& [id, versions] : by_id) {
    if (versions.front()->kind == rule_kind::verdict) evaluate_verdict_rules(versions, context, {}, out);
  }
  apply_waivers(steps, zone, context.explain, std::span{out}.subspan(first_verdict));
  // The ids are sorted beside their positions (comparing through positions read two
  // obligations scattered over the vector at each of ~6 million comparisons), then the
  // obligations put in place along the permutation's cycles: each is moved once, not at
  // every swap of a sort, and without a second vector of them all.
  std::vector<std::pair<obligation_id, std::uint32_t>> keyed(out.size());
  for (std::uint32_t i = 0; i < keyed.size(); ++i)
    keyed[i] = {out[i].id, i};
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::uint32_t> order(out.size());
  for (std::uint32_t i = 0; i < order.size(); ++i)
    order[i] = keyed[i].second;
  keyed = {};
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    obligation held = std::move(out[start]);
    std::uint32_t at = start;
    while (order[at] != start) {
      const std::uint32_t from = order[at];
      out[at] = std::move(out[from]);
      order[at] = at;
      at = from;
    }
    out[at] = std::move(held);
    order[at] = at;
  }
  return out;
}

const std::vector<std::string>& waiver_types() {
  static const std::vector<std::string> types{std::string{waiver_requested_type}, std::string{waiver_approved_type},
                                              std::string{waiver_declined_type}};
  return types;
}

}  // namespace detail

std::vector<obligation> evaluate(std::span<const fact> facts, const evaluation_context& context) {
  const detail::fact_index index{facts, context.now, context.calendar.zone()};
  const auto by_id = detail::rules_by_id(context.rules);
  std::vector<obligation> out;
  // Room for as many obligations as facts, reserved but mostly never touched: a city's
  // year gives a third as many. Grown by doubling, the vector was copied, and its new
  // pages cleared by the kernel, three times its final size before the sort copies it once
  // more (a tenth of a full evaluation).
  out.reserve(facts.size());
  detail::evaluation_scope scope;
  for (const auto& [id, versions] : by_id)
    detail::evaluate_rule(versions, index, context, out, scope);
  return detail::finish_evaluation(std::move(out), by_id, index, context);
}

std::string_view to_string(rule_kind kind) {
  switch (kind) {
    case rule_kind::deadline:
      return "deadline";
    case rule_kind::violation:
      return "violation";
    case rule_kind::recurring:
      return "recurring";
    case rule_kind::freshness:
      return "freshness";
    case rule_kind::availability:
      return "availability";
    case rule_kind::verdict:
      return "verdict";
  }
  return "";
}

}  // namespace deadlined::rules
