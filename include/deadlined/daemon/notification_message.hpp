#pragma once
// What a notification says: outbox rows due together for one recipient become one message
// (a digest) — a title and one line per notice, from the templates, in Chinese.

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

struct notification_message {
  std::string title;
  std::vector<std::string> lines;            ///< one per notice, from the templates
  std::vector<boost::json::object> notices;  ///< the rows' payloads, each with its key and line
  std::vector<std::string> keys;             ///< the rows' idempotency keys
  std::vector<std::string> emails;           ///< recipients (email channels)
  std::vector<std::string> mobiles;          ///< recipients (SMS) and @-mentions (robots)
  std::string recipient_unit;
  std::string key;  ///< one key for the message: the single row's, or a digest of the rows'

  std::string text() const;  ///< title, then the lines
};

/// The message for `entries` (due together, same recipient group).
notification_message compose_message(const std::vector<const outbox_entry*>& entries, const config_snapshot& config);

/// Splits a message whose text is longer than `max_bytes` into messages that fit, at line
/// boundaries (a single overlong line is cut at a character boundary).
std::vector<notification_message> split_message(const notification_message& message, std::size_t max_bytes);

}  // namespace deadlined::daemon
