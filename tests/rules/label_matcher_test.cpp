#include "deadlined/rules/label_matcher.hpp"

#include <gtest/gtest.h>

namespace deadlined::rules {
namespace {

label_matcher m(std::string_view text) {
  return std::get<label_matcher>(parse_label_matcher(text));
}

std::string error(std::string_view text) {
  const auto parsed = parse_label_matcher(text);
  const auto* e = std::get_if<parse_error>(&parsed);
  return e == nullptr ? "parsed" : "col " + std::to_string(e->column) + ": " + e->message;
}

fact document() {
  fact f;
  f.type = "document.published";
  f.unit = "区财政局";
  f.subject = "关于印发从化区财政资金管理办法的通知";
  f.attrs = {{"category", "normative"}, {"answered", "true"}, {"pages", "12"}, {"title", "《办法》政策解读"}};
  return f;
}

TEST(LabelMatcher, EqualityAndInequalityCompareJsonValuesAsText) {
  EXPECT_TRUE(m("category=\"normative\"").matches(document()));
  EXPECT_FALSE(m("category=\"other\"").matches(document()));
  EXPECT_TRUE(m("answered!=\"false\"").matches(document()));
  EXPECT_TRUE(m("pages=\"12\"").matches(document()));
  EXPECT_TRUE(m("pages=12").matches(document()));
  EXPECT_TRUE(m("unit=\"区财政局\"").matches(document()));
  EXPECT_TRUE(m("type=\"document.published\"").matches(document()));
}

TEST(LabelMatcher, RegexesAreAnchoredAtBothEnds) {
  EXPECT_TRUE(m("title=~\".*解读.*\"").matches(document()));
  EXPECT_FALSE(m("title=~\"解读\"").matches(document()));  // anchored: must match all of it
  EXPECT_TRUE(m("subject!~\".*决定\"").matches(document()));
  EXPECT_TRUE(m("subject=~\"关于印发.*的通知\"").matches(document()));
}

TEST(LabelMatcher, AMissingLabelIsTheEmptyString) {
  EXPECT_TRUE(m("document_id=\"\"").matches(document()));
  EXPECT_TRUE(m("document_id!=\"X\"").matches(document()));
  EXPECT_FALSE(m("document_id=~\".+\"").matches(document()));
}

TEST(LabelMatcher, QuotesAndBackslashesRoundTrip) {
  const auto matcher = m(R"(title="说\"明\\")");
  EXPECT_EQ(matcher.value(), "说\"明\\");
  EXPECT_EQ(matcher.to_string(), R"(title="说\"明\\")");
}

TEST(LabelMatcher, ErrorsNameTheColumn) {
  EXPECT_EQ(error("=\"x\""), "col 1: expected a label name (letters, digits, _ and .), found \"=\"x\"\"");
  EXPECT_EQ(error("category~\"x\""), "col 9: expected =, !=, =~ or !~ after \"category\"");
  EXPECT_EQ(error("category=\"x"), "col 10: unterminated quoted value");
  EXPECT_EQ(error("category=a b"), "col 10: a value with spaces, quotes or commas must be in double quotes");
  EXPECT_EQ(error("title=~\"(unclosed\""), "col 8: invalid regular expression: missing ): (unclosed");
  EXPECT_EQ(error("category=\"x\" y"), "col 13: unexpected \" y\" after the value");
}

TEST(LabelMatcher, PathologicalPatternsStayLinear) {
  // A backtracking engine takes exponential time on this; RE2 does not.
  const auto matcher = m("subject=~\"(a+)+b\"");
  fact f;
  f.subject = std::string(5000, 'a');
  EXPECT_FALSE(matcher.matches(f));
}

}  // namespace
}  // namespace deadlined::rules
