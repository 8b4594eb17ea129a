#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "deadlined/daemon/cli.hpp"

namespace deadlined::daemon {
namespace {

struct run_result {
  int code;
  std::string out;
  std::string err;
};

run_result run(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in{input};
  std::ostringstream out;
  std::ostringstream err;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  auto log = std::make_shared<spdlog::logger>("test", sink);
  log->set_pattern("%l %v");
  command_io io{in, out, err, log};
  const int code = run_cli(args, io);
  return {code, out.str(), err.str()};
}

TEST(DeadlineCommand, PrintsTheSpecExampleInstantAlone) {
  const auto r = run({"deadline", "--from", "2019-09-27 10:00", "3 working days"});
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_EQ(r.out, "2019-10-08T23:59:59+08:00\n");
}

TEST(DeadlineCommand, JoinsAnUnquotedExpression) {
  const auto r = run({"deadline", "--from", "2019-06-06", "1", "working", "day"});
  EXPECT_EQ(r.out, "2019-06-10T23:59:59+08:00\n");
}

TEST(DeadlineCommand, ExplainFollowsTheInstantWithTheCountedDays) {
  const auto r = run({"deadline", "--from", "2019-04-30 18:00", "--explain", "5 days"});
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_EQ(r.out,
            "2019-05-05T23:59:59+08:00\n"
            "起算：2019-04-30 周二 18:00:00（+08:00）\n"
            "自次日起计 5 日，第 5 日为 2019-05-05 周日 调休上班（劳动节）\n"
            "期限最后一日为工作日，不顺延\n"
            "截止：2019-05-05 23:59:59（+08:00）\n");
}

TEST(DeadlineCommand, MarksAMissingYearProvisionalAndWarnsOnStderr) {
  const auto r = run({"deadline", "--from", "2026-12-28", "10 working days"});
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_EQ(r.out, "2027-01-11T23:59:59+08:00 provisional\n");
  EXPECT_NE(r.err.find("calendar.provisional: no holiday schedule for 2027"), std::string::npos) << r.err;
}

TEST(DeadlineCommand, BadExpressionExitsTwoWithTheColumn) {
  const auto r = run({"deadline", "--from", "2019-09-27", "3 working dayz"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "deadlined deadline: col 3: unknown unit \"working dayz\"; expected working days, days, hours, "
            "weeks, months or years (个工作日, 日, 小时, 周, 个月, 年)\n");
}

TEST(DeadlineCommand, BadFromExitsTwo) {
  const auto r = run({"deadline", "--from", "2019-02-30", "3 days"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_EQ(r.err, "deadlined deadline: --from: col 9: day 30 does not exist in 2019-02\n");
}

TEST(DeadlineCommand, MissingArgumentsAndUnknownOptionsAreUsageErrors) {
  EXPECT_EQ(run({"deadline", "3 days"}).code, exit_usage);
  EXPECT_EQ(run({"deadline", "--from", "2019-01-01", "--frobnicate", "3 days"}).code, exit_usage);
  EXPECT_EQ(run({"deadline", "--batch", "--from", "2019-01-01"}).code, exit_usage);
  EXPECT_EQ(run({"frobnicate"}).code, exit_usage);
}

TEST(DeadlineCommand, BatchAnswersExactlyOneLinePerInputLineInOrder) {
  const std::string input =
      "2019-09-27 10:00\t3 working days\n"
      "2019-06-06\t1个工作日\n"
      "bad\t3 days\n"
      "2019-01-01\t3 dayz\n"
      "no tab here\n"
      "\n"
      "2019-03-14\t当天20:00前\r\n"
      "2026-12-28\t10 working days\n"
      "2019-04-30 18:00\t5 days";  // no final newline
  const auto r = run({"deadline", "--batch"}, input);
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_EQ(r.out,
            "2019-10-08T23:59:59+08:00\n"
            "2019-06-10T23:59:59+08:00\n"
            "error: col 1: expected a date YYYY-MM-DD, found \"bad\"\n"
            "error: col 14: unknown unit \"dayz\"; expected working days, days, hours, weeks, months or years "
            "(个工作日, 日, 小时, 周, 个月, 年)\n"
            "error: col 12: expected FROM<TAB>EXPR\n"
            "error: col 1: expected FROM<TAB>EXPR\n"
            "2019-03-14T20:00:00+08:00\n"
            "2027-01-11T23:59:59+08:00 provisional\n"
            "2019-05-05T23:59:59+08:00\n");
}

TEST(DeadlineCommand, BatchColumnsCountCharactersNotBytes) {
  const auto r = run({"deadline", "--batch"}, "2019-01-01\t三个工作曰\n");
  EXPECT_EQ(r.out,
            "error: col 13: unknown unit \"个工作曰\"; expected working days, days, hours, weeks, months or "
            "years (个工作日, 日, 小时, 周, 个月, 年)\n");
}

TEST(DeadlineCommand, HelpListsExactlyTheOptionsThatExist) {
  const auto r = run({"deadline", "--help"});
  EXPECT_EQ(r.code, exit_ok);
  for (const char* option : {"--help", "--config", "--db", "--from", "--explain", "--batch"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(r.out.find("--expr"), std::string::npos);
}

TEST(Cli, TopLevelHelpListsTheSubcommands) {
  const auto r = run({"--help"});
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_NE(r.out.find("  deadline "), std::string::npos);
  EXPECT_NE(r.out.find("  validate "), std::string::npos);
  EXPECT_EQ(run({}).code, exit_usage);
}

TEST(DeadlineCommand, UsesTheConfiguredCalendarOnlyWithConfig) {
  // The example calendar file declares 2027's 元旦 off; without --config 2027 is weekends-only.
  const std::string config = std::string{DEADLINED_TEST_DATA} + "/calendars/with-2027.yaml";
  EXPECT_EQ(run({"deadline", "--from", "2026-12-31", "1 working day"}).out, "2027-01-01T23:59:59+08:00 provisional\n");
  EXPECT_EQ(run({"deadline", "--config", config, "--from", "2026-12-31", "1 working day"}).out,
            "2027-01-04T23:59:59+08:00\n");
}

}  // namespace
}  // namespace deadlined::daemon
