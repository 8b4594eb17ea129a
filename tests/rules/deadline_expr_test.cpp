#include "deadlined/rules/deadline_expr.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace deadlined::rules {
namespace {

std::string canonical(std::string_view text) {
  const auto parsed = parse_deadline(text);
  if (const auto* e = std::get_if<parse_error>(&parsed)) {
    return "col " + std::to_string(e->column) + ": " + e->message;
  }
  return to_string(std::get<deadline_expr>(parsed));
}

struct form {
  const char* text;
  const char* canonical;
};

// Failures and the test list name the row, not a byte dump of the struct.
void PrintTo(const form& f, std::ostream* out) {
  *out << '"' << f.text << "\" -> \"" << f.canonical << '"';
}

class DeadlineExprForms : public ::testing::TestWithParam<form> {};

TEST_P(DeadlineExprForms, ParsesToItsCanonicalForm) {
  EXPECT_EQ(canonical(GetParam().text), GetParam().canonical) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    EveryRowOfTheSpecTable, DeadlineExprForms,
    ::testing::Values(form{"3 working days", "3 working days"}, form{"1 working day", "1 working day"},
                      form{"1 working days", "1 working day"}, form{"3 Working Days", "3 working days"},
                      form{"  20   working   days ", "20 working days"}, form{"3个工作日", "3 working days"},
                      form{"20个工作日内", "20 working days"}, form{"三个工作日", "3 working days"},
                      form{"二十个工作日", "20 working days"}, form{"十五个工作日内", "15 working days"},
                      form{"５个工作日", "5 working days"}, form{"5 days", "5 days"}, form{"1 day", "1 day"},
                      form{"5日", "5 days"}, form{"5天", "5 days"}, form{"5日内", "5 days"}, form{"20天内", "20 days"},
                      form{"48 hours", "48 hours"}, form{"1 hour", "1 hour"}, form{"1 hours", "1 hour"},
                      form{"48小时", "48 hours"}, form{"24小时内", "24 hours"},
                      form{"by 20:00 same day", "by 20:00 same day"}, form{"BY 8:30 Same Day", "by 08:30 same day"},
                      form{"当天20:00前", "by 20:00 same day"}, form{"当日20时前", "by 20:00 same day"},
                      form{"当天20：00前", "by 20:00 same day"}, form{"by 01-31 next year", "by 01-31 next year"},
                      form{"次年1月31日前", "by 01-31 next year"}, form{"次年3月31日前", "by 03-31 next year"},
                      form{"2 weeks", "2 weeks"}, form{"1 week", "1 week"}, form{"6 months", "6 months"},
                      form{"1 year", "1 year"}, form{"2周", "2 weeks"}, form{"6个月", "6 months"},
                      form{"1年", "1 year"}, form{"三个月", "3 months"}));

TEST(DeadlineExpr, ChineseTextIsWhatUsersRead) {
  auto zh = [](std::string_view t) { return to_chinese(std::get<deadline_expr>(parse_deadline(t))); };
  EXPECT_EQ(zh("3 working days"), "3个工作日");
  EXPECT_EQ(zh("by 20:00 same day"), "当天20:00前");
  EXPECT_EQ(zh("by 01-31 next year"), "次年1月31日前");
  EXPECT_EQ(zh("48 hours"), "48小时");
  EXPECT_EQ(zh("6 months"), "6个月");
}

TEST(DeadlineExpr, ErrorsNameTheColumnAndWhatWasExpected) {
  EXPECT_EQ(canonical(""),
            "col 1: empty expression; expected e.g. \"3 working days\", \"by 20:00 same day\" or "
            "\"20个工作日\"");
  EXPECT_EQ(canonical("3 working dayz"),
            "col 3: unknown unit \"working dayz\"; expected working days, days, hours, weeks, months or years "
            "(个工作日, 日, 小时, 周, 个月, 年)");
  EXPECT_EQ(canonical("soon"),
            "col 1: expected a number, \"by HH:MM same day\" or \"by MM-DD next year\", found \"soon\"");
  EXPECT_EQ(canonical("0 days"), "col 1: count must be at least 1");
  EXPECT_EQ(canonical("20000 working days"), "col 1: count 20000 is too large (at most 10000)");
  EXPECT_EQ(canonical("3"),
            "col 2: missing unit; expected working days, days, hours, weeks, months or years "
            "(个工作日, 日, 小时, 周, 个月, 年)");
  EXPECT_EQ(canonical("by 25:00 same day"), "col 4: hour must be 0–23, found 25");
  EXPECT_EQ(canonical("by 20:75 same day"), "col 7: minute must be 00–59, found 75");
  EXPECT_EQ(canonical("by 20:00 next day"), "col 10: expected \"same day\" after the time, found \"next day\"");
  EXPECT_EQ(canonical("by 02-30 next year"), "col 4: no such date: month 2, day 30");
  EXPECT_EQ(canonical("by 01-31"), "col 9: expected \"next year\" after MM-DD, found \"\"");
  EXPECT_EQ(canonical("3个工作曰"),
            "col 2: unknown unit \"个工作曰\"; expected working days, days, hours, weeks, "
            "months or years (个工作日, 日, 小时, 周, 个月, 年)");
  EXPECT_EQ(canonical("当天20:00"), "col 8: expected \"前\" after the time, found \"\"");
  EXPECT_EQ(canonical("次年13月1日前"), "col 3: no such date: 13月1日");
  EXPECT_EQ(canonical("  3 dayz"),
            "col 5: unknown unit \"dayz\"; expected working days, days, hours, weeks, "
            "months or years (个工作日, 日, 小时, 周, 个月, 年)");
}

TEST(DeadlineExpr, RemindersInEnglishAndChinese) {
  auto text = [](std::string_view t) {
    const auto parsed = parse_reminder(t);
    if (const auto* e = std::get_if<parse_error>(&parsed))
      return "col " + std::to_string(e->column) + ": " + e->message;
    return to_string(std::get<reminder_offset>(parsed));
  };
  EXPECT_EQ(text("1 working day before"), "1 working day before");
  EXPECT_EQ(text("3 hours before"), "3 hours before");
  EXPECT_EQ(text("2 days before"), "2 days before");
  EXPECT_EQ(text("提前1个工作日"), "1 working day before");
  EXPECT_EQ(text("提前3小时"), "3 hours before");
  EXPECT_EQ(text("1 working day"),
            "col 1: expected \"N working days before\", \"N hours before\" or "
            "\"提前N个工作日\", found \"1 working day\"");
  EXPECT_EQ(text("2 weeks before"), "col 1: a reminder is counted in working days, days or hours, found \"2 weeks\"");
  EXPECT_EQ(text("提前3小吋"),
            "col 4: unknown unit \"小吋\"; expected working days, days, hours, weeks, months or "
            "years (个工作日, 日, 小时, 周, 个月, 年)");
}

}  // namespace
}  // namespace deadlined::rules
