// The real binary on the example district: import, check, explain, spool, backup.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/process.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;
using testing::run_deadlined;

/// A notice row in the outbox, as queue_notices writes one, for obligation `id`.
void insert_notice(SQLite::Database& raw, const std::string& key, const std::string& id, const std::string& event,
                   const std::string& contact, const std::string& state, const std::string& at) {
  SQLite::Statement insert{raw,
                           "INSERT INTO outbox (idempotency_key, obligation_id, event, contact, channel, payload, "
                           "due_at, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'mail', '{}', ?, ?, ?, "
                           "'2019-08-06T01:00:00Z')"};
  int column = 0;
  for (const auto* value : {&key, &id, &event, &contact, &at, &state, &at})
    insert.bind(++column, *value);
  insert.exec();
}

struct ImportAndCheck : ::testing::Test {
  fs::path work = fs::temp_directory_path() / ("deadlined-it-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string config = std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml";
  std::string db;
  void SetUp() override {
    fs::remove_all(work);
    fs::create_directories(work);
    db = (work / "state" / "deadlined.db").string();
  }
  void TearDown() override { fs::remove_all(work); }
  testing::process_result deadlined(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--config", config, "--db", db});
    return run_deadlined(args, work);
  }
  void import_examples() {
    const auto r = deadlined({"import", std::string{DEADLINED_SOURCE_DIR} + "/config/examples/records-2019.jsonl",
                              std::string{DEADLINED_SOURCE_DIR} + "/config/examples/records-2019-zh.csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(r.out, "imported 20 duplicate 0 revised 0 rejected 0\n");
  }
};

TEST_F(ImportAndCheck, ImportPrintsRejectionsOnStderrAndTheSummaryLastOnStdout) {
  const auto bad = (work / "bad.jsonl").string();
  std::ofstream{bad}
      << R"({"id":"B1","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"hotline":"1","answered":"false"}})"
      << "\n"
      << R"({"id":"B2","type":"call.made","unit":"X局","time":"2019-08-05","attrs":{"hotline":"1","answered":"false"}})"
      << "\n";
  const auto r = deadlined({"import", bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "imported 1 duplicate 0 revised 0 rejected 1\n");
  EXPECT_NE(r.err.find(bad + ":2: unit: unknown unit \"X局\"\n"), std::string::npos) << r.err;
}

TEST_F(ImportAndCheck, CheckJsonListsEveryObligationWithTheSpecFields) {
  import_examples();
  const auto r = deadlined({"check", "--no-poll", "--now", "2019-12-31 18:00", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto all = boost::json::parse(r.out).as_array();
  // Besides what the records open, every unit owes evidence for its plan tasks (recurring).
  EXPECT_GT(all.size(), 1000U);
  std::map<std::string, int> states;
  const std::set<std::string> opened_by_records{"interpretation-linked", "document-submitted-without-interpretation",
                                                "meeting-news-reviewed", "request-answered",
                                                "hotline-unanswered",    "opinion-responded-major"};
  for (const auto& v : all) {
    const auto& o = v.as_object();
    if (!opened_by_records.contains(std::string{o.at("rule").as_string()})) continue;
    for (const char* field : {"id", "rule", "unit", "subject", "title", "opened_at", "due_at", "original_due_at",
                              "provisional", "state", "met_at", "evidence"}) {
      EXPECT_TRUE(o.contains(field)) << field;
    }
    ++states[std::string{o.at("state").as_string()}];
    if (o.at("rule").as_string() == "interpretation-linked" && o.at("unit").as_string() == "区财政局") {
      EXPECT_EQ(o.at("due_at").as_string(), "2019-10-08T23:59:59+08:00");
      EXPECT_EQ(o.at("met_at").as_string(), "2019-10-08");
      EXPECT_EQ(o.at("state").as_string(), "met");
    }
    if (o.at("rule").as_string() == "request-answered" && o.at("unit").as_string() == "区人社局") {
      EXPECT_EQ(o.at("original_due_at").as_string(), "2019-07-02T23:59:59+08:00");
      EXPECT_EQ(o.at("due_at").as_string(), "2019-07-30T23:59:59+08:00");
    }
  }
  EXPECT_EQ(states, (std::map<std::string, int>{{"met", 5}, {"met_late", 1}, {"overdue", 4}, {"pending", 1}}));
  // A --now far from the wall clock is a dry run: nothing was written.
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM obligations").getInt(), 0);
}

TEST_F(ImportAndCheck, CheckTextGroupsByUnitOverdueFirstInChinese) {
  import_examples();
  const auto r = deadlined({"check", "--no-poll", "--now", "2019-12-20 18:00"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "广州市从化区政务公开期限检查（截至 2019-12-20 18:00）");
  EXPECT_NE(r.out.find("已逾期 3，"), std::string::npos) << r.out;
  // Units with overdue obligations come first; far-off evidence is counted, not listed.
  EXPECT_LT(r.out.find("【区司法局】已逾期 1"), r.out.find("【区财政局】"));
  EXPECT_NE(r.out.find("截止 2019-11-25 23:59（逾期 19 个工作日）"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("另有待办"), std::string::npos);
  EXPECT_EQ(r.out.find("佐证材料"), std::string::npos) << "evidence due in more than 5 working days is listed";
}

TEST_F(ImportAndCheck, ACheckAtTheWallClockStoresObligationsAndExplainFindsThemByPrefix) {
  import_examples();
  const auto checked = deadlined({"check", "--no-poll", "--format", "json"});
  ASSERT_EQ(checked.code, 0);
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM obligations").getInt(),
            static_cast<int>(boost::json::parse(checked.out).as_array().size()));
  const std::string id = raw.execAndGet("SELECT id FROM obligations WHERE rule = 'hotline-unanswered'").getString();
  const auto r = deadlined({"explain", id.substr(0, 6)});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "义务 " + id);
  EXPECT_NE(r.out.find("违规事实：call.made「人社咨询热线测试拨打」"), std::string::npos) << r.out;
  EXPECT_EQ(deadlined({"explain", "ffffffffffff"}).code, 1);
}

TEST_F(ImportAndCheck, AnObligationWhoseRecordIsCorrectedIsWithdrawnAndItsQueuedNoticesDropped) {
  // A call recorded as unanswered opens a violation; the unit then corrects the record.
  const auto call = (work / "call.jsonl").string();
  auto write_call = [&call](const char* answered) {
    std::ofstream{call} << R"({"id":"C1","type":"call.made","unit":"区人社局","time":"2019-08-05T10:00:00+08:00",)"
                        << R"("attrs":{"hotline":"12345","answered":")" << answered << R"("}})"
                        << "\n";
  };
  write_call("false");
  ASSERT_EQ(deadlined({"import", call}).code, 0);
  // At the wall clock: a check at another --now is a dry run and stores nothing.
  const auto first = deadlined({"check", "--no-poll"});
  ASSERT_EQ(first.code, 0) << first.err;
  std::string id;
  {
    SQLite::Database raw{db, SQLite::OPEN_READWRITE};
    SQLite::Statement violation{raw, "SELECT id FROM obligations WHERE rule = 'hotline-unanswered'"};
    ASSERT_TRUE(violation.executeStep()) << first.out;
    id = violation.getColumn(0).getString();
    ASSERT_EQ(id.size(), 16U);
    // A notice still waiting for its digest window, and one already sent.
    insert_notice(raw, "k1", id, "overdue-2", "区人社局/张三", "queued", "2019-08-07T00:30:00Z");
    insert_notice(raw, "k2", id, "overdue", "区人社局/张三", "sent", "2019-08-05T02:00:00Z");
  }

  write_call("true");
  const auto revised = deadlined({"import", call});
  ASSERT_EQ(revised.out, "imported 0 duplicate 0 revised 1 rejected 0\n") << revised.err;
  const auto checked = deadlined({"check", "--no-poll", "--format", "json"});
  ASSERT_EQ(checked.code, 0) << checked.err;
  const auto listed = boost::json::parse(checked.out);
  ASSERT_FALSE(listed.as_array().empty());
  for (const auto& v : listed.as_array())
    EXPECT_NE(v.as_object().at("id").as_string(), id);
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM obligations WHERE id = '" + id + "'").getInt(), 0);
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(coalesce(from_state, '-') || '>' || to_state, ' ') FROM "
                           "obligation_history WHERE obligation_id = '" +
                           id + "'")
                .getString(),
            "->overdue overdue>withdrawn");
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(s, ' ') FROM (SELECT event || ':' || state AS s FROM outbox WHERE "
                           "idempotency_key IN ('k1', 'k2') ORDER BY id)")
                .getString(),
            "overdue:sent");
  const auto explained = deadlined({"explain", id});
  EXPECT_EQ(explained.code, 1);
  EXPECT_NE(explained.err.find("obligation \"" + id + "\" was withdrawn at "), std::string::npos) << explained.err;
  EXPECT_NE(checked.err.find("check.withdrawn: 1 obligations no longer follow from the facts, removed;"),
            std::string::npos)
      << checked.err;
}

/// The local date in Beijing `days` before the wall clock, as YYYY-MM-DD.
std::string beijing_date_days_ago(int days) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::hours{8} -
                                                      std::chrono::days{days});
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

TEST_F(ImportAndCheck, AColumnUpdatedInTimeClosesTheLastUpdatesObligationAndItsWaitingReminder) {
  // A news column (2-week window) updated five days ago: pending, a reminder waiting.
  const auto items = (work / "items.jsonl").string();
  auto write_item = [&items](const char* id, const std::string& date) {
    std::ofstream{items, std::ios::app} << R"({"id":")" << id
                                        << R"(","type":"item.published","unit":"区财政局","time":")" << date
                                        << R"(","attrs":{"column":"工作动态","title":"财政工作动态)" << id << R"("}})"
                                        << "\n";
  };
  write_item("N1", beijing_date_days_ago(5));
  ASSERT_EQ(deadlined({"import", items}).code, 0);
  const auto first = deadlined({"check", "--no-poll"});
  ASSERT_EQ(first.code, 0) << first.err;
  std::string id;
  {
    SQLite::Database raw{db, SQLite::OPEN_READWRITE};
    SQLite::Statement gap{raw, "SELECT id, state FROM obligations WHERE rule = 'column-fresh-dynamic'"};
    ASSERT_TRUE(gap.executeStep()) << first.out;
    id = gap.getColumn(0).getString();
    ASSERT_EQ(gap.getColumn(1).getString(), "pending");
    insert_notice(raw, "k1", id, "reminder-1", "区财政局/张三", "queued", "2030-01-01T00:30:00Z");
  }

  // The next update, yesterday: in time.
  write_item("N2", beijing_date_days_ago(1));
  ASSERT_EQ(deadlined({"import", items}).out, "imported 1 duplicate 1 revised 0 rejected 0\n");
  const auto second = deadlined({"check", "--no-poll"});
  ASSERT_EQ(second.code, 0) << second.err;
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT state || ' ' || met_at FROM obligations WHERE id = '" + id + "'").getString(),
            "met " + beijing_date_days_ago(1));
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(coalesce(from_state, '-') || '>' || to_state, ' ') FROM "
                           "obligation_history WHERE obligation_id = '" +
                           id + "'")
                .getString(),
            "->pending pending>met");
  EXPECT_EQ(raw.execAndGet("SELECT state FROM outbox WHERE idempotency_key = 'k1'").getString(), "cancelled");
  // The new update is the column's one pending obligation.
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(state, ' ') FROM obligations WHERE rule = 'column-fresh-dynamic' "
                           "AND id != '" +
                           id + "'")
                .getString(),
            "pending");
}

TEST_F(ImportAndCheck, TheSpoolImportsCompleteFilesAndMovesThem) {
  const auto spool = work / "state" / "spool";
  fs::create_directories(spool);
  std::ofstream{spool / "a-good.jsonl"}
      << R"({"id":"S1","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"hotline":"1","answered":"false"}})"
      << "\n";
  std::ofstream{spool / "b-bad.jsonl"}
      << R"({"id":"S2","type":"call.made","unit":"区人社局","time":"2019-08-05","attrs":{"hotline":"1","answered":"true"}})"
      << "\n"
      << R"({"id":"S3","type":"call.made","unit":"区人社局","time":"yesterday","attrs":{"hotline":"1","answered":"true"}})"
      << "\n";
  std::ofstream{spool / "c-half.jsonl.tmp"} << R"({"id":"S4","type":"call.)";
  // Files count as complete once they have not changed for two seconds.
  const auto past = fs::file_time_type::clock::now() - std::chrono::seconds{10};
  for (const auto& f : fs::directory_iterator{spool})
    fs::last_write_time(f.path(), past);

  const auto r = deadlined({"check", "--no-poll"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(spool / "done" / "a-good.jsonl"));
  EXPECT_TRUE(fs::exists(spool / "failed" / "b-bad.jsonl"));
  EXPECT_EQ(testing::slurp(spool / "failed" / "b-bad.jsonl.errors"),
            (spool / "b-bad.jsonl").string() + ":2: time: not a date\nimported 1 duplicate 0 revised 0 rejected 1\n");
  EXPECT_TRUE(fs::exists(spool / "c-half.jsonl.tmp"));
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM facts").getInt(), 2);
}

TEST_F(ImportAndCheck, BackupMakesAWorkingCopy) {
  import_examples();
  const auto copy = (work / "backup.db").string();
  ASSERT_EQ(deadlined({"backup", copy}).code, 0);
  SQLite::Database raw{copy};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM facts").getInt(), 20);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST(Coverage, EverySeedTaskHasARuleAndTheDocumentIsCurrent) {
  const auto work = std::filesystem::temp_directory_path() / ("deadlined-coverage-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work);
  const auto r = testing::run_deadlined({"coverage", "--config", "config/deadlined.yaml"}, work, "/dev/null",
                                        DEADLINED_SOURCE_DIR);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("54 tasks; 54 covered by at least one rule; 0 without a rule."), std::string::npos);
  // docs/seed-coverage.md is this output; regenerate it with the command in its first lines.
  EXPECT_EQ(r.out, testing::slurp(std::string{DEADLINED_SOURCE_DIR} + "/docs/seed-coverage.md"));
  std::filesystem::remove_all(work);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST_F(ImportAndCheck, ADryRunPollsTheExampleSitesAndPrintsTheDaysMessagesWithoutSendingThem) {
  import_examples();
  const auto r = deadlined({"check", "--now", "2019-12-20 18:00", "--notify-since", "2019-12-20"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("check.polled: 11 sources, 0 failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(dry run: printed, not sent)"), std::string::npos) << r.err;
  const auto messages = r.out.substr(r.out.find("将发送的通知（演练，未发送）："));
  // The interpretation of the 备案管理办法 (published 12-18) is due Monday 12-23: reminded on
  // 12-20 by mail and on the office's DingTalk robot, linking to the board and the page.
  EXPECT_NE(messages.find(
                "[mail] 【广州市从化区政务公开】提醒：区政府办公室 规范性文件网上公布后3个工作日内关联公开解读材料"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("[office-robot] "), std::string::npos);
  EXPECT_NE(messages.find("将于 2019-12-23 23:59 到期，还剩 1 个工作日。http://127.0.0.1:8080/board/obligation?id="),
            std::string::npos);
  EXPECT_NE(messages.find("证据：http://127.0.0.1:8080/api/v1/evidence/"), std::string::npos);
  // Nothing was kept: the outbox is empty after the dry run, and no page snapshot was stored.
  SQLite::Database raw{db};
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM outbox").getInt(), 0);
  const auto evidence_db = work / "state" / "evidence" / "evidence.db";
  if (fs::exists(evidence_db)) {
    SQLite::Database evidence{evidence_db.string()};
    EXPECT_EQ(evidence.execAndGet("SELECT count(*) FROM pages").getInt(), 0);
  }
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST_F(ImportAndCheck, EvidencePrintsThePageAFactWasSeenOn) {
  const auto polled = deadlined({"poll"});
  ASSERT_EQ(polled.code, 0) << polled.err;
  std::string hash;
  std::string title;
  {
    SQLite::Database raw{db};
    SQLite::Statement q{raw,
                        "SELECT json_extract(attrs, '$.evidence'), json_extract(attrs, '$.title') FROM facts "
                        "WHERE json_extract(attrs, '$.evidence') IS NOT NULL AND json_extract(attrs, '$.title') "
                        "IS NOT NULL AND source = 'zfb-tzgg' ORDER BY external_id LIMIT 1"};
    ASSERT_TRUE(q.executeStep());
    hash = q.getColumn(0).getString();
    title = q.getColumn(1).getString();
  }
  // The snapshot is the page as fetched: zfb-tzgg is UTF-8 (zfb-gfxwj, in GB2312, prints
  // its own bytes).
  const auto page = deadlined({"evidence", hash});
  ASSERT_EQ(page.code, 0) << page.err;
  EXPECT_NE(page.out.find(title), std::string::npos) << "the page does not show \"" << title << "\"";

  const auto info = deadlined({"evidence", hash, "--info"});
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("hash: " + hash + "\nurl: file://"), std::string::npos) << info.out;

  const auto unknown = deadlined({"evidence", std::string(64, 'a')});
  EXPECT_NE(unknown.code, 0);
  EXPECT_NE(unknown.err.find("no snapshot " + std::string(64, 'a')), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace deadlined
