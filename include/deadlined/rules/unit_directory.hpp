#pragma once
// The units a district assigns duties to, their aliases and groups, and the successors that
// take over a unit's open obligations when a reorganisation (机构改革) ends it.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "deadlined/rules/civil_time.hpp"
#include "deadlined/rules/shared_text.hpp"
#include "deadlined/rules/text_hash.hpp"

namespace deadlined::rules {

struct unit {
  std::string name;  ///< full name as the seed writes it: 区财政局
  std::string kind;  ///< department, town, street, park, office — what groups select by
  std::vector<std::string> aliases;
  std::optional<civil_date> valid_from;
  std::optional<civil_date> valid_until;  ///< exclusive: the first day it no longer exists
  std::string successor;                  ///< full name of the unit that takes over
};

struct unit_group {
  std::string name;  ///< 各单位, 各镇街（园区）, 区直各部门 …
  bool all = false;
  std::vector<std::string> kinds;
  std::vector<std::string> units;
};

class unit_directory {
 public:
  unit_directory() = default;
  unit_directory(std::vector<unit> units, std::vector<unit_group> groups);

  const std::vector<unit>& units() const { return units_; }
  const std::vector<unit_group>& groups() const { return groups_; }

  /// The unit named by its full name or an alias; nullptr if unknown.
  const unit* find(std::string_view name_or_alias) const;
  const unit_group* find_group(std::string_view name) const;
  /// Members of a group that exist on `on`, in configuration order.
  std::vector<std::string> members(const unit_group& group, civil_date on) const;
  /// Whether `name` is one of `members(group, on)`, without listing them.
  bool is_member(const unit_group& group, std::string_view name, civil_date on) const;
  /// The unit that holds `name`'s duties on `on`: itself, or the successor of an ended unit.
  std::string holder(const std::string& name, civil_date on) const;
  /// `name` as one text shared by every obligation that names it, for a unit's full name;
  /// a text of its own for any other name.
  shared_text shared_name(std::string_view name) const;

 private:
  std::vector<unit> units_;
  std::vector<unit_group> groups_;
  // Positions in `units_`, the first unit of each name and alias: every obligation asks.
  using position_by_text = std::unordered_map<std::string, std::size_t, text_hash, std::equal_to<>>;
  position_by_text by_name_;
  position_by_text by_alias_;
  std::vector<shared_text> shared_names_;  // by position in `units_`
};

}  // namespace deadlined::rules
