// The read cache in front of the board and the obligations list: an answer is reused for
// the same view within a second, never across views, never after its time.

#include "deadlined/daemon/response_cache.hpp"

#include <gtest/gtest.h>

#include "deadlined/daemon/api_router.hpp"

namespace deadlined::daemon {
namespace {

using namespace std::chrono_literals;

TEST(ResponseCache, AnAnswerIsReusedForItsViewWithinItsTimeOnly) {
  response_cache cache{1000ms, 2};
  const auto first = std::make_shared<const status_view>();
  const auto second = std::make_shared<const status_view>();
  const response_cache::clock::time_point t0{};
  cache.store(first, "/board?|loopback|", api_response{200, "text/html", "看板 A"}, t0);

  const auto* hit = cache.find(first, "/board?|loopback|", t0 + 999ms);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->body, "看板 A");
  EXPECT_EQ(cache.find(first, "/board?|remote|czj", t0 + 10ms), nullptr) << "another token is another answer";
  EXPECT_EQ(cache.find(first, "/board?|loopback|", t0 + 1000ms), nullptr) << "too old";
  EXPECT_EQ(cache.find(second, "/board?|loopback|", t0 + 10ms), nullptr) << "a new evaluation";

  // Storing under the new view forgets the old view's answers.
  cache.store(second, "/board?|loopback|", api_response{200, "text/html", "看板 B"}, t0);
  EXPECT_EQ(cache.find(second, "/board?|loopback|", t0)->body, "看板 B");
  EXPECT_EQ(cache.find(first, "/board?|loopback|", t0), nullptr);

  // Past its capacity it starts over rather than growing.
  cache.store(second, "/api/v1/obligations?page=2&|loopback|", api_response{200, "application/json", "[2]"}, t0);
  cache.store(second, "/api/v1/obligations?page=3&|loopback|", api_response{200, "application/json", "[3]"}, t0);
  EXPECT_EQ(cache.find(second, "/board?|loopback|", t0), nullptr);
  EXPECT_EQ(cache.find(second, "/api/v1/obligations?page=3&|loopback|", t0)->body, "[3]");
}

}  // namespace
}  // namespace deadlined::daemon
