#include "poll_batch.hpp"

namespace deadlined::daemon {

poll_batch::~poll_batch() {
  evidence_.rollback_batch();  // what was not committed is dropped, facts with it
}

void poll_batch::open() {
  if (open_) return;
  open_.emplace(db_);
  evidence_.begin_batch();
}

void poll_batch::recorded() {
  if (++pending_ >= batch_size) commit();
}

void poll_batch::commit() {
  if (!open_) return;
  const int polls = pending_;
  pending_ = 0;
  try {
    if (keep_evidence_) {
      evidence_.commit_batch();
    } else {
      evidence_.rollback_batch();
    }
    open_->commit();
    open_.reset();
  } catch (const std::exception& e) {
    evidence_.rollback_batch();
    open_.reset();  // rolls the facts back too: they may cite pages that were not kept
    if (log_ != nullptr)
      log_->error("poll.commit_failed: {} polls not kept (fetched again next time): {}", polls, e.what());
  }
}

}  // namespace deadlined::daemon
