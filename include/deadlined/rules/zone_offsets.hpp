#pragma once
// A time zone as plain data: the UTC offsets a zone has used, so the core converts between
// instants and local time without reading the system's tz database.

#include <chrono>
#include <string>
#include <vector>

#include "deadlined/rules/civil_time.hpp"

namespace deadlined::rules {

class zone_offsets {
 public:
  struct transition {
    instant from;                 ///< the offset applies from this instant on
    std::chrono::seconds offset;  ///< local time minus UTC
  };

  /// A zone that never changes offset (tests, and zones such as Asia/Shanghai since 1991).
  static zone_offsets fixed(std::string name, std::chrono::seconds offset);
  /// `transitions` sorted by `from`; the first one's offset also applies before it.
  zone_offsets(std::string name, std::vector<transition> transitions);

  const std::string& name() const { return name_; }
  std::chrono::seconds offset_at(instant at) const;
  civil_date local_date(instant at) const;
  std::chrono::local_seconds to_local(instant at) const;
  /// Local wall time to UTC; in a gap the later offset applies, in an overlap the earlier.
  instant to_utc(std::chrono::local_seconds local) const;
  /// 23:59:59 local on `date`, the instant a day-scale deadline ends.
  instant end_of_day(civil_date date) const;
  /// `time_of_day` local on `date`.
  instant at_local(civil_date date, std::chrono::seconds time_of_day) const;
  /// ISO 8601 with this zone's offset at that instant.
  std::string format(instant at) const;

 private:
  std::string name_;
  std::vector<transition> transitions_;
};

}  // namespace deadlined::rules
