#include "deadlined/daemon/checkpoint_thread.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>

namespace deadlined::daemon {

checkpoint_thread::checkpoint_thread(std::filesystem::path path, std::chrono::milliseconds every)
    : path_(std::move(path)), every_(every), thread_([this] { run(); }) {}

checkpoint_thread::~checkpoint_thread() {
  {
    const std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

int checkpoint_thread::checkpoints() const {
  const std::lock_guard lock{mutex_};
  return checkpoints_;
}

void checkpoint_thread::run() {
  std::unique_ptr<SQLite::Database> db;
  std::unique_lock lock{mutex_};
  while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
    lock.unlock();
    int copied = 0;
    try {
      std::error_code ec;
      if (!db && std::filesystem::exists(path_, ec)) {
        db = std::make_unique<SQLite::Database>(path_.string(), SQLite::OPEN_READWRITE);
      }
      if (db) {
        bool wal = true;
        {
          // Columns: busy (0/1), frames in the WAL, frames checkpointed; -1 when this
          // connection does not see a WAL database.
          SQLite::Statement checkpoint{*db, "PRAGMA wal_checkpoint(PASSIVE)"};
          if (checkpoint.executeStep()) {
            copied = checkpoint.getColumn(2).getInt() > 0 ? 1 : 0;
            wal = checkpoint.getColumn(1).getInt() >= 0;
          }
        }
        // Opened while its writer was still creating it (before journal_mode = WAL), a
        // connection keeps the empty file's view: it is opened again next turn.
        if (!wal) db.reset();
      }
    } catch (const SQLite::Exception&) {
      db.reset();  // opened again next turn; meanwhile the WAL only grows
    }
    lock.lock();
    checkpoints_ += copied;
  }
}

}  // namespace deadlined::daemon
