#pragma once
// Internal: how one rule's evaluation splits into shards — sets of facts that never meet in
// one obligation — so that new facts re-evaluate only the shards they fall in.

#include <set>
#include <string>
#include <vector>

#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

class shard_plan {
 public:
  enum class by {
    whole,         ///< one shard: obligations draw on facts across keys (links, titles, several attributes)
    correlation,   ///< the correlation key: deadline rules by one attribute, violation rules
    unit,          ///< the fact's unit: recurring rules, freshness per unit
    source,        ///< the fact's source: freshness per source (column)
    probe_source,  ///< the probed source: availability
    linked,        ///< facts joined by links, titles or several attributes (see linked_shards)
  };

  explicit shard_plan(const rule_versions& versions);

  by how() const { return how_; }
  /// The shard `f` belongs to (not for `linked`: its shards grow with the facts).
  std::string shard_of(const fact& f) const;
  /// The correlation a `linked` plan joins facts by.
  const std::vector<correlation>& correlate() const { return correlate_; }
  /// The types whose facts open obligations (documents), and those read as related to
  /// them (interpretations, pauses, extensions …), over every version.
  const std::set<std::string, std::less<>>& trigger_types() const { return trigger_types_; }
  const std::set<std::string, std::less<>>& related_types() const { return related_types_; }

 private:
  by how_ = by::whole;
  std::vector<correlation> correlate_;
  std::set<std::string, std::less<>> trigger_types_;
  std::set<std::string, std::less<>> related_types_;
};

/// Whether `f` can change what `versions` give: a fact of a type the rule reads that none
/// of its selectors takes (a recurring rule for another task) cannot.
bool may_affect(const rule_versions& versions, const fact& f);

}  // namespace deadlined::rules::detail
