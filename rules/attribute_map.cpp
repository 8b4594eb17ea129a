#include "deadlined/rules/attribute_map.hpp"

#include <algorithm>
#include <stdexcept>

namespace deadlined::rules {

namespace {

/// Up to this many entries a scan; beyond, a binary search (a submitted record may carry
/// thousands of attributes, read by every rule).
constexpr std::size_t longest_scan = 16;

bool name_before(const attribute_map::value_type& entry, std::string_view name) {
  return std::string_view{entry.first} < name;
}

}  // namespace

attribute_map::const_iterator attribute_map::find(std::string_view name) const {
  if (entries_.size() > longest_scan) {
    const auto at = std::lower_bound(entries_.begin(), entries_.end(), name, name_before);
    return at != entries_.end() && at->first == name ? at : entries_.end();
  }
  // A fact has a few attributes: comparing lengths first skips most of them without
  // touching their text, and a scan beats a binary search at this size.
  return std::find_if(entries_.begin(), entries_.end(), [name](const value_type& entry) {
    return entry.first.size() == name.size() && std::string_view{entry.first} == name;
  });
}

std::vector<attribute_map::value_type>::iterator attribute_map::place_of(std::string_view name) {
  return std::lower_bound(entries_.begin(), entries_.end(), name, name_before);
}

std::pair<attribute_map::const_iterator, bool> attribute_map::emplace(std::string name, std::string value) {
  const auto at = place_of(name);
  if (at != entries_.end() && at->first == name) return {at, false};
  return {entries_.emplace(at, std::move(name), std::move(value)), true};
}

std::string& attribute_map::operator[](std::string_view name) {
  const auto at = place_of(name);
  if (at != entries_.end() && at->first == name) return at->second;
  return entries_.emplace(at, std::string{name}, std::string{})->second;
}

const std::string& attribute_map::at(std::string_view name) const {
  const auto it = find(name);
  if (it == end()) throw std::out_of_range("fact attribute " + std::string{name} + " is absent");
  return it->second;
}

std::string& attribute_map::at(std::string_view name) {
  return const_cast<std::string&>(std::as_const(*this).at(name));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

std::size_t attribute_map::erase(std::string_view name) {
  const auto it = find(name);
  if (it == entries_.end()) return 0;
  entries_.erase(it);
  return 1;
}

}  // namespace deadlined::rules
