#include "deadlined/daemon/wake_plan.hpp"

#include <algorithm>

namespace deadlined::daemon {

std::chrono::seconds next_wake_delay(rules::instant now, std::optional<rules::instant> next_notice,
                                     std::chrono::minutes interval, const rules::zone_offsets& zone,
                                     std::chrono::minutes nightly_time) {
  rules::instant wake = now + interval;
  // A notice instant: wake one second after it, so evaluation sees it as past.
  if (next_notice) wake = std::min(wake, *next_notice + std::chrono::seconds{1});
  // The nightly full check: today's if still ahead, else tomorrow's.
  const auto today = zone.local_date(now);
  auto nightly = zone.at_local(today, nightly_time);
  if (nightly <= now) nightly = zone.at_local(today + std::chrono::days{1}, nightly_time);
  wake = std::min(wake, nightly);
  return std::max(std::chrono::seconds{1}, std::chrono::duration_cast<std::chrono::seconds>(wake - now));
}

}  // namespace deadlined::daemon
