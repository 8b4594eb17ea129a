#include "deadlined/daemon/notification_delivery.hpp"

#include <cmath>
#include <random>

#include "deadlined/daemon/source_poller.hpp"

namespace deadlined::daemon {

namespace {

bool groups_by_channel(channel_type type) {
  // A robot posts into one group chat and Alertmanager takes a batch: one message per
  // channel; email and SMS go to people: one message per contact.
  return type == channel_type::dingtalk || type == channel_type::feishu || type == channel_type::wecom ||
         type == channel_type::webhook || type == channel_type::alertmanager;
}

rules::instant backoff(const config_snapshot& config, int attempts, rules::instant now, std::mt19937_64& random) {
  const double base = config.notifications.retry_base_seconds;
  const double exponential = base * std::pow(2.0, std::min(attempts - 1, 12));
  const double capped = std::min(exponential, 6.0 * 3600);
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return now + std::chrono::seconds{static_cast<long long>(capped * jitter(random))};
}

}  // namespace

rules::instant rate_limiter::earliest(const channel_settings& channel, rules::instant now) const {
  const auto it = sent_.find(channel.id);
  if (it == sent_.end()) return now;
  const auto& times = it->second;
  rules::instant when = now;
  const auto check = [&times, &when, now](int limit, std::chrono::seconds window) {
    if (limit <= 0) return;
    int inside = 0;
    for (auto t = times.rbegin(); t != times.rend(); ++t) {
      if (*t <= now - window) break;
      if (++inside == limit) {
        when = std::max(when, *t + window);
        return;
      }
    }
  };
  check(channel.per_minute, std::chrono::seconds{60});
  check(channel.per_second, std::chrono::seconds{1});
  return when;
}

void rate_limiter::sent(const std::string& channel, rules::instant at) {
  auto& times = sent_[channel];
  times.push_back(at);
  while (times.size() > 200)
    times.pop_front();
}

delivery_report deliver_due(store& db, const config_snapshot& config, rules::instant now, rate_limiter& limiter,
                            const message_sender& send, spdlog::logger* log) {
  delivery_report report;
  const auto due = db.due_outbox(now);
  // Group rows into messages: (channel) for robots, (channel, contact) for people.
  std::map<std::pair<std::string, std::string>, std::vector<const outbox_entry*>> groups;
  for (const auto& row : due) {
    const auto* channel = config.notifications.find_channel(row.channel);
    if (channel == nullptr) {
      db.mark_failed(row.id, row.attempts, now, "channel \"" + row.channel + "\" is no longer configured", true);
      ++report.dead;
      continue;
    }
    groups[{row.channel, groups_by_channel(channel->type) ? std::string{} : row.contact}].push_back(&row);
  }
  std::mt19937_64 random{static_cast<std::uint64_t>(now.time_since_epoch().count())};
  // The polling proxy (configured, or from the environment) applies to notifications too.
  const auto client = client_settings_of(config.polling);
  const send_context context{client.http_proxy, client.https_proxy, client.no_proxy, now, config.calendar.zone()};
  for (const auto& [group, rows] : groups) {
    const auto& channel = *config.notifications.find_channel(group.first);
    const auto allowed = limiter.earliest(channel, now);
    if (allowed > now) {
      for (const auto* row : rows)
        db.defer(row->id, allowed);
      report.deferred += static_cast<int>(rows.size());
      continue;
    }
    const auto message = compose_message(rows, config);
    send_outcome outcome{true, false, {}};
    for (const auto& part : split_message(message, channel.max_bytes)) {
      outcome = send(channel, part, context);
      limiter.sent(channel.id, now);
      ++report.messages;
      if (!outcome.ok) break;
    }
    store::transaction tx{db};
    if (outcome.ok) {
      for (const auto* row : rows)
        db.mark_sent(row->id, now);
      report.sent += static_cast<int>(rows.size());
      if (log != nullptr) {
        log->info("notify.sent: {} notices to {} on {} ({})", rows.size(),
                  group.second.empty() ? message.recipient_unit : group.second, channel.id, to_string(channel.type));
      }
    } else if (outcome.rate_limited) {
      for (const auto* row : rows)
        db.defer(row->id, now + std::chrono::seconds{60});
      report.deferred += static_cast<int>(rows.size());
      if (log != nullptr) log->warn("notify.deferred: {}: {}", channel.id, outcome.error);
    } else {
      for (const auto* row : rows) {
        const int attempts = row->attempts + 1;
        const bool dead = attempts >= config.notifications.max_attempts;
        db.mark_failed(row->id, attempts, backoff(config, attempts, now, random), outcome.error, dead);
        ++(dead ? report.dead : report.failed);
      }
      if (log != nullptr) log->warn("notify.failed: {}: {}", channel.id, outcome.error);
    }
    tx.commit();
  }
  return report;
}

}  // namespace deadlined::daemon
