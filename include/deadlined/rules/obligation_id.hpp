#pragma once
// An obligation's id: a 64-bit hash of what the obligation is (`stable_id`), written as
// 16 lower-case hex digits wherever people and other programs see it. Held as the number:
// as text it took 32 bytes in place and 32 on the heap (16 digits do not fit a short
// string) in each of a city's 300,000 obligations.

#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace deadlined::rules {

class obligation_id {
 public:
  obligation_id() = default;
  explicit constexpr obligation_id(std::uint64_t number) : number_(number) {}
  /// Sixteen hex digits, as `str()` writes them (upper case read too); nullopt otherwise.
  static std::optional<obligation_id> parse(std::string_view text);

  constexpr std::uint64_t number() const { return number_; }
  std::string str() const;
  // Implicit, so that an id reads as the text it is written as (a map key, a bound
  // column, a message).
  operator std::string() const { return str(); }  // NOLINT(google-explicit-constructor)

  // The numbers order as their 16-digit texts do.
  friend constexpr bool operator==(obligation_id, obligation_id) = default;
  friend constexpr auto operator<=>(obligation_id, obligation_id) = default;
  /// False for a text that is not 16 hex digits.
  friend bool operator==(obligation_id id, std::string_view text);
  friend std::string operator+(std::string a, obligation_id b) { return a.append(b.str()); }
  friend std::string operator+(obligation_id a, std::string_view b) { return a.str().append(b); }
  friend std::ostream& operator<<(std::ostream& out, obligation_id id) { return out << id.str(); }

 private:
  std::uint64_t number_ = 0;
};

}  // namespace deadlined::rules
