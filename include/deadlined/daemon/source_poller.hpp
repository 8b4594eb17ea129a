#pragma once
// Polling a source: fetch (network, on the event loop), then record (database: the fetch,
// the poll state, the items as facts, the evidence snapshot, probe facts).

#include <spdlog/logger.h>

#include <optional>
#include <string>
#include <vector>

#include "deadlined/daemon/column_state.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/evidence_store.hpp"
#include "deadlined/daemon/http_client.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

/// The client settings of the `polling:` section (and the environment's proxy if it says so).
client_settings client_settings_of(const polling_settings& polling);

/// The outcome of the network half of a poll.
struct fetched_page {
  fetch_result result;
  rules::instant at{};
  std::optional<fetch_result> ipv6;  ///< the day's IPv6 probe, when one was due
};

/// What one poll did, for logs and the check report.
struct poll_report {
  std::string source;
  bool ok = false;
  bool not_modified = false;
  int status = 0;
  std::string error;
  std::size_t items = 0;
  int new_facts = 0;
  int revised = 0;
  std::string method;  ///< how the page was read (rss2, auto, selectors …)
  std::vector<std::string> problems;
};

/// Fetches `source` (http(s) through `client`, or a file), conditionally on what `state`
/// remembers; `ipv6_due` adds the IPv6 probe. `out` must outlive the call.
asio::awaitable<void> fetch_source(http_client& client, const source_settings& source, const poll_state& state,
                                   rules::instant at, bool ipv6_due, fetched_page& out);

/// Whether the source's IPv6 probe has not run yet on the local day of `at`.
bool ipv6_probe_due(store& db, const source_settings& source, rules::instant at, const rules::zone_offsets& zone);

/// Drops evidence snapshots and fetch records older than their retention; logs what it did.
void prune_poll_history(store& db, evidence_store& evidence, const polling_settings& polling, rules::instant now,
                        spdlog::logger* log);

/// The half of recording a poll that needs no database — the page read into items, whether
/// its column is blank, its hash and compressed snapshot — so pollers run it on other
/// threads while one thread writes. Empty for a failed fetch or a 304.
struct page_digest {
  extraction extracted;
  std::vector<std::string> problems;
  column_fill fill = column_fill::unknown;
  std::optional<packed_page> page;  ///< set when the page was read
};

/// Whether a fetch brought a page to read: a 200, not a failure or a 304.
inline bool has_page_to_read(const fetch_result& r) {
  return r.ok() && !r.not_modified();
}
page_digest digest_page(const source_settings& source, const fetched_page& page, const rules::zone_offsets& zone);

/// Records a fetch and its digest in one transaction — fetch row, poll state, facts,
/// probes — and the page snapshot a new or changed fact cites in `evidence`.
poll_report record_digest(store& db, evidence_store& evidence, const config_snapshot& config,
                          const source_settings& source, const fetched_page& page, page_digest digest);

}  // namespace deadlined::daemon
