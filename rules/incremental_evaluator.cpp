#include "deadlined/rules/incremental_evaluator.hpp"

#include <algorithm>
#include <set>

#include "fact_index.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules {

struct incremental_evaluator::state {
  const rule_set& rules;
  const working_calendar& calendar;
  const unit_directory& units;
  instant now;
  std::chrono::minutes reminder_time_of_day;
  std::map<std::string, detail::rule_versions> by_id;
  std::map<std::string, std::vector<std::string>> types_of_rule;
  std::map<std::string, std::vector<std::string>, std::less<>> rules_reading_type;
  std::map<std::string, detail::fact_list, std::less<>> all_by_type;  // every fact, canonical order
  std::map<std::string, std::vector<obligation>> by_rule;             // before waivers and verdicts

  evaluation_context context() const { return {rules, calendar, units, now, reminder_time_of_day}; }
};

incremental_evaluator::incremental_evaluator(const rule_set& rules, const working_calendar& calendar,
                                             const unit_directory& units, instant now,
                                             std::chrono::minutes reminder_time_of_day)
    : state_(std::make_unique<state>(state{rules, calendar, units, now, reminder_time_of_day, {}, {}, {}, {}, {}})) {
  state_->by_id = detail::rules_by_id(rules);
  std::vector<std::string> all;
  for (const auto& [id, versions] : state_->by_id) {
    all.push_back(id);
    state_->types_of_rule[id] = detail::types_read_by(versions);
    for (const auto& type : state_->types_of_rule[id])
      state_->rules_reading_type[type].push_back(id);
  }
  reevaluate(all);
  finish();
}

incremental_evaluator::~incremental_evaluator() = default;

void incremental_evaluator::add_facts(std::span<const fact> facts) {
  const auto& zone = state_->calendar.zone();
  std::set<std::string> touched_types;
  for (const auto& f : facts) {
    auto& slot = facts_[f.id];
    if (slot) {
      // A revision: take the old version out of its type's list (its type may change).
      auto& old_list = state_->all_by_type[slot->type];
      old_list.erase(std::remove(old_list.begin(), old_list.end(), slot.get()), old_list.end());
      touched_types.insert(slot->type);
      *slot = f;
    } else {
      slot = std::make_unique<fact>(f);
    }
    auto& list = state_->all_by_type[f.type];
    const auto at = std::upper_bound(list.begin(), list.end(), slot.get(), [&zone](const fact* a, const fact* b) {
      return detail::canonical_before(a, b, zone);
    });
    list.insert(at, slot.get());
    touched_types.insert(f.type);
  }
  std::set<std::string> rules;
  for (const auto& type : touched_types) {
    const auto it = state_->rules_reading_type.find(type);
    if (it != state_->rules_reading_type.end()) rules.insert(it->second.begin(), it->second.end());
  }
  reevaluate({rules.begin(), rules.end()});
  finish();
}

void incremental_evaluator::set_now(instant now) {
  if (now == state_->now) return;
  state_->now = now;
  // Every obligation can change when time moves: pending becomes overdue, facts come into view.
  std::vector<std::string> all;
  for (const auto& [id, versions] : state_->by_id)
    all.push_back(id);
  reevaluate(all);
  finish();
}

void incremental_evaluator::reevaluate(const std::vector<std::string>& rule_ids) {
  const auto context = state_->context();
  for (const auto& id : rule_ids) {
    const auto& versions = state_->by_id.at(id);
    const detail::fact_index index{state_->all_by_type, state_->types_of_rule.at(id), state_->now,
                                   state_->calendar.zone()};
    std::vector<obligation> out;
    detail::evaluate_rule(versions, index, context, out);
    state_->by_rule[id] = std::move(out);
  }
}

void incremental_evaluator::finish() {
  std::vector<obligation> all;
  for (const auto& [id, list] : state_->by_rule)
    all.insert(all.end(), list.begin(), list.end());
  const detail::fact_index waivers{state_->all_by_type, detail::waiver_types(), state_->now, state_->calendar.zone()};
  result_ = detail::finish_evaluation(std::move(all), state_->by_id, waivers, state_->context());
}

}  // namespace deadlined::rules
