#pragma once
// Every source polled once, as `deadlined check` does: concurrently within the polling
// limits, each result recorded as it arrives (so page bodies do not pile up in memory).

#include <spdlog/logger.h>

#include <vector>

#include "deadlined/daemon/source_poller.hpp"

namespace deadlined::daemon {

struct poll_pass_summary {
  int sources = 0;
  int failed = 0;
  int not_modified = 0;
  int new_facts = 0;
  int revised = 0;
  std::vector<poll_report> failures;
};

/// `keep_evidence` false (a dry run): page snapshots are dropped with the pass's other
/// writes, which the caller rolls back.
poll_pass_summary poll_all_once(const config_snapshot& config, store& db, rules::instant now, spdlog::logger* log,
                                bool keep_evidence = true);

/// Logs one poll's outcome (source.polled / source.failed, with the reason).
void log_poll(spdlog::logger& log, const source_settings& source, const poll_report& report);

}  // namespace deadlined::daemon
