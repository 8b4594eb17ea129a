#pragma once
// WAL checkpoints on a thread of their own while one connection writes for a long time (a
// poll pass). SQLite's automatic checkpoint runs on the committing connection and waits for
// the disk twice (fdatasync of the WAL and of the database): polling 10,000 sources, the
// event loop stood still behind it for 0.7 s, fetches and page reading with it.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace deadlined::daemon {

/// The pragma that turns a writer's automatic checkpoints on (SQLite's default, every
/// 1000 pages) or off while a checkpoint_thread does them.
constexpr const char* writer_checkpoints(bool automatic) {
  return automatic ? "PRAGMA wal_autocheckpoint = 1000" : "PRAGMA wal_autocheckpoint = 0";
}

/// Checkpoints the database at `path` (PASSIVE: never waits for the writer or readers)
/// every `every` from its own connection, until destroyed. The writer turns its automatic
/// checkpoints off meanwhile (`store::checkpoint_elsewhere`). A database that does not
/// exist yet is looked for again at the next turn; failures are left to the writer's next
/// automatic checkpoint.
class checkpoint_thread {
 public:
  explicit checkpoint_thread(std::filesystem::path path,
                             std::chrono::milliseconds every = std::chrono::milliseconds{250});
  ~checkpoint_thread();
  checkpoint_thread(const checkpoint_thread&) = delete;
  checkpoint_thread& operator=(const checkpoint_thread&) = delete;

  /// Checkpoints that copied pages so far (for tests and logs).
  int checkpoints() const;

 private:
  void run();

  std::filesystem::path path_;
  std::chrono::milliseconds every_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int checkpoints_ = 0;
  std::thread thread_;  // last: starts when everything it reads is in place
};

}  // namespace deadlined::daemon
