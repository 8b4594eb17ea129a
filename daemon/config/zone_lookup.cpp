#include "deadlined/daemon/zone_lookup.hpp"

#include <date/tz.h>

namespace deadlined::daemon {

std::optional<rules::zone_offsets> lookup_zone(const std::string& name) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  using namespace std::chrono;
  // Walk the zone's rule periods across the dates the working-day calendar supports.
  const rules::instant last{sys_days{year{2241} / 1 / 1}};
  rules::instant at{sys_days{year{1930} / 1 / 1}};
  std::vector<rules::zone_offsets::transition> transitions;
  while (at < last) {
    const auto info = zone->get_info(at);
    if (transitions.empty() || transitions.back().offset != info.offset) {
      transitions.push_back({transitions.empty() ? at : rules::instant{info.begin}, info.offset});
    }
    if (info.end <= at) break;
    at = rules::instant{info.end};
  }
  return rules::zone_offsets{name, std::move(transitions)};
}

}  // namespace deadlined::daemon
