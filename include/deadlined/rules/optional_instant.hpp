#pragma once
// An instant that may be absent (an obligation's original deadline before an extension,
// when it escalates), in the instant's own word: the earliest representable instant means
// none. std::optional<instant> took two words for one flag, in every one of a city's
// 300,000 obligations.

#include <cassert>
#include <optional>

#include "deadlined/rules/civil_time.hpp"

namespace deadlined::rules {

class optional_instant {
 public:
  constexpr optional_instant() = default;
  constexpr optional_instant(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  // Implicit, as std::optional's: `o.escalate_at = due` reads as it did. The earliest
  // instant itself cannot be held (it is "none"); no deadline is computed near it.
  constexpr optional_instant(instant at) : at_(at) { assert(at != none); }  // NOLINT(google-explicit-constructor)

  constexpr bool has_value() const { return at_ != none; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr const instant& operator*() const {
    assert(has_value());
    return at_;
  }
  constexpr const instant* operator->() const { return &**this; }
  constexpr instant value_or(instant otherwise) const { return has_value() ? at_ : otherwise; }
  constexpr void reset() { at_ = none; }

  friend constexpr bool operator==(const optional_instant&, const optional_instant&) = default;

 private:
  static constexpr instant none = instant::min();
  instant at_ = none;
};

}  // namespace deadlined::rules
