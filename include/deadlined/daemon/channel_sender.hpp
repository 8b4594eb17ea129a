#pragma once
// Delivering one message on one channel: email (SMTP through libcurl, or sendmail), a
// signed generic webhook, DingTalk / Feishu / WeCom robots, an SMS gateway, Alertmanager.
// Blocking: runs on the database worker's side, never on the event loop.

#include <chrono>
#include <string>

#include "deadlined/daemon/notification_message.hpp"
#include "deadlined/daemon/notification_settings.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::daemon {

struct send_outcome {
  bool ok = false;
  bool rate_limited = false;  ///< the receiver said "too fast": try again later, not a failure
  std::string error;          ///< why it failed (never contains a secret)
};

struct send_context {
  // The polling proxies apply to notifications too (empty: none), no_proxy as well.
  std::string http_proxy;
  std::string https_proxy;
  std::vector<std::string> no_proxy;
  rules::instant now{};
  const rules::zone_offsets& zone;
  std::chrono::seconds timeout{30};
};

send_outcome send_message(const channel_settings& channel, const notification_message& message,
                          const send_context& context);

/// The MIME message an email channel sends (UTF-8, base64 body, RFC 2047 subject, Date,
/// Message-ID from the idempotency key). Exposed for tests.
std::string mime_message(const channel_settings& channel, const notification_message& message, rules::instant now,
                         const rules::zone_offsets& zone);

/// HMAC-SHA256 of `message` under `key`, raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view message);
std::string base64(std::string_view bytes);
std::string hex(std::string_view bytes);

}  // namespace deadlined::daemon
