#pragma once
// Facts grouped by type and in a canonical order (time, then id), so evaluation does not
// depend on the order facts arrive in; only facts at or before `now` are visible.

#include <list>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"

namespace deadlined::rules::detail {

/// Facts of one type in canonical order.
using fact_list = std::vector<const fact*>;

/// The canonical order: by counting instant, then id.
bool canonical_before(const fact* a, const fact* b, const zone_offsets& zone);
/// The same, for facts whose counting instants are already known (sorts and searches that
/// count each fact's instant once).
inline bool canonical_before(instant at_a, const fact& a, instant at_b, const fact& b) {
  return at_a != at_b ? at_a < at_b : a.id < b.id;
}
/// Whether a fact has happened by `now` (a date-only fact: its date is not after today).
bool visible_at(const fact& f, instant now, const zone_offsets& zone);

class fact_index {
 public:
  /// Indexes every fact of `facts` visible at `now`.
  fact_index(std::span<const fact> facts, instant now, const zone_offsets& zone);
  /// Takes the visible facts of `types` from lists already in canonical order.
  fact_index(const std::map<std::string, fact_list, std::less<>>& all_by_type, const std::vector<std::string>& types,
             instant now, const zone_offsets& zone);

  fact_index(const fact_index&) = delete;  // it may point into itself
  fact_index& operator=(const fact_index&) = delete;

  /// Facts of `type` at or before now, earliest first.
  const fact_list& of_type(std::string_view type) const;
  /// Those of them whose `label` (a field or attribute) is `value`: an index built on first
  /// use, for the many rules selecting one value (60 evidence rules, one task each).
  const fact_list& of_type_where(std::string_view type, const std::string& label, const std::string& value) const;
  /// When the earliest fact left out for being later than now (one with a time of day)
  /// comes into view; max when none. Date-only facts come into view at a change of date.
  instant next_visible() const { return next_visible_; }

 private:
  /// Lists borrowed from the caller when every fact in them is visible, else kept here.
  /// Keyed by views of the facts' (or the caller's) type names, which outlive the index.
  std::map<std::string_view, const fact_list*> by_type_;
  std::list<fact_list> owned_;  // a list: nothing allocated while nothing is owned
  /// (type, label) → value → facts; filled by the const look-up above, one evaluation's own.
  mutable std::map<std::pair<std::string, std::string>, std::map<std::string, fact_list, std::less<>>> by_label_;
  fact_list none_;
  instant next_visible_ = instant::max();
};

}  // namespace deadlined::rules::detail
