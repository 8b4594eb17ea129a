#pragma once
// A poll pass records its polls in batches: one transaction per page would make the disk's
// sync the bottleneck, and small batches rewrite the same index pages over and over (a
// commit writes every page its batch touched; a pass's facts touch the whole source index).
// A batch is committed after 2,000 polls, and by the pass every 2 seconds, so a crash loses
// a few seconds of polling, which the next pass fetches again, and other writers (the
// daemon) are not locked out for long. Evidence commits first, so a committed fact never
// cites a page lost with its batch; a batch that fails to commit is rolled back whole.

#include <spdlog/logger.h>

#include <optional>

#include "deadlined/daemon/evidence_store.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

class poll_batch {
 public:
  /// `keep_evidence` false: each batch's page snapshots are rolled back instead (a dry run).
  poll_batch(store& db, evidence_store& evidence, spdlog::logger* log, bool keep_evidence = true)
      : db_(db), evidence_(evidence), log_(log), keep_evidence_(keep_evidence) {}
  ~poll_batch();
  poll_batch(const poll_batch&) = delete;
  poll_batch& operator=(const poll_batch&) = delete;

  /// Before a poll is recorded: opens a batch unless one is open (opened at the first
  /// write, not before the pass's fetches, so it starts from the database as it is then).
  void open();
  /// After a poll was recorded: commits once the batch is full.
  void recorded();
  /// Commits what the batch holds; on failure rolls both stores back and logs how many
  /// polls were lost. Never throws.
  void commit();

  static constexpr int batch_size = 2000;

 private:
  store& db_;
  evidence_store& evidence_;
  spdlog::logger* log_;
  bool keep_evidence_;
  std::optional<store::transaction> open_;
  int pending_ = 0;
};

}  // namespace deadlined::daemon
