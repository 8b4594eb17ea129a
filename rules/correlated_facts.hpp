#pragma once
// Internal: finds, for one obligation, the facts of a type that belong to it (follow-ups,
// extensions, pauses) through indexes by attribute value, link and title reference.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules::detail {

/// The triggers of a rule by title, for title references: keys reversed and sorted, so that
/// "which documents end with this quoted title" is a range lookup, not a scan.
class title_index {
 public:
  /// `triggers` earliest first.
  explicit title_index(const std::vector<const fact*>& triggers);

  /// The document a follow-up's quoted titles name: of those whose title ends with a
  /// quoted title, the latest one not after the follow-up; failing that, the earliest one.
  const fact* referenced_document(const fact& follow_up, const zone_offsets& zone) const;

 private:
  struct entry {
    std::string reversed_key;
    std::size_t order;  ///< position among the triggers, earliest first
    const fact* trigger;
  };
  std::vector<entry> entries_;
};

class correlated_facts {
 public:
  /// `candidates` earliest first, kept by reference (they outlive the index); `titles`
  /// indexes the rule's triggers for title references.
  correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                   const title_index& titles, const zone_offsets& zone);

  /// Facts tied to `trigger` (or any of `repeats`) by one of `methods`, earliest first.
  std::vector<const fact*> of(const fact& trigger, const std::vector<const fact*>& repeats,
                              const std::vector<correlation>& methods) const;

 private:
  // Candidates are kept as positions in `candidates_`: sorting positions puts the facts
  // tied to an obligation in canonical order without a table of each fact's rank.
  using positions = std::vector<std::uint32_t>;
  const std::vector<const fact*>* candidates_;
  /// Per correlating attribute, its values (views into the candidates) → candidates.
  std::vector<std::pair<std::string, std::unordered_map<std::string_view, positions>>> by_attribute_;
  std::unordered_map<std::string, positions> by_link_;
  std::unordered_map<const fact*, positions> by_document_;  // title reference → chosen trigger
};

}  // namespace deadlined::rules::detail
