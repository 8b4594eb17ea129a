// An obligation's explanation holds its lines only when there are some.

#include "deadlined/rules/explanation_lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::rules {
namespace {

TEST(ExplanationLines, KeepsTheLinesInOrderAndCopiesThemWhole) {
  explanation_lines none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.begin(), none.end());
  EXPECT_EQ(none, explanation_lines{});
  explanation_lines why;
  why.push_back("规则：request-answered 第 1 版（三、（二）1）依申请公开答复");
  why.push_back("截止：2019-07-02 23:59:59（+08:00）");
  ASSERT_EQ(why.size(), 2U);
  EXPECT_EQ(why.front(), "规则：request-answered 第 1 版（三、（二）1）依申请公开答复");
  EXPECT_EQ(why.at(1), "截止：2019-07-02 23:59:59（+08:00）");
  EXPECT_EQ((std::vector<std::string>{why.begin(), why.end()}).size(), 2U);
  explanation_lines copy = why;
  copy.push_back("延期：…");
  EXPECT_EQ(why.size(), 2U);
  EXPECT_NE(copy, why);
  copy = why;
  EXPECT_EQ(copy, why);
  EXPECT_EQ(why, (explanation_lines{"规则：request-answered 第 1 版（三、（二）1）依申请公开答复",
                                    "截止：2019-07-02 23:59:59（+08:00）"}));
}

}  // namespace
}  // namespace deadlined::rules
