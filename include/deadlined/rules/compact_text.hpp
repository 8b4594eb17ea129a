#pragma once
// Text one obligation alone carries — its subject and its correlation key — in one word.
// Up to seven bytes (period labels such as `2026-Q1`) live in the word itself; longer
// text in one block of exactly its size. As std::string each took 32 bytes in place, and
// most keys (`request_id:186101`) and subjects (a document's title) a heap block besides,
// in every one of a city's 300,000 obligations.

#include <bit>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace deadlined::rules {

class compact_text {
 public:
  compact_text() = default;
  // Implicit, so that assigning a string reads as it did for a std::string field.
  compact_text(std::string_view text);  // NOLINT(google-explicit-constructor)
  compact_text(const std::string& text)
      : compact_text(std::string_view{text}) {}                             // NOLINT(google-explicit-constructor)
  compact_text(const char* text) : compact_text(std::string_view{text}) {}  // NOLINT(google-explicit-constructor)

  compact_text(const compact_text& other) : compact_text(other.view()) {}
  compact_text(compact_text&& other) noexcept : word_(other.word_) { other.word_ = 0; }
  compact_text& operator=(const compact_text& other);
  compact_text& operator=(compact_text&& other) noexcept;
  ~compact_text();

  std::string_view view() const;
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string{view()}; }

  bool empty() const { return word_ == 0; }
  std::size_t size() const { return view().size(); }

  friend bool operator==(const compact_text& a, std::string_view b) { return a.view() == b; }
  /// A template for the reason given at shared_text's.
  template <std::same_as<compact_text> T>
  friend bool operator==(const T& a, const T& b) {
    return a.view() == b.view();
  }
  friend std::strong_ordering operator<=>(const compact_text& a, std::string_view b) { return a.view() <=> b; }
  friend std::string operator+(std::string a, const compact_text& b) { return a.append(b.view()); }
  friend std::string operator+(const compact_text& a, std::string_view b) { return a.str().append(b); }
  friend std::ostream& operator<<(std::ostream& out, const compact_text& text) { return out << text.view(); }

 private:
  // The word's lowest byte is the lowest byte of a block's address (even: blocks are
  // aligned) or, for text in place, its length times two plus one.
  static_assert(std::endian::native == std::endian::little, "text in place starts at the word's second byte");
  static constexpr std::size_t in_place = sizeof(std::uintptr_t) - 1;

  bool is_in_place() const { return (word_ & 1U) != 0; }
  void release() noexcept;

  std::uintptr_t word_ = 0;  ///< 0 for no text
};

}  // namespace deadlined::rules
