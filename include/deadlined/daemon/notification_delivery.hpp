#pragma once
// The sender: takes the outbox rows that are due, groups them into messages (a digest per
// recipient; one message per robot channel, @-mentioning each contact), respects each
// channel's rate limit, sends, and records the outcome — retry with exponential backoff and
// jitter, a dead letter after the last attempt.

#include <spdlog/logger.h>

#include <deque>
#include <functional>
#include <map>
#include <vector>

#include "deadlined/daemon/channel_sender.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

/// Messages sent per channel recently, to stay under the platforms' limits.
class rate_limiter {
 public:
  /// When a message may go out on `channel` at the earliest (`now` if at once).
  rules::instant earliest(const channel_settings& channel, rules::instant now) const;
  void sent(const std::string& channel, rules::instant at);

 private:
  std::map<std::string, std::deque<rules::instant>> sent_;
};

struct delivery_report {
  int messages = 0;
  int sent = 0;      ///< rows delivered
  int failed = 0;    ///< rows to retry
  int dead = 0;      ///< rows given up
  int deferred = 0;  ///< rows held back by a rate limit
};

/// How a message is sent: the real channels, or (dry run) a printer.
using message_sender =
    std::function<send_outcome(const channel_settings&, const notification_message&, const send_context&)>;

/// Delivers the rows due at `now`. Each message's rows are marked right after its send, so a
/// crash can only repeat the message in flight.
delivery_report deliver_due(store& db, const config_snapshot& config, rules::instant now, rate_limiter& limiter,
                            const message_sender& send, spdlog::logger* log);

}  // namespace deadlined::daemon
