// A poll pass hands the WAL checkpoints of its databases to threads of their own: the
// writer stops copying its WAL into the database, the thread does it while the writer
// goes on, and a database that appears only later (the evidence store) is found.

#include "deadlined/daemon/checkpoint_thread.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "deadlined/daemon/evidence_store.hpp"
#include "deadlined/daemon/store.hpp"
#include "support/facts.hpp"
#include "support/scratch_dir.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const deadlined::testing::scratch_dir scratch{"deadlined-checkpoint-test"};

const rules::instant now = std::chrono::sys_days{std::chrono::year{2019} / 10 / 8};

/// `count` facts of ~2 KB each, in one transaction: 3,000 of them are ~2,000 WAL pages,
/// twice what SQLite's automatic checkpoint lets the WAL grow to.
void write_facts(store& db, int from, int count) {
  store::transaction tx{db};
  for (int i = from; i < from + count; ++i) {
    auto f = deadlined::testing::make_fact("R" + std::to_string(i), "doc.published", "区司法局", "2019-10-08",
                                           {{"title", std::string(2000, 'x') + std::to_string(i)}});
    db.put_fact(f, "cli:records.jsonl", now);
  }
  tx.commit();
}

std::uintmax_t size_of(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  return ec ? 0 : size;
}

/// Waits up to ten seconds for `done` (the thread runs on its own time).
template <class Done>
bool eventually(Done done) {
  for (int i = 0; i < 1000 && !done(); ++i)
    std::this_thread::sleep_for(10ms);
  return done();
}

class CheckpointThreadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = scratch.path() / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  fs::path dir;
};

TEST_F(CheckpointThreadTest, AWriterCheckpointingElsewhereLeavesItsWalUncopied) {
  const auto path = dir / "deadlined.db";
  store db{path.string()};
  db.checkpoint_elsewhere(true);
  const auto before = size_of(path);
  write_facts(db, 0, 3000);
  EXPECT_GT(size_of(fs::path{path.string() + "-wal"}), 4U << 20);
  EXPECT_EQ(size_of(path), before) << "the writer copied its WAL into the database itself";

  db.checkpoint_elsewhere(false);  // back to SQLite's automatic checkpoints
  write_facts(db, 3000, 1);
  EXPECT_GT(size_of(path), 4U << 20);
}

TEST_F(CheckpointThreadTest, TheThreadCopiesTheWalWhileTheWriterGoesOn) {
  const auto path = dir / "deadlined.db";
  store db{path.string()};
  db.checkpoint_elsewhere(true);
  const checkpoint_thread checkpoints{path, 5ms};
  const auto before = size_of(path);
  write_facts(db, 0, 3000);
  ASSERT_TRUE(eventually([&] { return checkpoints.checkpoints() > 0 && size_of(path) > 4U << 20; }))
      << "database " << size_of(path) << " bytes (was " << before << "), " << checkpoints.checkpoints()
      << " checkpoints";
  write_facts(db, 3000, 3000);  // the writer goes on after (and during) a checkpoint
  EXPECT_EQ(db.fact_count(), 6000);
  SQLite::Database reader{path.string(), SQLite::OPEN_READONLY};
  EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM facts").getInt64(), 6000);
}

TEST_F(CheckpointThreadTest, ADatabaseCreatedLaterIsFoundAtTheNextTurn) {
  evidence_store evidence{(dir / "evidence").string()};
  evidence.checkpoint_elsewhere(true);
  const checkpoint_thread checkpoints{evidence.database_file(), 5ms};
  std::this_thread::sleep_for(20ms);  // a few turns without the file
  EXPECT_FALSE(fs::exists(evidence.database_file()));

  evidence.begin_batch();
  for (int i = 0; i < 300; ++i) {  // distinct ~20 KB pages that compress badly: ~6 MB
    std::string page;
    std::uint64_t x = 88172645463325252ULL + static_cast<std::uint64_t>(i);
    for (int k = 0; k < 20'000 / 8; ++k) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      page.append(reinterpret_cast<const char*>(&x), sizeof x);
    }
    evidence.store(evidence_store::pack(page, "http://127.0.0.1/zwgk/c" + std::to_string(i) + "/", "text/html", now));
  }
  evidence.commit_batch();
  EXPECT_TRUE(eventually([&] { return checkpoints.checkpoints() > 0 && size_of(evidence.database_file()) > 4U << 20; }))
      << "evidence.db " << size_of(evidence.database_file()) << " bytes";
}

}  // namespace
}  // namespace deadlined::daemon
