#include "deadlined/rules/unit_directory.hpp"

#include <algorithm>

namespace deadlined::rules {

unit_directory::unit_directory(std::vector<unit> units, std::vector<unit_group> groups)
    : units_(std::move(units)), groups_(std::move(groups)) {
  shared_names_.reserve(units_.size());
  for (std::size_t i = 0; i < units_.size(); ++i) {
    shared_names_.emplace_back(units_[i].name);
    by_name_.emplace(units_[i].name, i);
    for (const auto& alias : units_[i].aliases)
      by_alias_.emplace(alias, i);
  }
}

shared_text unit_directory::shared_name(std::string_view name) const {
  if (const auto it = by_name_.find(name); it != by_name_.end()) return shared_names_[it->second];
  return shared_text{std::string{name}};
}

const unit* unit_directory::find(std::string_view name_or_alias) const {
  // A full name before an alias, as the office writes them.
  if (const auto it = by_name_.find(name_or_alias); it != by_name_.end()) return &units_[it->second];
  if (const auto it = by_alias_.find(name_or_alias); it != by_alias_.end()) return &units_[it->second];
  return nullptr;
}

const unit_group* unit_directory::find_group(std::string_view name) const {
  for (const auto& g : groups_) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

namespace {

bool member_on(const unit_group& group, const unit& u, civil_date on) {
  if (u.valid_from && on < *u.valid_from) return false;
  if (u.valid_until && on >= *u.valid_until) return false;
  return group.all || std::find(group.kinds.begin(), group.kinds.end(), u.kind) != group.kinds.end() ||
         std::find(group.units.begin(), group.units.end(), u.name) != group.units.end();
}

}  // namespace

std::vector<std::string> unit_directory::members(const unit_group& group, civil_date on) const {
  std::vector<std::string> out;
  for (const auto& u : units_) {
    if (member_on(group, u, on)) out.push_back(u.name);
  }
  return out;
}

bool unit_directory::is_member(const unit_group& group, std::string_view name, civil_date on) const {
  // By full name only, as `members` lists them.
  const auto it = by_name_.find(name);
  return it != by_name_.end() && member_on(group, units_[it->second], on);
}

std::string unit_directory::holder(const std::string& name, civil_date on) const {
  std::string current = name;
  // Follow successors; a chain longer than the number of units would be a cycle.
  for (std::size_t hops = 0; hops <= units_.size(); ++hops) {
    const unit* u = find(current);
    if (u == nullptr || !u->valid_until || on < *u->valid_until || u->successor.empty()) return current;
    current = u->successor;
  }
  return current;
}

}  // namespace deadlined::rules
