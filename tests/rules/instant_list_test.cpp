// An obligation's reminder times: one kept in place, more on the heap, behaving as the
// vector they replace (sorted, deduplicated, compared, copied).

#include "deadlined/rules/instant_list.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace deadlined::rules {
namespace {

instant at_minute(int minute) {
  return instant{std::chrono::minutes{minute}};
}

std::vector<instant> as_vector(const instant_list& list) {
  return {list.begin(), list.end()};
}

TEST(InstantList, HoldsWhatWasAddedInOrder) {
  instant_list list;
  EXPECT_TRUE(list.empty());
  for (int n = 1; n <= 5; ++n) {
    list.push_back(at_minute(n * 10));
    ASSERT_EQ(list.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      EXPECT_EQ(list[static_cast<std::size_t>(i)], at_minute((i + 1) * 10)) << n;
  }
  list.clear();
  EXPECT_TRUE(list.empty());
  list.push_back(at_minute(7));
  EXPECT_EQ(as_vector(list), std::vector<instant>{at_minute(7)});
}

TEST(InstantList, SortsAndDropsDuplicatesAsTheEvaluationDoes) {
  // Two reminders of a rule falling on one instant (3 working days and 72 hours before).
  instant_list list{at_minute(30), at_minute(10), at_minute(30), at_minute(20)};
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  EXPECT_EQ(as_vector(list), (std::vector<instant>{at_minute(10), at_minute(20), at_minute(30)}));
  list.erase(list.begin(), list.begin() + 1);
  EXPECT_EQ(as_vector(list), (std::vector<instant>{at_minute(20), at_minute(30)}));
  instant_list one{at_minute(5), at_minute(5)};
  one.erase(std::unique(one.begin(), one.end()), one.end());
  EXPECT_EQ(as_vector(one), std::vector<instant>{at_minute(5)});
}

TEST(InstantList, CopiesAndMovesAreWholeAndOwnTheirTimes) {
  for (const std::size_t n : {0U, 1U, 2U, 5U}) {
    instant_list original;
    for (std::size_t i = 0; i < n; ++i)
      original.push_back(at_minute(static_cast<int>(i)));
    instant_list copy = original;
    EXPECT_EQ(copy, original) << n;
    copy.push_back(at_minute(99));
    EXPECT_EQ(original.size(), n);
    EXPECT_NE(copy, original);
    instant_list moved = std::move(copy);
    EXPECT_EQ(moved.size(), n + 1);
    EXPECT_EQ(moved[n], at_minute(99));
    original = moved;
    EXPECT_EQ(original, moved);
    moved = instant_list{at_minute(1)};
    EXPECT_EQ(as_vector(moved), std::vector<instant>{at_minute(1)});
  }
}

}  // namespace
}  // namespace deadlined::rules
