// The evaluation scorecard of a small district year with known outcomes: counts, on-time
// rates, waivers, breaches, vetoes, points, ranking and the previous year.

#include "deadlined/rules/scorecard.hpp"

#include <gtest/gtest.h>

#include "deadlined/rules/report_period.hpp"
#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::ts;

const zone_offsets& zone() {
  return cn_calendar().zone();
}

rule make_rule(std::string id, rule_kind kind, std::string title, std::string clause, bool veto = false) {
  rule r;
  r.id = std::move(id);
  r.kind = kind;
  r.title = std::move(title);
  r.clause = std::move(clause);
  r.veto = veto;
  return r;
}

rule_set district_rules() {
  rule_set set;
  set.rules.push_back(make_rule("interpretation", rule_kind::deadline, "规范性文件3个工作日内公开解读", "一、（一）2"));
  set.rules.push_back(
      make_rule("portal-availability", rule_kind::availability, "网站无法访问（单项否决）", "四、（一）1", true));
  set.rules.push_back(make_rule("column-fresh", rule_kind::freshness, "动态类栏目2周内更新", "四、（一）1"));
  set.rules.push_back(
      make_rule("stale-columns", rule_kind::verdict, "栏目不更新≥5个（单项否决）", "四、（一）1", true));
  set.tasks.push_back({"一、（一）2", "政策性文件与解读材料同步", "", "各单位", false, "seed"});
  return set;
}

unit_directory district_units() {
  return unit_directory{{{"区财政局", "department", {"财政局"}, {}, {}, {}},
                         {"区司法局", "department", {}, {}, {}, {}},
                         {"区教育局", "department", {}, {}, {}, {}},
                         {"区旧局", "department", {}, {}, civil_date{std::chrono::year{2018} / 6 / 1}, "区教育局"}},
                        {}};
}

obligation owed(std::string unit, std::string rule, std::string due, obligation_state state, std::uint64_t id) {
  obligation o;
  o.id = obligation_id{id};
  o.unit = std::move(unit);
  o.rule = std::move(rule);
  o.title = "stored title";
  o.due_at = ts(due).counting_instant(zone());
  o.opened_at = o.due_at - std::chrono::hours{72};
  o.state = state;
  return o;
}

struct district_year {
  rule_set rules = district_rules();
  unit_directory units = district_units();
  std::vector<obligation> obligations;
  std::vector<fact> facts;
  scoring_policy scoring;

  district_year() {
    using enum obligation_state;
    // 区财政局: 2 on time, 1 late (March), 1 waived; last year 1 overdue.
    obligations.push_back(owed("区财政局", "interpretation", "2019-02-11T23:59:59+08:00", met, 0xf1));
    obligations.push_back(owed("区财政局", "interpretation", "2019-03-12T23:59:59+08:00", met_late, 0xf2));
    obligations.push_back(owed("区财政局", "interpretation", "2019-10-08T23:59:59+08:00", met, 0xf3));
    auto waived_one = owed("区财政局", "interpretation", "2019-11-05T23:59:59+08:00", waived, 0xf4);
    waived_one.waiver_reason = "文件未公开，无需解读";
    obligations.push_back(waived_one);
    obligations.push_back(owed("区财政局", "interpretation", "2018-12-10T23:59:59+08:00", overdue, 0xf0));
    // 区司法局: 2 on time, a column updated in time, the portal down for a week in May (a
    // veto), a passed verdict.
    obligations.push_back(owed("区司法局", "interpretation", "2019-04-01T23:59:59+08:00", met, 0x51));
    obligations.push_back(owed("区司法局", "interpretation", "2019-06-03T23:59:59+08:00", met, 0x52));
    obligations.push_back(owed("区司法局", "column-fresh", "2019-07-15T23:59:59+08:00", met, 0x53));
    obligations.push_back(owed("区司法局", "portal-availability", "2019-05-20T10:00:00+08:00", overdue, 0x54));
    obligations.push_back(owed("区司法局", "stale-columns", "2019-12-31T18:00:00+08:00", met, 0x55));
    // 区教育局: one on time, one column stale in September, one still pending, one due next year.
    obligations.push_back(owed("区教育局", "interpretation", "2019-05-06T23:59:59+08:00", met, 0xe1));
    obligations.push_back(owed("区教育局", "column-fresh", "2019-09-16T23:59:59+08:00", overdue, 0xe2));
    obligations.push_back(owed("区教育局", "interpretation", "2019-12-31T23:59:59+08:00", pending, 0xe3));
    obligations.push_back(owed("区教育局", "interpretation", "2020-01-03T23:59:59+08:00", pending, 0xe4));
    // An item the 区财政局 backdated in June.
    fact backdated;
    backdated.id = "item-1";
    backdated.type = "item.published";
    backdated.unit = "财政局";
    backdated.time = ts("2019-06-10");
    backdated.attrs["backdated"] = "true";
    facts.push_back(backdated);
  }

  scorecard card() const {
    const auto year = std::get<period>(parse_report_period("2019"));
    return build_scorecard({obligations, facts, rules, units, zone(), scoring, year, previous_period(year)});
  }
};

const unit_scorecard& of(const scorecard& card, std::string_view unit) {
  for (const auto& c : card.units)
    if (c.unit == unit) return c;
  throw std::out_of_range(std::string{unit});
}

TEST(Scorecard, CountsEachUnitsObligationsDueInThePeriod) {
  const auto card = district_year{}.card();
  const auto& finance = of(card, "区财政局");
  EXPECT_EQ(finance.totals.opened, 4);  // the 2018 one belongs to 2018
  EXPECT_EQ(finance.totals.met, 2);
  EXPECT_EQ(finance.totals.met_late, 1);
  EXPECT_EQ(finance.totals.waived, 1);
  ASSERT_EQ(finance.rules.size(), 1U);
  EXPECT_EQ(finance.rules[0].title, "规范性文件3个工作日内公开解读");  // the rule's title, not the stored one
  EXPECT_EQ(finance.rules[0].task, "政策性文件与解读材料同步");
  EXPECT_EQ(finance.rules[0].waiver_reasons, std::vector<std::string>{"文件未公开，无需解读"});
  // met / (met + met late + overdue): the waived one is left out.
  EXPECT_DOUBLE_EQ(*finance.totals.on_time_rate(), 2.0 / 3.0);
  EXPECT_EQ(finance.backdated_items, 1);  // its alias 财政局 on the fact

  const auto& education = of(card, "区教育局");
  EXPECT_EQ(education.totals.opened, 3);  // the one due 2020-01-03 is next year's
  EXPECT_EQ(education.totals.pending, 1);
  EXPECT_DOUBLE_EQ(*education.totals.on_time_rate(), 0.5);
  EXPECT_EQ(education.freshness_breaches, 1);
}

TEST(Scorecard, AVetoRulesBreachIsASingleVetoAndAPassedVerdictIsNotCounted) {
  const auto card = district_year{}.card();
  const auto& justice = of(card, "区司法局");
  EXPECT_EQ(justice.vetoes, std::vector<std::string>{"网站无法访问（单项否决）"});
  EXPECT_EQ(justice.availability_breaches, 1);
  // The passed verdict (s5) and the column updated in time (s3) are checks, not duties.
  EXPECT_EQ(justice.totals.opened, 3);
  EXPECT_DOUBLE_EQ(*justice.totals.on_time_rate(), 2.0 / 3.0);
}

TEST(Scorecard, UnitsRankByOnTimeRateWithVetoedUnitsLast) {
  const auto card = district_year{}.card();
  ASSERT_EQ(card.units.size(), 3U);           // 区旧局 ended in 2018
  EXPECT_EQ(card.units[0].unit, "区财政局");  // 66.7 %
  EXPECT_EQ(card.units[0].rank, 1);
  EXPECT_EQ(card.units[1].unit, "区教育局");  // 50 %
  EXPECT_EQ(card.units[2].unit, "区司法局");  // 75 %, but vetoed
  EXPECT_EQ(card.units[2].rank, 3);
  EXPECT_FALSE(card.scored);
  EXPECT_FALSE(card.units[0].score.has_value());
}

TEST(Scorecard, ThePreviousYearIsAlongside) {
  const auto card = district_year{}.card();
  EXPECT_EQ(card.previous.label, "2018");
  const auto& finance = of(card, "区财政局");
  EXPECT_EQ(finance.previous.overdue, 1);
  EXPECT_DOUBLE_EQ(*finance.previous.on_time_rate(), 0.0);
  EXPECT_EQ(finance.previous_rank, 1);
  EXPECT_FALSE(of(card, "区教育局").previous.on_time_rate().has_value());
}

TEST(Scorecard, OverdueAndLateObligationsAreCountedByTheMonthTheyWereDue) {
  const auto card = district_year{}.card();
  ASSERT_EQ(card.overdue_by_month.size(), 12U);
  EXPECT_EQ(card.overdue_by_month[2].month, "2019-03");
  EXPECT_EQ(card.overdue_by_month[2].overdue, 1);  // 区财政局, late
  EXPECT_EQ(card.overdue_by_month[4].overdue, 1);  // 区司法局's portal
  EXPECT_EQ(card.overdue_by_month[8].overdue, 1);  // 区教育局's column
  int total = 0;
  for (const auto& m : card.overdue_by_month)
    total += m.overdue;
  EXPECT_EQ(total, 3);
}

TEST(Scorecard, TheOfficesPointsDeductPerBreachUpToTheRulesValueAndAVetoZeroesTheScore) {
  district_year year;
  year.scoring.base = 100.0;
  year.scoring.rules["interpretation"] = {2.0, 1.5, 10.0};
  year.scoring.rules["column-fresh"] = {4.0, 0.0, 3.0};  // capped at 3
  auto card = year.card();
  EXPECT_TRUE(card.scored);
  EXPECT_DOUBLE_EQ(*of(card, "区财政局").score, 98.5);  // one late interpretation
  EXPECT_DOUBLE_EQ(*of(card, "区教育局").score, 97.0);  // one stale column, capped
  EXPECT_DOUBLE_EQ(*of(card, "区司法局").score, 0.0);   // vetoed
  EXPECT_EQ(card.units[0].unit, "区财政局");

  year.scoring.veto_zeroes_score = false;  // the veto only marks the unit
  card = year.card();
  EXPECT_DOUBLE_EQ(*of(card, "区司法局").score, 100.0);
  EXPECT_EQ(of(card, "区司法局").rank, 1);
  EXPECT_EQ(of(card, "区司法局").vetoes.size(), 1U);
}

TEST(Scorecard, EqualStandingSharesARank) {
  district_year year;
  year.obligations.clear();
  year.obligations.push_back(
      owed("区财政局", "interpretation", "2019-02-11T23:59:59+08:00", obligation_state::met, 0xa));
  year.obligations.push_back(
      owed("区教育局", "interpretation", "2019-02-11T23:59:59+08:00", obligation_state::met, 0xb));
  const auto card = year.card();
  EXPECT_EQ(of(card, "区财政局").rank, 1);
  EXPECT_EQ(of(card, "区教育局").rank, 1);
  EXPECT_EQ(of(card, "区司法局").rank, 3);  // nothing judged: after the units with a rate
}

}  // namespace
}  // namespace deadlined::rules
