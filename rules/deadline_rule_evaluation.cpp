// Deadline rules: a trigger opens an obligation, a correlated follow-up must close it in time.

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <boost/unordered/unordered_flat_map.hpp>

#include "correlated_facts.hpp"
#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/due_computation.hpp"
#include "deadlined/rules/title_reference.hpp"
#include "fetch_ahead.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

namespace {

/// One obligation in the making: (unit, key) under one rule id; the first trigger opens it.
/// The key is not kept: it is the opening trigger's correlation key under `version`, made
/// again when the obligation is. Kept, a hundred thousand keys and the slots around them
/// were small blocks freed among the obligations' own, which the allocator then held.
struct slot {
  const rule* version;
  const fact* trigger;
  shared_text unit;  ///< the unit directory's copy of a known unit's name
  std::vector<const fact*> repeats;
};

/// The rule's slots in the order their first triggers came, found by (unit, key). A rule
/// of the city bench opens a hundred thousand. An open-addressing table of the pairs'
/// hashes: a look-up of a new pair — nearly every trigger's — reads the table alone,
/// where a node-based table of the strings compared those of every slot in the bucket,
/// each long out of the cache (a tenth of a full evaluation). A hash found is confirmed
/// against the slot; two pairs of one hash (64 bits: in practice never) share a tree.
class slot_table {
 public:
  explicit slot_table(std::size_t expected) {
    slots_.reserve(expected);
    where_.reserve(expected);
  }

  /// The slot of (unit, key), opened with `version` and `trigger` when new; whether opened.
  std::pair<slot*, bool> open(shared_text unit, const std::string& key, const rule* version, const fact* trigger) {
    const std::size_t hash = hash_of(unit.str(), key);
    const auto [it, fresh] = where_.try_emplace(hash, static_cast<std::uint32_t>(slots_.size()));
    if (!fresh) {
      slot& found = slots_[it->second];
      if (found.unit == unit && correlation_key(*found.trigger, found.version->correlate) == key)
        return {&found, false};
      const auto [other, added] = collided_.try_emplace({unit.str(), key}, static_cast<std::uint32_t>(slots_.size()));
      if (!added) return {&slots_[other->second], false};
    }
    return {&slots_.emplace_back(slot{version, trigger, std::move(unit), {}}), true};
  }
  const std::vector<slot>& slots() const { return slots_; }

 private:
  static std::size_t hash_of(std::string_view unit, std::string_view key) {
    const std::size_t u = std::hash<std::string_view>{}(unit);
    return u ^ (std::hash<std::string_view>{}(key) + 0x9e3779b97f4a7c15ULL + (u << 6U) + (u >> 2U));
  }

  std::vector<slot> slots_;
  boost::unordered_flat_map<std::size_t, std::uint32_t> where_;
  std::map<std::pair<std::string, std::string>, std::uint32_t> collided_;
};

/// Union of the correlation methods of every version, so one index serves them all.
std::vector<correlation> all_methods(const rule_versions& versions) {
  std::vector<correlation> out;
  for (const rule* v : versions)
    out.insert(out.end(), v->correlate.begin(), v->correlate.end());
  return out;
}

/// Where the count starts, and a line saying why.
timestamp count_start(const rule& r, const fact& trigger, const zone_offsets& zone, bool explain,
                      explanation_lines& why) {
  std::string attribute = r.count_from.attribute;
  if (!r.count_from.select_by.empty()) {
    const auto* selector = trigger.attr(r.count_from.select_by);
    const std::string value = selector == nullptr ? "" : *selector;
    auto it = r.count_from.choices.find(value);
    if (it == r.count_from.choices.end()) it = r.count_from.choices.find("default");
    attribute = it == r.count_from.choices.end() ? "" : it->second;
    if (explain)
      why.push_back("起算依据：" + r.count_from.select_by + "=" + (value.empty() ? "（无）" : value) + " → " +
                    (attribute.empty() || attribute == "time" ? "事实时间" : attribute));
  }
  if (attribute.empty() || attribute == "time") return trigger.time;
  const auto* text = trigger.attr(attribute);
  if (text == nullptr || text->empty()) {
    if (explain) why.push_back("起算属性 " + attribute + " 缺失，按事实时间起算");
    return trigger.time;
  }
  const auto parsed = parse_timestamp(*text, zone);
  if (const auto* e = std::get_if<parse_error>(&parsed)) {
    if (explain)
      why.push_back("起算属性 " + attribute + "=\"" + *text + "\" 格式错误（" + e->message + "），按事实时间起算");
    return trigger.time;
  }
  if (explain) why.push_back("按 " + attribute + " 起算：" + *text);
  return std::get<timestamp>(parsed);
}

/// Pause and resume facts paired into spans; an open pause lasts through today.
std::vector<pause_span> pause_spans(const std::vector<const fact*>& pauses, const std::vector<const fact*>& resumes,
                                    const timestamp& counting_from, const evaluation_context& context, obligation& o) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  std::vector<std::pair<const fact*, bool>> steps;  // (fact, is_pause)
  for (const fact* f : pauses)
    steps.emplace_back(f, true);
  for (const fact* f : resumes)
    steps.emplace_back(f, false);
  std::stable_sort(steps.begin(), steps.end(), [&zone](const auto& a, const auto& b) {
    return a.first->time.counting_instant(zone) < b.first->time.counting_instant(zone);
  });
  std::vector<pause_span> spans;
  bool paused = false;
  civil_date paused_on{};
  for (const auto& [f, is_pause] : steps) {
    if (!not_after(counting_from, f->time, zone)) continue;  // before a restart: no longer counts
    o.evidence.push_back({f->id, is_pause ? evidence_role::pause : evidence_role::resume});
    const civil_date date = f->time.local_date(zone);
    if (is_pause && !paused) {
      paused = true;
      paused_on = date;
      if (explain) o.explanation.push_back("中止：" + describe_fact(*f, zone));
    } else if (!is_pause && paused) {
      spans.push_back({paused_on, date});
      if (explain)
        o.explanation.push_back("恢复：" + describe_fact(*f, zone) + "，" +
                                format_date(paused_on + std::chrono::days{1}) + " 至 " + format_date(date) +
                                " 不计入期限");
      paused = false;
    }
  }
  if (paused) {
    const civil_date today = zone.local_date(context.now);
    spans.push_back({paused_on, std::max(today, paused_on)});
    o.paused = true;
    if (explain) o.explanation.push_back("仍在中止中：期限暂停计算，恢复后顺延");
  }
  return spans;
}

void apply_extension(const rule& r, const std::vector<const fact*>& extensions, const evaluation_context& context,
                     obligation& o) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  for (const fact* f : extensions) {
    o.evidence.push_back({f->id, evidence_role::extension});
    if (o.original_due_at) {
      if (explain) o.explanation.push_back("再次延期不生效（只能延期一次）：" + describe_fact(*f, zone));
      continue;
    }
    if (!not_after(f->time, timestamp::at(o.due_at), zone)) {
      if (explain) o.explanation.push_back("延期晚于原截止时间，不生效：" + describe_fact(*f, zone));
      continue;
    }
    deadline_expr by = r.extension->by;
    if (const auto* asked = f->attr("working_days")) {
      try {
        const int n = std::stoi(*asked);
        if (n >= 1 && n < by.count) by.count = n;
      } catch (const std::exception&) {
        if (explain) o.explanation.push_back("延期天数 working_days=\"" + *asked + "\" 无法识别，按上限计");
      }
    }
    const auto result = compute_due(timestamp::at(o.due_at), by, context.calendar, {.explain = explain});
    if (const auto* due = std::get_if<due_result>(&result)) {
      o.original_due_at = o.due_at;
      o.due_at = due->due;
      o.provisional = o.provisional || due->provisional;
      if (explain) o.explanation.push_back("延期：" + describe_fact(*f, zone) + "，自原截止日起再计 " + to_chinese(by));
      for (const auto& line : due->explanation)
        if (explain) o.explanation.push_back("  " + line);
    }
  }
}

/// Whether the trigger falls inside the look-back window that ends now: the window counted
/// forward from the trigger has not yet passed.
bool inside_look_back(const fact& trigger, const deadline_expr& look_back, const evaluation_context& context,
                      evaluation_scope& scope) {
  const auto window = compute_due(trigger.time, look_back, context.calendar);
  const auto* result = std::get_if<due_result>(&window);
  if (result == nullptr) return true;
  scope.holds_through(result->due, context.now);
  return result->due >= context.now;
}

}  // namespace

void evaluate_deadline_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                            std::vector<obligation>& out, evaluation_scope& scope) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();

  // Triggers of every version, in canonical order, each under the version in effect on its date.
  std::set<std::string> trigger_types;
  std::size_t candidates = 0;
  for (const rule* v : versions)
    trigger_types.insert(v->trigger.type);
  for (const auto& type : trigger_types)
    candidates += facts.of_type(type).size();

  const auto methods = all_methods(versions);
  // Normalising titles costs; only rules that correlate by title pay it.
  const bool by_title = std::any_of(methods.begin(), methods.end(),
                                    [](const correlation& m) { return m.how == correlation::method::title; });
  title_index titles;
  slot_table slots{candidates};
  // A trigger opens its slot (or joins one) as it is selected, while it is in the cache.
  auto open_slots = [&](const fact* f, const rule* v) {
    if (by_title) titles.add(f);
    const std::string key = correlation_key(*f, v->correlate);
    auto open = [&](std::string_view unit) {
      auto [s, opened] = slots.open(context.units.shared_name(unit), key, v, f);
      if (!opened) s->repeats.push_back(f);
    };
    // Most rules hold the trigger's own unit responsible: no list of one copied name.
    if (v->responsible.who == responsibility::mode::trigger_unit) {
      open(f->unit);
    } else {
      for (const auto& unit : responsible_units(*v, *f, context))
        open(unit);
    }
  };
  std::vector<std::pair<const fact*, const rule*>> triggers;
  for (const auto& type : trigger_types) {
    for (const fact* f : facts.of_type(type)) {
      const rule* v = version_on(versions, f->time.local_date(zone));
      if (v == nullptr || !v->trigger.selects(*f)) continue;
      if (v->look_back && !inside_look_back(*f, *v->look_back, context, scope)) continue;
      // One type's list is in canonical order already; several are merged first.
      if (trigger_types.size() == 1) {
        open_slots(f, v);
      } else {
        triggers.emplace_back(f, v);
      }
    }
  }
  if (trigger_types.size() > 1) {
    std::stable_sort(triggers.begin(), triggers.end(),
                     [&zone](const auto& a, const auto& b) { return canonical_before(a.first, b.first, zone); });
    for (const auto& [f, v] : triggers)
      open_slots(f, v);
  }
  if (slots.slots().empty()) return;

  titles.finish();
  // One index per related fact type, shared by every obligation of the rule.
  std::map<std::string, correlated_facts> indexes;
  auto related = [&](const std::string& type) -> const correlated_facts& {
    auto it = indexes.find(type);
    if (it == indexes.end())
      it = indexes.emplace(type, correlated_facts{facts.of_type(type), methods, titles, zone}).first;
    return it->second;
  };
  // Each version's related types found once, not by name at every obligation.
  struct related_of_version {
    const rule* version;
    const correlated_facts* restarts = nullptr;
    const correlated_facts* pauses = nullptr;
    const correlated_facts* resumes = nullptr;
    const correlated_facts* extensions = nullptr;
    const correlated_facts* follow_ups = nullptr;
  };
  std::vector<related_of_version> related_by_version;
  related_by_version.reserve(versions.size());  // never moved: references to them are held
  auto related_of = [&](const rule& r) -> const related_of_version& {
    for (const auto& known : related_by_version) {
      if (known.version == &r) return known;
    }
    related_of_version found{&r};
    if (!r.restart_type.empty()) found.restarts = &related(r.restart_type);
    if (r.pause) {
      found.pauses = &related(r.pause->pause_type);
      found.resumes = &related(r.pause->resume_type);
    }
    if (r.extension) found.extensions = &related(r.extension->type);
    found.follow_ups = &related(r.follow_up.type);
    return related_by_version.emplace_back(found);
  };

  const auto& all_slots = slots.slots();
  std::array<std::vector<const fact*>, 3> follow_ups_ahead;  // by slot position, modulo 3
  for (std::size_t at = 0; at < all_slots.size(); ++at) {
    // The coming triggers and their follow-ups fetched ahead, each a step further along:
    // every one is a first touch, long out of the cache, where an obligation otherwise
    // waited on memory at each of them in turn.
    if (at + 4 < all_slots.size()) fetch_fact(all_slots[at + 4].trigger);
    if (at + 3 < all_slots.size()) all_slots[at + 3].trigger->attrs.prefetch();
    if (at + 2 < all_slots.size()) {
      const auto& ahead = all_slots[at + 2];
      related_of(*ahead.version)
          .follow_ups->fetch_candidates(*ahead.trigger, ahead.version->correlate,
                                        follow_ups_ahead[(at + 2) % follow_ups_ahead.size()]);
    }
    for (const fact* f : follow_ups_ahead[(at + 1) % follow_ups_ahead.size()])
      f->attrs.prefetch();
    const auto& s = all_slots[at];
    const rule& r = *s.version;
    const fact& t = *s.trigger;
    obligation o = open_obligation(r, s.unit, correlation_key(t, r.correlate), "", context);
    o.subject = std::string{fact_title(t)};
    o.opened_at = t.time.counting_instant(zone);
    o.evidence.push_back({t.id, evidence_role::trigger});
    auto& why = o.explanation;
    if (explain) why.push_back("触发：" + describe_fact(t, zone));
    for (const fact* repeat : s.repeats) {
      o.evidence.push_back({repeat->id, evidence_role::repeat_trigger});
      if (explain) why.push_back("同一事项的重复触发，并入本义务：" + describe_fact(*repeat, zone));
    }

    timestamp start = count_start(r, t, zone, explain, why);
    const auto& related_here = related_of(r);
    if (related_here.restarts != nullptr) {
      const auto restarts = related_here.restarts->of(t, s.repeats, r.correlate);
      if (!restarts.empty()) {
        const fact* last = restarts.back();
        for (const fact* f : restarts)
          o.evidence.push_back({f->id, evidence_role::restart});
        start = last->time;
        if (explain) why.push_back("补正：" + describe_fact(*last, zone) + "，自补正之日重新起算");
      }
    }
    std::vector<pause_span> spans;
    if (r.pause) {
      spans = pause_spans(related_here.pauses->of(t, s.repeats, r.correlate),
                          related_here.resumes->of(t, s.repeats, r.correlate), start, context, o);
    }
    if (explain) why.push_back("期限：" + to_chinese(r.deadline));
    const auto result = compute_due(start, r.deadline, context.calendar, {.pauses = spans, .explain = explain});
    if (const auto* error = std::get_if<std::string>(&result)) {
      if (explain) why.push_back("无法计算截止时间：" + *error);
      o.due_at = o.opened_at;
    } else {
      const auto& due = std::get<due_result>(result);
      o.due_at = due.due;
      o.provisional = due.provisional;
      for (const auto& line : due.explanation)
        if (explain) why.push_back("  " + line);
    }
    if (r.extension) apply_extension(r, related_here.extensions->of(t, s.repeats, r.correlate), context, o);

    std::vector<const fact*> follow_ups;
    for (const fact* f : related_here.follow_ups->of(t, s.repeats, r.correlate)) {
      if (!r.follow_up.selects(*f)) continue;
      if (r.same_unit && f->unit != s.unit) continue;
      follow_ups.push_back(f);
    }
    scope.holds_through(o.due_at, context.now);  // unmet, it falls overdue then
    if (!follow_ups.empty()) {
      const fact& closing = *follow_ups.front();
      o.met_at = closing.time;
      const bool on_time = not_after(closing.time, timestamp::at(o.due_at), zone);
      o.state = on_time ? obligation_state::met : obligation_state::met_late;
      o.evidence.push_back({closing.id, evidence_role::closing});
      if (explain) why.push_back(std::string{on_time ? "按时完成：" : "逾期完成："} + describe_fact(closing, zone));
      for (std::size_t i = 1; i < follow_ups.size(); ++i) {
        o.evidence.push_back({follow_ups[i]->id, evidence_role::follow_up});
        if (explain) why.push_back("其后的同类事实（作为佐证）：" + describe_fact(*follow_ups[i], zone));
      }
    } else if (o.paused) {
      o.state = obligation_state::pending;
    } else if (context.now > o.due_at) {
      o.state = obligation_state::overdue;
      if (explain) why.push_back("截至 " + zone.format(context.now) + " 未见 " + r.follow_up.type + "，已逾期");
    } else {
      o.state = obligation_state::pending;
      if (explain) why.push_back("截至 " + zone.format(context.now) + " 未见 " + r.follow_up.type + "，待办");
    }
    plan_follow_ups(r, context, o);
    out.push_back(std::move(o));
  }
}

}  // namespace deadlined::rules::detail
