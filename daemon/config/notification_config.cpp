#include "deadlined/daemon/notification_config.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <regex>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

namespace {

const std::map<std::string, std::string>& defaults() {
  static const std::map<std::string, std::string> templates{
      {"reminder", "【提醒】{unit}：{title}（{clause}）「{subject}」将于 {due} 到期，{remaining}。{link} {evidence}"},
      {"overdue",
       "【逾期】{unit}：{title}（{clause}）「{subject}」已于 {due} 到期未完成，{remaining}。{link} {evidence}"},
      {"escalation",
       "【督办】{unit} 的「{subject}」（{title}，{clause}）已于 {due} 到期未完成，{remaining}，请督促办理。{link} "
       "{evidence}"},
      {"resolved", "【已补办】{unit}：{title}（{clause}）「{subject}」已完成，原定 {due} 到期。{link}"},
  };
  return templates;
}

/// Field names a template may use, with sample values to check it at load time.
const std::map<std::string, std::string>& sample_fields() {
  static const std::map<std::string, std::string> fields{
      {"district", "从化区"},
      {"unit", "区财政局"},
      {"recipient", "区政府办公室"},
      {"title", "规范性文件解读"},
      {"clause", "一、（一）2"},
      {"subject", "关于印发……的通知"},
      {"due", "2019-10-08 23:59"},
      {"remaining", "逾期 1 个工作日"},
      {"event", "逾期"},
      {"state", "已逾期"},
      {"link", "http://127.0.0.1:8080/"},
      {"obligation", "0123456789abcdef"},
      {"evidence", "证据：http://127.0.0.1:8080/api/v1/evidence/00"},
  };
  return fields;
}

struct channel_defaults {
  int per_minute;
  int per_second;
  std::size_t max_bytes;
};

/// The platforms' documented limits: DingTalk and WeCom 20 messages a minute per robot,
/// Feishu 100 a minute and 5 a second; message sizes DingTalk 20,000 bytes, WeCom markdown
/// 4,096, Feishu about 30,000 (kept under 20,000).
channel_defaults limits_of(channel_type type) {
  switch (type) {
    case channel_type::dingtalk:
      return {20, 0, 18000};
    case channel_type::wecom:
      return {20, 0, 4000};
    case channel_type::feishu:
      return {100, 5, 18000};
    default:
      return {0, 0, 0};
  }
}

std::optional<channel_type> parse_type(const std::string& text) {
  static const std::map<std::string, channel_type> types{
      {"email", channel_type::email},     {"sendmail", channel_type::sendmail},
      {"webhook", channel_type::webhook}, {"dingtalk", channel_type::dingtalk},
      {"feishu", channel_type::feishu},   {"wecom", channel_type::wecom},
      {"sms", channel_type::sms},         {"alertmanager", channel_type::alertmanager}};
  const auto it = types.find(text);
  if (it == types.end()) return std::nullopt;
  return it->second;
}

void read_channel(yaml_reader& reader, const YAML::Node& node, const std::string& path, notification_settings& out) {
  if (!reader.expect_map(node, path)) return;
  reader.check_keys(
      node, path,
      {"id", "type", "url", "secret", "secret_file", "from", "username", "password", "password_file", "starttls",
       "ca_file", "sendmail", "body", "content_type", "per_minute", "per_second", "max_bytes", "resolved"});
  channel_settings c;
  c.where = reader.where(node);
  c.id = reader.scalar(node, path, "id", true).value_or("");
  if (!c.id.empty() && out.find_channel(c.id) != nullptr) {
    reader.error(node["id"], yaml_reader::join(path, "id"), "channel id \"" + c.id + "\" is used twice");
  }
  const auto type_text = reader.scalar(node, path, "type", true).value_or("");
  if (const auto type = parse_type(type_text)) {
    c.type = *type;
  } else if (!type_text.empty()) {
    reader.error(node["type"], yaml_reader::join(path, "type"),
                 "unknown channel type \"" + type_text +
                     "\"; expected email, sendmail, webhook, dingtalk, feishu, wecom, sms or alertmanager");
    return;
  }
  const bool needs_url = c.type != channel_type::sendmail;
  c.url = reader.scalar(node, path, "url", needs_url).value_or("");
  if (!c.url.empty() && c.type == channel_type::email && !c.url.starts_with("smtp://") &&
      !c.url.starts_with("smtps://")) {
    reader.error(node["url"], yaml_reader::join(path, "url"), "expected smtp://HOST:PORT or smtps://HOST:PORT");
  } else if (!c.url.empty() && c.type != channel_type::email && !c.url.starts_with("http://") &&
             !c.url.starts_with("https://")) {
    reader.error(node["url"], yaml_reader::join(path, "url"), "expected an http(s):// URL");
  }
  c.secret = reader.secret(node, path, "secret", "secret_file", false).value_or("");
  if (c.type == channel_type::email || c.type == channel_type::sendmail) {
    c.from = reader.scalar(node, path, "from", true).value_or("");
  }
  c.username = reader.scalar(node, path, "username", false).value_or("");
  c.password = reader.secret(node, path, "password", "password_file", false).value_or("");
  c.starttls = reader.boolean(node, path, "starttls").value_or(true);
  if (const auto ca = reader.scalar(node, path, "ca_file", false)) c.ca_file = reader.path_of(*ca);
  c.sendmail_path = reader.scalar(node, path, "sendmail", false).value_or(c.sendmail_path);
  c.body_template = reader.scalar(node, path, "body", c.type == channel_type::sms).value_or("");
  c.content_type = reader.scalar(node, path, "content_type", false).value_or(c.content_type);
  const auto limits = limits_of(c.type);
  c.per_minute =
      static_cast<int>(reader.whole_number(node, path, "per_minute", 0, "messages").value_or(limits.per_minute));
  c.per_second =
      static_cast<int>(reader.whole_number(node, path, "per_second", 0, "messages").value_or(limits.per_second));
  c.max_bytes = static_cast<std::size_t>(
      reader.whole_number(node, path, "max_bytes", 0, "bytes").value_or(static_cast<long long>(limits.max_bytes)));
  c.resolved = reader.boolean(node, path, "resolved").value_or(true);
  out.channels.push_back(std::move(c));
}

void read_contacts(yaml_reader& reader, const YAML::Node& node, const rules::unit_directory& units,
                   notification_settings& out) {
  const std::string path = "notifications.contacts";
  if (!reader.expect_map(node, path)) return;
  for (const auto& entry : node) {
    const auto key = reader.key(entry.first, path);
    if (!key) continue;
    const auto& unit_name = *key;
    const auto unit_path = yaml_reader::join(path, unit_name);
    const auto* unit = units.find(unit_name);
    if (unit == nullptr) {
      reader.error(entry.first, unit_path, "unknown unit \"" + unit_name + "\"");
      continue;
    }
    if (!reader.expect_sequence(entry.second, unit_path)) continue;
    for (std::size_t i = 0; i < entry.second.size(); ++i) {
      const auto c = entry.second[i];
      const auto contact_path = yaml_reader::join(unit_path, i);
      if (!reader.expect_map(c, contact_path)) continue;
      reader.check_keys(c, contact_path, {"name", "email", "mobile", "channels", "events", "severities", "rules"});
      contact person;
      person.name = reader.scalar(c, contact_path, "name", true).value_or("");
      person.email = reader.scalar(c, contact_path, "email", false).value_or("");
      person.mobile = reader.scalar(c, contact_path, "mobile", false).value_or("");
      person.channels = reader.string_list(c, contact_path, "channels").value_or(std::vector<std::string>{});
      if (person.channels.empty()) reader.error(c, yaml_reader::join(contact_path, "channels"), "missing required key");
      person.events = reader.string_list(c, contact_path, "events").value_or(std::vector<std::string>{});
      for (const auto& event : person.events) {
        if (event != "reminder" && event != "overdue" && event != "escalation" && event != "resolved") {
          reader.error(c["events"], yaml_reader::join(contact_path, "events"),
                       "unknown event \"" + event + "\"; expected reminder, overdue, escalation or resolved");
        }
      }
      person.severities = reader.string_list(c, contact_path, "severities").value_or(std::vector<std::string>{});
      person.rules = reader.string_list(c, contact_path, "rules").value_or(std::vector<std::string>{});
      for (std::size_t k = 0; k < person.channels.size(); ++k) {
        const auto* channel = out.find_channel(person.channels[k]);
        const auto channel_path = yaml_reader::join(yaml_reader::join(contact_path, "channels"), k);
        if (channel == nullptr) {
          reader.error(c["channels"], channel_path, "unknown channel \"" + person.channels[k] + "\"");
        } else if ((channel->type == channel_type::email || channel->type == channel_type::sendmail) &&
                   person.email.empty()) {
          reader.error(c, channel_path, "channel \"" + channel->id + "\" sends email: the contact needs an email");
        } else if (channel->type == channel_type::sms && person.mobile.empty()) {
          reader.error(c, channel_path, "channel \"" + channel->id + "\" sends SMS: the contact needs a mobile");
        }
      }
      out.contacts[unit->name].push_back(std::move(person));
    }
  }
}

}  // namespace

const std::string& default_template(const std::string& event) {
  const auto it = defaults().find(event);
  return it != defaults().end() ? it->second : defaults().at("overdue");
}

std::string format_template(const std::string& template_text, const std::map<std::string, std::string>& fields) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& [name, value] : fields)
    args.push_back(fmt::arg(name.c_str(), value));
  return fmt::vformat(template_text, args);
}

void read_notifications(yaml_reader& reader, const YAML::Node& node, const rules::unit_directory& units,
                        const rules::zone_offsets& zone, notification_settings& out) {
  const std::string path = "notifications";
  if (!reader.expect_map(node, path)) return;
  reader.check_keys(node, path,
                    {"notify_since", "digest_time", "max_attempts", "retry_base_seconds", "repeat_overdue_working_days",
                     "board_url", "templates", "channels", "contacts"});
  if (const auto since = reader.scalar(node, path, "notify_since", false)) {
    const auto parsed = rules::parse_timestamp(*since, zone);
    if (const auto* t = std::get_if<rules::timestamp>(&parsed)) {
      out.notify_since =
          t->is_date_only() ? zone.at_local(t->local_date(zone), std::chrono::seconds{0}) : t->counting_instant(zone);
    } else {
      reader.error_inside(node["notify_since"], yaml_reader::join(path, "notify_since"),
                          std::get<rules::parse_error>(parsed));
    }
  }
  if (const auto time = reader.scalar(node, path, "digest_time", false)) {
    static const std::regex hh_mm{R"(([01]?\d|2[0-3]):([0-5]\d))"};
    std::smatch m;
    if (std::regex_match(*time, m, hh_mm)) {
      out.digest_time = std::chrono::minutes{std::stoi(m[1]) * 60 + std::stoi(m[2])};
    } else {
      reader.error(node["digest_time"], yaml_reader::join(path, "digest_time"),
                   "expected HH:MM, found \"" + *time + "\"");
    }
  }
  out.max_attempts = static_cast<int>(reader.whole_number(node, path, "max_attempts", 1, "attempts").value_or(8));
  out.retry_base_seconds =
      static_cast<int>(reader.whole_number(node, path, "retry_base_seconds", 1, "seconds").value_or(60));
  out.repeat_overdue_working_days =
      static_cast<int>(reader.whole_number(node, path, "repeat_overdue_working_days", 0, "working days").value_or(0));
  out.board_url = reader.scalar(node, path, "board_url", false).value_or(out.board_url);
  while (!out.board_url.empty() && out.board_url.back() == '/')
    out.board_url.pop_back();
  if (const auto templates = node["templates"]) {
    const auto templates_path = yaml_reader::join(path, "templates");
    if (reader.expect_map(templates, templates_path)) {
      reader.check_keys(templates, templates_path, {"reminder", "overdue", "escalation", "resolved"});
      for (const char* event : {"reminder", "overdue", "escalation", "resolved"}) {
        const auto text = reader.scalar(templates, templates_path, event, false);
        if (!text) continue;
        try {
          format_template(*text, sample_fields());
          out.templates[event] = *text;
        } catch (const fmt::format_error& e) {
          reader.error(templates[event], yaml_reader::join(templates_path, event),
                       std::string{"bad template: "} + e.what() +
                           " (fields: district, unit, recipient, title, clause, subject, due, remaining, event, "
                           "state, link, evidence, obligation)");
        }
      }
    }
  }
  if (const auto channels = node["channels"]) {
    const auto channels_path = yaml_reader::join(path, "channels");
    if (reader.expect_sequence(channels, channels_path)) {
      for (std::size_t i = 0; i < channels.size(); ++i)
        read_channel(reader, channels[i], yaml_reader::join(channels_path, i), out);
    }
  }
  if (const auto contacts = node["contacts"]) read_contacts(reader, contacts, units, out);
}

std::string_view to_string(channel_type type) {
  switch (type) {
    case channel_type::email:
      return "email";
    case channel_type::sendmail:
      return "sendmail";
    case channel_type::webhook:
      return "webhook";
    case channel_type::dingtalk:
      return "dingtalk";
    case channel_type::feishu:
      return "feishu";
    case channel_type::wecom:
      return "wecom";
    case channel_type::sms:
      return "sms";
    case channel_type::alertmanager:
      return "alertmanager";
  }
  return "webhook";
}

}  // namespace deadlined::daemon
