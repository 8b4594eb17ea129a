#pragma once
// Internal: finds, for one obligation, the facts of a type that belong to it (follow-ups,
// extensions, pauses) through indexes by attribute value, link and title reference.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules::detail {

/// A trigger's title as title references are matched against it.
struct titled_document {
  const fact* trigger;
  std::string key;  ///< document_title_key of its title
};

class correlated_facts {
 public:
  /// `candidates` earliest first; `documents` every trigger of the rule, for title references.
  correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                   const std::vector<titled_document>& documents, const zone_offsets& zone);

  /// Facts tied to `trigger` (or any of `repeats`) by one of `methods`, earliest first.
  std::vector<const fact*> of(const fact& trigger, const std::vector<const fact*>& repeats,
                              const std::vector<correlation>& methods) const;

 private:
  std::map<std::pair<std::string, std::string>, std::vector<const fact*>> by_attribute_;  // (name, value)
  std::map<std::string, std::vector<const fact*>> by_link_;
  std::map<const fact*, std::vector<const fact*>> by_document_;  // title reference → chosen trigger
  std::map<const fact*, std::size_t> order_;
};

}  // namespace deadlined::rules::detail
