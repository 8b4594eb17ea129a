#pragma once
// Internal: a map from 64-bit keys spread evenly over their range (hashes, such as obligation
// ids) to values, iterated in key order. The key's top bits pick one of 4,096 small trees:
// a look-up walks a tree of a few dozen nodes instead of one holding the whole table, and,
// unlike a hash table, nothing is ever rehashed in one go as the map grows. Nodes stay put.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace deadlined::rules::detail {

template <class Value>
class spread_key_map {
 public:
  spread_key_map() : parts_(std::size_t{1} << part_bits) {}

  /// The value under `key`, made when there was none.
  Value& operator[](std::uint64_t key) {
    const auto [it, made] = part(key).try_emplace(key);
    size_ += made ? 1 : 0;
    return it->second;
  }
  Value* find(std::uint64_t key) {
    auto& p = part(key);
    const auto it = p.find(key);
    return it == p.end() ? nullptr : &it->second;
  }
  void erase(std::uint64_t key) { size_ -= part(key).erase(key); }
  void clear() {
    for (auto& p : parts_)
      p.clear();
    size_ = 0;
  }
  std::size_t size() const { return size_; }

  /// Calls `visit(key, value)` for every entry, in key order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const auto& p : parts_) {
      for (const auto& [key, value] : p)
        visit(key, value);
    }
  }

 private:
  static constexpr int part_bits = 12;
  std::map<std::uint64_t, Value>& part(std::uint64_t key) { return parts_[key >> (64 - part_bits)]; }

  std::vector<std::map<std::uint64_t, Value>> parts_;
  std::size_t size_ = 0;
};

}  // namespace deadlined::rules::detail
