#pragma once
// A short list of instants — an obligation's reminder times. Most obligations have one
// reminder: it is kept in place, and only longer lists take a heap block (a vector of one
// took 24 bytes in place and a 32-byte block, in each of a city's 300,000 obligations).

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "deadlined/rules/civil_time.hpp"

namespace deadlined::rules {

class instant_list {
 public:
  using value_type = instant;
  using iterator = instant*;
  using const_iterator = const instant*;

  instant_list() = default;
  instant_list(std::initializer_list<instant> items);
  instant_list(const instant_list& other);
  instant_list(instant_list&& other) noexcept;
  instant_list& operator=(const instant_list& other);
  instant_list& operator=(instant_list&& other) noexcept;
  ~instant_list();

  void push_back(instant at);
  /// Drops [from, to), as a vector's erase.
  void erase(const_iterator from, const_iterator to);
  void clear();

  instant* begin() { return data(); }
  instant* end() { return data() + size_; }
  const instant* begin() const { return data(); }
  const instant* end() const { return data() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  instant operator[](std::size_t i) const { return data()[i]; }
  /// The `i`th instant; std::out_of_range past the end.
  instant at(std::size_t i) const;

  friend bool operator==(const instant_list& a, const instant_list& b);

 private:
  bool in_place() const { return capacity_ == 0; }
  instant* data() { return in_place() ? &storage_.one : storage_.many; }
  const instant* data() const { return in_place() ? &storage_.one : storage_.many; }

  union storage {
    storage() : one{} {}
    instant one;    // while capacity_ is 0: at most one instant, here
    instant* many;  // otherwise: a block of capacity_ instants
  } storage_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

}  // namespace deadlined::rules
