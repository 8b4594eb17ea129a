#include "deadlined/daemon/config.hpp"

#include <gtest/gtest.h>

namespace deadlined::daemon {
namespace {

const std::string data = DEADLINED_TEST_DATA;

std::vector<std::string> problems(const std::string& file) {
  std::vector<std::string> out;
  for (const auto& p : load_config(file).problems)
    out.push_back(rules::to_string(p));
  return out;
}

TEST(Config, TheShippedExampleLoads) {
  const auto loaded = load_config(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml");
  for (const auto& p : loaded.problems)
    ADD_FAILURE() << rules::to_string(p);
  ASSERT_TRUE(loaded.snapshot);
  EXPECT_EQ(loaded.snapshot->calendar.name(), "cn");
  EXPECT_EQ(loaded.snapshot->calendar.zone().name(), "Asia/Shanghai");
}

TEST(Config, AnAddedYearFileCoversThatYear) {
  const auto loaded = load_config(data + "/calendars/with-2027.yaml");
  ASSERT_TRUE(loaded.snapshot);
  const auto& cal = loaded.snapshot->calendar;
  EXPECT_TRUE(cal.covers(std::chrono::year{2027}));
  EXPECT_FALSE(cal.is_working_day(std::chrono::sys_days{std::chrono::year{2027} / 2 / 8}));
  EXPECT_TRUE(cal.is_working_day(std::chrono::sys_days{std::chrono::year{2027} / 2 / 20}));
}

TEST(Config, EveryProblemIsReportedWithFileLineColumnAndPath) {
  const std::vector<std::string> expected{
      data + "/calendars/broken.yaml:3:3: calendar.zon: unknown key \"zon\"; expected one of: name, zone, files",
      data + "/calendars/broken.yaml:6:7: calendar.files.1: no file matches \"missing-*.yaml\"",
      data + "/calendars/broken-year.yaml:4:17: off.0.date: month must be 01–12, found \"13\"",
      data + "/calendars/broken-year.yaml:5:28: off.1.to: ends before it starts",
      data + "/calendars/broken-year.yaml:6:5: off.2: 2028-01-03 is not in year 2027",
      data +
          "/calendars/broken-year.yaml:8:5: work.0: 2027-02-15 is a weekday; 调休上班 (work) days are "
          "Saturdays or Sundays",
      data + "/calendars/broken-year.yaml:9:6: work.1.dat: unknown key \"dat\"; expected one of: date, from, to, name",
      data + "/calendars/broken-year.yaml:9:5: work.1.from: missing required key",
      data + "/calendars/broken-year.yaml:9:5: work.1.to: missing required key",
  };
  EXPECT_EQ(problems(data + "/calendars/broken.yaml"), expected);
}

TEST(Config, UnreadableAndMalformedFilesAreReported) {
  EXPECT_EQ(problems(data + "/calendars/absent.yaml"),
            std::vector<std::string>{data + "/calendars/absent.yaml: cannot read: No such file or directory"});
}

TEST(Config, UnknownTimeZoneIsAnError) {
  const auto p = problems(data + "/calendars/bad-zone.yaml");
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0], data + "/calendars/bad-zone.yaml:3:9: calendar.zone: unknown time zone \"Asia/Beijing\"");
}

}  // namespace
}  // namespace deadlined::daemon
