// Evidence snapshots: one row per distinct page in DIR/evidence.db, pages of a poll pass
// committed in batches, and the one-file-per-page snapshots of earlier versions still
// shown and pruned.

#include "deadlined/daemon/evidence_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "deadlined/daemon/content_coding.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

const fs::path work = fs::temp_directory_path() / ("deadlined-evidence-test-" + std::to_string(::getpid()));

rules::instant at(int day, int hour) {
  using namespace std::chrono;
  return sys_days{year{2019} / 10 / day} + hours{hour - 8};  // local time +08:00
}

const std::string list_page =
    "<ul><li><a href='/art/1.html'>关于印发从化区政务公开工作要点的通知</a> 2019-10-08</li></ul>";
const std::string changed_page = list_page + "<!-- 10月9日更新 -->";

class EvidenceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::remove_all(work); }
  void TearDown() override { fs::remove_all(work); }

  static std::int64_t rows() {
    SQLite::Database db{(work / "evidence.db").string()};
    return db.execAndGet("SELECT count(*) FROM pages").getInt64();
  }
  static std::size_t files_beside_the_database() {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator{work})
      count += entry.path().extension() == ".gz" ? 1 : 0;
    return count;
  }
};

TEST_F(EvidenceStoreTest, EachDistinctPageIsOneRowInOneFile) {
  evidence_store evidence{work.string()};
  const auto first = evidence.put(list_page, "http://127.0.0.1/zwgk/tzgg/", "text/html; charset=utf-8", at(8, 9));
  const auto again = evidence.put(list_page, "http://127.0.0.1/zwgk/tzgg/", "text/html; charset=utf-8", at(8, 10));
  const auto changed = evidence.put(changed_page, "http://127.0.0.1/zwgk/tzgg/", "text/html", at(9, 9));
  EXPECT_EQ(first, again);
  EXPECT_NE(first, changed);
  EXPECT_EQ(first, sha256_hex(list_page));
  EXPECT_EQ(rows(), 2);
  EXPECT_EQ(files_beside_the_database(), 0U);

  const auto page = evidence.get(first);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->bytes, list_page);
  EXPECT_EQ(page->url, "http://127.0.0.1/zwgk/tzgg/");
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page->fetched_at, "2019-10-08T01:00:00Z");  // first stored, not refreshed by the second sighting
}

TEST_F(EvidenceStoreTest, APackedPageExplainsItselfOutsideTheStore) {
  const auto packed = evidence_store::pack(list_page, "http://127.0.0.1/zwgk/tzgg/", "text/html", at(8, 9));
  EXPECT_EQ(packed.hash, sha256_hex(list_page));
  std::string bytes;
  ASSERT_FALSE(decode_content("gzip", packed.compressed, 1 << 20, bytes));
  EXPECT_EQ(bytes, list_page);
  EXPECT_EQ(gzip_comment(packed.compressed),
            R"({"url":"http://127.0.0.1/zwgk/tzgg/","content_type":"text/html","fetched_at":"2019-10-08T01:00:00Z"})");
}

TEST_F(EvidenceStoreTest, ABatchIsKeptOnlyWhenCommitted) {
  std::string hash;
  {
    evidence_store evidence{work.string()};
    evidence.begin_batch();
    hash = evidence.put(list_page, "http://127.0.0.1/a/", "text/html", at(8, 9));
    EXPECT_TRUE(evidence.get(hash));  // visible to its own connection
    // dropped without a commit: a pass that died halfway
  }
  EXPECT_FALSE(evidence_store{work.string()}.get(hash));
  {
    evidence_store evidence{work.string()};
    evidence.begin_batch();
    evidence.put(list_page, "http://127.0.0.1/a/", "text/html", at(8, 9));
    evidence.commit_batch();
  }
  EXPECT_TRUE(evidence_store{work.string()}.get(hash));
}

TEST_F(EvidenceStoreTest, SnapshotsOfEarlierVersionsAreShownAndPruned) {
  // An earlier version kept each page as DIR/ab/abcd….gz with its origin in the gzip comment.
  const auto hash = sha256_hex(list_page);
  const auto file = work / hash.substr(0, 2) / (hash + ".gz");
  fs::create_directories(file.parent_path());
  {
    std::ofstream out{file, std::ios::binary};
    out << gzip_compress(
        list_page, R"({"url":"http://127.0.0.1/old/","content_type":"text/html","fetched_at":"2019-10-08T01:00:00Z"})");
  }
  evidence_store evidence{work.string()};
  const auto page = evidence.get(hash);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->bytes, list_page);
  EXPECT_EQ(page->url, "http://127.0.0.1/old/");

  evidence.put(changed_page, "http://127.0.0.1/new/", "text/html", at(9, 9));
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::days{30});
  // A cut-off ten days back takes the month-old file and keeps the page stored today.
  EXPECT_EQ(evidence.prune(now - std::chrono::days{10}), 1);
  EXPECT_FALSE(evidence.get(hash));
  EXPECT_TRUE(evidence.get(sha256_hex(changed_page)));
  // A cut-off after today takes that one too.
  EXPECT_EQ(evidence.prune(now + std::chrono::days{1}), 1);
  EXPECT_EQ(rows(), 0);
}

TEST_F(EvidenceStoreTest, AfterAnUpgradeOldSnapshotsAreFoundBesideNewOnes) {
  // The database exists (pages polled since the upgrade) and an older page is only a file.
  evidence_store evidence{work.string()};
  const auto new_hash = evidence.put(changed_page, "http://127.0.0.1/new/", "text/html", at(9, 9));
  const auto old_hash = sha256_hex(list_page);
  const auto file = work / old_hash.substr(0, 2) / (old_hash + ".gz");
  fs::create_directories(file.parent_path());
  std::ofstream{file, std::ios::binary} << gzip_compress(list_page, R"({"url":"http://127.0.0.1/old/"})");
  const evidence_store reader{work.string()};
  ASSERT_TRUE(reader.get(old_hash));
  EXPECT_EQ(reader.get(old_hash)->bytes, list_page);
  EXPECT_EQ(reader.get(old_hash)->url, "http://127.0.0.1/old/");
  EXPECT_EQ(reader.get(new_hash)->bytes, changed_page);
}

TEST_F(EvidenceStoreTest, OnlyAHashFindsAPage) {
  evidence_store evidence{work.string()};
  evidence.put(list_page, "http://127.0.0.1/a/", "text/html", at(8, 9));
  EXPECT_FALSE(evidence.get("../../etc/passwd"));
  EXPECT_FALSE(evidence.get(sha256_hex(list_page).substr(0, 63)));
  EXPECT_FALSE(evidence.get(std::string(64, '0')));
}

TEST_F(EvidenceStoreTest, ReadingCreatesNothing) {
  const evidence_store evidence{work.string()};
  EXPECT_FALSE(evidence.get(sha256_hex(list_page)));
  EXPECT_FALSE(fs::exists(work / "evidence.db"));
}

}  // namespace
}  // namespace deadlined::daemon
