#include "deadlined/rules/instant_list.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace deadlined::rules {

instant_list::instant_list(std::initializer_list<instant> items) {
  for (const auto at : items)
    push_back(at);
}

instant_list::instant_list(const instant_list& other) {
  for (const auto at : other)
    push_back(at);
}

instant_list::instant_list(instant_list&& other) noexcept
    : storage_(other.storage_), size_(other.size_), capacity_(other.capacity_) {
  other.storage_.one = {};
  other.size_ = 0;
  other.capacity_ = 0;
}

instant_list& instant_list::operator=(const instant_list& other) {
  if (this != &other) *this = instant_list{other};
  return *this;
}

instant_list& instant_list::operator=(instant_list&& other) noexcept {
  if (this == &other) return *this;
  if (!in_place()) delete[] storage_.many;
  storage_ = other.storage_;
  size_ = other.size_;
  capacity_ = other.capacity_;
  other.storage_.one = {};
  other.size_ = 0;
  other.capacity_ = 0;
  return *this;
}

instant_list::~instant_list() {
  if (!in_place()) delete[] storage_.many;
}

void instant_list::push_back(instant at) {
  const std::size_t room = in_place() ? 1 : capacity_;
  if (size_ < room) {
    data()[size_++] = at;
    return;
  }
  const std::uint32_t grown = size_ < 2 ? 2 : 2 * size_;
  if (grown <= size_) throw std::length_error("instant_list: too many instants");
  auto* block = new instant[grown];
  std::copy(begin(), end(), block);
  if (!in_place()) delete[] storage_.many;
  storage_.many = block;
  capacity_ = grown;
  block[size_++] = at;
}

void instant_list::erase(const_iterator from, const_iterator to) {
  instant* const first = begin() + (from - begin());
  instant* const kept_end = std::copy(begin() + (to - begin()), end(), first);
  size_ = static_cast<std::uint32_t>(kept_end - begin());
}

instant instant_list::at(std::size_t i) const {
  if (i >= size_) throw std::out_of_range("instant_list::at");
  return data()[i];
}

void instant_list::clear() {
  size_ = 0;
}

bool operator==(const instant_list& a, const instant_list& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace deadlined::rules
