#pragma once
// A fact's time: an instant, or a date with date precision (a page that shows only
// `2019-09-27` is never turned into an invented instant).

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "deadlined/rules/civil_time.hpp"
#include "deadlined/rules/parse_error.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::rules {

class timestamp {
 public:
  static timestamp on_date(civil_date date) { return timestamp{date.time_since_epoch().count(), true}; }
  static timestamp at(instant when) { return timestamp{when.time_since_epoch().count(), false}; }

  bool is_date_only() const { return (bits_ & 1) != 0; }
  /// The local date in `zone` (for a date-only timestamp, the date itself).
  civil_date local_date(const zone_offsets& zone) const;
  /// The instant it counts from when an instant is needed: a date-only timestamp counts
  /// from the end (23:59:59) of its date.
  instant counting_instant(const zone_offsets& zone) const;
  /// `2019-09-27` or `2019-09-27T10:00:00+08:00`.
  std::string format(const zone_offsets& zone) const;

  friend bool operator==(const timestamp&, const timestamp&) = default;

 private:
  friend class optional_timestamp;
  /// What optional_timestamp holds for none: no date or instant that parses or that the
  /// clock gives comes near it.
  static timestamp none() { return timestamp{std::numeric_limits<std::int64_t>::min()}; }
  explicit timestamp(std::int64_t bits) : bits_(bits) {}
  timestamp(std::int64_t value, bool date_only) : bits_(value * 2 + (date_only ? 1 : 0)) {}
  std::int64_t value() const { return bits_ >> 1; }  // arithmetic shift: dates before 1970 stay negative
  civil_date date() const { return civil_date{std::chrono::days{value()}}; }
  instant when() const { return instant{std::chrono::seconds{value()}}; }

  // Days since 1970 for a date, seconds for an instant, times two, plus one for a date:
  // one word with its precision (every fact and every obligation's met_at holds one).
  // Doubling leaves ±2^62 seconds, far beyond the years that parse and the clock give.
  std::int64_t bits_;
};

/// ISO 8601 (`2019-09-27`, `2019-09-27T10:00`, `2019-09-27T10:00:00+08:00`, `…Z`) or
/// `2019-09-27 10:00`; a time without offset is local time in `zone`.
parsed<timestamp> parse_timestamp(std::string_view text, const zone_offsets& zone);

}  // namespace deadlined::rules

namespace deadlined::rules {

/// A date alone, `YYYY-MM-DD`.
parsed<civil_date> parse_date(std::string_view text);

}  // namespace deadlined::rules
