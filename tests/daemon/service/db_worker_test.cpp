// The daemon's warm evaluation: each check reads only the facts changed since the last one,
// and still agrees with a worker that starts cold on the same database.

#include "deadlined/daemon/db_worker.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <SQLiteCpp/SQLiteCpp.h>

#include "deadlined/daemon/config.hpp"
#include "support/facts.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

const fs::path work = fs::temp_directory_path() / ("deadlined-db-worker-test-" + std::to_string(::getpid()));

class DbWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(work);
    fs::create_directories(work / "rules");
    std::ofstream{work / "rules" / "requests.yaml"} << R"(pack: requests
title: 依申请公开
rules:
  - id: request-answered
    title: 政府信息公开申请20个工作日内答复
    clause: 三、（一）1
    kind: deadline
    severity: critical
    trigger: {type: request.received}
    follow_up: {type: request.answered}
    correlate: [{attribute: request_id}]
    deadline: 20个工作日
    reminders: [5 working days before]
    responsible: trigger_unit
)";
    use_config("");
    db_ = std::make_unique<store>((work / "state.sqlite").string());
  }

  /// The district's configuration with `more` at its end, and a worker started with it.
  void use_config(const std::string& more) {
    worker_.reset();
    std::ofstream{work / "deadlined.yaml"} << "district: 测试区\n"
                                           << "calendar: {name: cn, zone: Asia/Shanghai, files: ['"
                                           << DEADLINED_SOURCE_DIR << "/config/calendars/*.yaml']}\n"
                                           << "units:\n  - {name: 区财政局}\n  - {name: 区司法局}\n"
                                           << "rules: [rules/*.yaml]\n"
                                           << more;
    config_ = testing::load_or_fail((work / "deadlined.yaml").string(), (work / "state.sqlite").string());
    worker_ = std::make_unique<db_worker>(config_);
  }

  /// Each stored obligation as request:state, by request.
  std::string stored() const {
    std::map<std::string, std::string> by_request;
    for (const auto& o : db_->obligations())
      by_request[o.key.str()] = rules::to_string(o.state);
    std::string out;
    for (const auto& [key, state] : by_request)
      out += (out.empty() ? "" : " ") + key.substr(key.find(':') + 1) + ":" + state;
    return out;
  }

  static rules::obligation_id id_of(const status_view& view, const std::string& request) {
    for (const auto& o : view.obligations)
      if (o.key == "request_id:" + request) return o.id;
    ADD_FAILURE() << "no obligation for request " << request;
    return rules::obligation_id{0};
  }

  void TearDown() override {
    worker_.reset();
    db_.reset();
    fs::remove_all(work);
  }

  void put(const std::string& id, const std::string& type, const std::string& time, const std::string& request) {
    auto f = testing::make_fact(id, type, "区财政局", time, {{"request_id", request}});
    f.source = "record";
    f.external_id = id;
    db_->put_fact(f, "cli", testing::at("2019-06-01 09:00"));
  }

  static rules::obligation_state state_of(const status_view& view, const std::string& subject_request) {
    for (const auto& o : view.obligations)
      if (o.key == "request_id:" + subject_request) return o.state;
    ADD_FAILURE() << "no obligation for request " << subject_request;
    return rules::obligation_state::pending;
  }

  std::shared_ptr<const config_snapshot> config_;
  std::unique_ptr<db_worker> worker_;
  std::unique_ptr<store> db_;
};

TEST_F(DbWorkerTest, EachCheckTakesInWhatChangedSinceTheLast) {
  // 2019-06-03 (Monday) + 20 working days, the Dragon Boat Festival (7 June) left out: 2 July.
  put("R1", "request.received", "2019-06-03 10:00", "1");
  put("R2", "request.received", "2019-06-03 11:00", "2");
  auto view = worker_->check(testing::at("2019-06-10 09:00"));
  EXPECT_EQ(view->fact_count, 2);
  EXPECT_EQ(state_of(*view, "1"), rules::obligation_state::pending);
  EXPECT_EQ(state_of(*view, "2"), rules::obligation_state::pending);

  put("A1", "request.answered", "2019-06-20 16:00", "1");
  view = worker_->check(testing::at("2019-06-21 09:00"));
  EXPECT_EQ(view->fact_count, 3);
  EXPECT_EQ(state_of(*view, "1"), rules::obligation_state::met);
  EXPECT_EQ(state_of(*view, "2"), rules::obligation_state::pending);

  // A revision: the answer was in fact given after the deadline.
  put("A1", "request.answered", "2019-07-03 16:00", "1");
  view = worker_->check(testing::at("2019-07-03 17:00"));
  EXPECT_EQ(view->fact_count, 3);
  EXPECT_EQ(state_of(*view, "1"), rules::obligation_state::met_late);
  EXPECT_EQ(state_of(*view, "2"), rules::obligation_state::overdue);

  // A worker starting cold on the same database sees the same.
  db_worker cold{config_};
  const auto fresh = cold.check(testing::at("2019-07-03 17:00"));
  ASSERT_EQ(fresh->obligations.size(), view->obligations.size());
  for (std::size_t i = 0; i < fresh->obligations.size(); ++i) {
    EXPECT_EQ(fresh->obligations[i].id, view->obligations[i].id);
    EXPECT_EQ(fresh->obligations[i].state, view->obligations[i].state);
    EXPECT_EQ(fresh->obligations[i].due_at, view->obligations[i].due_at);
  }
}

TEST_F(DbWorkerTest, BetweenChecksOnlyWhatChangedIsRecordedAndOnceADayEverything) {
  put("R1", "request.received", "2019-06-03 10:00", "1");
  put("R2", "request.received", "2019-06-03 11:00", "2");
  worker_->check(testing::at("2019-06-10 09:00"));
  EXPECT_EQ(stored(), "1:pending 2:pending");

  // Someone else's hand in the table (an older deadlined, a manual edit): a check that
  // records only what changed leaves request 2 alone and records request 1's answer.
  SQLite::Database{(work / "state.sqlite").string(), SQLite::OPEN_READWRITE}.exec(
      "UPDATE obligations SET state = 'waived' WHERE key = 'request_id:2'");
  put("A1", "request.answered", "2019-06-10 10:00", "1");
  worker_->check(testing::at("2019-06-10 11:00"));
  EXPECT_EQ(stored(), "1:met 2:waived");
  worker_->check(testing::at("2019-06-11 08:00"));
  EXPECT_EQ(stored(), "1:met 2:waived");
  // A day after everything was last recorded, everything is again: the table is put right.
  worker_->check(testing::at("2019-06-11 09:05"));
  EXPECT_EQ(stored(), "1:met 2:pending");
}

TEST_F(DbWorkerTest, AfterTheClockWasSetBackEverythingIsRecordedAgain) {
  put("R1", "request.received", "2019-06-03 10:00", "1");
  put("R2", "request.received", "2019-06-03 11:00", "2");
  worker_->check(testing::at("2019-06-10 09:00"));
  SQLite::Database{(work / "state.sqlite").string(), SQLite::OPEN_READWRITE}.exec(
      "UPDATE obligations SET state = 'waived' WHERE key = 'request_id:2'");
  // A clock corrected an hour back: the day since the last whole recording would otherwise
  // count from a moment that has not come yet.
  worker_->check(testing::at("2019-06-10 08:00"));
  EXPECT_EQ(stored(), "1:pending 2:pending");
}

TEST_F(DbWorkerTest, AnObligationWhoseTriggerWasCorrectedIsWithdrawnAtTheNextCheck) {
  put("R1", "request.received", "2019-06-03 10:00", "1");
  put("R2", "request.received", "2019-06-03 11:00", "2");
  const auto first = worker_->check(testing::at("2019-06-10 09:00"));
  const auto mistaken = id_of(*first, "2");
  // R2 was request 3 all along: the obligation of request 2 no longer follows from the facts.
  put("R2", "request.received", "2019-06-03 11:00", "3");
  worker_->check(testing::at("2019-06-10 10:00"));
  EXPECT_EQ(stored(), "1:pending 3:pending");
  EXPECT_EQ(db_->withdrawn_at(mistaken), testing::at("2019-06-10 10:00"));
}

TEST_F(DbWorkerTest, AReminderWaitingForItsDigestIsCancelledWhenTheAnswerComesBetweenChecks) {
  // Reminders go out in the 17:00 digest; nothing is sent in this test (the digest never comes).
  use_config(
      "notifications:\n  notify_since: 2019-06-01\n  digest_time: '17:00'\n"
      "  channels:\n    - {id: hook, type: webhook, url: 'http://127.0.0.1:9/hook'}\n"
      "  contacts:\n    区财政局:\n      - {name: 张三, channels: [hook]}\n");
  // Received 3 June; due 2 July; the reminder five working days before, 25 June.
  put("R1", "request.received", "2019-06-03 10:00", "1");
  worker_->check(testing::at("2019-06-25 10:00"));
  const auto queued = db_->outbox_entries("queued");
  ASSERT_EQ(queued.size(), 1U);
  EXPECT_EQ(queued[0].event, "reminder-1");

  put("A1", "request.answered", "2019-06-25 10:30", "1");
  worker_->check(testing::at("2019-06-25 11:00"));
  EXPECT_EQ(stored(), "1:met");
  EXPECT_TRUE(db_->outbox_entries("queued").empty());
  ASSERT_EQ(db_->outbox_entries("cancelled").size(), 1U);
  EXPECT_EQ(db_->outbox_entries("cancelled")[0].event, "reminder-1");
}

}  // namespace
}  // namespace deadlined::daemon
