#include "deadlined/daemon/obligation_withdrawal.hpp"

#include <gtest/gtest.h>

#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {
namespace {

TEST(ObligationWithdrawal, OnlyObligationsLastingAsLongAsTheirFactsAreWithdrawnWhenMissing) {
  const auto loaded = load_config(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml");
  ASSERT_TRUE(loaded.snapshot);
  const auto withdrawn = withdrawn_when_missing(loaded.snapshot->rules);
  EXPECT_TRUE(withdrawn("request-answered"));    // deadline: as long as its request is recorded
  EXPECT_TRUE(withdrawn("hotline-unanswered"));  // violation: as long as its call is
  EXPECT_TRUE(withdrawn("a-rule-since-retired"));
  // These leave the evaluation as time passes and keep their last stored row.
  EXPECT_FALSE(withdrawn("message-replied"));  // deadline with look_back: 1年
  EXPECT_FALSE(withdrawn("column-fresh-dynamic"));
  EXPECT_FALSE(withdrawn("website-stale-columns-veto"));
}

}  // namespace
}  // namespace deadlined::daemon
