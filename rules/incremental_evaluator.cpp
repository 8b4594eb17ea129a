#include "deadlined/rules/incremental_evaluator.hpp"

#include <algorithm>
#include <queue>
#include <set>
#include <unordered_map>

#include "fact_index.hpp"
#include "linked_shards.hpp"
#include "rule_evaluation.hpp"
#include "rule_shards.hpp"

namespace deadlined::rules {

namespace {

using detail::fact_list;
using detail::rule_versions;
using detail::shard_plan;

/// Facts of one shard by type, each list in canonical order (including facts after now).
using facts_by_type = std::map<std::string, fact_list, std::less<>>;

/// The facts one rule can be changed by (`may_affect`), split by its shard plan: a rule for
/// one task's evidence holds that task's submissions only.
struct partition {
  explicit partition(shard_plan how) : plan(std::move(how)) {
    if (plan.how() == shard_plan::by::linked) links = std::make_unique<detail::linked_shards>(plan.correlate());
  }
  shard_plan plan;
  std::unique_ptr<detail::linked_shards> links;  ///< for linked plans: which fact is in which shard
  std::unordered_map<std::string, facts_by_type> shards;
};

/// What one shard of one rule gave at its last evaluation.
struct shard_result {
  std::vector<std::string> obligation_ids;
  instant changes_at = instant::max();
};

struct rule_state {
  const rule_versions* versions;
  std::unique_ptr<partition> facts;
  std::vector<std::string> types;
  /// Shards evaluated even without facts: recurring rules owe something per unit regardless.
  std::vector<std::string> standing_shards;
  bool counted_by_verdict = false;
  std::unordered_map<std::string, shard_result> results;
  std::set<std::string> dirty;
};

/// A shard to evaluate again once the clock reaches `at`.
struct wake_up {
  instant at;
  std::size_t rule;
  std::string shard;
  bool operator>(const wake_up& other) const { return at > other.at; }
};

void remove_from(fact_list& list, const fact* f) {
  list.erase(std::remove(list.begin(), list.end(), f), list.end());
}

bool is_waiver_step(const fact& f) {
  return f.type == waiver_requested_type || f.type == waiver_approved_type || f.type == waiver_declined_type;
}

}  // namespace

struct incremental_evaluator::state {
  state(const rule_set& rule_set, const working_calendar& working_calendar, const unit_directory& directory,
        instant start, std::chrono::minutes reminders_at)
      : rules(rule_set), calendar(working_calendar), units(directory), now(start), reminder_time_of_day(reminders_at) {}

  const rule_set& rules;
  const working_calendar& calendar;
  const unit_directory& units;
  instant now;
  std::chrono::minutes reminder_time_of_day;

  std::map<std::string, rule_versions> by_id;
  std::vector<rule_state> evaluated;                                        // every rule but verdicts
  std::map<std::string, std::vector<std::size_t>, std::less<>> readers_of;  // type → rules reading it
  std::vector<const rule_versions*> verdicts;                               // evaluated last, over the others' results
  // Ordered maps for the two that grow with the whole state: a hash table's rehash at a
  // million entries would stall one batch for a hundred milliseconds.
  std::map<std::string, std::unique_ptr<fact>, std::less<>> facts;
  /// Waiver steps by the obligation they name, canonical order (including facts after now).
  std::unordered_map<std::string, fact_list> waivers;

  std::map<std::string, obligation> result;  // by id
  /// Where each obligation comes from: (rule index, shard); verdicts are not listed.
  /// (The shard is its key in the rule's results, which outlives the entry here.)
  std::map<std::string, std::pair<std::size_t, const std::string*>, std::less<>> home;
  std::vector<std::string> verdict_ids;
  std::vector<obligation*> verdict_nodes;  // the verdicts in `result`, as last evaluated
  /// When the earliest waiver step naming a verdict, dated later than now, comes into view.
  instant verdict_waivers_at = instant::max();
  std::priority_queue<wake_up, std::vector<wake_up>, std::greater<>> wake_ups;
  std::size_t shard_evaluations = 0;
  bool verdict_inputs_changed = false;
  const facts_by_type no_facts;

  evaluation_context context() const { return {rules, calendar, units, now, reminder_time_of_day}; }
  const zone_offsets& zone() const { return calendar.zone(); }

  void build();
  /// Files `f` at the end of its lists for every rule it may change (recording each list's
  /// length before the batch in `appended`) and marks those shards.
  void file(const fact& f, std::map<fact_list*, std::size_t>& appended);
  /// Takes `f` out of its lists (which then need a full sort) and marks its shards.
  void unfile(const fact& f, std::map<fact_list*, std::size_t>& appended);
  /// A linked shard merged into another: its facts move over, its obligations go, and the
  /// merged shard is evaluated again.
  void absorb(std::size_t rule_index, const std::string& gone, const std::string& into,
              std::map<fact_list*, std::size_t>& appended);
  void drop_results(std::size_t rule_index, const std::string& shard);
  /// Puts `fresh` in the result in place of the obligations `ids` named, and makes `ids`
  /// name the fresh ones; returns the ids no longer there.
  std::vector<std::string> replace_results(std::vector<std::string>& ids, std::span<obligation> fresh);
  void evaluate_shard(std::size_t rule_index, const std::string& shard);
  /// The waiver steps naming `obligations` that have happened by now; `next_visible` lowered
  /// to when the earliest later-dated one (with a time of day) comes into view.
  detail::waiver_steps visible_waivers(std::span<const obligation> obligations, instant& next_visible) const;
  void evaluate_dirty();
  void evaluate_verdicts();
  /// The verdicts as they stand, moved to the new now (nothing they count has changed).
  void restamp_verdicts();
  void evaluate_everything();
  void wake_due_shards();
};

void incremental_evaluator::state::build() {
  by_id = detail::rules_by_id(rules);
  std::set<std::string> counted;
  for (const auto& [id, versions] : by_id) {
    if (versions.front()->kind != rule_kind::verdict) continue;
    verdicts.push_back(&versions);
    for (const rule* v : versions)
      counted.insert(v->counted_rules.begin(), v->counted_rules.end());
  }
  std::vector<std::string> every_unit{""};
  for (const auto& u : units.units())
    every_unit.push_back(u.name);
  for (const auto& [id, versions] : by_id) {
    if (versions.front()->kind == rule_kind::verdict) continue;
    const shard_plan plan{versions};
    rule_state r{
        &versions, std::make_unique<partition>(plan), detail::types_read_by(versions), {}, counted.contains(id), {},
        {}};
    for (const auto& type : r.types)
      readers_of[type].push_back(evaluated.size());
    if (plan.how() == shard_plan::by::whole) {
      r.standing_shards = {""};
    } else if (versions.front()->kind == rule_kind::recurring) {
      std::set<std::string> names{every_unit.begin(), every_unit.end()};
      for (const rule* v : versions)
        names.insert(v->responsible.units.begin(), v->responsible.units.end());
      r.standing_shards.assign(names.begin(), names.end());
    }
    evaluated.push_back(std::move(r));
  }
}

void incremental_evaluator::state::drop_results(std::size_t rule_index, const std::string& shard) {
  auto& r = evaluated[rule_index];
  const auto it = r.results.find(shard);
  if (it == r.results.end()) return;
  for (const auto& id : it->second.obligation_ids) {
    result.erase(id);
    home.erase(id);
  }
  r.results.erase(it);
  verdict_inputs_changed = verdict_inputs_changed || r.counted_by_verdict;
}

void incremental_evaluator::state::absorb(std::size_t rule_index, const std::string& gone, const std::string& into,
                                          std::map<fact_list*, std::size_t>& appended) {
  auto& r = evaluated[rule_index];
  auto& shards = r.facts->shards;
  // Taken out first: adding to the map below may rehash it.
  if (auto node = shards.extract(gone); !node.empty()) {
    auto& target = shards[into];
    for (auto& [type, list] : node.mapped()) {
      appended.erase(&list);
      auto& into_list = target[type];
      appended.try_emplace(&into_list, into_list.size());
      into_list.insert(into_list.end(), list.begin(), list.end());
    }
  }
  drop_results(rule_index, gone);
  r.dirty.erase(gone);
  r.dirty.insert(into);
}

void incremental_evaluator::state::file(const fact& f, std::map<fact_list*, std::size_t>& appended) {
  if (const auto readers = readers_of.find(f.type); readers != readers_of.end()) {
    for (const auto i : readers->second) {
      auto& r = evaluated[i];
      if (!detail::may_affect(*r.versions, f)) continue;
      std::string shard;
      if (r.facts->links) {
        auto placed = r.facts->links->place(f);
        for (const auto& gone : placed.absorbed)
          absorb(i, gone, placed.shard, appended);
        shard = std::move(placed.shard);
      } else {
        shard = r.facts->plan.shard_of(f);
      }
      auto& list = r.facts->shards[shard][f.type];
      appended.try_emplace(&list, list.size());
      list.push_back(&f);
      r.dirty.insert(std::move(shard));
    }
  }
  if (is_waiver_step(f)) {
    if (const auto* id = f.attr("obligation")) {
      auto& list = waivers[*id];
      appended.try_emplace(&list, list.size());
      list.push_back(&f);
      if (const auto it = home.find(*id); it != home.end())
        evaluated[it->second.first].dirty.insert(*it->second.second);
      verdict_inputs_changed = true;  // it may name a verdict
    }
  }
}

void incremental_evaluator::state::unfile(const fact& f, std::map<fact_list*, std::size_t>& appended) {
  if (const auto readers = readers_of.find(f.type); readers != readers_of.end()) {
    for (const auto i : readers->second) {
      auto& r = evaluated[i];
      if (!detail::may_affect(*r.versions, f)) continue;
      const auto shard = r.facts->links ? r.facts->links->shard_of(f) : r.facts->plan.shard_of(f);
      auto& list = r.facts->shards[shard][f.type];
      remove_from(list, &f);
      appended.insert_or_assign(&list, 0);
      r.dirty.insert(shard);
    }
  }
  if (is_waiver_step(f)) {
    if (const auto* id = f.attr("obligation")) {
      auto& list = waivers[*id];
      remove_from(list, &f);
      appended.insert_or_assign(&list, 0);
      if (const auto it = home.find(*id); it != home.end())
        evaluated[it->second.first].dirty.insert(*it->second.second);
      verdict_inputs_changed = true;
    }
  }
}

void incremental_evaluator::state::evaluate_shard(std::size_t rule_index, const std::string& shard) {
  auto& r = evaluated[rule_index];
  ++shard_evaluations;
  verdict_inputs_changed = verdict_inputs_changed || r.counted_by_verdict;
  const auto slot = r.results.try_emplace(shard).first;
  auto& previous = slot->second;

  const auto found = r.facts->shards.find(shard);
  const auto& shard_facts = found == r.facts->shards.end() ? no_facts : found->second;
  const detail::fact_index index{shard_facts, r.types, now, zone()};
  detail::evaluation_scope scope;
  if (r.versions->front()->kind == rule_kind::recurring) scope.only_unit = shard;
  scope.preselected = r.versions->size() == 1;
  scope.holds_until(index.next_visible(), now);
  const auto context = this->context();
  std::vector<obligation> out;
  detail::evaluate_rule(*r.versions, index, context, out, scope);

  instant waivers_at = instant::max();
  detail::apply_waivers(visible_waivers(out, waivers_at), zone(), false, out);
  scope.holds_until(waivers_at, now);
  detail::move_to_successors(context, out);

  const auto gone = replace_results(previous.obligation_ids, out);
  for (const auto& id : gone)
    home.erase(id);
  for (const auto& id : previous.obligation_ids)
    home.insert_or_assign(id, std::pair{rule_index, &slot->first});
  previous.changes_at = scope.changes_at;
  if (scope.changes_at != instant::max()) wake_ups.push({scope.changes_at, rule_index, shard});
}

detail::waiver_steps incremental_evaluator::state::visible_waivers(std::span<const obligation> obligations,
                                                                   instant& next_visible) const {
  detail::waiver_steps steps;
  for (const auto& o : obligations) {
    const auto it = waivers.find(o.id);
    if (it == waivers.end()) continue;
    for (const fact* f : it->second) {
      if (detail::visible_at(*f, now, zone())) {
        steps[o.id].push_back(f);
      } else if (!f->time.is_date_only()) {
        next_visible = std::min(next_visible, f->time.counting_instant(zone()));
      }
    }
  }
  return steps;
}

void incremental_evaluator::state::evaluate_dirty() {
  for (std::size_t i = 0; i < evaluated.size(); ++i) {
    auto dirty = std::move(evaluated[i].dirty);
    evaluated[i].dirty.clear();
    for (const auto& shard : dirty)
      evaluate_shard(i, shard);
  }
}

void incremental_evaluator::state::evaluate_verdicts() {
  verdict_inputs_changed = false;
  if (verdicts.empty()) return;
  // Verdicts count the other rules' obligations as they stand after waivers and successors.
  std::vector<obligation> out;
  for (const auto& r : evaluated) {
    if (!r.counted_by_verdict) continue;
    for (const auto& [shard, shard_result] : r.results) {
      for (const auto& id : shard_result.obligation_ids)
        out.push_back(result.at(id));
    }
  }
  const std::size_t first_verdict = out.size();
  const auto context = this->context();
  for (const auto* versions : verdicts)
    detail::evaluate_verdict_rules(*versions, context, out);
  std::span<obligation> found{out.begin() + static_cast<std::ptrdiff_t>(first_verdict), out.end()};
  verdict_waivers_at = instant::max();
  detail::apply_waivers(visible_waivers(found, verdict_waivers_at), zone(), false, found);
  replace_results(verdict_ids, found);
  verdict_nodes.clear();
  for (const auto& id : verdict_ids)
    verdict_nodes.push_back(&result.at(id));
}

void incremental_evaluator::state::restamp_verdicts() {
  // Verdicts are as of now; with the same counts on the same day only their time moves.
  for (auto* o : verdict_nodes) {
    o->opened_at = o->due_at = now;
    if (o->met_at) o->met_at = timestamp::at(now);
  }
}

std::vector<std::string> incremental_evaluator::state::replace_results(std::vector<std::string>& ids,
                                                                       std::span<obligation> fresh) {
  // Obligations evaluated again are mostly the same ones: assign in place, drop the rest.
  std::vector<std::string> old = std::move(ids);
  ids.clear();
  for (auto& o : fresh) {
    ids.push_back(o.id);
    if (auto it = result.find(o.id); it != result.end()) {
      it->second = std::move(o);
    } else {
      auto id = o.id;
      result.emplace(std::move(id), std::move(o));
    }
  }
  std::vector<std::string> gone;
  if (old.empty()) return gone;
  std::vector<std::string_view> kept{ids.begin(), ids.end()};
  std::sort(kept.begin(), kept.end());
  for (auto& id : old) {
    if (std::binary_search(kept.begin(), kept.end(), std::string_view{id})) continue;
    result.erase(id);
    gone.push_back(std::move(id));
  }
  return gone;
}

void incremental_evaluator::state::evaluate_everything() {
  result.clear();
  home.clear();
  verdict_ids.clear();
  verdict_nodes.clear();
  wake_ups = {};
  for (std::size_t i = 0; i < evaluated.size(); ++i) {
    auto& r = evaluated[i];
    r.results.clear();
    r.dirty.clear();
    std::set<std::string> shards{r.standing_shards.begin(), r.standing_shards.end()};
    for (const auto& [shard, by_type] : r.facts->shards)
      shards.insert(shard);
    for (const auto& shard : shards)
      evaluate_shard(i, shard);
  }
  evaluate_verdicts();
}

void incremental_evaluator::state::wake_due_shards() {
  while (!wake_ups.empty() && wake_ups.top().at <= now) {
    const auto w = wake_ups.top();
    wake_ups.pop();
    auto& r = evaluated[w.rule];
    const auto it = r.results.find(w.shard);
    // A shard evaluated since it asked for this wake-up asked again if it still needs one.
    if (it != r.results.end() && it->second.changes_at == w.at) r.dirty.insert(w.shard);
  }
}

incremental_evaluator::incremental_evaluator(const rule_set& rules, const working_calendar& calendar,
                                             const unit_directory& units, instant now,
                                             std::chrono::minutes reminder_time_of_day)
    : state_(std::make_unique<state>(rules, calendar, units, now, reminder_time_of_day)) {
  state_->build();
  state_->evaluate_everything();
}

incremental_evaluator::~incremental_evaluator() = default;

void incremental_evaluator::add_facts(std::span<const fact> facts) {
  add_facts(std::vector<fact>{facts.begin(), facts.end()});
}

void incremental_evaluator::add_facts(std::vector<fact>&& facts) {
  auto& s = *state_;
  const auto& zone = s.zone();
  std::map<fact_list*, std::size_t> appended;  // list → its length before this batch
  for (auto& f : facts) {
    auto& slot = s.facts[f.id];
    if (slot) {
      // A revision: its old version leaves its shards (its type or key may change).
      s.unfile(*slot, appended);
      *slot = std::move(f);
    } else {
      slot = std::make_unique<fact>(std::move(f));
    }
    s.file(*slot, appended);
  }
  // Each list got its new facts at the end: a few are moved to their places (a binary
  // search each), many are sorted and merged in.
  const auto before = [&zone](const fact* a, const fact* b) { return detail::canonical_before(a, b, zone); };
  for (auto& [list, old_size] : appended) {
    const auto sorted = static_cast<std::ptrdiff_t>(std::min(old_size, list->size()));
    if (list->size() - static_cast<std::size_t>(sorted) <= 8) {
      for (auto i = sorted; i < static_cast<std::ptrdiff_t>(list->size()); ++i) {
        const fact* f = (*list)[static_cast<std::size_t>(i)];
        const auto at = std::upper_bound(list->begin(), list->begin() + i, f, before);
        std::rotate(at, list->begin() + i, list->begin() + i + 1);
      }
      continue;
    }
    const auto middle = list->begin() + sorted;
    std::sort(middle, list->end(), before);
    std::inplace_merge(list->begin(), middle, list->end(), before);
  }
  s.evaluate_dirty();
  // Verdicts are as of now: the clock alone re-evaluates them, new facts only through the
  // rules they count (or a waiver step, which may name one).
  if (s.verdict_inputs_changed) s.evaluate_verdicts();
}

void incremental_evaluator::set_now(instant now) {
  auto& s = *state_;
  if (now == s.now) return;
  const auto& zone = s.zone();
  const bool new_day = zone.local_date(now) != zone.local_date(s.now);
  const bool backwards = now < s.now;
  s.now = now;
  // A new day moves what is keyed to dates (periods, date-only facts, open pauses,
  // reorganisations): everything, once a day. Within a day only the shards with something
  // due by now.
  if (new_day || backwards) {
    s.evaluate_everything();
    return;
  }
  s.wake_due_shards();
  s.evaluate_dirty();
  if (s.verdict_inputs_changed || now >= s.verdict_waivers_at) {
    s.evaluate_verdicts();
  } else {
    s.restamp_verdicts();
  }
}

std::vector<obligation> incremental_evaluator::obligations() const {
  std::vector<obligation> out;
  out.reserve(state_->result.size());
  for (const auto& [id, o] : state_->result)
    out.push_back(o);
  return out;
}

std::size_t incremental_evaluator::obligation_count() const {
  return state_->result.size();
}

std::size_t incremental_evaluator::fact_count() const {
  return state_->facts.size();
}

instant incremental_evaluator::now() const {
  return state_->now;
}

std::size_t incremental_evaluator::shard_evaluations() const {
  return state_->shard_evaluations;
}

}  // namespace deadlined::rules
