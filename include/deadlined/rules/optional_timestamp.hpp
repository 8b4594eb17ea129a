#pragma once
// A timestamp that may be absent (when an obligation was met), in the timestamp's own
// word: a value no date or instant takes means none. std::optional<timestamp> took two
// words for one flag, in every one of a city's 300,000 obligations.

#include <cassert>
#include <optional>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::rules {

class optional_timestamp {
 public:
  optional_timestamp() = default;
  optional_timestamp(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  // Implicit, as std::optional's: `o.met_at = closing.time` reads as it did.
  optional_timestamp(timestamp at) : at_(at) { assert(has_value()); }  // NOLINT(google-explicit-constructor)

  bool has_value() const { return !(at_ == timestamp::none()); }
  explicit operator bool() const { return has_value(); }
  const timestamp& operator*() const {
    assert(has_value());
    return at_;
  }
  const timestamp* operator->() const { return &**this; }
  void reset() { at_ = timestamp::none(); }

  friend bool operator==(const optional_timestamp&, const optional_timestamp&) = default;

 private:
  timestamp at_ = timestamp::none();
};

}  // namespace deadlined::rules
