#include "deadlined/rules/incremental_evaluator.hpp"

#include <algorithm>
#include <queue>
#include <set>
#include <unordered_set>

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

/// The facts of the types some rules read, split by those rules' shard plan. Rules whose
/// plans split alike share one.
struct partition {
  explicit partition(shard_plan how) : plan(std::move(how)) {
    if (plan.how() == shard_plan::by::linked) links = std::make_unique<detail::linked_shards>(plan.correlate());
  }
  shard_plan plan;
  std::unique_ptr<detail::linked_shards> links;  ///< for linked plans: which fact is in which shard
  std::set<std::string, std::less<>> types;
  /// The rules (indexes into the evaluator's list) reading each type through this partition.
  std::map<std::string, std::vector<std::size_t>, std::less<>> readers;
  std::unordered_map<std::string, facts_by_type> shards;
};

/// What one shard of one rule gave at its last evaluation.
struct shard_result {
  std::vector<std::string> obligation_ids;
  instant changes_at = instant::max();
};

struct rule_state {
  std::string id;
  const rule_versions* versions;
  partition* facts;
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
  std::vector<std::unique_ptr<partition>> partitions;
  std::vector<rule_state> evaluated;           // every rule but verdicts
  std::vector<const rule_versions*> verdicts;  // evaluated last, over the others' results
  std::unordered_map<std::string, std::unique_ptr<fact>> facts;
  /// Waiver steps by the obligation they name, canonical order (including facts after now).
  std::unordered_map<std::string, fact_list> waivers;

  std::map<std::string, obligation> result;  // by id
  /// Where each obligation comes from: (rule index, shard); verdicts are not listed.
  std::unordered_map<std::string, std::pair<std::size_t, std::string>> home;
  std::vector<std::string> verdict_ids;
  std::priority_queue<wake_up, std::vector<wake_up>, std::greater<>> wake_ups;
  std::size_t shard_evaluations = 0;
  const facts_by_type no_facts;

  evaluation_context context() const { return {rules, calendar, units, now, reminder_time_of_day}; }
  const zone_offsets& zone() const { return calendar.zone(); }

  void build();
  partition& partition_for(const shard_plan& plan);
  /// Files `f` at the end of its lists in every partition reading its type (recording each
  /// list's length before the batch in `appended`) and marks the shards it may change.
  void file(const fact& f, std::map<fact_list*, std::size_t>& appended);
  /// Takes `f` out of its lists (which then need a full sort) and marks its shards.
  void unfile(const fact& f, std::map<fact_list*, std::size_t>& appended);
  void mark(const fact& f, const partition& part, const std::string& shard);
  /// A linked shard merged into another: its facts move over, its obligations go, and the
  /// merged shard is evaluated again.
  void absorb(partition& part, const std::string& gone, const std::string& into,
              std::map<fact_list*, std::size_t>& appended);
  void drop_results(std::size_t rule_index, const std::string& shard);
  void evaluate_shard(std::size_t rule_index, const std::string& shard);
  void evaluate_dirty();
  void evaluate_verdicts();
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
    auto& part = partition_for(plan);
    rule_state r{id, &versions, &part, detail::types_read_by(versions), {}, counted.contains(id), {}, {}};
    part.types.insert(r.types.begin(), r.types.end());
    for (const auto& type : r.types)
      part.readers[type].push_back(evaluated.size());
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

partition& incremental_evaluator::state::partition_for(const shard_plan& plan) {
  for (auto& p : partitions) {
    if (p->plan.name() == plan.name()) return *p;
  }
  return *partitions.emplace_back(std::make_unique<partition>(plan));
}

void incremental_evaluator::state::mark(const fact& f, const partition& part, const std::string& shard) {
  const auto readers = part.readers.find(f.type);
  if (readers == part.readers.end()) return;
  for (const auto i : readers->second) {
    if (detail::may_affect(*evaluated[i].versions, f)) evaluated[i].dirty.insert(shard);
  }
}

void incremental_evaluator::state::drop_results(std::size_t rule_index, const std::string& shard) {
  auto& results = evaluated[rule_index].results;
  const auto it = results.find(shard);
  if (it == results.end()) return;
  for (const auto& id : it->second.obligation_ids) {
    result.erase(id);
    home.erase(id);
  }
  results.erase(it);
}

void incremental_evaluator::state::absorb(partition& part, const std::string& gone, const std::string& into,
                                          std::map<fact_list*, std::size_t>& appended) {
  if (const auto node = part.shards.find(gone); node != part.shards.end()) {
    auto& target = part.shards[into];
    for (auto& [type, list] : node->second) {
      appended.erase(&list);
      auto& into_list = target[type];
      appended.try_emplace(&into_list, into_list.size());
      into_list.insert(into_list.end(), list.begin(), list.end());
    }
    part.shards.erase(node);
  }
  for (std::size_t i = 0; i < evaluated.size(); ++i) {
    if (evaluated[i].facts != &part) continue;
    drop_results(i, gone);
    evaluated[i].dirty.erase(gone);
    evaluated[i].dirty.insert(into);
  }
}

void incremental_evaluator::state::file(const fact& f, std::map<fact_list*, std::size_t>& appended) {
  for (auto& part : partitions) {
    if (!part->types.contains(f.type)) continue;
    std::string shard;
    if (part->links) {
      auto placed = part->links->place(f);
      for (const auto& gone : placed.absorbed)
        absorb(*part, gone, placed.shard, appended);
      shard = std::move(placed.shard);
    } else {
      shard = part->plan.shard_of(f);
    }
    auto& list = part->shards[shard][f.type];
    appended.try_emplace(&list, list.size());
    list.push_back(&f);
    mark(f, *part, shard);
  }
  if (f.type == waiver_requested_type || f.type == waiver_approved_type || f.type == waiver_declined_type) {
    if (const auto* id = f.attr("obligation")) {
      auto& list = waivers[*id];
      appended.try_emplace(&list, list.size());
      list.push_back(&f);
      if (const auto it = home.find(*id); it != home.end()) evaluated[it->second.first].dirty.insert(it->second.second);
    }
  }
}

void incremental_evaluator::state::unfile(const fact& f, std::map<fact_list*, std::size_t>& appended) {
  for (auto& part : partitions) {
    if (!part->types.contains(f.type)) continue;
    const auto shard = part->links ? part->links->shard_of(f) : part->plan.shard_of(f);
    auto& list = part->shards[shard][f.type];
    remove_from(list, &f);
    appended.insert_or_assign(&list, 0);
    mark(f, *part, shard);
  }
  if (f.type == waiver_requested_type || f.type == waiver_approved_type || f.type == waiver_declined_type) {
    if (const auto* id = f.attr("obligation")) {
      auto& list = waivers[*id];
      remove_from(list, &f);
      appended.insert_or_assign(&list, 0);
      if (const auto it = home.find(*id); it != home.end()) evaluated[it->second.first].dirty.insert(it->second.second);
    }
  }
}

void incremental_evaluator::state::evaluate_shard(std::size_t rule_index, const std::string& shard) {
  auto& r = evaluated[rule_index];
  ++shard_evaluations;
  drop_results(rule_index, shard);
  auto& previous = r.results[shard];

  const auto found = r.facts->shards.find(shard);
  const auto& shard_facts = found == r.facts->shards.end() ? no_facts : found->second;
  const detail::fact_index index{shard_facts, r.types, now, zone()};
  detail::evaluation_scope scope;
  if (r.versions->front()->kind == rule_kind::recurring) scope.only_unit = shard;
  scope.holds_until(index.next_visible(), now);
  const auto context = this->context();
  std::vector<obligation> out;
  detail::evaluate_rule(*r.versions, index, context, out, scope);

  detail::waiver_steps steps;
  for (const auto& o : out) {
    const auto it = waivers.find(o.id);
    if (it == waivers.end()) continue;
    for (const fact* f : it->second) {
      if (detail::visible_at(*f, now, zone())) {
        steps[o.id].push_back(f);
      } else if (!f->time.is_date_only()) {
        scope.holds_until(f->time.counting_instant(zone()), now);
      }
    }
  }
  detail::apply_waivers(steps, zone(), false, out);
  detail::move_to_successors(context, out);

  for (auto& o : out) {
    previous.obligation_ids.push_back(o.id);
    home.insert_or_assign(o.id, std::pair{rule_index, shard});
    auto id = o.id;
    result.insert_or_assign(std::move(id), std::move(o));
  }
  previous.changes_at = scope.changes_at;
  if (scope.changes_at != instant::max()) wake_ups.push({scope.changes_at, rule_index, shard});
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
  if (verdicts.empty()) return;
  for (const auto& id : verdict_ids)
    result.erase(id);
  verdict_ids.clear();
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
  detail::waiver_steps steps;
  for (const auto& o : found) {
    if (const auto it = waivers.find(o.id); it != waivers.end()) {
      for (const fact* f : it->second) {
        if (detail::visible_at(*f, now, zone())) steps[o.id].push_back(f);
      }
    }
  }
  detail::apply_waivers(steps, zone(), false, found);
  for (auto& o : found) {
    verdict_ids.push_back(o.id);
    auto id = o.id;
    result.insert_or_assign(std::move(id), std::move(o));
  }
}

void incremental_evaluator::state::evaluate_everything() {
  result.clear();
  home.clear();
  verdict_ids.clear();
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
  auto& s = *state_;
  const auto& zone = s.zone();
  std::map<fact_list*, std::size_t> appended;  // list → its length before this batch
  for (const auto& f : facts) {
    auto& slot = s.facts[f.id];
    if (slot) {
      // A revision: its old version leaves its shards (its type or key may change).
      s.unfile(*slot, appended);
      *slot = f;
    } else {
      slot = std::make_unique<fact>(f);
    }
    s.file(*slot, appended);
  }
  // Each list got its new facts at the end: sort those and merge them in.
  const auto before = [&zone](const fact* a, const fact* b) { return detail::canonical_before(a, b, zone); };
  for (auto& [list, old_size] : appended) {
    const auto middle = list->begin() + static_cast<std::ptrdiff_t>(std::min(old_size, list->size()));
    std::sort(middle, list->end(), before);
    std::inplace_merge(list->begin(), middle, list->end(), before);
  }
  s.evaluate_dirty();
  s.evaluate_verdicts();
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
  s.evaluate_verdicts();
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
