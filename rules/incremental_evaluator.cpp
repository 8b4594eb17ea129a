#include "deadlined/rules/incremental_evaluator.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "fact_index.hpp"
#include "linked_shards.hpp"
#include "rule_evaluation.hpp"
#include "rule_shards.hpp"
#include "spread_key_map.hpp"
#include "type_readers.hpp"

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
    if (plan.how() == shard_plan::by::linked)
      links = std::make_unique<detail::linked_shards>(plan.correlate(), plan.trigger_types(), plan.related_types());
  }
  shard_plan plan;
  std::unique_ptr<detail::linked_shards> links;  ///< for linked plans: which fact is in which shard
  std::unordered_map<std::string, facts_by_type> shards;
};

/// What one shard of one rule gave at its last evaluation: its obligations, in the order
/// the evaluation gave them, as nodes of the state's result.
struct shard_result {
  std::vector<obligation*> obligations;
  instant changes_at = instant::max();
};

/// Where an obligation comes from: a rule (its index) and a shard (its key in the rule's
/// results, which outlives the entry pointing to it).
using origin = std::pair<std::size_t, const std::string*>;

/// An obligation in the result, and where it comes from (verdicts come from no shard).
struct held_obligation {
  obligation value;
  std::optional<origin> home;
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
  std::vector<rule_state> evaluated;                                    // every rule but verdicts
  std::map<std::string, detail::type_readers, std::less<>> readers_of;  // type → rules reading it
  std::vector<const rule_versions*> verdicts;                           // evaluated last, over the others' results
  // An ordered map, though it grows with the whole state: a hash table's rehash at a million
  // entries would stall one batch, and reserved ahead it was no faster (cache misses either way).
  std::map<std::string, std::unique_ptr<fact>, std::less<>> facts;
  /// Waiver steps by the obligation they name, canonical order (including facts after now).
  std::unordered_map<std::uint64_t, fact_list> waivers;  // by the number of the id they name

  detail::spread_key_map<held_obligation> result;  // by id's number
  std::vector<obligation*> verdict_nodes;          // the verdicts in `result`, as last evaluated
  /// When the earliest waiver step naming a verdict, dated later than now, comes into view.
  instant verdict_waivers_at = instant::max();
  // On a deque: a heap of a few hundred thousand wake-ups never moves in one go as it grows.
  std::priority_queue<wake_up, std::deque<wake_up>, std::greater<>> wake_ups;
  std::size_t shard_evaluations = 0;
  std::size_t whole_evaluations = 0;
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
  /// Puts `fresh` in the result in place of the obligations `nodes` held, and makes `nodes`
  /// hold the fresh ones; obligations new to the result get `from` as their home.
  void replace_results(std::vector<obligation*>& nodes, std::span<obligation> fresh, const std::optional<origin>& from);
  /// Takes these obligations out of the result (each once, should one be listed twice).
  void erase_results(std::vector<const obligation*> nodes);
  void evaluate_shard(std::size_t rule_index, const std::string& shard);
  /// Marks the shard the obligation `id` comes from, if it is one's.
  void mark_home_of(obligation_id id);
  /// The waiver steps naming `obligations` that have happened by now; `next_visible` lowered
  /// to when the earliest later-dated one (with a time of day) comes into view.
  detail::waiver_steps visible_waivers(std::span<const obligation> obligations, instant& next_visible) const;
  void evaluate_dirty();
  void evaluate_verdicts();
  /// The verdicts as they stand, moved to the new now (nothing they count has changed).
  void restamp_verdicts();
  void evaluate_everything();
  void wake_due_shards();
  /// Gives the hash tables that grow with the state room to double before they rehash:
  /// a rehash relinks every entry at once, milliseconds at a hundred thousand shards, and
  /// would fall on whichever small batch crosses the line. Done where the work is large
  /// anyway — each full evaluation (once a day) and a batch that grew the state by a
  /// quarter (the warm start).
  void plan_capacity();
  std::size_t facts_at_last_plan = 0;
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
      readers_of[type].add(evaluated.size(), versions, type);
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
  erase_results({it->second.obligations.begin(), it->second.obligations.end()});
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
    readers->second.for_each_candidate(f, [&](std::size_t i) {
      auto& r = evaluated[i];
      if (!detail::may_affect(*r.versions, f)) return;
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
    });
  }
  if (is_waiver_step(f)) {
    if (const auto id = detail::named_obligation(f)) {
      auto& list = waivers[id->number()];
      appended.try_emplace(&list, list.size());
      list.push_back(&f);
      mark_home_of(*id);
      verdict_inputs_changed = true;  // it may name a verdict
    }
  }
}

void incremental_evaluator::state::unfile(const fact& f, std::map<fact_list*, std::size_t>& appended) {
  if (const auto readers = readers_of.find(f.type); readers != readers_of.end()) {
    readers->second.for_each_candidate(f, [&](std::size_t i) {
      auto& r = evaluated[i];
      if (!detail::may_affect(*r.versions, f)) return;
      const auto shard = r.facts->links ? r.facts->links->shard_of(f) : r.facts->plan.shard_of(f);
      auto& list = r.facts->shards[shard][f.type];
      remove_from(list, &f);
      appended.insert_or_assign(&list, 0);
      r.dirty.insert(shard);
    });
  }
  if (is_waiver_step(f)) {
    if (const auto id = detail::named_obligation(f)) {
      auto& list = waivers[id->number()];
      remove_from(list, &f);
      appended.insert_or_assign(&list, 0);
      mark_home_of(*id);
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

  replace_results(previous.obligations, out, origin{rule_index, &slot->first});
  previous.changes_at = scope.changes_at;
  if (scope.changes_at != instant::max()) wake_ups.push({scope.changes_at, rule_index, shard});
}

void incremental_evaluator::state::mark_home_of(obligation_id id) {
  const auto* held = result.find(id.number());
  if (held == nullptr || !held->home) return;
  const auto [rule_index, shard] = *held->home;
  evaluated[rule_index].dirty.insert(*shard);
}

detail::waiver_steps incremental_evaluator::state::visible_waivers(std::span<const obligation> obligations,
                                                                   instant& next_visible) const {
  detail::waiver_steps steps;
  for (const auto& o : obligations) {
    const auto it = waivers.find(o.id.number());
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
  // Verdicts count the other rules' obligations as they stand after waivers and successors,
  // where they stand: copying them was a transient copy of every website column's
  // obligations at each batch that touched one (69 MB for 200,000 columns).
  std::vector<const obligation*> counted;
  for (const auto& r : evaluated) {
    if (!r.counted_by_verdict) continue;
    for (const auto& [shard, shard_result] : r.results)
      counted.insert(counted.end(), shard_result.obligations.begin(), shard_result.obligations.end());
  }
  std::vector<obligation> found;
  const auto context = this->context();
  for (const auto* versions : verdicts)
    detail::evaluate_verdict_rules(*versions, context, counted, found);
  verdict_waivers_at = instant::max();
  detail::apply_waivers(visible_waivers(found, verdict_waivers_at), zone(), false, found);
  replace_results(verdict_nodes, found, std::nullopt);
}

void incremental_evaluator::state::restamp_verdicts() {
  // Verdicts are as of now; with the same counts on the same day only their time moves.
  for (auto* o : verdict_nodes) {
    o->opened_at = o->due_at = now;
    if (o->met_at) o->met_at = timestamp::at(now);
  }
}

void incremental_evaluator::state::replace_results(std::vector<obligation*>& nodes, std::span<obligation> fresh,
                                                   const std::optional<origin>& from) {
  // A shard evaluated again mostly gives the same obligations in the same order: each is
  // assigned through the node it had, without looking it up. (Shards never meet in one
  // obligation, so a node is held by one shard only.)
  std::vector<obligation*> old = std::move(nodes);
  nodes.clear();
  nodes.reserve(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    auto& o = fresh[i];
    if (i < old.size() && old[i]->id == o.id) {
      *old[i] = std::move(o);
      nodes.push_back(old[i]);
      continue;
    }
    auto& held = result[o.id.number()];
    held.value = std::move(o);
    held.home = from;
    nodes.push_back(&held.value);
  }
  if (old.empty()) return;
  std::vector<const obligation*> kept{nodes.begin(), nodes.end()};
  std::sort(kept.begin(), kept.end());
  std::vector<const obligation*> gone;
  for (const auto* node : old) {
    if (!std::binary_search(kept.begin(), kept.end(), node)) gone.push_back(node);
  }
  erase_results(std::move(gone));
}

void incremental_evaluator::state::erase_results(std::vector<const obligation*> nodes) {
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  for (const auto* node : nodes) {
    result.erase(node->id.number());
  }
}

void incremental_evaluator::state::evaluate_everything() {
  ++whole_evaluations;
  result.clear();
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
  plan_capacity();
}

void incremental_evaluator::state::plan_capacity() {
  for (auto& r : evaluated) {
    r.facts->shards.reserve(2 * r.facts->shards.size());
    r.results.reserve(2 * r.results.size());
    if (r.facts->links) r.facts->links->reserve_for_growth();
  }
  waivers.reserve(2 * waivers.size());
  facts_at_last_plan = facts.size();
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
        // The new fact's instant once, not at every step of the search.
        const auto at_f = f->time.counting_instant(zone);
        const auto before_other = [&zone, at_f](const fact* fresh, const fact* other) {
          return detail::canonical_before(at_f, *fresh, other->time.counting_instant(zone), *other);
        };
        // Facts mostly come in time order: the end is the place to look first.
        if (i == 0 || !before_other(f, (*list)[static_cast<std::size_t>(i) - 1])) continue;
        const auto at = std::upper_bound(list->begin(), list->begin() + i, f, before_other);
        std::rotate(at, list->begin() + i, list->begin() + i + 1);
      }
      continue;
    }
    const auto middle = list->begin() + sorted;
    std::sort(middle, list->end(), before);
    // Only the old facts after the earliest new one take part: a merge from the front
    // would compare a long list (a rule holding all facts of a type) whole each batch.
    const auto first_moved = std::upper_bound(list->begin(), middle, *middle, before);
    std::inplace_merge(first_moved, middle, list->end(), before);
  }
  s.evaluate_dirty();
  // Verdicts are as of now: the clock alone re-evaluates them, new facts only through the
  // rules they count (or a waiver step, which may name one).
  if (s.verdict_inputs_changed) s.evaluate_verdicts();
  if (s.facts.size() > s.facts_at_last_plan + s.facts_at_last_plan / 4) s.plan_capacity();
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
  state_->result.for_each([&out](std::uint64_t, const held_obligation& held) { out.push_back(held.value); });
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

std::size_t incremental_evaluator::whole_evaluations() const {
  return state_->whole_evaluations;
}

}  // namespace deadlined::rules
