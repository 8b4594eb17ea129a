// An obligation's optional times (its deadline before an extension, when it escalates)
// in one word, behaving as the std::optional they replace.

#include "deadlined/rules/optional_instant.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace deadlined::rules {
namespace {

TEST(OptionalInstant, IsOneWord) {
  EXPECT_EQ(sizeof(optional_instant), sizeof(instant));
}

TEST(OptionalInstant, HoldsAnInstantOrNothingAsAnOptionalDoes) {
  optional_instant escalate_at;
  EXPECT_FALSE(escalate_at);
  EXPECT_FALSE(escalate_at.has_value());
  EXPECT_EQ(escalate_at, optional_instant{std::nullopt});

  // 2019-10-09T23:59:59+08:00, the SPEC's escalation of a late interpretation.
  const instant due = std::chrono::sys_days{std::chrono::year{2019} / 10 / 9} + std::chrono::hours{15} +
                      std::chrono::minutes{59} + std::chrono::seconds{59};
  escalate_at = due;
  ASSERT_TRUE(escalate_at);
  EXPECT_EQ(*escalate_at, due);
  EXPECT_EQ(escalate_at->time_since_epoch(), due.time_since_epoch());
  EXPECT_EQ(escalate_at.value_or(instant{}), due);
  EXPECT_NE(escalate_at, optional_instant{});

  // The epoch is a time like any other, not "none".
  const optional_instant epoch{instant{}};
  EXPECT_TRUE(epoch);
  EXPECT_NE(epoch, optional_instant{});

  escalate_at.reset();
  EXPECT_FALSE(escalate_at);
  EXPECT_EQ(escalate_at.value_or(due), due);
  escalate_at = due;
  escalate_at = std::nullopt;
  EXPECT_FALSE(escalate_at);
}

}  // namespace
}  // namespace deadlined::rules
