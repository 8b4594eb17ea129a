// The periods a scorecard covers (SPEC §8) and the period it is compared with.

#include "deadlined/rules/report_period.hpp"

#include <gtest/gtest.h>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::d;

period parsed_ok(std::string_view text) {
  auto p = parse_report_period(text);
  EXPECT_TRUE(std::holds_alternative<period>(p)) << text << ": " << std::get<parse_error>(p).message;
  return std::holds_alternative<period>(p) ? std::get<period>(p) : period{};
}

TEST(ReportPeriod, TheFourFormsOfTheSpec) {
  EXPECT_EQ(parsed_ok("2019"), (period{d("2019-01-01"), d("2019-12-31"), "2019"}));
  EXPECT_EQ(parsed_ok("2019-Q3"), (period{d("2019-07-01"), d("2019-09-30"), "2019-Q3"}));
  EXPECT_EQ(parsed_ok("2019-09"), (period{d("2019-09-01"), d("2019-09-30"), "2019-09"}));
  EXPECT_EQ(parsed_ok("2019-01-01..2019-06-30"), (period{d("2019-01-01"), d("2019-06-30"), "2019-01-01..2019-06-30"}));
  EXPECT_EQ(parsed_ok("2019-H2"), (period{d("2019-07-01"), d("2019-12-31"), "2019-H2"}));
  EXPECT_EQ(parsed_ok("2020-02").last, d("2020-02-29"));  // a leap year's February
}

TEST(ReportPeriod, MistakesAreReportedWithTheirColumn) {
  const auto error = [](std::string_view text) { return std::get<parse_error>(parse_report_period(text)); };
  EXPECT_EQ(error("19").column, 1);
  EXPECT_EQ(error("2019-Q5").column, 7);
  EXPECT_EQ(error("2019-13").message, "a month is 01 to 12");
  EXPECT_EQ(error("2019/09").column, 5);
  EXPECT_EQ(error("2019-06-30..2019-01-01").message, "the range ends before it starts");
  EXPECT_EQ(error("2019-01-01..2019-02-30").column, 21);  // the second date's day "30", counted from the start
}

TEST(ReportPeriod, EachFormIsComparedWithThePeriodBefore) {
  EXPECT_EQ(previous_period(parsed_ok("2019")).label, "2018");
  EXPECT_EQ(previous_period(parsed_ok("2019-Q1")).label, "2018-Q4");
  EXPECT_EQ(previous_period(parsed_ok("2019-03")).label, "2019-02");
  EXPECT_EQ(previous_period(parsed_ok("2019-H1")).label, "2018-H2");
  // A whole year written as a range is the year.
  EXPECT_EQ(previous_period(parsed_ok("2019-01-01..2019-12-31")).label, "2018");
  // Any other range: the span of equal length just before it.
  const auto before = previous_period(parsed_ok("2019-03-11..2019-03-20"));
  EXPECT_EQ(before.first, d("2019-03-01"));
  EXPECT_EQ(before.last, d("2019-03-10"));
}

TEST(ReportPeriod, TheYearToDateIsComparedWithTheSameSpanLastYear) {
  const auto ytd = year_to_date(d("2020-02-29"));
  EXPECT_EQ(ytd.first, d("2020-01-01"));
  EXPECT_EQ(ytd.last, d("2020-02-29"));
  const auto before = previous_period(ytd);
  EXPECT_EQ(before.first, d("2019-01-01"));
  EXPECT_EQ(before.last, d("2019-02-28"));  // 2019 has no 29 February
}

}  // namespace
}  // namespace deadlined::rules
