#include "deadlined/daemon/ingest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/facts.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;
using deadlined::testing::example_config;

std::vector<std::string> lines(const ingest_report& r) {
  std::vector<std::string> out;
  for (const auto& x : r.rejected)
    out.push_back(x.where + ": " + x.field + ": " + x.reason);
  return out;
}

struct IngestTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("deadlined-ingest-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::unique_ptr<store> db;
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
    db = std::make_unique<store>((dir / "d.db").string());
  }
  void TearDown() override {
    db.reset();
    fs::remove_all(dir);
  }
  std::string write(const std::string& name, const std::string& bytes) {
    const auto path = (dir / name).string();
    std::ofstream{path, std::ios::binary} << bytes;
    return path;
  }
  ingest_report import(const std::string& path, const std::string& encoding = "auto") {
    return import_file(path, encoding, example_config(), *db, "cli:" + path, rules::instant{});
  }
};

const std::string good_line =
    R"({"id":"R1","type":"call.made","unit":"人社局","time":"2019-08-05T10:12:00+08:00","attrs":{"hotline":"020-1","answered":false,"ring_seconds":60}})";

TEST_F(IngestTest, JsonLinesEveryKindOfBadLineIsRejectedAndGoodLinesKept) {
  const auto path = write(
      "records.jsonl",
      good_line + "\n" +
          R"({"id":"R2","type":"call.made","unit":"区农业厅","time":"2019-08-05","attrs":{"hotline":"1","answered":"true"}})"
          "\n"
          R"({"id":"R3","type":"call.made","unit":"区人社局","time":"2019-13-45","attrs":{"hotline":"1","answered":"true"}})"
          "\n"
          R"({"id":"R4","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"hotline":"1"}})"
          "\n"
          R"({"id":"R5","type":"Call Made","unit":"区人社局","time":"2019-08-05"})"
          "\n"
          R"({"type":"call.made","unit":"区人社局","time":"2019-08-05"})"
          "\n"
          R"({"id":"R7","type":"call.made","unit":"区人社局","time":"2019-08-05","titel":"x"})"
          "\n"
          "{not json\n"
          "\n"
          R"({"id":"R9","type":"evidence.submitted","unit":"温泉镇","time":"2019年12月20日","attrs":{"task":"四、（二）2","links":["http://a/1","http://a/2"]}})"
          "\n");
  const auto r = import(path);
  EXPECT_EQ(r.summary(), "imported 2 duplicate 0 revised 0 rejected 7");
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          path + ":2: unit: unknown unit \"区农业厅\"",
                          path + ":3: time: not a date: month must be 01–12, found \"13\"",
                          path + ":4: attrs.answered: missing (required for call.made)",
                          path + ":5: type: not a dotted name such as document.published: \"Call Made\"",
                          path + ":6: id: missing",
                          path + ":7: titel: unknown field; attributes go inside \"attrs\"",
                          path + ":8: line: not valid JSON (syntax error)",
                      }));
  const auto facts = db->facts();
  ASSERT_EQ(facts.size(), 2U);
  EXPECT_EQ(facts[0].unit, "区人社局");  // the alias is stored as the full name
  EXPECT_EQ(facts[0].attrs.at("answered"), "false");
  EXPECT_EQ(facts[0].attrs.at("ring_seconds"), "60");
  EXPECT_EQ(facts[1].time.format(example_config().calendar.zone()), "2019-12-20");
  EXPECT_EQ(facts[1].attrs.at("links"), "http://a/1\nhttp://a/2");
}

TEST_F(IngestTest, HostileRecordsAreRejectedOneByOneWithTheirReasonAndTheRestIsKept) {
  auto record = [](const std::string& id, const std::string& unit, const std::string& time,
                   const std::string& extra = "") {
    return R"({"id":")" + id + R"(","type":"call.made","unit":")" + unit + R"(","time":")" + time +
           R"(","attrs":{"hotline":"020-1","answered":false)" + extra + "}}\n";
  };
  const auto path =
      write("hostile.jsonl",
            record("OK1", "区人社局", "2019-08-05T10:00:00+08:00") +
                record("HUGE", "区人社局", "2019-08-05", R"(,"note":")" + std::string(10 << 20, 'x') + "\"") +
                record("PAST", "区人社局", "0001-01-01") + record("FUTURE", "区人社局", "9999-12-31T23:59:59Z") +
                record("WHO", "区不存在局", "2019-08-05") + record("OK2", "区人社局", "2019-08-06") +
                // The same id again with other content: a revision, never a rejection.
                record("OK1", "区人社局", "2019-08-05T11:00:00+08:00"));
  const auto r = import(path);
  EXPECT_EQ(r.summary(), "imported 2 duplicate 0 revised 1 rejected 4");
  EXPECT_EQ(
      lines(r),
      (std::vector<std::string>{
          path + ":2: line: record of 10.0 MiB; at most 1 MiB is taken (link to large material instead of pasting it)",
          path + ":3: time: not a date: date 0001-01-01 is outside the supported range 1970-01-01..2199-12-31",
          path + ":4: time: not a date: date 9999-12-31 is outside the supported range 1970-01-01..2199-12-31",
          path + ":5: unit: unknown unit \"区不存在局\"",
      }));
  EXPECT_EQ(db->fact_count(), 2);
}

TEST(ApiRecords, AnElementOverOneMebibyteIsRejectedAndTheOthersRead) {
  const auto small = R"({"id":"A1","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"hotline":"1"}})";
  const std::string huge = R"({"id":"A2","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"note":")" +
                           std::string(2 << 20, 'x') + "\"}}";
  const auto batch = read_json_array("[" + std::string{small} + "," + huge + "]");
  ASSERT_EQ(batch.records.size(), 1U);
  EXPECT_EQ(batch.records[0].envelope.at("id"), "A1");
  ASSERT_EQ(batch.rejected.size(), 1U);
  EXPECT_EQ(batch.rejected[0].index, 1);
  EXPECT_EQ(batch.rejected[0].field, "record");
  EXPECT_EQ(batch.rejected[0].reason,
            "record of 2.0 MiB; at most 1 MiB is taken (link to large material instead of pasting it)");
}

TEST_F(IngestTest, ReimportCountsDuplicatesAndAChangedRecordIsARevision) {
  const auto path = write("a.jsonl", good_line + "\n");
  EXPECT_EQ(import(path).summary(), "imported 1 duplicate 0 revised 0 rejected 0");
  EXPECT_EQ(import(path).summary(), "imported 0 duplicate 1 revised 0 rejected 0");
  auto changed = good_line;
  changed.replace(changed.find("10:12"), 5, "10:15");
  EXPECT_EQ(import(write("b.jsonl", changed + "\n")).summary(), "imported 0 duplicate 0 revised 1 rejected 0");
  EXPECT_EQ(db->fact_count(), 1);
}

TEST_F(IngestTest, CsvWithEnglishHeadersQuotedFieldsAndAttrsColumns) {
  const auto path = write("records.csv",
                          "id,type,unit,time,subject,attrs.title,attrs.url,attrs.category\r\n"
                          "D1,document.published,区财政局,2019/9/27 "
                          "10:00,\"关于印发\"\"办法\"\"的通知\",\"关于印发\"\"办法\"\"的通知\",http://a/1,normative\r\n"
                          "D2,document.published,区财政局,2019-09-28,\"两行\n标题\",t,http://a/2,normative\r\n"
                          "D3,document.published,区财政局,2019-09-29,x,t,http://a/3,normative,extra\r\n"
                          "D4,document.published,区财政局,someday,x,t,http://a/4,normative\r\n");
  const auto r = import(path);
  EXPECT_EQ(r.summary(), "imported 2 duplicate 0 revised 0 rejected 2");
  // D2's quoted title spans lines 3 and 4, so D3 starts on line 5: lines are physical lines.
  EXPECT_EQ(lines(r), (std::vector<std::string>{path + ":5: line: has 9 fields, the header has 8",
                                                path + ":6: time: not a date"}));
  const auto facts = db->facts();
  EXPECT_EQ(facts[0].subject, "关于印发\"办法\"的通知");
  EXPECT_EQ(facts[0].time.format(example_config().calendar.zone()), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(facts[1].subject, "两行\n标题");
}

TEST_F(IngestTest, TheChineseTemplateInGbkAsExcelSavesIt) {
  const auto path = std::string{DEADLINED_SOURCE_DIR} + "/config/examples/records-2019-zh.csv";
  const auto r = import(path);
  EXPECT_EQ(r.summary(), "imported 4 duplicate 0 revised 0 rejected 0");
  const auto facts = db->facts();
  ASSERT_EQ(facts.size(), 4U);
  EXPECT_EQ(facts[0].type, "document.submitted");
  EXPECT_EQ(facts[0].attrs.at("has_interpretation"), "false");
  EXPECT_EQ(facts[0].attrs.at("document_id"), "从住建规〔2019〕1号");
  EXPECT_EQ(facts[0].attrs.at("备注"), "未附解读材料");  // an extra column is kept as an attribute
  EXPECT_EQ(facts[1].type, "call.made");
  EXPECT_EQ(facts[1].attrs.at("answered"), "false");
  EXPECT_EQ(facts[3].time.format(example_config().calendar.zone()), "2019-12-20");
}

TEST_F(IngestTest, ANamedEncodingOverridesDetection) {
  // GBK bytes that happen to be valid UTF-8 would be misread without --encoding.
  const std::string gbk_unit = "\xC7\xF8\xB2\xC6\xD5\xFE\xBE\xD6";  // 区财政局
  const auto path = write("g.csv", "id,type,unit,time\nE1,evidence.submitted," + gbk_unit + ",2019-12-01\n");
  auto r = import_file(path, "gbk", example_config(), *db, "cli", rules::instant{});
  EXPECT_EQ(lines(r), std::vector<std::string>{path + ":2: attrs.task: missing (required for evidence.submitted)"});
}

TEST(RecordTime, ExcelAndIsoForms) {
  const auto& zone = example_config().calendar.zone();
  auto text = [&zone](std::string_view s) {
    const auto t = parse_record_time(s, zone);
    const auto* ts = std::get_if<rules::timestamp>(&t);
    return ts != nullptr ? ts->format(zone) : std::get<std::string>(t);
  };
  EXPECT_EQ(text("2019/9/27 10:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(text("2019/9/27"), "2019-09-27");
  EXPECT_EQ(text("2019年9月27日"), "2019-09-27");
  EXPECT_EQ(text("2019年9月27日 8:05"), "2019-09-27T08:05:00+08:00");
  EXPECT_EQ(text("2019.9.27"), "2019-09-27");
  EXPECT_EQ(text("2019-09-27T02:00:00Z"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(text("2019/2/30"), "not a date: day 30 does not exist in 2019-02");
  EXPECT_EQ(text("27/9/2019"), "not a date");
  // Years far away are refused with the range the calendar counts, not taken and miscounted.
  EXPECT_EQ(text("0001-01-01"), "not a date: date 0001-01-01 is outside the supported range 1970-01-01..2199-12-31");
  EXPECT_EQ(text("9999-12-31T23:59:59Z"),
            "not a date: date 9999-12-31 is outside the supported range 1970-01-01..2199-12-31");
  EXPECT_EQ(text("1900年1月1日"), "not a date: date 1900-01-01 is outside the supported range 1970-01-01..2199-12-31");
}

}  // namespace
}  // namespace deadlined::daemon
