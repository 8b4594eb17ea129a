#pragma once
// What the HTTP endpoints read: an immutable snapshot of the obligations and the daemon's
// health, rebuilt after each evaluation and swapped in whole.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/notification_delivery.hpp"
#include "deadlined/rules/obligation.hpp"

namespace deadlined::daemon {

struct status_view {
  std::shared_ptr<const config_snapshot> config;
  std::vector<rules::obligation> obligations;  ///< sorted by id
  rules::instant evaluated_at{};
  double evaluation_seconds = 0.0;
  std::int64_t fact_count = 0;
  std::vector<std::string> degraded;             ///< reasons /healthz reports (missing next-year calendar …)
  int notices_queued = 0;                        ///< by this evaluation
  delivery_report delivery;                      ///< of this evaluation's delivery pass
  std::map<std::string, std::int64_t> outbox;    ///< outbox rows by state (queued, sent, dead …)
  std::optional<rules::instant> next_notice_at;  ///< when a notice falls due next
  std::string status_body;                       ///< GET /api/v1/status, rendered once when the snapshot is made

  const rules::obligation* find(std::string_view id) const;
};

/// Counters the daemon keeps across snapshots, for /metrics.
struct daemon_counters {
  std::map<std::string, std::int64_t> records;  ///< imported, duplicate, revised, rejected
  std::map<int, std::int64_t> http_responses;   ///< by status code
  std::int64_t http_connections_refused = 0;    ///< closed at once: max_connections reached
  std::int64_t http_accept_errors = 0;          ///< accept failed (out of descriptors, say)
  std::int64_t evaluations = 0;
  std::int64_t evaluation_failures = 0;
  std::int64_t reloads = 0;
  std::int64_t reload_failures = 0;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> source_polls;  ///< polls, failures
};

/// The JSON of GET /api/v1/status: per unit, counts by state; the outbox by state.
std::string status_body(const status_view& view);

}  // namespace deadlined::daemon
