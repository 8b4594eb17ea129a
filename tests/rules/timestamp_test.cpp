#include "deadlined/rules/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;

std::string read(std::string_view text) {
  const auto parsed = parse_timestamp(text, cn_calendar().zone());
  if (const auto* e = std::get_if<parse_error>(&parsed)) return "col " + std::to_string(e->column) + ": " + e->message;
  return std::get<timestamp>(parsed).format(cn_calendar().zone());
}

TEST(Timestamp, AcceptsIsoFormsWithAndWithoutOffset) {
  EXPECT_EQ(read("2019-09-27"), "2019-09-27");
  EXPECT_EQ(read("2019-09-27T10:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(read("2019-09-27 10:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(read("2019-09-27T10:00:30"), "2019-09-27T10:00:30+08:00");
  EXPECT_EQ(read("2019-09-27T02:00:00Z"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(read("2019-09-27T10:00:00+09:00"), "2019-09-27T09:00:00+08:00");
  EXPECT_EQ(read("2019-09-27T10:00:00.250+0800"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(read("2019-09-27T10:00-05"), "2019-09-27T23:00:00+08:00");
}

TEST(Timestamp, DateOnlyKeepsDatePrecisionAndCountsFromTheEndOfTheDay) {
  const auto& zone = cn_calendar().zone();
  const auto t = std::get<timestamp>(parse_timestamp("2019-09-27", zone));
  EXPECT_TRUE(t.is_date_only());
  EXPECT_EQ(zone.format(t.counting_instant(zone)), "2019-09-27T23:59:59+08:00");
}

TEST(Timestamp, KeepsItsPrecisionAndValueInOneWord) {
  // Every fact holds one: the precision shares the word with the value.
  EXPECT_EQ(sizeof(timestamp), sizeof(std::int64_t));
  const auto& zone = cn_calendar().zone();
  const civil_date national_day = std::chrono::sys_days{std::chrono::year{2019} / 10 / 1};
  const auto date = timestamp::on_date(national_day);
  // The instant whose count of seconds equals the date's count of days is another time.
  const auto same_count = timestamp::at(instant{std::chrono::seconds{national_day.time_since_epoch().count()}});
  EXPECT_TRUE(date.is_date_only());
  EXPECT_FALSE(same_count.is_date_only());
  EXPECT_NE(date, same_count);
  EXPECT_EQ(date.local_date(zone), national_day);
  EXPECT_EQ(same_count.format(zone), "1970-01-01T13:02:50+08:00");
  // Before 1970 (an instant a zone's offset moves back across the epoch) stays negative.
  const auto before_epoch = timestamp::at(instant{std::chrono::seconds{-3600}});
  EXPECT_EQ(before_epoch.counting_instant(zone), instant{std::chrono::seconds{-3600}});
  EXPECT_FALSE(before_epoch.is_date_only());
  EXPECT_EQ(timestamp::on_date(civil_date{std::chrono::days{-1}}).local_date(zone), civil_date{std::chrono::days{-1}});
}

TEST(Timestamp, ErrorsNameTheColumn) {
  EXPECT_EQ(read("27/09/2019"), "col 1: expected a date YYYY-MM-DD, found \"27/09/2019\"");
  EXPECT_EQ(read("2019-13-01"), "col 6: month must be 01–12, found \"13\"");
  EXPECT_EQ(read("2019-02-30"), "col 9: day 30 does not exist in 2019-02");
  EXPECT_EQ(read("2019-09-27 25:00"), "col 12: hour must be 00–23, found \"25\"");
  EXPECT_EQ(read("2019-09-27T10"), "col 14: expected \":\" between hour and minute");
  EXPECT_EQ(read("2019-09-27T10:00 CST"), "col 18: expected an offset (Z, +08:00) after the time, found \"CST\"");
  EXPECT_EQ(read("1969-12-31"), "col 1: date 1969-12-31 is outside the supported range 1970-01-01..2199-12-31");
  EXPECT_EQ(read(""), "col 1: empty time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM");
}

TEST(ZoneOffsets, ConvertsAcrossADaylightSavingChange) {
  // A two-offset zone: +08:00, then +09:00 from 1987-04-12 02:00 local (Shanghai's 1987 DST).
  const instant change = instant{std::chrono::sys_days{std::chrono::year{1987} / 4 / 12}} - std::chrono::hours{6};
  const zone_offsets zone{"test", {{instant{}, std::chrono::hours{8}}, {change, std::chrono::hours{9}}}};
  EXPECT_EQ(zone.format(change - std::chrono::seconds{1}), "1987-04-12T01:59:59+08:00");
  EXPECT_EQ(zone.format(change), "1987-04-12T03:00:00+09:00");
  EXPECT_EQ(zone.format(zone.end_of_day(std::chrono::sys_days{std::chrono::year{1987} / 4 / 12})),
            "1987-04-12T23:59:59+09:00");
}

}  // namespace
}  // namespace deadlined::rules
