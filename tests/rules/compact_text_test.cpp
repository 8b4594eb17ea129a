// An obligation's subject and correlation key in one word: short text in place, longer
// text in its own block, reading back exactly what was written whatever its length.

#include "deadlined/rules/compact_text.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>

namespace deadlined::rules {
namespace {

TEST(CompactText, IsOneWord) {
  EXPECT_EQ(sizeof(compact_text), sizeof(void*));
}

TEST(CompactText, ReadsBackTextOfEveryLengthAroundTheWord) {
  // Period labels (`2026`, `2026-Q1`), keys (`request_id:186101`), document titles.
  const std::string base = "request_id:186101/广州市从化区人民政府办公室关于印发规范性文件的通知";
  for (std::size_t n = 0; n <= base.size(); ++n) {
    const std::string text = base.substr(0, n);
    const compact_text compact{text};
    EXPECT_EQ(compact.view(), text) << n;
    EXPECT_EQ(compact.size(), n);
    EXPECT_EQ(compact.empty(), n == 0);
    EXPECT_EQ(compact.str(), text);
  }
}

TEST(CompactText, KeepsBytesAnyTextMayHold) {
  const std::string with_nul{"a\0b", 3};
  EXPECT_EQ(compact_text{with_nul}.view(), with_nul);
  const std::string long_with_nul{"2026-Q1\0\0\0\0\0\0\0\0\0\xff", 17};
  EXPECT_EQ(compact_text{long_with_nul}.view(), long_with_nul);
  EXPECT_EQ(compact_text{"2026-Q1"}.view(), "2026-Q1");
  EXPECT_EQ(compact_text{"\xff\xff\xff\xff\xff\xff\xff"}.view(), "\xff\xff\xff\xff\xff\xff\xff");
}

TEST(CompactText, CopiesOwnTheirTextAndMovesLeaveNothingBehind) {
  for (const std::string text : {"", "2026", "2026-Q1", "request_id:186101", "关于印发从化区政务公开工作要点的通知"}) {
    compact_text original{text};
    compact_text copy = original;
    EXPECT_EQ(copy, text);
    copy = compact_text{"fact:other"};
    EXPECT_EQ(original, text) << "a copy written over leaves its original";

    compact_text moved = std::move(original);
    EXPECT_EQ(moved, text);
    EXPECT_TRUE(original.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty, as documented
    original = moved;
    EXPECT_EQ(original, text);
    moved = std::move(original);
    EXPECT_EQ(moved, text);
    const compact_text& self = moved;
    moved = self;
    EXPECT_EQ(moved, text) << "assigning itself keeps the text";
  }
}

TEST(CompactText, ComparesAndPrintsAsItsText) {
  const compact_text key{"request_id:186101"};
  EXPECT_TRUE(key == std::string{"request_id:186101"});
  EXPECT_TRUE(key != "request_id:186102");
  EXPECT_TRUE(key < "request_id:2");
  EXPECT_TRUE(compact_text{"2026-Q1"} > "2026");
  EXPECT_EQ("key " + key, "key request_id:186101");
  EXPECT_EQ(key + "/v2", "request_id:186101/v2");
  std::ostringstream out;
  out << compact_text{"2026-Q1"} << '|' << key;
  EXPECT_EQ(out.str(), "2026-Q1|request_id:186101");
}

}  // namespace
}  // namespace deadlined::rules
