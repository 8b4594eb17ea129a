#pragma once
// When the daemon checks next: after the check interval, or sooner — at the next notice's
// instant (a 20:00 cutoff is announced at 20:00), and at the nightly full check. Pure, so
// the timing is tested with an injected clock.

#include <chrono>
#include <optional>

#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::daemon {

/// How long to sleep from `now` (wall clock) before the next check; at least 1 s.
std::chrono::seconds next_wake_delay(rules::instant now, std::optional<rules::instant> next_notice,
                                     std::chrono::minutes interval, const rules::zone_offsets& zone,
                                     std::chrono::minutes nightly_time);

}  // namespace deadlined::daemon
