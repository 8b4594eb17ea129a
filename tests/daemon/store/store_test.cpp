#include "deadlined/daemon/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

struct StoreTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("deadlined-store-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string db_path() const { return (dir / "deadlined.db").string(); }
};

const rules::zone_offsets utc = rules::zone_offsets::fixed("UTC", std::chrono::seconds{0});

rules::timestamp ts(std::string_view text) {
  return std::get<rules::timestamp>(rules::parse_timestamp(text, utc));
}

rules::fact record(std::string id, std::string title, std::string_view time = "2019-09-27T02:00:00Z") {
  rules::fact f;
  f.source = "record";
  f.external_id = std::move(id);
  f.type = "document.published";
  f.unit = "区财政局";
  f.subject = title;
  f.time = ts(time);
  f.attrs = {{"title", title}, {"category", "normative"}, {"links", "http://a/1\nhttp://a/2"}};
  return f;
}

TEST_F(StoreTest, ANewDatabaseIsMigratedToTheCurrentSchema) {
  store db{db_path()};
  SQLite::Database raw{db_path()};
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), store::schema_version);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* table : {"facts", "fact_revisions", "obligations", "obligation_history", "outbox", "poll_state",
                            "fetches", "audit_log", "meta"}) {
    EXPECT_TRUE(raw.tableExists(table)) << table;
  }
}

TEST_F(StoreTest, ADatabaseFromANewerDeadlinedIsRefusedWithAClearMessage) {
  { store db{db_path()}; }
  {
    SQLite::Database raw{db_path(), SQLite::OPEN_READWRITE};
    raw.exec("PRAGMA user_version = 99");
  }
  try {
    store db{db_path()};
    FAIL() << "opened a newer schema";
  } catch (const store_error& e) {
    EXPECT_EQ(std::string{e.what()},
              "database " + db_path() + " has schema version 99, newer than this deadlined understands (" +
                  std::to_string(store::schema_version) + "); run the newer deadlined or restore a backup");
  }
}

TEST_F(StoreTest, TheSameIdIsADuplicateOrARevisionKeepingThePreviousContent) {
  store db{db_path()};
  const auto now = ts("2019-10-01T00:00:00Z").counting_instant(utc);
  EXPECT_EQ(db.put_fact(record("R1", "关于印发办法的通知"), "cli:a.jsonl", now), fact_outcome::imported);
  EXPECT_EQ(db.put_fact(record("R1", "关于印发办法的通知"), "spool:b.jsonl", now), fact_outcome::duplicate);
  EXPECT_EQ(db.put_fact(record("R1", "关于印发办法（修订）的通知"), "api", now), fact_outcome::revised);
  EXPECT_EQ(db.fact_count(), 1);
  const auto facts = db.facts();
  ASSERT_EQ(facts.size(), 1U);
  EXPECT_EQ(facts[0].subject, "关于印发办法（修订）的通知");
  EXPECT_EQ(facts[0].id, "record/R1");
  SQLite::Database raw{db_path()};
  EXPECT_EQ(raw.execAndGet("SELECT subject FROM fact_revisions WHERE revision = 0").getString(), "关于印发办法的通知");
  EXPECT_EQ(raw.execAndGet("SELECT revision FROM facts").getInt(), 1);
  EXPECT_EQ(raw.execAndGet("SELECT action || ' ' || target FROM audit_log").getString(), "fact.revised record/R1");
}

TEST_F(StoreTest, TheWarmEvaluationReadsOnlyFactsChangedSinceItsLastLook) {
  store db{db_path()};
  const auto now = ts("2019-10-01T00:00:00Z").counting_instant(utc);
  db.put_fact(record("R1", "甲"), "cli", now);
  db.put_fact(record("R2", "乙"), "cli", now);
  std::int64_t seen = 0;
  EXPECT_EQ(db.facts_changed_since(0, seen).size(), 2U);
  std::int64_t again = 0;
  EXPECT_TRUE(db.facts_changed_since(seen, again).empty());
  EXPECT_EQ(again, seen);

  db.put_fact(record("R1", "甲"), "cli", now);  // the same again: no change
  db.put_fact(record("R1", "甲（修订）"), "api", now);
  db.put_fact(record("R3", "丙"), "cli", now);
  const auto changed = db.facts_changed_since(seen, again);
  ASSERT_EQ(changed.size(), 2U);
  EXPECT_EQ(changed[0].id, "record/R1");
  EXPECT_EQ(changed[0].subject, "甲（修订）");
  EXPECT_EQ(changed[1].id, "record/R3");
  EXPECT_GT(again, seen);

  // A fact written without a number (by an older deadlined) is read from the start.
  SQLite::Database{db_path(), SQLite::OPEN_READWRITE}.exec("UPDATE facts SET change_seq = 0 WHERE external_id = 'R2'");
  EXPECT_EQ(db.facts_changed_since(0, again).size(), 3U);
}

TEST_F(StoreTest, APollStateRoundTripsWithTheReadingItsValidatorsStandFor) {
  store db{db_path()};
  poll_state state;
  state.etag = "\"v1\"";
  state.last_modified = "Tue, 08 Oct 2019 08:00:00 GMT";
  state.reading = "9f86d081884c7d65";
  state.first_success_at = rules::instant{std::chrono::sys_days{std::chrono::year{2019} / 10 / 8}};
  state.consecutive_failures = 2;
  db.save_poll_state("czj-tzgg", state);
  const auto back = db.poll_state_of("czj-tzgg");
  EXPECT_EQ(back.etag, state.etag);
  EXPECT_EQ(back.last_modified, state.last_modified);
  EXPECT_EQ(back.reading, "9f86d081884c7d65");
  EXPECT_EQ(back.first_success_at, state.first_success_at);
  EXPECT_EQ(back.consecutive_failures, 2);
  EXPECT_EQ(db.poll_state_of("never-polled").reading, "");
}

TEST_F(StoreTest, FactsRoundTripWithDatePrecisionAndAttributes) {
  store db{db_path()};
  db.put_fact(record("R1", "甲", "2019-09-27"), "cli", rules::instant{});
  db.put_fact(record("R2", "乙", "2019-09-27T10:00:00+08:00"), "cli", rules::instant{});
  const auto facts = db.facts();
  ASSERT_EQ(facts.size(), 2U);
  EXPECT_TRUE(facts[0].time.is_date_only());
  EXPECT_EQ(facts[0].time.format(utc), "2019-09-27");
  EXPECT_EQ(facts[1].time.format(utc), "2019-09-27T02:00:00+00:00");
  EXPECT_EQ(facts[1].attrs.at("links"), "http://a/1\nhttp://a/2");
}

TEST_F(StoreTest, AWebsiteFactsEvidencePageIsFoundByItsIdEvenWhenTheSourceIdHasASlash) {
  store db{db_path()};
  auto item = record("http://www.conghua.gov.cn/zwgk/tzgg/t20190927_1.html", "关于开展2019年政务公开培训的通知");
  item.source = "zfb/tzgg";  // a source id may hold a slash, as an item's link does
  item.attrs["evidence"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  db.put_fact(item, "poll", rules::instant{});
  db.put_fact(record("R1", "甲"), "cli", rules::instant{});

  EXPECT_EQ(db.evidence_page_of("zfb/tzgg/http://www.conghua.gov.cn/zwgk/tzgg/t20190927_1.html"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  EXPECT_FALSE(db.evidence_page_of("record/R1"));  // a record has no page
  EXPECT_FALSE(db.evidence_page_of("record/R9"));
  EXPECT_FALSE(db.evidence_page_of("no-slash"));
}

/// An obligation of `rule` owed by 区财政局, opened and due at the given UTC times.
rules::obligation owed(std::uint64_t id, const char* rule, std::string_view opened, std::string_view due) {
  rules::obligation o;
  o.id = rules::obligation_id{id};
  o.rule = rule;
  o.unit = o.original_unit = "区财政局";
  o.opened_at = ts(opened).counting_instant(utc);
  o.due_at = ts(due).counting_instant(utc);
  return o;
}

TEST_F(StoreTest, ObligationsAreUpsertedAndStateChangesKeptInHistory) {
  store db{db_path()};
  auto o = owed(0x0123456789abcdef, "interpretation-linked", "2019-09-27T02:00:00Z", "2019-10-08T15:59:59Z");
  o.met_at = ts("2019-10-08");
  // Every role, as the rules give them: stored by name and read back as the same role.
  using enum rules::evidence_role;
  o.evidence = {{"record/R1", trigger},   {"record/R2", repeat_trigger}, {"record/A1", closing},
                {"record/A2", follow_up}, {"record/E1", extension},      {"record/P1", pause},
                {"record/P2", resume},    {"record/C1", restart},        {"record/W1", waiver}};
  o.explanation = {"规则：…", "截止：2019-10-08 23:59:59（+08:00）"};
  db.save_obligations({o}, o.opened_at);
  db.save_obligations({o}, o.opened_at + std::chrono::hours{1});  // no change: no history row
  o.state = rules::obligation_state::met;
  db.save_obligations({o}, o.due_at);
  const auto back = db.obligation(o.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->state, rules::obligation_state::met);
  EXPECT_TRUE(back->met_at->is_date_only());
  EXPECT_EQ(back->evidence, o.evidence);
  EXPECT_EQ(back->explanation, o.explanation);
  SQLite::Database raw{db_path()};
  EXPECT_EQ(
      raw.execAndGet("SELECT group_concat(coalesce(from_state, '-') || '>' || to_state, ' ') FROM obligation_history")
          .getString(),
      "->pending pending>met");
}

TEST_F(StoreTest, AnUnchangedObligationIsNotRewrittenAndAnyChangeIs) {
  // Every check saves every obligation; only those that changed are written (updated_at
  // tells when), so a large district's checks do not rewrite the whole table each time.
  store db{db_path()};
  auto o = owed(0xaa, "request-answered", "2019-09-02T01:00:00Z", "2019-09-29T15:59:59Z");
  o.evidence = {{"record/Q1", rules::evidence_role::trigger}};
  db.save_obligations({o}, ts("2019-09-02T02:00:00Z").counting_instant(utc));
  db.save_obligations({o}, ts("2019-09-03T02:00:00Z").counting_instant(utc));
  SQLite::Database raw{db_path()};
  const auto updated = [&raw] {
    return raw.execAndGet("SELECT updated_at FROM obligations WHERE id = '00000000000000aa'").getString();
  };
  EXPECT_EQ(updated(), "2019-09-02T02:00:00Z");
  // A change that leaves the state and due date alone (no history row) is still written.
  o.evidence.push_back({"record/E1", rules::evidence_role::extension});
  db.save_obligations({o}, ts("2019-09-04T02:00:00Z").counting_instant(utc));
  EXPECT_EQ(updated(), "2019-09-04T02:00:00Z");
  EXPECT_EQ(db.obligation(o.id)->evidence, o.evidence);
  o.provisional = true;
  db.save_obligations({o}, ts("2019-09-05T02:00:00Z").counting_instant(utc));
  EXPECT_EQ(updated(), "2019-09-05T02:00:00Z");
  EXPECT_TRUE(db.obligation(o.id)->provisional);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM obligation_history").getInt(), 1);
}

TEST_F(StoreTest, AnObligationTheEvaluationNoLongerGivesIsWithdrawnUnlessItsRuleLetsItAgeOut) {
  store db{db_path()};
  rules::obligation kept;
  kept.id = rules::obligation_id{0xaa};
  kept.rule = "request-answered";
  kept.unit = kept.original_unit = "区人社局";
  kept.due_at = ts("2019-10-08T15:59:59Z").counting_instant(utc);
  auto gone = kept;
  gone.id = rules::obligation_id{0xbb};
  gone.state = rules::obligation_state::overdue;
  auto aged = kept;  // a freshness gap closed on time: no longer reported, not withdrawn
  aged.id = rules::obligation_id{0xcc};
  aged.rule = "column-fresh";
  const auto withdrawable = [](const std::string& rule) { return rule != "column-fresh"; };
  const auto opened = ts("2019-10-09T01:00:00Z").counting_instant(utc);
  db.save_obligations({kept, gone, aged}, opened, withdrawable);
  for (const auto& [id, event] : {std::pair{kept.id, "reminder-1"}, std::pair{gone.id, "overdue-2"}}) {
    outbox_entry entry;
    entry.obligation_id = id;
    entry.event = event;
    entry.contact = "区人社局/张三";
    entry.channel = "mail";
    entry.key = id + event;
    entry.payload = "{}";
    entry.due_at = entry.next_attempt_at = opened;
    entry.state = "queued";
    ASSERT_TRUE(db.enqueue(entry, opened));
    EXPECT_TRUE(db.outbox_has(entry.key));
  }
  EXPECT_FALSE(db.outbox_has("never-queued"));

  const auto later = opened + std::chrono::hours{2};
  const auto saved = db.save_obligations({kept}, later, withdrawable);
  EXPECT_EQ(saved.withdrawn, 1);
  EXPECT_EQ(saved.notices_dropped, 1);
  const auto stored = db.obligations();
  ASSERT_EQ(stored.size(), 2U);
  EXPECT_EQ(stored[0].id, kept.id);
  EXPECT_EQ(stored[1].id, aged.id);
  EXPECT_EQ(db.withdrawn_at(gone.id), later);
  EXPECT_FALSE(db.withdrawn_at(kept.id));
  SQLite::Database raw{db_path()};
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(obligation_id || ':' || state, ' ') FROM outbox").getString(),
            "00000000000000aa:queued");
  // Without a test (a caller that does not evaluate everything) nothing is withdrawn.
  EXPECT_EQ(db.save_obligations({}, later).withdrawn, 0);
  EXPECT_EQ(db.obligations().size(), 2U);

  // Given again (the correction itself corrected), it is an obligation again; its notices
  // are planned afresh from its state then.
  EXPECT_EQ(db.save_obligations({kept, gone}, later + std::chrono::hours{1}, withdrawable).withdrawn, 0);
  EXPECT_EQ(db.obligations().size(), 3U);
  EXPECT_FALSE(db.withdrawn_at(gone.id));
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(coalesce(from_state, '-') || '>' || to_state, ' ') FROM (SELECT * "
                           "FROM obligation_history WHERE obligation_id = '00000000000000bb' ORDER BY rowid)")
                .getString(),
            "->overdue overdue>withdrawn ->overdue");
}

TEST_F(StoreTest, SavingChangesWritesTheChangedAndWithdrawsTheGoneAsSavingEverythingWould) {
  store db{db_path()};
  auto kept = owed(0xaa, "request-answered", "2019-10-09T01:00:00Z", "2019-11-06T15:59:59Z");
  auto answered = owed(0xbb, "request-answered", "2019-10-09T01:00:00Z", "2019-11-06T15:59:59Z");
  auto corrected = owed(0xcc, "request-answered", "2019-10-09T01:00:00Z", "2019-11-06T15:59:59Z");
  auto aged = owed(0xdd, "column-fresh", "2019-10-09T01:00:00Z", "2019-10-23T15:59:59Z");
  const auto withdrawable = [](const std::string& rule) { return rule != "column-fresh"; };
  const auto opened = ts("2019-10-09T02:00:00Z").counting_instant(utc);
  db.save_obligations({kept, answered, corrected, aged}, opened, withdrawable);
  outbox_entry reminder;
  reminder.obligation_id = corrected.id;
  reminder.event = "reminder-1";
  reminder.contact = "区财政局/张三";
  reminder.channel = "mail";
  reminder.key = "corrected-reminder-1";
  reminder.payload = "{}";
  reminder.due_at = reminder.next_attempt_at = opened;
  reminder.state = "queued";
  ASSERT_TRUE(db.enqueue(reminder, opened));

  // The next check: one answered, one gone with its trigger corrected, one aged out of
  // what is reported, a new one opened.
  answered.state = rules::obligation_state::met;
  answered.met_at = ts("2019-10-15T03:00:00Z");
  const auto opened_now = owed(0xee, "request-answered", "2019-10-15T01:00:00Z", "2019-11-12T15:59:59Z");
  const std::vector<const rules::obligation*> changed{&answered, &opened_now};
  const std::vector<const rules::obligation*> gone{&corrected, &aged};
  const auto later = ts("2019-10-15T04:00:00Z").counting_instant(utc);
  const auto saved = db.save_changes(changed, gone, later, withdrawable);
  EXPECT_EQ(saved.withdrawn, 1);
  EXPECT_EQ(saved.notices_dropped, 1);

  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& o : db.obligations())
    rows.emplace_back(o.id.str(), std::string{rules::to_string(o.state)});
  EXPECT_EQ(rows, (std::vector<std::pair<std::string, std::string>>{{"00000000000000aa", "pending"},
                                                                    {"00000000000000bb", "met"},
                                                                    {"00000000000000dd", "pending"},
                                                                    {"00000000000000ee", "pending"}}));
  EXPECT_EQ(db.withdrawn_at(corrected.id), later);
  SQLite::Database raw{db_path()};
  EXPECT_EQ(raw.execAndGet("SELECT group_concat(obligation_id || ':' || coalesce(from_state, '-') || '>' || to_state, "
                           "' ') FROM (SELECT * FROM obligation_history WHERE at > '2019-10-10' ORDER BY rowid)")
                .getString(),
            "00000000000000bb:pending>met 00000000000000ee:->pending 00000000000000cc:pending>withdrawn");
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM outbox").getInt(), 0);
}

TEST_F(StoreTest, BackupIsAConsistentCopy) {
  store db{db_path()};
  db.put_fact(record("R1", "甲"), "cli", rules::instant{});
  const auto copy = (dir / "copy.db").string();
  db.backup_to(copy);
  store restored{copy};
  EXPECT_EQ(restored.fact_count(), 1);
}

TEST_F(StoreTest, ARolledBackTransactionLeavesNothing) {
  store db{db_path()};
  {
    store::transaction tx{db};
    db.put_fact(record("R1", "甲"), "cli", rules::instant{});
  }
  EXPECT_EQ(db.fact_count(), 0);
}

}  // namespace
}  // namespace deadlined::daemon
