// kill -9 in the middle of an import: the batch is all in or all out, and running the
// import again brings in everything exactly once.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/process.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;

constexpr int record_count = 30000;

TEST(ImportCrash, AKilledImportLeavesAllOrNothingAndARerunCompletesIt) {
  const fs::path work = fs::temp_directory_path() / ("deadlined-crash-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const auto records = (work / "records.jsonl").string();
  {
    std::ofstream out{records};
    for (int i = 0; i < record_count; ++i) {
      out << R"({"id":"C)" << i
          << R"(","type":"call.made","unit":"区人社局","time":"2019-08-05T10:00:00+08:00","attrs":{"hotline":"020-)"
          << i << R"(","answered":"true"}})"
          << "\n";
    }
  }
  const auto db = (work / "deadlined.db").string();
  const std::vector<std::string> args{
      "import", "--config", std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml", "--db", db, records};
  // Kill at several moments: while reading, while writing, around the commit.
  int kills_during_write = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    fs::remove(db);
    fs::remove(db + "-wal");
    fs::remove(db + "-shm");
    const pid_t pid = testing::start_deadlined(args, work);
    // Wait until the transaction is writing (the WAL grows), then a little more each time.
    for (int i = 0; i < 4000 && !(fs::exists(db + "-wal") && fs::file_size(db + "-wal") > 4096); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{attempt * 10});
    ::kill(pid, SIGKILL);
    const auto killed = testing::finish(pid, work);
    int facts = 0;
    {
      SQLite::Database raw{db};
      if (raw.tableExists("facts")) facts = raw.execAndGet("SELECT count(*) FROM facts").getInt();
    }
    EXPECT_TRUE(facts == 0 || facts == record_count) << "attempt " << attempt << ": " << facts << " facts";
    if (killed.code == 128 + SIGKILL && facts == 0) ++kills_during_write;

    const auto rerun = testing::run_deadlined(args, work);
    ASSERT_EQ(rerun.code, 0) << rerun.err;
    EXPECT_EQ(rerun.out, facts == 0 ? "imported 30000 duplicate 0 revised 0 rejected 0\n"
                                    : "imported 0 duplicate 30000 revised 0 rejected 0\n");
    SQLite::Database raw{db};
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM facts").getInt(), record_count);
  }
  // The test only proves something if some kills landed mid-transaction.
  EXPECT_GT(kills_during_write, 0);
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined
