#pragma once
// From obligations to outbox rows: the core plans the notices, this turns each into one row
// per contact and channel of the recipient unit, keyed (obligation, event, contact,
// channel) so that planning again never queues twice. Runs inside the transaction that
// records the obligations.

#include <span>
#include <vector>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/store.hpp"
#include "deadlined/rules/notice_plan.hpp"

namespace deadlined::daemon {

struct queue_report {
  int queued = 0;
  int suppressed = 0;  ///< happened before notify_since: recorded, never sent
  int cancelled = 0;   ///< queued notices the obligation no longer calls for
  int unrouted = 0;    ///< notices for a unit without contacts
};

/// notify_since: `override` (check --notify-since), else as configured, else the moment this
/// database first planned notices (stored in meta on first use).
rules::instant notify_since(store& db, const config_snapshot& config, rules::instant now,
                            std::optional<rules::instant> override = std::nullopt);

/// Messages link to the evidence: the page snapshot the obligation's trigger (or another of
/// its facts) was seen on, looked up in the store for the rows that are new.
queue_report queue_notices(store& db, const config_snapshot& config, const std::vector<rules::obligation>& obligations,
                           rules::instant now, std::optional<rules::instant> notify_since_override = std::nullopt);

/// As above, for a check that knows which obligations changed since the evaluation last
/// recorded (rules::changes_between): only those can have become resolved, so only their
/// queued notices are looked at for cancelling.
queue_report queue_notices(store& db, const config_snapshot& config, const std::vector<rules::obligation>& obligations,
                           std::span<const rules::obligation* const> changed, rules::instant now,
                           std::optional<rules::instant> notify_since_override = std::nullopt);

}  // namespace deadlined::daemon
