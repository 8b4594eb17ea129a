#pragma once
// Evaluation kept warm. Each rule's facts are split into shards that never meet in one
// obligation (a request id, a unit, a column); new facts re-evaluate only the shards they
// fall in, a moving clock only the shards with something due by then, and a new day
// everything. The result is always what a full `evaluate` gives.

#include <memory>
#include <span>
#include <string>
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
  /// The same, taking the facts over instead of copying them.
  void add_facts(std::vector<fact>&& facts);
  /// Moves the clock.
  void set_now(instant now);

  /// Every obligation, sorted by id: equal to `evaluate(all facts, context at now)`.
  std::vector<obligation> obligations() const;
  std::size_t obligation_count() const;
  std::size_t fact_count() const;
  instant now() const;
  /// Shards evaluated since the evaluator was made (what the warm state saves).
  std::size_t shard_evaluations() const;
  /// Times every shard was evaluated at once (each new day).
  std::size_t whole_evaluations() const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace deadlined::rules
