#include "deadlined/daemon/notification_message.hpp"

#include <set>

#include "deadlined/daemon/notification_config.hpp"
#include "deadlined/rules/obligation.hpp"

namespace deadlined::daemon {

namespace {

std::string field(const boost::json::object& payload, const char* name) {
  const auto* v = payload.if_contains(name);
  return v != nullptr && v->is_string() ? std::string{v->as_string()} : std::string{};
}

/// Cuts `text` to at most `max_bytes` without splitting a UTF-8 character.
std::string cut_utf8(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end);
}

}  // namespace

std::string notification_message::text() const {
  std::string out = title;
  for (const auto& line : lines)
    out += "\n" + line;
  return out;
}

notification_message compose_message(const std::vector<const outbox_entry*>& entries, const config_snapshot& config) {
  notification_message m;
  std::set<std::string> emails;
  std::set<std::string> mobiles;
  std::set<std::string> units;
  for (const auto* e : entries) {
    auto payload = boost::json::parse(e->payload).as_object();
    const auto event = field(payload, "kind");
    const auto custom = config.notifications.templates.find(event);
    const auto& tpl = custom != config.notifications.templates.end() ? custom->second : default_template(event);
    std::map<std::string, std::string> fields{
        {"district", config.district},
        {"unit", field(payload, "unit")},
        {"recipient", field(payload, "recipient_unit")},
        {"title", field(payload, "title")},
        {"clause", field(payload, "clause")},
        {"subject", field(payload, "subject")},
        {"due", field(payload, "due")},
        {"remaining", field(payload, "remaining")},
        {"event", field(payload, "label")},
        {"state", field(payload, "state")},
        {"link", field(payload, "link")},
        {"obligation", field(payload, "obligation")},
        {"evidence", field(payload, "evidence").empty() ? std::string{} : "证据：" + field(payload, "evidence")},
    };
    std::string line;
    try {
      line = format_template(tpl, fields);
    } catch (const std::exception&) {
      line = format_template(default_template(event), fields);  // validated at load; never lose a notice
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();  // an empty {evidence} at the end
    payload["key"] = e->key;
    payload["text"] = line;
    m.lines.push_back(line);
    m.notices.push_back(std::move(payload));
    m.keys.push_back(e->key);
    if (const auto email = field(m.notices.back(), "email"); !email.empty()) emails.insert(email);
    if (const auto mobile = field(m.notices.back(), "mobile"); !mobile.empty()) mobiles.insert(mobile);
    units.insert(field(m.notices.back(), "recipient_unit"));
  }
  m.emails.assign(emails.begin(), emails.end());
  m.mobiles.assign(mobiles.begin(), mobiles.end());
  m.recipient_unit = units.size() == 1 ? *units.begin() : std::string{};
  std::vector<std::string_view> parts(m.keys.begin(), m.keys.end());
  m.key = m.keys.size() == 1 ? m.keys.front() : rules::stable_id(parts);
  const std::string who = m.recipient_unit.empty() ? config.district : m.recipient_unit;
  if (entries.size() == 1) {
    const auto& p = m.notices.front();
    m.title =
        "【" + config.district + "政务公开】" + field(p, "label") + "：" + field(p, "unit") + " " + field(p, "title");
  } else {
    m.title = "【" + config.district + "政务公开】" + who + " 共 " + std::to_string(entries.size()) + " 项期限提醒";
  }
  return m;
}

std::vector<notification_message> split_message(const notification_message& message, std::size_t max_bytes) {
  if (max_bytes == 0 || message.text().size() <= max_bytes) return {message};
  std::vector<notification_message> out;
  notification_message part = message;
  part.lines.clear();
  std::size_t size = message.title.size();
  for (const auto& line : message.lines) {
    const auto fitted = cut_utf8(line, max_bytes > message.title.size() + 1 ? max_bytes - message.title.size() - 1 : 1);
    if (!part.lines.empty() && size + 1 + fitted.size() > max_bytes) {
      out.push_back(part);
      part.lines.clear();
      size = message.title.size();
    }
    part.lines.push_back(fitted);
    size += 1 + fitted.size();
  }
  if (!part.lines.empty()) out.push_back(part);
  if (out.size() > 1) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i].title += "（" + std::to_string(i + 1) + "/" + std::to_string(out.size()) + "）";
  }
  return out;
}

}  // namespace deadlined::daemon
