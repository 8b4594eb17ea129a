// `deadlined report` on a small district year with known outcomes: the ranking with points
// and vetoes, the ledger as Excel reads it, the request statistics, the HTML page with its
// charts in headless Chromium, and the mistakes an evaluator might make on the command line.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "support/chromium.hpp"
#include "support/process.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;
using testing::run_deadlined;

const std::string bom = "\xEF\xBB\xBF";

struct Report : ::testing::Test {
  fs::path work = fs::temp_directory_path() / ("deadlined-report-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string config = std::string{DEADLINED_TEST_DATA} + "/report/district.yaml";
  std::string db;
  void SetUp() override {
    fs::remove_all(work);
    fs::create_directories(work);
    db = (work / "d.db").string();
    const auto r = deadlined({"import", std::string{DEADLINED_TEST_DATA} + "/report/records-2019.jsonl"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  void TearDown() override { fs::remove_all(work); }
  testing::process_result deadlined(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--config", config, "--db", db});
    return run_deadlined(args, work);
  }
  /// The report of 2019 as evaluated on 2020-01-10, with `more` options.
  testing::process_result report_2019(std::vector<std::string> more) {
    std::vector<std::string> args{"report", "--now", "2020-01-10 12:00", "--period", "2019"};
    args.insert(args.end(), more.begin(), more.end());
    return deadlined(args);
  }
};

std::vector<std::string> lines_of(const std::string& text, const std::string& end) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto next = text.find(end, at);
    out.push_back(text.substr(at, next - at));
    at = next == std::string::npos ? text.size() : next + end.size();
  }
  return out;
}

TEST_F(Report, TheRankingCsvHasTheColumnsPointsVetoesAndTheComparisonWithLastYear) {
  const auto r = report_2019({"--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(r.out.starts_with(bom)) << "Excel needs the BOM to read UTF-8";
  const auto lines = lines_of(r.out.substr(bom.size()), "\r\n");
  EXPECT_TRUE(r.out.ends_with("\r\n"));
  ASSERT_EQ(lines.size(), 5U) << r.out;  // header and four units
  EXPECT_EQ(lines[0],
            "排名,单位,得分,应办,按时完成,逾期完成,逾期未完成,待办,豁免,按时率,上期按时率,按时率变化,排名变化,"
            "网站可用性,栏目更新,互动回应,倒签,单项否决");
  // Nothing owed, no points lost.
  EXPECT_EQ(lines[1], "1,区政府办公室,100,0,0,0,0,0,0,—,—,—,—,0,0,0,0,");
  // An interpretation on time across National Day (due 10-08), one late in March: 1 point off.
  EXPECT_EQ(lines[2], "2,区财政局,99,2,1,1,0,0,0,50.0%,—,—,—,0,0,0,0,");
  // A request unanswered past 20 working days (due 11-29): 5 points; last year it ranked 4th.
  EXPECT_EQ(lines[3], "3,区教育局,95,1,0,0,1,0,0,0.0%,0.0%,持平,↑1,0,0,0,0,");
  // The unanswered hotline is a single veto: the score is 0 whatever else was done.
  EXPECT_EQ(lines[4], "4,区司法局,0,2,1,0,1,0,0,50.0%,—,—,—,0,0,0,0,政务热线电话打不通（单项否决）");
}

TEST_F(Report, TheLedgerListsEveryObligationWithItsEvidenceAndKeepsFormulasInert) {
  const auto r = report_2019({"--format", "csv", "--table", "ledger", "--unit", "财政局"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = lines_of(r.out.substr(bom.size()), "\r\n");
  ASSERT_EQ(lines.size(), 3U) << r.out;
  EXPECT_EQ(lines[0], "单位,编号,规则,条款,事项,开始,截止,原截止,状态,完成,豁免申请,证据");
  EXPECT_TRUE(
      std::regex_match(lines[1], std::regex{"区财政局,[0-9a-f]{16},规范性文件公布后3个工作日内公开解读,一、（一）2,"
                                            "关于财政资金管理的通知,2019-03-04 10:00,2019-03-07 23:59,,逾期完成,"
                                            "2019-03-12 10:00,,起始：记录 D2（record）；完成：记录 I2（record）"}))
      << lines[1];
  // A title that would be a formula in Excel starts with an apostrophe and is quoted.
  EXPECT_NE(lines[2].find(R"x(,"'=HYPERLINK(""http://evil.example/"",""点击"")",)x"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find(",按时完成,2019-10-08 16:00,"), std::string::npos) << lines[2];
}

TEST_F(Report, TheRequestStatisticsCountWhatTheAnnualReportAsksFor) {
  const auto r = report_2019({"--format", "csv", "--table", "requests"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = lines_of(r.out.substr(bom.size()), "\r\n");
  ASSERT_EQ(lines.size(), 3U) << r.out;
  EXPECT_EQ(lines[0], "单位,上年结转,本期新收,办结,延期答复,逾期,结转下期,申请人类型,办理结果");
  EXPECT_EQ(lines[1], "区教育局,0,1,0,0,1,1,自然人 1,");
  EXPECT_EQ(lines[2], "合计,0,1,0,0,1,1,自然人 1,");
}

TEST_F(Report, TheJsonHasTheRulesOfEachUnitAndTheMonths) {
  const auto r = report_2019({"--format", "json", "--unit", "区财政局"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto report = boost::json::parse(r.out).as_object();
  EXPECT_EQ(report.at("period").at("label").as_string(), "2019");
  EXPECT_EQ(report.at("previous_period").at("label").as_string(), "2018");
  const auto& units = report.at("units").as_array();
  ASSERT_EQ(units.size(), 1U);
  EXPECT_EQ(units[0].at("rank").as_int64(), 2);  // the district's rank, not 1 of 1
  const auto& line = units[0].at("rules").as_array().at(0);
  EXPECT_EQ(line.at("task").as_string(), "政策性文件与解读方案、解读材料同步组织、同步审签、同步部署。");
  EXPECT_EQ(line.at("deduction").as_double(), 1.0);
  const auto& months = report.at("overdue_by_month").as_array();
  ASSERT_EQ(months.size(), 12U);
  EXPECT_EQ(months[2].at("month").as_string(), "2019-03");
  EXPECT_EQ(months[2].at("overdue").as_int64(), 1);
  EXPECT_EQ(report.at("ledger").as_array().size(), 2U);
}

TEST_F(Report, TheTextTablePrintsAndTheHtmlReportRendersWithItsChartsInChromium) {
  ASSERT_EQ(std::system("command -v chromium >/dev/null"), 0)
      << "chromium is installed by scripts/install-deps.sh";  // NOLINT
  const auto page = work / "report.html";
  const auto r = report_2019({"--html", page.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("报表区 政务公开评价 2019（2019-01-01 至 2019-12-31），对比 2018\n")) << r.out;
  EXPECT_NE(r.out.find("区司法局"), std::string::npos);

  const auto dom = testing::chromium({"--dump-dom", "file://" + page.string()}, work);
  EXPECT_NE(dom.find("各单位按时完成率"), std::string::npos) << dom.substr(0, 2000);
  // One bar per unit with a rate (three), one column per month (twelve).
  const std::regex bar{"<rect class=\"bar\""};
  const auto bars = std::distance(std::sregex_iterator(dom.begin(), dom.end(), bar), std::sregex_iterator());
  EXPECT_EQ(bars, 15);
  EXPECT_NE(dom.find("class=\"chart chart-rate\""), std::string::npos);
  EXPECT_NE(dom.find("class=\"chart chart-months\""), std::string::npos);
  EXPECT_NE(dom.find("单项否决：区司法局"), std::string::npos);

  // One unit's page carries its ledger; a scraped title is shown, never run.
  const auto unit_page = work / "unit.html";
  const auto u = report_2019({"--unit", "区司法局", "--format", "html"});
  ASSERT_EQ(u.code, 0) << u.err;
  std::ofstream{unit_page} << u.out;
  const auto unit_dom = testing::chromium({"--dump-dom", "file://" + unit_page.string()}, work);
  EXPECT_NE(unit_dom.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << unit_dom.substr(0, 3000);

  const auto png = testing::artefact_directory() / "report.png";
  fs::remove(png);
  testing::chromium({"--window-size=1200,1600", "--screenshot=" + png.string(), "file://" + page.string()}, work);
  ASSERT_TRUE(fs::exists(png));
  const auto bytes = testing::slurp(png);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_GT(bytes.size(), 20000U);
}

TEST_F(Report, MistakesOnTheCommandLineSayWhatIsWrong) {
  auto r = report_2019({"--format", "xls"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--format must be text, csv, json or html"), std::string::npos) << r.err;
  r = deadlined({"report", "--period", "2019-13"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("deadlined report: --period: col 6: a month is 01 to 12"), std::string::npos) << r.err;
  r = report_2019({"--unit", "X局"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("deadlined report: --unit: unknown unit \"X局\""), std::string::npos) << r.err;
  r = report_2019({"--table", "everything"});
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace deadlined
