#include "deadlined/rules/working_calendar.hpp"

#include <gtest/gtest.h>

#include <map>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::d;
using std::chrono::days;

struct holiday_block {
  const char* first;
  const char* last;
  const char* name;
};

// Every holiday block of the State Council notices 2019–2026 (国办发明电〔2019〕3号 and
// 〔2020〕1号 included), as the notices list them; adjoining ordinary weekends are not listed.
constexpr holiday_block blocks[] = {
    {"2018-12-30", "2019-01-01", "元旦"},           {"2019-02-04", "2019-02-10", "春节"},
    {"2019-04-05", "2019-04-05", "清明节"},         {"2019-05-01", "2019-05-04", "劳动节"},
    {"2019-06-07", "2019-06-07", "端午节"},         {"2019-09-13", "2019-09-13", "中秋节"},
    {"2019-10-01", "2019-10-07", "国庆节"},         {"2020-01-01", "2020-01-01", "元旦"},
    {"2020-01-24", "2020-02-02", "春节"},           {"2020-04-04", "2020-04-06", "清明节"},
    {"2020-05-01", "2020-05-05", "劳动节"},         {"2020-06-25", "2020-06-27", "端午节"},
    {"2020-10-01", "2020-10-08", "国庆节、中秋节"}, {"2021-01-01", "2021-01-03", "元旦"},
    {"2021-02-11", "2021-02-17", "春节"},           {"2021-04-03", "2021-04-05", "清明节"},
    {"2021-05-01", "2021-05-05", "劳动节"},         {"2021-06-12", "2021-06-14", "端午节"},
    {"2021-09-19", "2021-09-21", "中秋节"},         {"2021-10-01", "2021-10-07", "国庆节"},
    {"2022-01-01", "2022-01-03", "元旦"},           {"2022-01-31", "2022-02-06", "春节"},
    {"2022-04-03", "2022-04-05", "清明节"},         {"2022-04-30", "2022-05-04", "劳动节"},
    {"2022-06-03", "2022-06-05", "端午节"},         {"2022-09-10", "2022-09-12", "中秋节"},
    {"2022-10-01", "2022-10-07", "国庆节"},         {"2022-12-31", "2023-01-02", "元旦"},
    {"2023-01-21", "2023-01-27", "春节"},           {"2023-04-05", "2023-04-05", "清明节"},
    {"2023-04-29", "2023-05-03", "劳动节"},         {"2023-06-22", "2023-06-24", "端午节"},
    {"2023-09-29", "2023-10-06", "中秋节、国庆节"}, {"2024-01-01", "2024-01-01", "元旦"},
    {"2024-02-10", "2024-02-17", "春节"},           {"2024-04-04", "2024-04-06", "清明节"},
    {"2024-05-01", "2024-05-05", "劳动节"},         {"2024-06-10", "2024-06-10", "端午节"},
    {"2024-09-15", "2024-09-17", "中秋节"},         {"2024-10-01", "2024-10-07", "国庆节"},
    {"2025-01-01", "2025-01-01", "元旦"},           {"2025-01-28", "2025-02-04", "春节"},
    {"2025-04-04", "2025-04-06", "清明节"},         {"2025-05-01", "2025-05-05", "劳动节"},
    {"2025-05-31", "2025-06-02", "端午节"},         {"2025-10-01", "2025-10-08", "国庆节、中秋节"},
    {"2026-01-01", "2026-01-03", "元旦"},           {"2026-02-15", "2026-02-23", "春节"},
    {"2026-04-04", "2026-04-06", "清明节"},         {"2026-05-01", "2026-05-05", "劳动节"},
    {"2026-06-19", "2026-06-21", "端午节"},         {"2026-09-25", "2026-09-27", "中秋节"},
    {"2026-10-01", "2026-10-07", "国庆节"},
};

// Every adjusted working day (调休上班) 2019–2026.
constexpr const char* adjusted_workdays[] = {
    "2018-12-29", "2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12", "2020-01-19",
    "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10", "2021-02-07", "2021-02-20", "2021-04-25",
    "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09", "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24",
    "2022-05-07", "2022-10-08", "2022-10-09", "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25",
    "2023-10-07", "2023-10-08", "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
    "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04",
    "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};

bool weekend(civil_date date) {
  const std::chrono::weekday wd{date};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

/// The reference: a day-by-day reading of the literal tables above.
bool reference_working_day(civil_date date) {
  static const auto exceptions = [] {
    std::map<civil_date, bool> working;
    for (const auto& b : blocks) {
      for (civil_date day = d(b.first); day <= d(b.last); day += days{1})
        working[day] = false;
    }
    for (const auto* w : adjusted_workdays)
      working[d(w)] = true;
    return working;
  }();
  const auto it = exceptions.find(date);
  return it != exceptions.end() ? it->second : !weekend(date);
}

civil_date reference_add(civil_date from, int n) {
  civil_date at = from;
  while (n > 0) {
    at += days{1};
    if (reference_working_day(at)) --n;
  }
  return at;
}

TEST(WorkingCalendar, EveryHolidayBlockIsOffAndItsNeighboursAreNot) {
  const auto& cal = cn_calendar();
  for (const auto& b : blocks) {
    SCOPED_TRACE(std::string{b.first} + " " + b.name);
    for (civil_date day = d(b.first); day <= d(b.last); day += days{1}) {
      EXPECT_EQ(cal.kind(day), day_kind::holiday) << format_date(day);
      EXPECT_FALSE(cal.is_working_day(day));
      EXPECT_EQ(cal.day_name(day), b.name);
    }
    for (civil_date edge : {d(b.first) - days{1}, d(b.last) + days{1}}) {
      EXPECT_NE(cal.kind(edge), day_kind::holiday) << format_date(edge);
      EXPECT_EQ(cal.is_working_day(edge), reference_working_day(edge)) << format_date(edge);
    }
  }
}

TEST(WorkingCalendar, EveryAdjustedWeekendIsWorkedAndItsNeighboursFollowTheTables) {
  const auto& cal = cn_calendar();
  for (const auto* w : adjusted_workdays) {
    SCOPED_TRACE(w);
    EXPECT_EQ(cal.kind(d(w)), day_kind::adjusted_workday);
    EXPECT_TRUE(cal.is_working_day(d(w)));
    EXPECT_EQ(cal.is_working_day(d(w) - days{1}), reference_working_day(d(w) - days{1}));
    EXPECT_EQ(cal.is_working_day(d(w) + days{1}), reference_working_day(d(w) + days{1}));
  }
}

TEST(WorkingCalendar, OneWorkingDayFromTheDayBeforeEachBlockLandsAfterIt) {
  const auto& cal = cn_calendar();
  for (const auto& b : blocks) {
    const civil_date before = d(b.first) - days{1};
    SCOPED_TRACE(format_date(before));
    const civil_date next = cal.add_working_days(before, 1);
    EXPECT_EQ(next, reference_add(before, 1));
    if (!weekend(before)) {
      EXPECT_GT(next, d(b.last));
    }
  }
}

TEST(WorkingCalendar, MatchesDayByDayCountingForEveryDate2019To2026) {
  const auto& cal = cn_calendar();
  for (civil_date from = d("2019-01-01"); from <= d("2026-12-01"); from += days{1}) {
    ASSERT_EQ(cal.is_working_day(from), reference_working_day(from)) << format_date(from);
    for (int n : {1, 3, 7, 15, 20}) {
      ASSERT_EQ(cal.add_working_days(from, n), reference_add(from, n)) << format_date(from) << " + " << n;
    }
  }
}

TEST(WorkingCalendar, AddedWorkingDaysAreWorkingDaysCountedExactlyAndMonotonic) {
  const auto& cal = cn_calendar();
  for (civil_date from = d("2018-12-01"); from <= d("2027-01-31"); from += days{3}) {
    civil_date previous = from;
    for (int n = 1; n <= 45; ++n) {
      const civil_date due = cal.add_working_days(from, n);
      ASSERT_TRUE(cal.is_working_day(due)) << format_date(from) << " + " << n;
      ASSERT_EQ(cal.working_days_between(from, due), n) << format_date(from) << " + " << n;
      ASSERT_GT(due, previous);
      previous = due;
    }
  }
}

TEST(WorkingCalendar, SubtractIsTheInverseOfAddOnWorkingDays) {
  const auto& cal = cn_calendar();
  for (civil_date from = d("2019-01-02"); from <= d("2026-12-01"); from += days{1}) {
    if (!cal.is_working_day(from)) continue;
    for (int n : {1, 2, 5, 20}) {
      ASSERT_EQ(cal.subtract_working_days(cal.add_working_days(from, n), n), from) << format_date(from);
    }
  }
}

TEST(WorkingCalendar, The2020SpringFestivalExtensionRunsToFebruarySecond) {
  const auto& cal = cn_calendar();
  // 2020-02-01 (Saturday) was to be worked; the extension (国办发明电〔2020〕1号) made it a holiday.
  EXPECT_EQ(cal.kind(d("2020-02-01")), day_kind::holiday);
  EXPECT_EQ(cal.kind(d("2020-01-30")), day_kind::holiday);
  EXPECT_EQ(cal.kind(d("2020-02-03")), day_kind::workday);
  EXPECT_EQ(cal.add_working_days(d("2020-01-23"), 1), d("2020-02-03"));
}

TEST(WorkingCalendar, AYearsFileMayHoldTheDecemberBeforeIt) {
  const auto& cal = cn_calendar();
  EXPECT_EQ(cal.kind(d("2018-12-29")), day_kind::adjusted_workday);  // from 2019.json
  EXPECT_EQ(cal.kind(d("2022-12-31")), day_kind::holiday);           // from 2023.json
  EXPECT_FALSE(cal.covers(std::chrono::year{2018}));
  EXPECT_TRUE(cal.covers(std::chrono::year{2019}));
}

TEST(WorkingCalendar, MissingYearFallsBackToWeekendsOnly) {
  const auto& cal = cn_calendar();
  EXPECT_FALSE(cal.covers(std::chrono::year{2027}));
  EXPECT_TRUE(cal.is_working_day(d("2027-01-01")));  // a Friday: no schedule, so not a holiday
  EXPECT_FALSE(cal.is_working_day(d("2027-01-02")));
  EXPECT_EQ(cal.add_working_days(d("2026-12-31"), 2), d("2027-01-04"));
  EXPECT_FALSE(cal.covers(d("2026-12-31"), d("2027-01-04")));
  EXPECT_TRUE(cal.covers(d("2019-01-01"), d("2026-12-31")));
}

TEST(WorkingCalendar, NextYearIsReportedMissingFromTheFirstOfDecember) {
  const auto& cal = cn_calendar();
  EXPECT_FALSE(cal.next_year_missing(d("2026-11-30")));
  EXPECT_TRUE(cal.next_year_missing(d("2026-12-01")));
  EXPECT_FALSE(cal.next_year_missing(d("2025-12-01")));  // 2026 is known
}

TEST(WorkingCalendar, LocalClosuresAndOperatorYearsOverrideTheBuiltInTable) {
  auto spec = builtin_cn_calendar();
  spec.days.push_back({d("2019-09-30"), calendar_day_change::closure, "台风停工"});
  spec.covered_years.push_back(2027);
  spec.days.push_back({d("2027-01-01"), calendar_day_change::holiday, "元旦"});
  const working_calendar cal{spec, zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8})};
  EXPECT_EQ(cal.kind(d("2019-09-30")), day_kind::closure);
  EXPECT_EQ(cal.day_name(d("2019-09-30")), "台风停工");
  EXPECT_EQ(cal.add_working_days(d("2019-09-27"), 2), d("2019-10-08"));
  EXPECT_TRUE(cal.covers(std::chrono::year{2027}));
  EXPECT_FALSE(cal.is_working_day(d("2027-01-01")));
}

TEST(WorkingCalendar, ChineseLabelsNameEachKindOfDay) {
  EXPECT_EQ(chinese_label(day_kind::adjusted_workday), "调休上班");
  EXPECT_EQ(chinese_label(day_kind::holiday), "法定节假日");
  EXPECT_EQ(chinese_label(day_kind::weekend), "休息日");
}

}  // namespace
}  // namespace deadlined::rules
