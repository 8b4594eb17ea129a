#include "deadlined/rules/zone_offsets.hpp"

#include <algorithm>
#include <stdexcept>

namespace deadlined::rules {

zone_offsets zone_offsets::fixed(std::string name, std::chrono::seconds offset) {
  return zone_offsets{std::move(name), {{instant{}, offset}}};
}

zone_offsets::zone_offsets(std::string name, std::vector<transition> transitions)
    : name_(std::move(name)), transitions_(std::move(transitions)) {
  if (transitions_.empty()) throw std::invalid_argument("zone_offsets: no offsets for " + name_);
  std::sort(transitions_.begin(), transitions_.end(),
            [](const transition& a, const transition& b) { return a.from < b.from; });
}

std::chrono::seconds zone_offsets::offset_at(instant at) const {
  // Most instants asked about are after the zone's last change (China's was in 1991).
  if (at >= transitions_.back().from) return transitions_.back().offset;
  // The last transition at or before `at`; before the first one, the first offset applies.
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), at,
                             [](instant t, const transition& tr) { return t < tr.from; });
  if (it == transitions_.begin()) return it->offset;
  return std::prev(it)->offset;
}

std::chrono::local_seconds zone_offsets::to_local(instant at) const {
  return std::chrono::local_seconds{(at + offset_at(at)).time_since_epoch()};
}

civil_date zone_offsets::local_date(instant at) const {
  return civil_date{std::chrono::floor<std::chrono::days>(to_local(at)).time_since_epoch()};
}

instant zone_offsets::to_utc(std::chrono::local_seconds local) const {
  const instant as_if_utc{local.time_since_epoch()};
  // Try the offsets in force a day either side; keep the earliest candidate that maps back.
  const auto early = offset_at(as_if_utc - std::chrono::hours{24});
  const auto late = offset_at(as_if_utc + std::chrono::hours{24});
  const instant with_early = as_if_utc - early;
  if (offset_at(with_early) == early) return with_early;
  const instant with_late = as_if_utc - late;
  if (offset_at(with_late) == late) return with_late;
  // In a gap neither maps back: the wall time does not exist, so shift it forward.
  return as_if_utc - early;
}

instant zone_offsets::end_of_day(civil_date date) const {
  return at_local(date, std::chrono::hours{23} + std::chrono::minutes{59} + std::chrono::seconds{59});
}

instant zone_offsets::at_local(civil_date date, std::chrono::seconds time_of_day) const {
  return to_utc(std::chrono::local_seconds{date.time_since_epoch()} + time_of_day);
}

std::string zone_offsets::format(instant at) const {
  return format_instant(at, offset_at(at));
}

}  // namespace deadlined::rules
