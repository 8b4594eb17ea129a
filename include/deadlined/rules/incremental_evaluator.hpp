#pragma once
// Evaluation kept warm: new facts re-evaluate only the rules that read their types, a new
// `now` re-evaluates the rest, and the result is always what a full `evaluate` gives.

#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "deadlined/rules/evaluation.hpp"

namespace deadlined::rules {

class incremental_evaluator {
 public:
  /// The rules, calendar and units must outlive the evaluator (they are a config snapshot).
  incremental_evaluator(const rule_set& rules, const working_calendar& calendar, const unit_directory& units,
                        instant now, std::chrono::minutes reminder_time_of_day = std::chrono::minutes{8 * 60 + 30});
  ~incremental_evaluator();
  incremental_evaluator(const incremental_evaluator&) = delete;
  incremental_evaluator& operator=(const incremental_evaluator&) = delete;

  /// Adds facts; a fact whose id is known replaces the earlier one (a revision).
  void add_facts(std::span<const fact> facts);
  /// Moves the clock.
  void set_now(instant now);

  /// Every obligation, sorted by id: equal to `evaluate(all facts, context at now)`.
  const std::vector<obligation>& obligations() const { return result_; }
  std::size_t fact_count() const { return facts_.size(); }

 private:
  void reevaluate(const std::vector<std::string>& rule_ids);
  void finish();

  struct state;
  std::unique_ptr<state> state_;
  std::unordered_map<std::string, std::unique_ptr<fact>> facts_;
  std::vector<obligation> result_;
};

}  // namespace deadlined::rules
