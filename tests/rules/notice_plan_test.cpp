// Planning notices (SPEC §7) on the real 2019 calendar: reminders, overdue, escalation,
// resolved; digests on working days only; hour-scale obligations at once.

#include "deadlined/rules/notice_plan.hpp"

#include <gtest/gtest.h>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::d;
using deadlined::testing::ts;

instant at(std::string_view text) {
  return ts(text).counting_instant(cn_calendar().zone());
}

obligation interpretation_due_after_national_day() {
  // A normative document published Friday 2019-09-27: interpretation due Tuesday 10-08
  // (3 working days: 09-29, a 调休 Sunday, 09-30 and 10-08), reminded on Sunday 09-29.
  obligation o;
  o.id = obligation_id{0xa1};
  o.unit = "区财政局";
  o.opened_at = at("2019-09-27T10:00:00+08:00");
  o.due_at = at("2019-10-08T23:59:59+08:00");
  o.reminders = {at("2019-09-29T08:30:00+08:00")};
  o.escalate_at = at("2019-10-09T23:59:59+08:00");
  o.escalate_to = "区政府办公室";
  return o;
}

TEST(NoticePlan, NothingIsDueBeforeTheFirstReminder) {
  const auto o = interpretation_due_after_national_day();
  EXPECT_TRUE(due_notices({o}, at("2019-09-28T12:00:00+08:00"), cn_calendar(), {}).empty());
  EXPECT_EQ(next_notice_time({o}, at("2019-09-28T12:00:00+08:00")), at("2019-09-29T08:30:00+08:00"));
}

TEST(NoticePlan, AReminderGoesOutInTheMorningDigestOfAWorkingDay) {
  const auto o = interpretation_due_after_national_day();
  const auto notices = due_notices({o}, at("2019-09-29T09:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(notices.size(), 1U);
  EXPECT_EQ(notices[0].event_name(), "reminder-1");
  EXPECT_EQ(notices[0].recipient_unit, "区财政局");
  EXPECT_FALSE(notices[0].urgent);
  EXPECT_EQ(notices[0].send_at, at("2019-09-29T08:30:00+08:00"));  // 09-29 is a 调休 working day
  EXPECT_EQ(next_notice_time({o}, at("2019-09-29T09:00:00+08:00")), o.due_at);
}

TEST(NoticePlan, OverdueAfterAHolidayWaitsForTheNextWorkingMorning) {
  auto o = interpretation_due_after_national_day();
  o.due_at = at("2019-09-30T23:59:59+08:00");
  o.reminders.clear();
  o.state = obligation_state::overdue;
  const auto notices = due_notices({o}, at("2019-10-03T10:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(notices.size(), 1U);
  EXPECT_EQ(notices[0].event_name(), "overdue");
  // Due Monday night before the National Day week: the digest goes out on 10-08.
  EXPECT_EQ(notices[0].send_at, at("2019-10-08T08:30:00+08:00"));
}

TEST(NoticePlan, EscalationGoesToTheSupervisingUnitAfterTheGrace) {
  auto o = interpretation_due_after_national_day();
  o.state = obligation_state::overdue;
  EXPECT_EQ(due_notices({o}, at("2019-10-09T12:00:00+08:00"), cn_calendar(), {}).size(), 1U);
  const auto notices = due_notices({o}, at("2019-10-10T09:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(notices.size(), 2U);
  EXPECT_EQ(notices[1].event_name(), "escalation");
  EXPECT_EQ(notices[1].recipient_unit, "区政府办公室");
  EXPECT_EQ(notices[1].send_at, at("2019-10-10T08:30:00+08:00"));
}

TEST(NoticePlan, AReminderBeforeASameDay2000DeadlineIsSentAtOnce) {
  // News material for a meeting on 2019-11-12 is due by 20:00 that day; reminded at 17:00.
  obligation o;
  o.id = obligation_id{0x41};
  o.unit = "区政府办公室";
  o.hour_scale = true;
  o.opened_at = at("2019-11-12T09:00:00+08:00");
  o.due_at = at("2019-11-12T20:00:00+08:00");
  o.reminders = {at("2019-11-12T17:00:00+08:00")};
  const auto reminder = due_notices({o}, at("2019-11-12T17:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(reminder.size(), 1U);
  EXPECT_TRUE(reminder[0].urgent);
  EXPECT_EQ(reminder[0].send_at, at("2019-11-12T17:00:00+08:00"));
  EXPECT_EQ(next_notice_time({o}, at("2019-11-12T17:00:00+08:00")), at("2019-11-12T20:00:00+08:00"));
  o.state = obligation_state::overdue;
  const auto overdue = due_notices({o}, at("2019-11-12T20:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(overdue.size(), 1U);
  EXPECT_EQ(overdue[0].send_at, at("2019-11-12T20:00:00+08:00"));
}

TEST(NoticePlan, MetLateIsResolvedAndMetOrWaivedCallsForNothing) {
  auto o = interpretation_due_after_national_day();
  o.state = obligation_state::met_late;
  o.met_at = ts("2019-10-10T15:00:00+08:00");
  const auto notices = due_notices({o}, at("2019-10-11T09:00:00+08:00"), cn_calendar(), {});
  ASSERT_EQ(notices.size(), 1U);
  EXPECT_EQ(notices[0].event_name(), "resolved");
  EXPECT_EQ(notices[0].at, at("2019-10-10T15:00:00+08:00"));
  notice_policy quiet;
  quiet.resolved = false;
  EXPECT_TRUE(due_notices({o}, at("2019-10-11T09:00:00+08:00"), cn_calendar(), quiet).empty());
  o.state = obligation_state::met;
  EXPECT_TRUE(due_notices({o}, at("2019-10-11T09:00:00+08:00"), cn_calendar(), {}).empty());
  o.state = obligation_state::waived;
  EXPECT_TRUE(due_notices({o}, at("2019-10-11T09:00:00+08:00"), cn_calendar(), {}).empty());
}

TEST(NoticePlan, TheDigestWindowSkipsWeekendsAndHolidays) {
  // Saturday 2019-10-12 is a 调休 working day; Sunday 10-13 is not.
  EXPECT_EQ(next_digest_window(at("2019-10-11T09:00:00+08:00"), cn_calendar(), std::chrono::minutes{510}),
            at("2019-10-12T08:30:00+08:00"));
  EXPECT_EQ(next_digest_window(at("2019-10-12T09:00:00+08:00"), cn_calendar(), std::chrono::minutes{510}),
            at("2019-10-14T08:30:00+08:00"));
  EXPECT_EQ(next_digest_window(at("2019-10-01T00:00:00+08:00"), cn_calendar(), std::chrono::minutes{510}),
            at("2019-10-08T08:30:00+08:00"));
}

}  // namespace
}  // namespace deadlined::rules

namespace deadlined::rules {
namespace {

TEST(NoticePlan, AnOverdueNoticeRepeatsEveryNWorkingDaysWhenAsked) {
  obligation o;
  o.id = obligation_id{0x71};
  o.unit = "区财政局";
  o.state = obligation_state::overdue;
  o.due_at =
      deadlined::testing::ts("2019-09-30T23:59:59+08:00").counting_instant(deadlined::testing::cn_calendar().zone());
  notice_policy policy;
  policy.repeat_overdue_working_days = 2;
  const auto now =
      deadlined::testing::ts("2019-10-11T09:00:00+08:00").counting_instant(deadlined::testing::cn_calendar().zone());
  const auto notices = due_notices({o}, now, deadlined::testing::cn_calendar(), policy);
  // Due the Monday before the National Day week: 2 working days later is 10-09 (10-08 is
  // the first), then 10-11.
  ASSERT_EQ(notices.size(), 3U);
  EXPECT_EQ(notices[0].event_name(), "overdue");
  EXPECT_EQ(notices[1].event_name(), "overdue-2");
  EXPECT_EQ(
      notices[1].send_at,
      deadlined::testing::ts("2019-10-09T08:30:00+08:00").counting_instant(deadlined::testing::cn_calendar().zone()));
  EXPECT_EQ(notices[2].event_name(), "overdue-3");
  EXPECT_EQ(
      notices[2].send_at,
      deadlined::testing::ts("2019-10-11T08:30:00+08:00").counting_instant(deadlined::testing::cn_calendar().zone()));
}

}  // namespace
}  // namespace deadlined::rules
