#pragma once
// Who is told what, and how (the `notifications:` section): channels (email, webhooks,
// chat robots, SMS, Alertmanager), each unit's contacts, the digest window, retries,
// notify_since and message templates.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/diagnostic.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

enum class channel_type { email, sendmail, webhook, dingtalk, feishu, wecom, sms, alertmanager };

/// email, sendmail, webhook, dingtalk, feishu, wecom, sms, alertmanager
std::string_view to_string(channel_type type);

struct channel_settings {
  std::string id;
  channel_type type = channel_type::webhook;
  std::string url;     ///< webhook, robot, SMS gateway or Alertmanager URL; smtp(s)://host:port for email
  std::string secret;  ///< HMAC key (webhook) or the robot's signing secret; never logged
  // email
  std::string from;
  std::string username;
  std::string password;
  bool starttls = true;  ///< smtp:// upgrades with STARTTLS (required); smtps:// is TLS from the start
  std::string ca_file;
  std::string sendmail_path = "/usr/sbin/sendmail";
  // sms: a templated request with {mobile} and {text}
  std::string body_template;
  std::string content_type = "application/json";
  // limits: robots default to their platforms' limits
  int per_minute = 0;  ///< 0: no limit
  int per_second = 0;
  std::size_t max_bytes = 0;  ///< longer messages are split; 0: no limit
  bool resolved = true;       ///< send `resolved` notices on this channel
  rules::source_position where;
};

struct contact {
  std::string name;
  std::string email;
  std::string mobile;  ///< @-mentioned on robots that support it
  std::vector<std::string> channels;
  // Routing: empty means every one.
  std::vector<std::string> events;      ///< reminder, overdue, escalation, resolved
  std::vector<std::string> severities;  ///< the rules' severity: critical, warning, info
  std::vector<std::string> rules;       ///< rule ids

  /// Whether this contact wants a notice of `event` kind under a rule of `rule_id` and `severity`.
  bool wants(std::string_view event, std::string_view rule_id, std::string_view severity) const {
    const auto allows = [](const std::vector<std::string>& list, std::string_view v) {
      return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
    };
    return allows(events, event) && allows(rules, rule_id) && allows(severities, severity);
  }
};

struct notification_settings {
  /// Events before this are recorded, never sent; default: the daemon's first start.
  std::optional<rules::instant> notify_since;
  std::chrono::minutes digest_time{8 * 60 + 30};
  int max_attempts = 8;
  int retry_base_seconds = 60;
  int repeat_overdue_working_days = 0;              ///< repeat overdue notices every N working days; 0: once
  std::string board_url = "http://127.0.0.1:8080";  ///< links in messages
  std::map<std::string, std::string> templates;     ///< reminder/overdue/escalation/resolved → fmt template
  std::vector<channel_settings> channels;
  std::map<std::string, std::vector<contact>> contacts;  ///< unit full name → its contacts

  const channel_settings* find_channel(std::string_view id) const {
    for (const auto& c : channels)
      if (c.id == id) return &c;
    return nullptr;
  }
};

}  // namespace deadlined::daemon
