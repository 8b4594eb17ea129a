#include "deadlined/rules/compact_text.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace deadlined::rules {

namespace {

// A block: the length as four bytes, then the text (no terminator: readers take views).
using length_type = std::uint32_t;

const char* block_of(std::uintptr_t word) {
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the word holds the block's address
  return reinterpret_cast<const char*>(word);
}

}  // namespace

compact_text::compact_text(std::string_view text) {
  if (text.empty()) return;
  if (text.size() <= in_place) {
    word_ = (text.size() << 1U) | 1U;
    std::memcpy(reinterpret_cast<char*>(&word_) + 1, text.data(), text.size());
    return;
  }
  if (text.size() > std::numeric_limits<length_type>::max()) throw std::length_error("compact_text: text over 4 GiB");
  const auto length = static_cast<length_type>(text.size());
  char* block = new char[sizeof length + text.size()];
  std::memcpy(block, &length, sizeof length);
  std::memcpy(block + sizeof length, text.data(), text.size());
  word_ = reinterpret_cast<std::uintptr_t>(block);
}

compact_text& compact_text::operator=(const compact_text& other) {
  if (this != &other) *this = compact_text{other};
  return *this;
}

compact_text& compact_text::operator=(compact_text&& other) noexcept {
  if (this != &other) {
    release();
    word_ = other.word_;
    other.word_ = 0;
  }
  return *this;
}

compact_text::~compact_text() {
  release();
}

std::string_view compact_text::view() const {
  if (word_ == 0) return {};
  if (is_in_place()) return {reinterpret_cast<const char*>(&word_) + 1, (word_ & 0xFFU) >> 1U};
  length_type length = 0;
  std::memcpy(&length, block_of(word_), sizeof length);
  return {block_of(word_) + sizeof length, length};
}

void compact_text::release() noexcept {
  if (word_ != 0 && !is_in_place()) delete[] block_of(word_);
  word_ = 0;
}

}  // namespace deadlined::rules
