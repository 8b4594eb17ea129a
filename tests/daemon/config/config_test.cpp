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

TEST(Config, ASourceUrlOfAnotherSchemeIsAnErrorWhereItIsWritten) {
  EXPECT_EQ(problems(data + "/sources/bad-scheme.yaml"),
            (std::vector<std::string>{
                data + "/sources/bad-scheme.yaml:6:47: sources.0.url: unsupported scheme \"htps\"; expected http, "
                       "https or file",
                data + "/sources/bad-scheme.yaml:7:46: sources.1.url: unsupported scheme \"ftp\"; expected http, "
                       "https or file",
                data + "/sources/bad-scheme.yaml:9:52: sources.3.url: \"https:/www.conghua.gov.cn/zwgk/\" is no URL: "
                       "write http://HOST/… or https://HOST/…, or a file path"}));  // and the mirror's path is one
}

TEST(Config, AProxyUrlThatIsNoUseIsAnErrorThatDoesNotShowThePassword) {
  EXPECT_EQ(problems(data + "/sources/bad-proxy.yaml"),
            (std::vector<std::string>{
                data + "/sources/bad-proxy.yaml:6:10: polling.proxy: \"http://***@proxy.gz.gov.cn:8080\": "
                       "a proxy URL has no path (a / in the password is written %2F); expected "
                       "http://[user:password@]host:port, or none"}));
}

TEST(Config, ASchemeInCapitalsIsTheSameScheme) {
  const auto loaded = load_config(data + "/sources/upper-scheme.yaml");
  for (const auto& p : loaded.problems)
    ADD_FAILURE() << rules::to_string(p);
  ASSERT_TRUE(loaded.snapshot);
  const auto* source = loaded.snapshot->find_source("upper");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->url, "https://www.conghua.gov.cn/tzgg/");
  EXPECT_FALSE(source->is_file());  // fetched over https, not read as a file path
}

TEST(Config, UnknownTimeZoneIsAnError) {
  const auto p = problems(data + "/calendars/bad-zone.yaml");
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0], data + "/calendars/bad-zone.yaml:3:9: calendar.zone: unknown time zone \"Asia/Beijing\"");
}

TEST(Config, ABrokenRulePackReportsEveryProblemWithItsPlace) {
  const std::vector<std::string> expected{
      data +
          "/rules/broken-config.yaml:5:32: units.2.kind: unknown kind \"bureau\"; expected office, department, town, "
          "street, park or other",
      data + "/rules/broken-config.yaml:5:12: units.2.name: \"区财政局\" is already used by 区财政局",
      data + "/rules/broken-config.yaml:8:20: groups.各镇.kinds.0: no unit has kind \"town\"",
      data + "/rules/broken-config.yaml:8:11: groups.各镇: the group selects no unit",
      data + "/rules/broken-config.yaml:6:62: units.3.successor: unknown unit \"区农业农村局\"",
      data +
          "/rules/broken-pack.yaml:6:11: rules.0.kind: unknown kind \"deadlin\"; expected deadline, violation, "
          "recurring, freshness, availability or verdict",
      data +
          "/rules/broken-pack.yaml:17:17: rules.1.reminders.0: expected \"N working days before\", \"N hours before\" "
          "or \"提前N个工作日\", found \"1 working day\"",
      data + "/rules/broken-pack.yaml:13:25: rules.1.trigger.match.0: unterminated quoted value",
      data + "/rules/broken-pack.yaml:13:46: rules.1.trigger.match.1: invalid regular expression: missing ): (unclosed",
      data +
          "/rules/broken-pack.yaml:15:43: rules.1.correlate.1: unknown correlation \"links\"; expected link, title or "
          "{attribute: NAME}",
      data +
          "/rules/broken-pack.yaml:16:17: rules.1.deadline: unknown unit \"working dayz\"; expected working days, "
          "days, hours, weeks, months or years (个工作日, 日, 小时, 周, 个月, 年)",
      data + "/rules/broken-pack.yaml:24:5: rules.2.deadline: a violation rule has no deadline",
      data + "/rules/broken-pack.yaml:31:5: rules.4: version 1 of rule \"same\" is also defined at " + data +
          "/rules/broken-pack.yaml:26:5",
      data + "/rules/broken-pack.yaml:18:18: rules.1.responsible.units: unknown unit \"区财政厅\"",
      data + "/rules/broken-pack.yaml:25:20: rules.2.escalate.to: unknown unit \"区政府办\"",
      data + "/rules/broken-pack.yaml:36:18: rules.4.responsible.group: unknown group \"各街\"",
  };
  EXPECT_EQ(problems(data + "/rules/broken-config.yaml"), expected);
}

TEST(Config, ScoringMistakesAreReportedWithTheirPlace) {
  const auto file = data + "/report/broken-scoring.yaml";
  const std::vector<std::string> expected{
      file + ":7:9: scoring.veto: expected zero or mark, found \"strict\"",
      file + ":9:5: scoring.rules: points per rule need scoring.base, the points a unit starts from",
      file + ":9:5: scoring.rules.interpretaton: unknown rule \"interpretaton\"",
      file +
          ":10:35: scoring.rules.interpretation.late: unknown key \"late\"; expected one of: overdue, met_late, "
          "at_most",
      file + ":10:31: scoring.rules.interpretation.overdue: expected a number of points from 0, found \"-1\"",
      file + ":10:53: scoring.rules.interpretation.at_most: expected a number of points from 0, found \"十\"",
  };
  EXPECT_EQ(problems(file), expected);
  // The report's own district, with its points, loads; its hotline rule is a single veto.
  const auto loaded = load_config(data + "/report/district.yaml");
  ASSERT_TRUE(loaded.snapshot) << (loaded.problems.empty() ? "" : rules::to_string(loaded.problems[0]));
  EXPECT_EQ(loaded.snapshot->scoring.base, 100.0);
  EXPECT_EQ(loaded.snapshot->scoring.rules.at("interpretation").per_met_late, 1.0);
  EXPECT_EQ(loaded.snapshot->scoring.rules.at("interpretation").at_most, 10.0);
  for (const auto& r : loaded.snapshot->rules.rules)
    EXPECT_EQ(r.veto, r.id == "hotline-unanswered") << r.id;
}

TEST(Config, TheExampleDefinesTheSeedUnitsGroupsAndRules) {
  const auto loaded = load_config(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml");
  ASSERT_TRUE(loaded.snapshot);
  const auto& units = loaded.snapshot->units;
  for (const char* name : {"区政府办公室",
                           "区审计局",
                           "区司法局",
                           "区财政局",
                           "区农业农村局",
                           "区科工商信局",
                           "区城管执法局",
                           "区生态环境分局",
                           "区发改局",
                           "区人社局",
                           "区住建局",
                           "区市场监管局",
                           "区税务局",
                           "区政务服务局",
                           "区教育局",
                           "区卫健局",
                           "市医保局从化分中心",
                           "区规划资源分局",
                           "区国家档案馆",
                           "街口街",
                           "城郊街",
                           "江埔街",
                           "温泉镇",
                           "良口镇",
                           "吕田镇",
                           "太平镇",
                           "鳌头镇",
                           "园区"}) {
    EXPECT_NE(units.find(name), nullptr) << name;
  }
  EXPECT_EQ(units.find("财政局")->name, "区财政局");
  const auto civil = rules::civil_date{std::chrono::year{2019} / 6 / 1};
  EXPECT_EQ(units.members(*units.find_group("各镇"), civil).size(), 5U);
  EXPECT_EQ(units.members(*units.find_group("各镇街"), civil).size(), 8U);
  EXPECT_EQ(units.members(*units.find_group("各镇街（园区）"), civil).size(), 9U);
  EXPECT_EQ(units.members(*units.find_group("各单位"), civil).size(), 28U);
  EXPECT_EQ(loaded.snapshot->office, "区政府办公室");
  EXPECT_GE(loaded.snapshot->rules.rules.size(), 7U);
}

}  // namespace
}  // namespace deadlined::daemon
