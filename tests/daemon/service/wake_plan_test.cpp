// The daemon's next wake-up with an injected clock: exact at a 20:00 cutoff, at the nightly
// check, never later than the check interval.

#include "deadlined/daemon/wake_plan.hpp"

#include <gtest/gtest.h>

#include "support/cn_calendar.hpp"

namespace deadlined::daemon {
namespace {

using namespace std::chrono_literals;

rules::instant at(std::string_view text) {
  return deadlined::testing::ts(text).counting_instant(deadlined::testing::cn_calendar().zone());
}

const auto& zone = deadlined::testing::cn_calendar().zone();
constexpr auto nightly = std::chrono::minutes{2 * 60};

TEST(WakePlan, ASameDay2000CutoffWakesTheDaemonAt2000) {
  // News material for the meeting of 2019-11-12 is due by 20:00; the daemon checked at 19:58:30.
  EXPECT_EQ(next_wake_delay(at("2019-11-12T19:58:30+08:00"), at("2019-11-12T20:00:00+08:00"), 5min, zone, nightly),
            91s);
}

TEST(WakePlan, WithoutNoticesTheCheckIntervalHolds) {
  EXPECT_EQ(next_wake_delay(at("2019-11-12T10:00:00+08:00"), std::nullopt, 5min, zone, nightly), 300s);
  EXPECT_EQ(next_wake_delay(at("2019-11-12T10:00:00+08:00"), at("2019-11-13T08:30:00+08:00"), 5min, zone, nightly),
            300s);
}

TEST(WakePlan, TheNightlyCheckRunsAt0200LocalTime) {
  EXPECT_EQ(next_wake_delay(at("2019-11-13T01:58:00+08:00"), std::nullopt, 5min, zone, nightly), 120s);
  // A daily interval still wakes for the nightly check (and at 02:00 the next one is tomorrow's).
  EXPECT_EQ(next_wake_delay(at("2019-11-12T22:00:00+08:00"), std::nullopt, 24h, zone, nightly), 4h);
  EXPECT_EQ(next_wake_delay(at("2019-11-13T02:00:00+08:00"), std::nullopt, 24h, zone, nightly), 24h);
}

TEST(WakePlan, ANoticeAlreadyPastWakesAtOnce) {
  EXPECT_EQ(next_wake_delay(at("2019-11-12T20:00:05+08:00"), at("2019-11-12T20:00:00+08:00"), 5min, zone, nightly), 1s);
}

}  // namespace
}  // namespace deadlined::daemon
