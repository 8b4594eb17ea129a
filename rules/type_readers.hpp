#pragma once
// Internal: the rules that read one fact type, found for a fact without testing every one.
// Rules whose selectors of the type all ask one attribute for one value — a recurring rule
// for one plan task's evidence (sixty of them read `evidence.submitted`) — are looked up by
// the fact's value; the others are all candidates.

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "deadlined/rules/text_hash.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

class type_readers {
 public:
  /// Rule `rule_index` (its `versions`) reads facts of `type`.
  void add(std::size_t rule_index, const rule_versions& versions, const std::string& type);

  /// Calls `visit(rule_index)` for every rule `f` may change: a superset, `may_affect`
  /// still decides.
  template <class Visit>
  void for_each_candidate(const fact& f, Visit&& visit) const {
    for (const auto i : any_value_)
      visit(i);
    for (const auto& [attribute, rules] : by_value_) {
      const auto found = rules.find(f.label(attribute));
      if (found == rules.end()) continue;
      for (const auto i : found->second)
        visit(i);
    }
  }

 private:
  std::vector<std::size_t> any_value_;
  /// attribute → value → rules selecting only facts with that value
  using rules_by_value = std::unordered_map<std::string, std::vector<std::size_t>, text_hash, std::equal_to<>>;
  std::vector<std::pair<std::string, rules_by_value>> by_value_;
};

}  // namespace deadlined::rules::detail
