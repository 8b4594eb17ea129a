#include "deadlined/daemon/notification_queue.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/rules/obligation_changes.hpp"

namespace deadlined::daemon {

namespace {

constexpr const char* notify_since_key = "notify_since";

/// The evidence: the page the obligation's trigger (or closing fact) was seen on.
std::string evidence_link(const store& db, const rules::obligation& o, const config_snapshot& config) {
  for (const auto& link : o.evidence) {
    if (const auto page = db.evidence_page_of(link.fact_id))
      return config.notifications.board_url + "/api/v1/evidence/" + *page;
  }
  return {};
}

std::string payload_of(const rules::notice& n, const rules::obligation& o, const contact& person,
                       const config_snapshot& config, const std::string& evidence) {
  const auto& zone = config.calendar.zone();
  // How late (or how much is left) as of when the message goes out, without the brackets.
  auto remaining = distance(o, config.calendar, std::max(n.send_at, n.at));
  if (remaining.starts_with("（") && remaining.ends_with("）")) {
    remaining = remaining.substr(std::string_view{"（"}.size(),
                                 remaining.size() - std::string_view{"（"}.size() - std::string_view{"）"}.size());
  }
  if (remaining.empty()) remaining = std::string{rules::chinese_label(o.state)};
  boost::json::object p{
      {"obligation", o.id.str()},
      {"event", n.event_name()},
      {"kind", std::string{rules::to_string(n.kind)}},
      {"label", std::string{rules::chinese_label(n.kind)}},
      {"unit", o.unit},
      {"recipient_unit", n.recipient_unit},
      {"contact", person.name},
      {"email", person.email},
      {"mobile", person.mobile},
      {"rule", o.rule},
      {"title", o.title},
      {"subject", o.subject},
      {"clause", o.clause},
      {"due", short_time(o.due_at, zone)},
      {"due_at", zone.format(o.due_at)},
      {"at", zone.format(n.at)},
      {"state", std::string{rules::chinese_label(o.state)}},
      {"remaining", remaining},
      {"evidence", evidence},
      {"urgent", n.urgent},
      {"link", config.notifications.board_url + "/board/obligation?id=" + o.id},
  };
  return boost::json::serialize(p);
}

}  // namespace

rules::instant notify_since(store& db, const config_snapshot& config, rules::instant now,
                            std::optional<rules::instant> override) {
  if (override) return *override;
  if (config.notifications.notify_since) return *config.notifications.notify_since;
  if (const auto stored = db.meta(notify_since_key)) return parse_utc(*stored);
  db.set_meta(notify_since_key, utc_text(now));
  return now;
}

queue_report queue_notices(store& db, const config_snapshot& config, const std::vector<rules::obligation>& obligations,
                           rules::instant now, std::optional<rules::instant> notify_since_override) {
  // Against nothing, every obligation is new: any of them may have become resolved.
  return queue_notices(db, config, obligations, rules::changes_between({}, obligations).changed, now,
                       notify_since_override);
}

queue_report queue_notices(store& db, const config_snapshot& config, const std::vector<rules::obligation>& obligations,
                           std::span<const rules::obligation* const> changed, rules::instant now,
                           std::optional<rules::instant> notify_since_override) {
  queue_report report;
  const auto& settings = config.notifications;
  const auto since = notify_since(db, config, now, notify_since_override);
  rules::notice_policy policy;
  policy.digest_time = settings.digest_time;
  policy.repeat_overdue_working_days = settings.repeat_overdue_working_days;
  std::map<std::string, std::string> severity_of_rule;
  for (const auto& r : config.rules.rules)
    severity_of_rule.emplace(r.id, r.severity);
  // Positions by id, not a map of strings: an evaluation holds 200,000 obligations.
  std::vector<const rules::obligation*> by_id;
  by_id.reserve(obligations.size());
  for (const auto& o : obligations)
    by_id.push_back(&o);
  const auto id_before = [](const rules::obligation* a, const rules::obligation* b) { return a->id < b->id; };
  if (!std::is_sorted(by_id.begin(), by_id.end(), id_before)) std::sort(by_id.begin(), by_id.end(), id_before);
  for (const auto* o : changed) {
    // A met, met-late or waived obligation no longer calls for reminders or overdue notices
    // still waiting for their digest.
    if (o->state == rules::obligation_state::met || o->state == rules::obligation_state::waived ||
        o->state == rules::obligation_state::met_late) {
      report.cancelled += db.cancel_queued(o->id, "resolved");
    }
  }
  for (const auto& n : rules::due_notices(obligations, now, config.calendar, policy)) {
    const auto contacts = settings.contacts.find(n.recipient_unit);
    if (contacts == settings.contacts.end() || contacts->second.empty()) {
      ++report.unrouted;
      continue;
    }
    const auto& o =
        **std::lower_bound(by_id.begin(), by_id.end(), rules::obligation_id::parse(n.obligation_id).value(),
                           [](const rules::obligation* each, rules::obligation_id id) { return each->id < id; });
    const auto severity = severity_of_rule.contains(o.rule) ? severity_of_rule.at(o.rule) : std::string{};
    std::optional<std::string> evidence;  // looked up once per notice, when a row is new
    for (const auto& person : contacts->second) {
      if (!person.wants(rules::to_string(n.kind), o.rule, severity)) continue;
      for (const auto& channel_id : person.channels) {
        const auto* channel = settings.find_channel(channel_id);
        if (channel == nullptr) continue;
        if (n.kind == rules::notice_kind::resolved && !channel->resolved) continue;
        outbox_entry entry;
        entry.obligation_id = o.id;
        entry.event = n.event_name();
        entry.contact = n.recipient_unit + "/" + person.name;
        entry.channel = channel_id;
        entry.key = rules::stable_id({entry.obligation_id, entry.event, entry.contact, entry.channel});
        // Every notice still due is planned again at each check; a row already there is
        // left as it is, so its message is not built again.
        if (db.outbox_has(entry.key)) continue;
        if (!evidence) evidence = evidence_link(db, o, config);
        entry.payload = payload_of(n, o, person, config, *evidence);
        entry.due_at = n.at;
        entry.next_attempt_at = n.send_at;
        entry.state = n.at < since ? "suppressed" : "queued";
        if (db.enqueue(entry, now)) ++(entry.state == "queued" ? report.queued : report.suppressed);
      }
    }
  }
  return report;
}

}  // namespace deadlined::daemon
