// The periodic kinds — recurring, freshness, availability, verdict — and look-back windows.

#include <gtest/gtest.h>

#include "support/facts.hpp"

namespace deadlined::rules {
namespace {

using namespace deadlined::testing;

const daemon::config_snapshot& config() {
  static const auto snapshot = load_or_fail(std::string{DEADLINED_TEST_DATA} + "/rules/periodic-config.yaml");
  return *snapshot;
}

std::vector<obligation> evaluate_at(const std::vector<fact>& facts, std::string_view now, std::string_view rule) {
  evaluation_context context{config().rules, config().calendar, config().units, at(now)};
  context.explain = true;
  std::vector<obligation> out;
  for (auto& o : evaluate(facts, context)) {
    if (o.rule == rule) out.push_back(std::move(o));
  }
  return out;
}

/// One sorted line per obligation: unit, key, state, due.
std::string summary(const std::vector<obligation>& list) {
  std::vector<std::string> lines;
  for (const auto& o : list) {
    lines.push_back(o.unit + " " + o.key + " " + std::string{to_string(o.state)} + " " + fmt(o.due_at) + "\n");
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines)
    out += line;
  return out;
}

fact report(std::string id, std::string unit, std::string_view time, std::string period = "") {
  auto f = make_fact(std::move(id), "report.published", std::move(unit), time, {{"report", "annual"}});
  if (!period.empty()) f.attrs["period"] = period;
  return f;
}

TEST(Recurring, PeriodsStartAtTheEffectiveStartAndFactsClosePeriodsInOrder) {
  // 区财政局 publishes its 2019 report on 2020-01-20 (on time), 区司法局 on 2020-02-10 (late).
  const auto obligations = evaluate_at({report("a", "区财政局", "2020-01-20"), report("b", "区司法局", "2020-02-10")},
                                       "2020-03-01 09:00", "annual-report");
  EXPECT_EQ(summary(obligations),
            "区司法局 2019 met_late 2020-01-31T23:59:59+08:00\n"
            "区司法局 2020 pending 2021-01-31T23:59:59+08:00\n"
            "区财政局 2019 met 2020-01-31T23:59:59+08:00\n"
            "区财政局 2020 pending 2021-01-31T23:59:59+08:00\n");
  const auto first = std::find_if(obligations.begin(), obligations.end(),
                                  [](const obligation& o) { return o.unit == "区财政局" && o.key == "2019"; });
  // The first period starts on the effective date, not on 1 January.
  EXPECT_EQ(fmt(first->opened_at), "2019-05-15T00:00:00+08:00");
}

TEST(Recurring, APeriodAttributeAssignsTheFactToThatPeriod) {
  // A report for 2020 published early in 2020 must not close 2019.
  const auto obligations =
      evaluate_at({report("a", "区财政局", "2020-01-10", "2020")}, "2020-02-05 09:00", "annual-report");
  const auto text = summary(obligations);
  EXPECT_NE(text.find("区财政局 2019 overdue"), std::string::npos) << text;
  EXPECT_NE(text.find("区财政局 2020 met"), std::string::npos) << text;
}

TEST(Recurring, QuarterlyEvidenceDueAtTheEndOfEachQuarter) {
  // The pack names 温泉镇 twice: still one obligation a quarter.
  const auto obligations =
      evaluate_at({make_fact("e1", "evidence.submitted", "温泉镇", "2019-03-20", {{"task", "一、（一）1"}}),
                   make_fact("e2", "evidence.submitted", "温泉镇", "2019-07-02", {{"task", "一、（一）1"}})},
                  "2019-10-15 09:00", "quarterly-evidence");
  EXPECT_EQ(summary(obligations),
            "温泉镇 2019-Q1 met 2019-03-31T23:59:59+08:00\n"
            "温泉镇 2019-Q2 met_late 2019-06-30T23:59:59+08:00\n"
            "温泉镇 2019-Q3 overdue 2019-09-30T23:59:59+08:00\n"
            "温泉镇 2019-Q4 pending 2019-12-31T23:59:59+08:00\n");
}

fact item(std::string id, std::string source, std::string_view date, std::string unit = "区财政局") {
  auto f = make_fact(std::move(id), "item.published", std::move(unit), date, {{"column", "动态"}});
  f.source = std::move(source);
  f.id = f.source + "/" + f.external_id;
  return f;
}

TEST(Freshness, AGapLongerThanTheWindowIsAStaleSpellAndTheNewestItemIsDueAgain) {
  // Items on 09-01 and 09-10 (on time), then 10-08 (a 28-day gap), then nothing.
  const auto obligations = evaluate_at(
      {item("1", "czj-dt", "2019-09-01"), item("2", "czj-dt", "2019-09-10"), item("3", "czj-dt", "2019-10-08")},
      "2019-10-30 09:00", "column-fresh");
  ASSERT_EQ(obligations.size(), 2U);  // the gap 09-10 closed in time is no longer recent
  std::string states;
  for (const auto& o : obligations)
    states += std::string{to_string(o.state)} + " " + fmt(o.due_at) + "\n";
  EXPECT_NE(states.find("met_late 2019-09-24T23:59:59+08:00"), std::string::npos)
      << states;  // stale from 09-25 to 10-08
  EXPECT_NE(states.find("overdue 2019-10-22T23:59:59+08:00"), std::string::npos) << states;  // stale since 10-23
}

TEST(Freshness, TheNextUpdateInTimeClosesTheLastOnesObligationAsMet) {
  // On 09-05 the 09-01 update is pending (stale after 09-15); the 09-10 update closes it.
  const auto before = evaluate_at({item("1", "czj-dt", "2019-09-01")}, "2019-09-05 09:00", "column-fresh");
  ASSERT_EQ(before.size(), 1U);
  EXPECT_EQ(before[0].state, obligation_state::pending);
  const auto after = evaluate_at({item("1", "czj-dt", "2019-09-01"), item("2", "czj-dt", "2019-09-10")},
                                 "2019-09-11 09:00", "column-fresh");
  ASSERT_EQ(after.size(), 2U);
  const auto closed =
      std::find_if(after.begin(), after.end(), [&](const obligation& o) { return o.id == before[0].id; });
  ASSERT_NE(closed, after.end()) << "the same obligation, so the stored row and its reminders follow";
  EXPECT_EQ(closed->state, obligation_state::met);
  ASSERT_TRUE(closed->met_at.has_value());
  // A date-only update counts at the end of its day.
  EXPECT_EQ(fmt(closed->met_at->counting_instant(config().calendar.zone())), "2019-09-10T23:59:59+08:00");
  EXPECT_TRUE(std::any_of(closed->explanation.begin(), closed->explanation.end(),
                          [](const std::string& line) { return line.starts_with("期限内有下一次更新："); }));
  // Still the last gap a year later (the column is stale now): still reported, met.
  const auto year_later = evaluate_at({item("1", "czj-dt", "2019-09-01"), item("2", "czj-dt", "2019-09-10")},
                                      "2020-09-11 09:00", "column-fresh");
  EXPECT_EQ(summary(year_later),
            "区财政局 czj-dt#czj-dt/1 met 2019-09-15T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/2 overdue 2019-09-24T23:59:59+08:00\n");
}

TEST(Freshness, AnItemAddedLaterTheSameDayDoesNotTakeTheDaysUpdateAndItsObligation) {
  // Two items dated 09-01, the second seen in the afternoon; its id sorts first.
  auto morning = item("9", "czj-dt", "2019-09-01");
  morning.observed_at = at("2019-09-01 10:00");
  auto afternoon = item("10", "czj-dt", "2019-09-01");
  afternoon.observed_at = at("2019-09-01 15:00");
  EXPECT_EQ(summary(evaluate_at({morning}, "2019-09-01 12:00", "column-fresh")),
            "区财政局 czj-dt#czj-dt/9 pending 2019-09-15T23:59:59+08:00\n");
  EXPECT_EQ(summary(evaluate_at({morning, afternoon}, "2019-09-01 16:00", "column-fresh")),
            "区财政局 czj-dt#czj-dt/9 pending 2019-09-15T23:59:59+08:00\n");
}

TEST(Freshness, EveryGapClosedInTimeInTheLastWeekIsReportedEvenWithoutACheckBetween) {
  // Updates on 09-01, 09-04, 09-06, 09-20; a check on 09-02 stored 09-01's obligation as
  // pending, the next check is on 09-10: 09-01's and 09-04's gaps closed in time this week.
  const std::vector<fact> items{item("1", "czj-dt", "2019-09-01"), item("2", "czj-dt", "2019-09-04"),
                                item("3", "czj-dt", "2019-09-06")};
  EXPECT_EQ(summary(evaluate_at(items, "2019-09-10 09:00", "column-fresh")),
            "区财政局 czj-dt#czj-dt/1 met 2019-09-15T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/2 met 2019-09-18T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/3 pending 2019-09-20T23:59:59+08:00\n");
  // Updates that arrive late (the portal was unreachable) count from when they were seen.
  auto late = items;
  for (auto& f : late)
    f.observed_at = at("2019-09-14 08:00");
  EXPECT_EQ(summary(evaluate_at(late, "2019-09-14 09:00", "column-fresh")),
            "区财政局 czj-dt#czj-dt/1 met 2019-09-15T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/2 met 2019-09-18T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/3 pending 2019-09-20T23:59:59+08:00\n");
  // Eight days after 09-04 the first gap is no longer recent; the last one stays.
  EXPECT_EQ(summary(evaluate_at(items, "2019-09-13 09:00", "column-fresh")),
            "区财政局 czj-dt#czj-dt/2 met 2019-09-18T23:59:59+08:00\n"
            "区财政局 czj-dt#czj-dt/3 pending 2019-09-20T23:59:59+08:00\n");
}

TEST(Freshness, PinnedOldItemsAndUndatedItemsDoNotCountAsUpdates) {
  auto undated = item("4", "czj-dt", "2019-10-29");
  undated.attrs["date_source"] = "first_seen";
  const auto obligations = evaluate_at({item("1", "czj-dt", "2019-03-01"), item("2", "czj-dt", "2019-10-20"), undated},
                                       "2019-10-30 09:00", "column-fresh");
  std::string text = summary(obligations);
  EXPECT_NE(text.find("pending 2019-11-03T23:59:59+08:00"), std::string::npos) << text;
}

fact probe(int n, std::string_view time, bool ok) {
  auto f = make_fact("p" + std::to_string(n), "probe.result", "区政府办公室", time, {{"ok", ok ? "true" : "false"}});
  f.source = "portal";
  f.id = "portal/p" + std::to_string(n);
  return f;
}

TEST(Availability, AWeekWithFailuresAtTheRateIsABreach) {
  std::vector<fact> probes;
  int n = 0;
  // Week 2019-W40 (09-30 .. 10-06): 3 probes a day, 2 failures of 21 (9.5 %): breach.
  // Week 2019-W41 (10-07 .. 10-13): 3 probes a day, all fine.
  for (int day = 0; day < 14; ++day) {
    const auto date = format_date(civil_date{std::chrono::year{2019} / 9 / 30} + std::chrono::days{day});
    for (int h : {9, 13, 17}) {
      const bool failed = day < 7 && h == 9 && day < 2;
      probes.push_back(probe(n++, date + (h < 10 ? " 0" : " ") + std::to_string(h) + ":00", !failed));
    }
  }
  const auto obligations = evaluate_at(probes, "2019-10-16 09:00", "portal-availability");
  EXPECT_EQ(summary(obligations),
            "区政府办公室 portal#2019-W40 overdue 2019-09-30T00:00:00+08:00\n"
            "区政府办公室 portal#2019-W41 met 2019-10-13T23:59:59+08:00\n");
}

TEST(Verdict, EnoughStaleColumnsAreASingleVeto) {
  const std::vector<fact> items{item("1", "czj-dt", "2019-09-01"), item("2", "czj-tz", "2019-09-01"),
                                item("3", "sfj-dt", "2019-09-01", "区司法局"),
                                item("4", "sfj-tz", "2019-10-25", "区司法局")};
  const auto obligations = evaluate_at(items, "2019-10-30 09:00", "stale-veto");
  EXPECT_EQ(summary(obligations),
            "区司法局 2019 met 2019-10-30T09:00:00+08:00\n"
            "区财政局 2019 overdue 2019-10-30T09:00:00+08:00\n");
}

TEST(LookBack, TriggersOlderThanTheWindowAreIgnored) {
  const std::vector<fact> messages{make_fact("m1", "message.received", "温泉镇", "2018-06-01", {{"message_id", "1"}}),
                                   make_fact("m2", "message.received", "温泉镇", "2019-05-01", {{"message_id", "2"}})};
  const auto obligations = evaluate_at(messages, "2019-10-30 09:00", "message-replied");
  EXPECT_EQ(summary(obligations), "温泉镇 message_id:2 overdue 2019-08-01T23:59:59+08:00\n");
}

}  // namespace
}  // namespace deadlined::rules
