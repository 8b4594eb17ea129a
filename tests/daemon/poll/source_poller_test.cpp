// Polling recorded: facts, poll state, fetch history, evidence snapshots and probe facts,
// against the in-test site server on loopback (IPv4 and IPv6).

#include "deadlined/daemon/source_poller.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/poll_pass.hpp"
#include "support/facts.hpp"
#include "support/site_server.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;
using deadlined::testing::site_server;

// CTest runs each test in its own process, in parallel: each process has its own directory.
const fs::path work = fs::temp_directory_path() / ("deadlined-source-poller-test-" + std::to_string(::getpid()));

rules::instant at(int day, int hour) {
  using namespace std::chrono;
  return sys_days{year{2019} / 10 / day} + hours{hour - 8};  // local time +08:00
}

class SourcePollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(work);
    fs::create_directories(work);
    server_ = std::make_unique<site_server>(work / "v4");
    server6_ = std::make_unique<site_server>(work / "v6", std::vector<std::string>{}, "::1");
    std::ofstream{work / "deadlined.yaml"} << "district: 测试区\n"
                                           << "units:\n  - {name: 区财政局}\n  - {name: 区政务服务局}\n"
                                           << "polling: {politeness_delay_ms: 0, proxy: none}\n"
                                           << "sources:\n"
                                           << "  - {id: list, unit: 区财政局, url: '" << server_->url("/etag/list.html")
                                           << "', column: 通知公告, emits: item.published}\n"
                                           << "  - {id: portal, unit: 区政务服务局, url: '"
                                           << server_->url("/status/503")
                                           << "', availability: true, emits: item.published}\n"
                                           << "  - {id: v6, unit: 区政务服务局, url: '" << server6_->url("/feed.xml")
                                           << "', ipv6_probe: true, parser: feed, emits: item.published}\n";
    config_ = testing::load_or_fail((work / "deadlined.yaml").string(), (work / "state.sqlite").string());
    db_ = std::make_unique<store>((work / "state.sqlite").string());
  }

  void TearDown() override {
    db_.reset();
    server_.reset();
    server6_.reset();
    fs::remove_all(work);
  }

  /// A configuration of 区财政局's 通知公告 columns (id, URL); `polling` adds to the
  /// polling settings (", concurrency: 1").
  static std::shared_ptr<const config_snapshot> columns_config(
      const std::string& name, const std::string& polling,
      const std::vector<std::pair<std::string, std::string>>& columns) {
    std::ofstream yaml{work / name};
    yaml << "district: 测试区\nunits:\n  - {name: 区财政局}\n"
         << "polling: {politeness_delay_ms: 0, proxy: none" << polling << "}\nsources:\n";
    for (const auto& [id, url] : columns)
      yaml << "  - {id: " << id << ", unit: 区财政局, url: '" << url << "', column: 通知公告, emits: item.published}\n";
    yaml.close();
    return testing::load_or_fail((work / name).string(), (work / "state.sqlite").string());
  }

  std::vector<rules::fact> facts_of_type(const std::string& type) {
    std::vector<rules::fact> out;
    for (auto& f : db_->facts())
      if (f.type == type) out.push_back(std::move(f));
    return out;
  }

  std::unique_ptr<site_server> server_, server6_;
  std::shared_ptr<const config_snapshot> config_;
  std::unique_ptr<store> db_;
};

TEST_F(SourcePollerTest, AFirstPollStoresTheItemsTheFetchAndTheValidators) {
  const auto summary = poll_all_once(*config_, *db_, at(8, 9), nullptr);
  EXPECT_EQ(summary.sources, 3);
  EXPECT_EQ(summary.failed, 1);  // the portal answers 503
  ASSERT_EQ(summary.failures.size(), 1U);
  EXPECT_EQ(summary.failures[0].source, "portal");
  EXPECT_EQ(summary.failures[0].error, "HTTP 503");

  const auto items = db_->facts_of_source("list");
  ASSERT_EQ(items.size(), 5U);
  EXPECT_EQ(items[0].unit, "区财政局");
  EXPECT_EQ(*items[0].attr("column"), "通知公告");
  EXPECT_EQ(items[0].external_id, server_->url("/utf8/art/1.html"));

  const auto state = db_->poll_state_of("list");
  EXPECT_EQ(state.etag, "\"v1\"");
  EXPECT_EQ(state.first_success_at, at(8, 9));
  EXPECT_EQ(state.consecutive_failures, 0);
  EXPECT_EQ(db_->poll_state_of("portal").consecutive_failures, 1);
  const auto fetches = db_->fetches_of("portal", at(1, 0));
  ASSERT_EQ(fetches.size(), 1U);
  EXPECT_EQ(fetches[0].status, 503);
  EXPECT_EQ(fetches[0].error, "HTTP 503");
}

TEST_F(SourcePollerTest, TheFetchedPageIsKeptOnceAsEvidence) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  const auto items = db_->facts_of_source("list");
  ASSERT_FALSE(items.empty());
  const auto* hash = items[0].attr("evidence");
  ASSERT_NE(hash, nullptr);
  const evidence_store evidence{config_->polling.evidence_dir};
  const auto page = evidence.get(*hash);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->url, server_->url("/etag/list.html"));
  EXPECT_NE(page->bytes.find("关于印发从化区政务公开工作要点的通知"), std::string::npos);
  EXPECT_EQ(sha256_hex(page->bytes), *hash);
  EXPECT_EQ(config_->polling.evidence_dir, (work / "evidence").string());  // beside the database
}

TEST_F(SourcePollerTest, ASecondPollSendsTheEtagAndChangesNothing) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  const auto before = db_->fact_count();
  const auto again = poll_all_once(*config_, *db_, at(8, 10), nullptr);
  EXPECT_EQ(again.not_modified, 1);
  EXPECT_EQ(again.revised, 0);
  EXPECT_EQ(again.new_facts, 1);  // only the portal's second probe
  EXPECT_EQ(db_->fact_count(), before + 1);
  EXPECT_EQ(db_->fetches_of("list", at(1, 0)).size(), 2U);
  EXPECT_EQ(db_->poll_state_of("list").last_success_at, at(8, 10));
}

TEST_F(SourcePollerTest, ASourceReadAnotherWayReadsThePageAgainInsteadOfBeingAnswered304) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  ASSERT_EQ(db_->poll_state_of("list").etag, "\"v1\"");

  // The operator files the column as 政策文件 documents and reloads: the site's page is
  // unchanged (it would answer 304 to the stored ETag), but it must be read again.
  std::ofstream{work / "refiled.yaml"} << "district: 测试区\nunits:\n  - {name: 区财政局}\n"
                                       << "polling: {politeness_delay_ms: 0, proxy: none}\nsources:\n"
                                       << "  - {id: list, unit: 区财政局, url: '" << server_->url("/etag/list.html")
                                       << "', column: 政策文件, emits: document.published}\n";
  const auto refiled = testing::load_or_fail((work / "refiled.yaml").string(), (work / "state.sqlite").string());
  const auto reread = poll_all_once(*refiled, *db_, at(9, 9), nullptr);
  EXPECT_EQ(reread.not_modified, 0);
  EXPECT_EQ(facts_of_type("document.published").size(), 5U);
  const auto state = db_->poll_state_of("list");
  EXPECT_EQ(state.etag, "\"v1\"");
  EXPECT_EQ(state.first_success_at, at(9, 9));  // its history starts again with the new reading
  for (const auto& f : facts_of_type("document.published"))
    EXPECT_EQ(f.attr("backdated"), nullptr) << f.subject;

  // Read the new way once, the page is again answered 304.
  EXPECT_EQ(poll_all_once(*refiled, *db_, at(9, 10), nullptr).not_modified, 1);
}

TEST_F(SourcePollerTest, AMirroredFileLargerThanTheBodyLimitIsRefusedAsASitesBodyWouldBe) {
  std::ofstream{work / "huge.html"} << std::string(1536 * 1024, 'x');
  std::ofstream{work / "mirror.yaml"}
      << "district: 测试区\nunits:\n  - {name: 区财政局}\n"
      << "polling: {politeness_delay_ms: 0, proxy: none, body_limit_mb: 1}\n"
      << "sources:\n  - {id: mirror, unit: 区财政局, url: huge.html, emits: item.published}\n";
  const auto mirror = testing::load_or_fail((work / "mirror.yaml").string(), (work / "state.sqlite").string());
  const auto summary = poll_all_once(*mirror, *db_, at(8, 9), nullptr);
  ASSERT_EQ(summary.failures.size(), 1U);
  EXPECT_EQ(summary.failures[0].error, (work / "huge.html").string() + ": larger than 1048576 bytes");
}

TEST_F(SourcePollerTest, A304ToARequestThatWasNotConditionalIsAFailureNotAnUnchangedPage) {
  const auto config = columns_config("always-304.yaml", "", {{"odd", server_->url("/status/304")}});
  const auto summary = poll_all_once(*config, *db_, at(8, 9), nullptr);
  EXPECT_EQ(summary.not_modified, 0);
  ASSERT_EQ(summary.failures.size(), 1U);
  EXPECT_EQ(summary.failures[0].error, "HTTP 304 Not Modified to a request that was not conditional");
  EXPECT_FALSE(db_->poll_state_of("odd").first_success_at);
}

TEST_F(SourcePollerTest, AStateFromBeforeReadingsWereKeptReadsThePageOnceAndKeepsItsHistory) {
  // A database older than schema 3: validators without a reading. The page is read in
  // full once (nothing says how it was read), and the source's history holds: an item
  // dated before the last success is still judged backdated.
  poll_state old;
  old.etag = "\"v1\"";
  old.first_success_at = at(1, 9);
  old.last_success_at = at(7, 9);
  db_->save_poll_state("list", old);
  const auto summary = poll_all_once(*config_, *db_, at(8, 9), nullptr);
  EXPECT_EQ(summary.not_modified, 0);
  const auto state = db_->poll_state_of("list");
  EXPECT_EQ(state.first_success_at, at(1, 9));
  EXPECT_FALSE(state.reading.empty());
  bool backdated = false;
  for (const auto& f : db_->facts_of_source("list"))
    backdated = backdated || f.attr("backdated") != nullptr;
  EXPECT_TRUE(backdated);                                                        // the list's items are from September
  EXPECT_EQ(poll_all_once(*config_, *db_, at(8, 10), nullptr).not_modified, 1);  // then 304 again
}

TEST_F(SourcePollerTest, APageReadWithSelectorsThatFailOnItKeepsNoValidators) {
  std::ofstream{work / "broken.yaml"} << "district: 测试区\nunits:\n  - {name: 区财政局}\n"
                                      << "polling: {politeness_delay_ms: 0, proxy: none}\nsources:\n"
                                      << "  - {id: list, unit: 区财政局, url: '" << server_->url("/etag/list.html")
                                      << "', emits: item.published, parser: {item: \"//li[no-such-function()]\"}}\n";
  const auto broken = testing::load_or_fail((work / "broken.yaml").string(), (work / "state.sqlite").string());
  poll_all_once(*broken, *db_, at(8, 9), nullptr);
  EXPECT_EQ(db_->poll_state_of("list").etag, "");
  // Polled again (the operator mends the selector later): read in full, not answered 304.
  EXPECT_EQ(poll_all_once(*broken, *db_, at(8, 10), nullptr).not_modified, 0);
}

TEST_F(SourcePollerTest, AnAvailabilitySourceRecordsEveryFetchAsAProbe) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  poll_all_once(*config_, *db_, at(8, 10), nullptr);
  const auto probes = facts_of_type("probe.result");
  ASSERT_EQ(probes.size(), 2U);
  EXPECT_EQ(*probes[0].attr("ok"), "false");
  EXPECT_EQ(*probes[0].attr("status"), "503");
  EXPECT_EQ(*probes[0].attr("source"), "portal");
  EXPECT_EQ(probes[0].unit, "区政务服务局");
}

TEST_F(SourcePollerTest, ThePortalsIpv6ProbeRunsOnceADayAgainstTheLoopback) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  poll_all_once(*config_, *db_, at(8, 15), nullptr);
  auto probes = facts_of_type("probe.ipv6");
  ASSERT_EQ(probes.size(), 1U);
  EXPECT_EQ(*probes[0].attr("ok"), "true");
  EXPECT_EQ(*probes[0].attr("address"), "::1");
  EXPECT_EQ(probes[0].external_id, "ipv6:2019-10-08");
  poll_all_once(*config_, *db_, at(9, 9), nullptr);
  EXPECT_EQ(facts_of_type("probe.ipv6").size(), 2U);
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST_F(SourcePollerTest, RetentionPrunesOldSnapshotsAndFetchRecords) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  evidence_store evidence{config_->polling.evidence_dir};
  const auto hash = *db_->facts_of_source("list").at(0).attr("evidence");
  ASSERT_TRUE(evidence.get(hash));
  // Nothing is old enough yet.
  prune_poll_history(*db_, evidence, config_->polling, at(9, 9), nullptr);
  EXPECT_TRUE(evidence.get(hash));
  EXPECT_EQ(db_->fetches_of("list", at(1, 0)).size(), 1U);
  // Far in the future every snapshot and fetch record is past its retention.
  const auto later = wall_now() + std::chrono::days{config_->polling.evidence_retention_days + 1};
  prune_poll_history(*db_, evidence, config_->polling, later, nullptr);
  EXPECT_FALSE(evidence.get(hash));
  EXPECT_TRUE(db_->fetches_of("list", at(1, 0)).empty());
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST_F(SourcePollerTest, APassOverMoreSourcesThanLanesPollsEveryOneAndStoresTheirPageOnce) {
  // Concurrency 1 gives the pass two lanes; nine columns on two hosts (IPv4 and IPv6) all
  // serve the same list page.
  std::vector<std::pair<std::string, std::string>> columns;
  for (int i = 0; i < 9; ++i)
    columns.emplace_back("column-" + std::to_string(i), (i % 3 == 0 ? *server6_ : *server_).url("/etag/list.html"));
  const auto many = columns_config("many.yaml", ", concurrency: 1, per_host: 1", columns);
  const auto summary = poll_all_once(*many, *db_, at(8, 9), nullptr);
  EXPECT_EQ(summary.sources, 9);
  EXPECT_EQ(summary.failed, 0);
  EXPECT_EQ(summary.new_facts, 9 * 5);
  std::set<std::string> pages;
  for (int i = 0; i < 9; ++i) {
    const auto items = db_->facts_of_source("column-" + std::to_string(i));
    ASSERT_EQ(items.size(), 5U) << "column-" << i;
    pages.insert(*items[0].attr("evidence"));
    EXPECT_EQ(db_->poll_state_of("column-" + std::to_string(i)).etag, "\"v1\"");
  }
  EXPECT_EQ(pages.size(), 1U);  // one page …
  SQLite::Database evidence_db{many->polling.evidence_dir + "/evidence.db"};
  EXPECT_EQ(evidence_db.execAndGet("SELECT count(*) FROM pages").getInt(), 1);  // … stored once
  EXPECT_TRUE(evidence_store{many->polling.evidence_dir}.get(*pages.begin()));
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST_F(SourcePollerTest, APassWaitingOnASlowSiteDoesNotHoldTheDatabaseLocked) {
  // One quick column and one that answers after 6 s. Within the wait the quick column's
  // facts are committed and another writer (the daemon, an import) gets the write lock.
  const auto slow = columns_config(
      "slow.yaml", "",
      {{"quick", server_->url("/etag/list.html")}, {"slow", server6_->url("/delay/6000/utf8/list.html")}});
  poll_pass_summary summary;
  std::thread pass{[&] { summary = poll_all_once(*slow, *db_, at(8, 9), nullptr); }};
  std::this_thread::sleep_for(std::chrono::seconds{4});
  {
    SQLite::Database other{(work / "state.sqlite").string(), SQLite::OPEN_READWRITE};
    EXPECT_EQ(other.execAndGet("SELECT count(*) FROM facts WHERE source = 'quick'").getInt(), 5);
    EXPECT_NO_THROW(other.exec("BEGIN IMMEDIATE; COMMIT;")) << "the pass still holds the write lock";
    SQLite::Database evidence{slow->polling.evidence_dir + "/evidence.db", SQLite::OPEN_READWRITE};
    EXPECT_NO_THROW(evidence.exec("BEGIN IMMEDIATE; COMMIT;")) << "the pass still holds the evidence file";
  }
  pass.join();
  EXPECT_EQ(summary.failed, 0);
  EXPECT_EQ(db_->facts_of_source("slow").size(), 5U);
}

}  // namespace
}  // namespace deadlined::daemon
