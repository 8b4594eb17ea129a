#pragma once
// A fact's attributes: a handful of name/value pairs (a document's title, url, category,
// document_id), kept in one vector sorted by name. Read by every rule at every fact, they
// were a std::map: a node of 100 bytes per attribute and a tree walk of string compares
// per lookup, a fifth of a full evaluation's time. Iteration order is the map's (by name,
// bytewise), so stored facts and their content hashes read as before.

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::rules {

class attribute_map {
 public:
  using value_type = std::pair<std::string, std::string>;
  /// Entries are read-only through iterators, as a map's names are: renaming one in place
  /// would break the order lookups rely on. Values change through `operator[]` and `at`.
  using const_iterator = std::vector<value_type>::const_iterator;

  attribute_map() = default;
  /// As a map: of names given twice, the first value counts.
  attribute_map(std::initializer_list<value_type> entries) : attribute_map(entries.begin(), entries.end()) {}
  template <std::input_iterator It>
  attribute_map(It first, It last) {
    for (; first != last; ++first)
      emplace(std::string{first->first}, std::string{first->second});
  }

  /// The value of `name`, added empty when absent.
  std::string& operator[](std::string_view name);
  /// The value of `name`; std::out_of_range when absent.
  const std::string& at(std::string_view name) const;
  std::string& at(std::string_view name);

  const_iterator find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != end(); }
  /// Adds `name` unless present; the entry and whether it was added.
  std::pair<const_iterator, bool> emplace(std::string name, std::string value);
  /// How many were erased: 0 or 1.
  std::size_t erase(std::string_view name);

  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  /// Asks the processor to fetch the entries into the cache ahead of a read.
  void prefetch() const {
    const auto* at = reinterpret_cast<const char*>(entries_.data());
    for (std::size_t i = 0; i < entries_.size(); ++i)
      __builtin_prefetch(at + i * sizeof(value_type));
  }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  /// Room for `n` entries: a reader that knows the count allocates once, not once per doubling.
  void reserve(std::size_t n) { entries_.reserve(n); }

  friend bool operator==(const attribute_map&, const attribute_map&) = default;

 private:
  /// Where `name` is or would go.
  std::vector<value_type>::iterator place_of(std::string_view name);

  std::vector<value_type> entries_;
};

}  // namespace deadlined::rules
