// How the text of a page's rows reads once whitespace is collapsed: titles and row texts
// are compared and stored in this form.

#include <gtest/gtest.h>

#include "deadlined/daemon/xml_document.hpp"

namespace deadlined::daemon {
namespace {

TEST(CollapseWhitespace, EveryKindOfSpaceBecomesOneSpace) {
  EXPECT_EQ(collapse_whitespace("  关于印发\t\n《从化区2019年政务公开工作要点》  的通知 "),
            "关于印发 《从化区2019年政务公开工作要点》 的通知");
  EXPECT_EQ(collapse_whitespace("发布日期：\u00a0\u00a02019-09-27"), "发布日期： 2019-09-27");  // &nbsp;
  EXPECT_EQ(collapse_whitespace("\u3000\u3000区财政局\u3000关于"), "区财政局 关于");            // ideographic space
  EXPECT_EQ(collapse_whitespace(" \t\r\n\f\v\u00a0\u3000 "), "");
}

TEST(CollapseWhitespace, CharactersThatShareASpacesFirstByteStay) {
  EXPECT_EQ(collapse_whitespace("©2019 从化区"), "©2019 从化区");                  // C2 A9, as U+00A0 is C2 A0
  EXPECT_EQ(collapse_whitespace("【通知】「公告」、。"), "【通知】「公告」、。");  // E3 80 xx, as U+3000 is E3 80 80
  EXPECT_EQ(collapse_whitespace("末尾\xC2"), "末尾\xC2");                          // a lead byte cut short at the end
}

}  // namespace
}  // namespace deadlined::daemon
