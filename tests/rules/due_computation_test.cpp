#include "deadlined/rules/due_computation.hpp"

#include <gtest/gtest.h>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::d;
using deadlined::testing::due;
using deadlined::testing::ts;

// The worked examples of SPEC §3.
TEST(DueComputation, ThreeWorkingDaysFromTheFridayBeforeNationalDay) {
  EXPECT_EQ(due("2019-09-27 10:00", "3 working days"), "2019-10-08T23:59:59+08:00");
}

TEST(DueComputation, OneWorkingDayFromTheDayBeforeDragonBoat) {
  EXPECT_EQ(due("2019-06-06", "1 working day"), "2019-06-10T23:59:59+08:00");
}

TEST(DueComputation, FiveDaysEndingOnAnAdjustedSundayDoNotRoll) {
  EXPECT_EQ(due("2019-04-30 18:00", "5 days"), "2019-05-05T23:59:59+08:00");
}

TEST(DueComputation, SameDayCutoffOnTheMeetingDay) {
  EXPECT_EQ(due("2019-03-14", "by 20:00 same day"), "2019-03-14T20:00:00+08:00");
  EXPECT_EQ(due("2019-03-14T09:30:00+08:00", "当天20:00前"), "2019-03-14T20:00:00+08:00");
  EXPECT_EQ(due("2019-03-14", "当日20时前"), "2019-03-14T20:00:00+08:00");
}

TEST(DueComputation, TheTriggerDateIsLocalWhateverOffsetItWasWrittenWith) {
  // 2019-09-26 18:30 UTC is 2019-09-27 02:30 in Shanghai: counting starts after the 27th.
  EXPECT_EQ(due("2019-09-26T18:30:00Z", "3 working days"), "2019-10-08T23:59:59+08:00");
  EXPECT_EQ(due("2019-09-27T10:00:00+09:00", "3个工作日"), "2019-10-08T23:59:59+08:00");
}

TEST(DueComputation, CalendarDaysEndingOnAHolidayRollToTheNextWorkingDay) {
  // 2019-09-26 + 5 days = 10-01 (国庆节) → the next working day is 10-08.
  EXPECT_EQ(due("2019-09-26", "5 days"), "2019-10-08T23:59:59+08:00");
  EXPECT_EQ(due("2019-09-26", "5日内"), "2019-10-08T23:59:59+08:00");
}

TEST(DueComputation, RollNoneKeepsTheCalendarDay) {
  auto expr = std::get<deadline_expr>(parse_deadline("5 days"));
  expr.roll = roll_policy::none;
  const auto r = std::get<due_result>(compute_due(ts("2019-09-26"), expr, cn_calendar()));
  EXPECT_EQ(cn_calendar().zone().format(r.due), "2019-10-01T23:59:59+08:00");
  EXPECT_FALSE(r.provisional);
}

TEST(DueComputation, HoursIgnoreTheCalendarAndDateOnlyTriggersCountFromEndOfDay) {
  EXPECT_EQ(due("2019-10-01 09:00", "48 hours"), "2019-10-03T09:00:00+08:00");
  EXPECT_EQ(due("2019-10-01", "24小时"), "2019-10-02T23:59:59+08:00");
}

TEST(DueComputation, FixedDateNextYearNeverRolls) {
  // 2022-01-31 is the first day of the 2022 Spring Festival block: a fixed date still does not roll.
  EXPECT_EQ(due("2021-06-30", "by 01-31 next year"), "2022-01-31T23:59:59+08:00");
  EXPECT_EQ(due("2021-06-30", "次年1月31日前"), "2022-01-31T23:59:59+08:00");
  EXPECT_EQ(due("2019-03-01", "次年3月31日前"), "2020-03-31T23:59:59+08:00");
}

TEST(DueComputation, WindowsCountCalendarTimeAndClampMonthEnds) {
  EXPECT_EQ(due("2019-01-31 10:00", "1 month"), "2019-02-28T10:00:00+08:00");
  EXPECT_EQ(due("2019-09-27 10:00", "2 weeks"), "2019-10-11T10:00:00+08:00");
  EXPECT_EQ(due("2020-02-29 10:00", "1 year"), "2021-02-28T10:00:00+08:00");
  EXPECT_EQ(due("2019-08-31 10:00", "6个月"), "2020-02-29T10:00:00+08:00");
}

TEST(DueComputation, AMissingYearMakesTheDeadlineProvisional) {
  EXPECT_EQ(due("2026-12-28", "10 working days"), "2027-01-11T23:59:59+08:00 provisional");
  EXPECT_EQ(due("2026-12-28", "2 working days"), "2026-12-30T23:59:59+08:00");
  EXPECT_EQ(due("2026-12-30", "3 days"), "2027-01-04T23:59:59+08:00 provisional");
  // Hours and fixed dates do not use the calendar.
  EXPECT_EQ(due("2027-03-01 10:00", "48 hours"), "2027-03-03T10:00:00+08:00");
}

TEST(DueComputation, PausesStopTheWorkingDayCount) {
  // A request received 2019-06-03 (Mon): 20 working days → 2019-07-02 (端午 06-07 off).
  EXPECT_EQ(due("2019-06-03", "20 working days"), "2019-07-02T23:59:59+08:00");
  // Paused on 06-10 for consultation, resumed 06-14: 06-11..06-14 (4 working days) not counted.
  const pause_span pause{d("2019-06-10"), d("2019-06-14")};
  const auto expr = std::get<deadline_expr>(parse_deadline("20 working days"));
  const auto r = std::get<due_result>(compute_due(ts("2019-06-03"), expr, cn_calendar(), {.pauses = {&pause, 1}}));
  EXPECT_EQ(cn_calendar().zone().format(r.due), "2019-07-08T23:59:59+08:00");
}

TEST(DueComputation, ExplanationListsEveryCountedDay) {
  const auto expr = std::get<deadline_expr>(parse_deadline("3 working days"));
  const auto r = std::get<due_result>(compute_due(ts("2019-09-27 10:00"), expr, cn_calendar(), {.explain = true}));
  const std::vector<std::string> expected{
      "起算：2019-09-27 周五 10:00:00（+08:00）",
      "自次日起计 3 个工作日，起算当日不计",
      "2019-09-28 周六 休息日，不计",
      "2019-09-29 周日 调休上班（国庆节），第 1 个工作日",
      "2019-09-30 周一 工作日，第 2 个工作日",
      "2019-10-01 周二 法定节假日（国庆节），不计",
      "2019-10-02 周三 法定节假日（国庆节），不计",
      "2019-10-03 周四 法定节假日（国庆节），不计",
      "2019-10-04 周五 法定节假日（国庆节），不计",
      "2019-10-05 周六 法定节假日（国庆节），不计",
      "2019-10-06 周日 法定节假日（国庆节），不计",
      "2019-10-07 周一 法定节假日（国庆节），不计",
      "2019-10-08 周二 工作日，第 3 个工作日",
      "截止：2019-10-08 23:59:59（+08:00）",
  };
  EXPECT_EQ(r.explanation, expected);
}

TEST(DueComputation, ExplanationOfALateSameDayTriggerSaysItIsOverdueAtOnce) {
  const auto expr = std::get<deadline_expr>(parse_deadline("by 20:00 same day"));
  const auto r = std::get<due_result>(compute_due(ts("2019-03-14 20:30"), expr, cn_calendar(), {.explain = true}));
  EXPECT_EQ(cn_calendar().zone().format(r.due), "2019-03-14T20:00:00+08:00");
  EXPECT_EQ(r.explanation.at(2), "起算时间已过截止时间，立即逾期");
}

TEST(DueComputation, WorkingDayRemindersFireAtDigestTimeOnTheWorkingDayBefore) {
  const auto& cal = cn_calendar();
  const instant due_at = cal.zone().end_of_day(d("2019-10-08"));
  const auto one_day = std::get<reminder_offset>(parse_reminder("1 working day before"));
  EXPECT_EQ(cal.zone().format(reminder_time(due_at, one_day, cal, std::chrono::minutes{8 * 60 + 30})),
            "2019-09-30T08:30:00+08:00");
  const auto three_hours = std::get<reminder_offset>(parse_reminder("提前3小时"));
  EXPECT_EQ(cal.zone().format(reminder_time(due_at, three_hours, cal, std::chrono::minutes{510})),
            "2019-10-08T20:59:59+08:00");
}

}  // namespace
}  // namespace deadlined::rules
