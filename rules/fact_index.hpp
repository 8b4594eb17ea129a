#pragma once
// Facts grouped by type and in a canonical order (time, then id), so evaluation does not
// depend on the order facts arrive in.

#include <map>
#include <span>
#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"

namespace deadlined::rules::detail {

class fact_index {
 public:
  fact_index(std::span<const fact> facts, instant now, const zone_offsets& zone);

  /// Facts of `type` at or before now, earliest first.
  const std::vector<const fact*>& of_type(std::string_view type) const;
  const fact* by_id(std::string_view id) const;

 private:
  std::map<std::string, std::vector<const fact*>, std::less<>> by_type_;
  std::map<std::string, const fact*, std::less<>> by_id_;
  std::vector<const fact*> none_;
};

}  // namespace deadlined::rules::detail
