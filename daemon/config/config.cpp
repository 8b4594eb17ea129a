#include "deadlined/daemon/config.hpp"

#include <glob.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "deadlined/daemon/calendar_file.hpp"
#include "deadlined/daemon/notification_config.hpp"
#include "deadlined/daemon/rule_pack_loader.hpp"
#include "deadlined/daemon/scoring_config.hpp"
#include "deadlined/daemon/web_address.hpp"
#include "deadlined/daemon/xml_document.hpp"
#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/daemon/zone_lookup.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

namespace {

namespace fs = std::filesystem;

/// A path written in a config file is relative to that file.
std::string resolve(const std::string& config_file, const std::string& written) {
  return path_relative_to(config_file, written);
}

std::vector<std::string> expand(const std::string& pattern) {
  if (pattern.find_first_of("*?[") == std::string::npos) return {pattern};
  glob_t matches{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i)
      out.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  return out;  // glob sorts its matches
}

void read_calendar_settings(yaml_reader& reader, const YAML::Node& node, calendar_settings& out) {
  if (!reader.expect_map(node, "calendar")) return;
  reader.check_keys(node, "calendar", {"name", "zone", "files"});
  out.name = reader.scalar(node, "calendar", "name", false).value_or(out.name);
  out.zone = reader.scalar(node, "calendar", "zone", false).value_or(out.zone);
  const auto files = node["files"];
  if (!files || !reader.expect_sequence(files, "calendar.files")) return;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto path = yaml_reader::join("calendar.files", i);
    if (!files[i].IsScalar()) {
      reader.error(files[i], path, "expected a file path");
      continue;
    }
    const auto pattern = resolve(reader.file(), files[i].Scalar());
    const auto matched = expand(pattern);
    if (matched.empty()) reader.error(files[i], path, "no file matches \"" + files[i].Scalar() + "\"");
    out.files.insert(out.files.end(), matched.begin(), matched.end());
  }
}

/// File paths from a list of globs relative to the config file.
std::vector<std::string> read_paths(yaml_reader& reader, const YAML::Node& list, const std::string& path) {
  std::vector<std::string> out;
  if (!reader.expect_sequence(list, path)) return out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto item_path = yaml_reader::join(path, i);
    if (!list[i].IsScalar()) {
      reader.error(list[i], item_path, "expected a file path");
      continue;
    }
    const auto matched = expand(resolve(reader.file(), list[i].Scalar()));
    if (matched.empty()) reader.error(list[i], item_path, "no file matches \"" + list[i].Scalar() + "\"");
    out.insert(out.end(), matched.begin(), matched.end());
  }
  return out;
}

constexpr std::string_view unit_kinds[] = {"office", "department", "town", "street", "park", "other"};

std::vector<rules::unit> read_units(yaml_reader& reader, const YAML::Node& list,
                                    std::map<std::string, std::pair<std::string, YAML::Node>>& successor_nodes) {
  std::vector<rules::unit> units;
  if (!reader.expect_sequence(list, "units")) return units;
  std::map<std::string, std::string> names;  // name or alias → the unit that uses it
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto node = list[i];
    const auto path = yaml_reader::join("units", i);
    if (!reader.expect_map(node, path)) continue;
    reader.check_keys(node, path, {"name", "kind", "aliases", "valid_from", "valid_until", "successor"});
    rules::unit u;
    u.name = reader.scalar(node, path, "name", true).value_or("");
    if (u.name.empty()) continue;
    u.kind = reader.scalar(node, path, "kind", false).value_or("department");
    if (std::find(std::begin(unit_kinds), std::end(unit_kinds), u.kind) == std::end(unit_kinds)) {
      reader.error(node["kind"], yaml_reader::join(path, "kind"),
                   "unknown kind \"" + u.kind + "\"; expected office, department, town, street, park or other");
    }
    if (!names.emplace(u.name, u.name).second) {
      reader.error(node["name"], yaml_reader::join(path, "name"),
                   "\"" + u.name + "\" is already used by " + names[u.name]);
    }
    if (const auto aliases = node["aliases"]) {
      const auto aliases_path = yaml_reader::join(path, "aliases");
      if (reader.expect_sequence(aliases, aliases_path)) {
        for (std::size_t a = 0; a < aliases.size(); ++a) {
          if (!aliases[a].IsScalar()) {
            reader.error(aliases[a], yaml_reader::join(aliases_path, a), "expected a name");
            continue;
          }
          const auto alias = aliases[a].Scalar();
          if (!names.emplace(alias, u.name).second) {
            reader.error(aliases[a], yaml_reader::join(aliases_path, a),
                         "alias \"" + alias + "\" is already used by " + names[alias]);
            continue;
          }
          u.aliases.push_back(alias);
        }
      }
    }
    u.valid_from = reader.date(node, path, "valid_from", false);
    u.valid_until = reader.date(node, path, "valid_until", false);
    if (u.valid_from && u.valid_until && *u.valid_until <= *u.valid_from) {
      reader.error(node["valid_until"], yaml_reader::join(path, "valid_until"), "must be after valid_from");
    }
    if (const auto successor = reader.scalar(node, path, "successor", false)) {
      u.successor = *successor;
      successor_nodes.emplace(u.name, std::pair{yaml_reader::join(path, "successor"), node["successor"]});
      if (!u.valid_until) {
        reader.error(node["successor"], yaml_reader::join(path, "successor"),
                     "a successor takes over when the unit ends: give valid_until too");
      }
    }
    units.push_back(std::move(u));
  }
  return units;
}

std::vector<rules::unit_group> read_groups(yaml_reader& reader, const YAML::Node& map,
                                           const std::vector<rules::unit>& units) {
  std::vector<rules::unit_group> groups;
  if (!reader.expect_map(map, "groups")) return groups;
  for (const auto& entry : map) {
    rules::unit_group g;
    const auto name = reader.key(entry.first, "groups");
    if (!name) continue;
    g.name = *name;
    const auto path = yaml_reader::join("groups", g.name);
    const auto node = entry.second;
    if (!reader.expect_map(node, path)) continue;
    reader.check_keys(node, path, {"all", "kinds", "units"});
    if (const auto all = reader.scalar(node, path, "all", false)) g.all = *all == "true";
    for (const char* key : {"kinds", "units"}) {
      const auto list = node[key];
      if (!list) continue;
      const auto list_path = yaml_reader::join(path, key);
      if (!reader.expect_sequence(list, list_path)) continue;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string value = list[i].IsScalar() ? list[i].Scalar() : "";
        const bool known =
            std::string_view{key} == "kinds"
                ? std::any_of(units.begin(), units.end(), [&](const rules::unit& u) { return u.kind == value; })
                : std::any_of(units.begin(), units.end(), [&](const rules::unit& u) { return u.name == value; });
        if (!known) {
          reader.error(list[i], yaml_reader::join(list_path, i),
                       std::string_view{key} == "kinds" ? "no unit has kind \"" + value + "\""
                                                        : "unknown unit \"" + value + "\"");
          continue;
        }
        (std::string_view{key} == "kinds" ? g.kinds : g.units).push_back(value);
      }
    }
    if (!g.all && g.kinds.empty() && g.units.empty()) reader.error(node, path, "the group selects no unit");
    groups.push_back(std::move(g));
  }
  return groups;
}

std::vector<source_settings> read_sources(yaml_reader& reader, const YAML::Node& list,
                                          const rules::unit_directory& units) {
  std::vector<source_settings> out;
  if (!reader.expect_sequence(list, "sources")) return out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto node = list[i];
    const auto path = yaml_reader::join("sources", i);
    if (!reader.expect_map(node, path)) continue;
    reader.check_keys(node, path,
                      {"id", "unit", "url", "column", "emits", "attrs", "parser", "interval_minutes", "timeout_seconds",
                       "tls_verify", "availability", "ipv6_probe"});
    source_settings s;
    s.where = reader.where(node);
    s.id = reader.scalar(node, path, "id", true).value_or("");
    if (!s.id.empty() && !ids.insert(s.id).second) {
      reader.error(node["id"], yaml_reader::join(path, "id"), "source id \"" + s.id + "\" is used twice");
    }
    if (const auto unit = reader.scalar(node, path, "unit", true)) {
      const auto* u = units.find(*unit);
      if (u == nullptr) {
        reader.error(node["unit"], yaml_reader::join(path, "unit"), "unknown unit \"" + *unit + "\"");
      } else {
        s.unit = u->name;
      }
    }
    s.url = reader.scalar(node, path, "url", true).value_or("");
    if (const auto scheme_end = s.url.find("://"); scheme_end != std::string::npos) {
      // HTTPS://… is https://…; htps:// or ftp:// is no source (taken as a file path, it
      // would fail at every poll instead of here).
      std::string scheme = s.url.substr(0, scheme_end);
      std::ranges::transform(scheme, scheme.begin(),
                             [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (scheme == "http" || scheme == "https" || scheme == "file") {
        s.url.replace(0, scheme_end, scheme);
      } else {
        reader.error(node["url"], yaml_reader::join(path, "url"),
                     "unsupported scheme \"" + s.url.substr(0, scheme_end) + "\"; expected http, https or file");
      }
    } else if (const auto colon = s.url.find(':'); colon != std::string::npos && colon > 1 && s.url.find('/') > colon) {
      // https:/www… or http:www…: a URL mistyped, not a file (a path's first colon comes
      // after a slash; a Windows drive letter is one character).
      reader.error(node["url"], yaml_reader::join(path, "url"),
                   "\"" + s.url + "\" is no URL: write http://HOST/… or https://HOST/…, or a file path");
    } else if (!s.url.empty()) {
      s.url = resolve(reader.file(), s.url);
    }
    s.column = reader.scalar(node, path, "column", false).value_or("");
    s.interval_minutes =
        static_cast<int>(reader.whole_number(node, path, "interval_minutes", 1, "minutes").value_or(0));
    s.timeout_seconds = static_cast<int>(reader.whole_number(node, path, "timeout_seconds", 1, "seconds").value_or(0));
    s.tls_verify = reader.boolean(node, path, "tls_verify").value_or(true);
    s.availability = reader.boolean(node, path, "availability").value_or(false);
    s.ipv6_probe = reader.boolean(node, path, "ipv6_probe").value_or(false);
    s.emits = reader.scalar(node, path, "emits", true).value_or("");
    if (const auto attrs = node["attrs"]) {
      const auto attrs_path = yaml_reader::join(path, "attrs");
      if (reader.expect_map(attrs, attrs_path)) {
        for (const auto& entry : attrs) {
          const auto key = reader.key(entry.first, attrs_path);
          if (!key) continue;
          if (!entry.second.IsScalar()) {
            reader.error(entry.second, yaml_reader::join(attrs_path, *key), "expected a single value");
            continue;
          }
          s.attrs[*key] = entry.second.Scalar();
        }
      }
    }
    if (const auto parser = node["parser"]) {
      const auto parser_path = yaml_reader::join(path, "parser");
      if (parser.IsScalar()) {
        if (parser.Scalar() == "auto") {
          s.parser.how = parser_spec::kind::automatic;
        } else if (parser.Scalar() == "feed") {
          s.parser.how = parser_spec::kind::feed;
        } else {
          reader.error(parser, parser_path, "expected auto, feed or {item: XPATH, …}");
        }
      } else if (reader.expect_map(parser, parser_path)) {
        reader.check_keys(parser, parser_path, {"item", "title", "link", "date", "status", "pinned"});
        s.parser.how = parser_spec::kind::selectors;
        s.parser.item = reader.scalar(parser, parser_path, "item", true).value_or("");
        s.parser.title = reader.scalar(parser, parser_path, "title", false).value_or("");
        s.parser.link = reader.scalar(parser, parser_path, "link", false).value_or("");
        s.parser.date = reader.scalar(parser, parser_path, "date", false).value_or("");
        s.parser.status = reader.scalar(parser, parser_path, "status", false).value_or("");
        s.parser.pinned = reader.scalar(parser, parser_path, "pinned", false).value_or("");
        for (const char* key : {"item", "title", "link", "date", "status", "pinned"}) {
          const auto value = reader.scalar(parser, parser_path, key, false);
          if (value && !valid_xpath(*value)) {
            reader.error(parser[key], yaml_reader::join(parser_path, key),
                         "invalid XPath expression \"" + *value + "\"");
          }
        }
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

void read_polling(yaml_reader& reader, const YAML::Node& node, polling_settings& out) {
  const std::string path = "polling";
  if (!reader.expect_map(node, path)) return;
  reader.check_keys(
      node, path,
      {"concurrency", "per_host", "politeness_delay_ms", "connect_timeout_seconds", "header_timeout_seconds",
       "request_timeout_seconds", "body_limit_mb", "interval_minutes", "proxy", "no_proxy", "ca_file", "user_agent",
       "evidence_dir", "evidence_retention_days", "fetch_retention_days", "backdated_slack_days"});
  const auto number = [&](std::string_view key, long long minimum, std::string_view unit, auto& field) {
    if (const auto v = reader.whole_number(node, path, key, minimum, unit)) {
      field = static_cast<std::remove_reference_t<decltype(field)>>(*v);
    }
  };
  number("concurrency", 1, "requests", out.concurrency);
  number("per_host", 1, "requests", out.per_host);
  number("politeness_delay_ms", 0, "milliseconds", out.politeness_delay_ms);
  number("connect_timeout_seconds", 1, "seconds", out.connect_timeout_seconds);
  number("header_timeout_seconds", 1, "seconds", out.header_timeout_seconds);
  number("request_timeout_seconds", 1, "seconds", out.request_timeout_seconds);
  number("interval_minutes", 1, "minutes", out.interval_minutes);
  number("evidence_retention_days", 1, "days", out.evidence_retention_days);
  number("fetch_retention_days", 8, "days", out.fetch_retention_days);
  number("backdated_slack_days", 0, "days", out.backdated_slack_days);
  if (const auto mb = reader.whole_number(node, path, "body_limit_mb", 1, "megabytes")) {
    out.body_limit_bytes = *mb * 1024 * 1024;
  }
  if (const auto proxy = reader.scalar(node, path, "proxy", false)) {
    // An explicit proxy (or "none") wins over the environment.
    out.proxy_from_environment = false;
    out.proxy = *proxy == "none" ? "" : *proxy;
    std::string why;
    if (!out.proxy.empty() && !parse_proxy_address(out.proxy, why)) {
      reader.error(node["proxy"], yaml_reader::join(path, "proxy"),
                   "\"" + without_credentials(out.proxy) + "\": " + why +
                       "; expected http://[user:password@]host:port, or none");
    }
  }
  if (auto list = reader.string_list(node, path, "no_proxy")) out.no_proxy = std::move(*list);
  if (const auto file = reader.scalar(node, path, "ca_file", false)) out.ca_file = resolve(reader.file(), *file);
  out.user_agent = reader.scalar(node, path, "user_agent", false).value_or("");
  if (const auto dir = reader.scalar(node, path, "evidence_dir", false))
    out.evidence_dir = resolve(reader.file(), *dir);
}

void read_http(yaml_reader& reader, const YAML::Node& node, http_settings& out) {
  if (!reader.expect_map(node, "http")) return;
  reader.check_keys(node, "http",
                    {"listen", "open_reads_on_loopback", "check_interval_minutes", "request_timeout_seconds",
                     "max_connections", "nightly_check"});
  out.listen = reader.scalar(node, "http", "listen", false).value_or(out.listen);
  if (const auto open = reader.boolean(node, "http", "open_reads_on_loopback")) out.open_reads_on_loopback = *open;
  if (const auto seconds = reader.whole_number(node, "http", "request_timeout_seconds", 1, "seconds")) {
    out.request_timeout_seconds = static_cast<int>(*seconds);
  }
  if (const auto count = reader.whole_number(node, "http", "max_connections", 1, "connections")) {
    out.max_connections = static_cast<int>(*count);
  }
  if (const auto minutes = reader.whole_number(node, "http", "check_interval_minutes", 1, "minutes")) {
    out.check_interval_minutes = static_cast<int>(*minutes);
  }
  if (const auto time = reader.scalar(node, "http", "nightly_check", false)) {
    const auto colon = time->find(':');
    int hours = -1;
    int minutes = -1;
    try {
      if (colon != std::string::npos && colon > 0 && time->size() - colon == 3) {
        hours = std::stoi(time->substr(0, colon));
        minutes = std::stoi(time->substr(colon + 1));
      }
    } catch (const std::exception&) {
      hours = -1;
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
      reader.error(node["nightly_check"], "http.nightly_check", "expected HH:MM, found \"" + *time + "\"");
    } else {
      out.nightly_check = std::chrono::minutes{hours * 60 + minutes};
    }
  }
}

/// Tokens come inline (`token:`) or from a file (`token_file:`, e.g. a systemd credential
/// under $CREDENTIALS_DIRECTORY); a secret is never logged.
std::vector<api_token> read_tokens(yaml_reader& reader, const YAML::Node& list, const rules::unit_directory& units) {
  std::vector<api_token> out;
  if (!reader.expect_sequence(list, "tokens")) return out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto node = list[i];
    const auto path = yaml_reader::join("tokens", i);
    if (!reader.expect_map(node, path)) continue;
    reader.check_keys(node, path, {"name", "role", "unit", "token", "token_file"});
    api_token t;
    t.name = reader.scalar(node, path, "name", true).value_or("");
    t.role = reader.scalar(node, path, "role", false).value_or("unit");
    if (t.role != "unit" && t.role != "office" && t.role != "read") {
      reader.error(node["role"], yaml_reader::join(path, "role"),
                   "expected unit, office or read, found \"" + t.role + "\"");
    }
    if (t.role == "unit") {
      const auto unit = reader.scalar(node, path, "unit", true);
      if (unit) {
        const auto* u = units.find(*unit);
        if (u == nullptr) {
          reader.error(node["unit"], yaml_reader::join(path, "unit"), "unknown unit \"" + *unit + "\"");
        } else {
          t.unit = u->name;
        }
      }
    }
    t.secret = reader.secret(node, path, "token", "token_file", true).value_or("");
    if (!t.secret.empty() && t.secret.size() < 16) {
      reader.error(node, yaml_reader::join(path, "token"), "a token needs at least 16 characters");
    }
    out.push_back(std::move(t));
  }
  return out;
}

/// Checks that hold across files: rule ids and versions, units named by rules.
void check_rules(const rules::rule_set& set, const std::vector<rules::rule>& rejected,
                 const rules::unit_directory& units, rules::diagnostics& out) {
  auto report = [&out](const rules::rule& r, std::string message) {
    out.push_back({r.where, r.path, std::move(message)});
  };
  std::map<std::string, std::vector<const rules::rule*>> by_id;
  for (const auto& r : set.rules)
    by_id[r.id].push_back(&r);
  for (const auto& [id, versions] : by_id) {
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const auto& a = *versions[i];
      for (std::size_t j = 0; j < i; ++j) {
        const auto& b = *versions[j];
        if (a.version == b.version) {
          report(a, "version " + std::to_string(a.version) + " of rule \"" + id + "\" is also defined at " +
                        rules::to_string(b.where));
        } else if (a.kind != b.kind) {
          report(a, "versions of rule \"" + id + "\" must have the same kind");
        } else {
          const bool overlap = (!a.effective_until || !b.effective_from || *b.effective_from < *a.effective_until) &&
                               (!b.effective_until || !a.effective_from || *a.effective_from < *b.effective_until);
          if (overlap) {
            report(a, "versions " + std::to_string(b.version) + " and " + std::to_string(a.version) + " of rule \"" +
                          id + "\" are in effect on the same dates; give each an effective period");
          }
        }
      }
    }
  }
  std::vector<const rules::rule*> all;
  for (const auto& r : set.rules)
    all.push_back(&r);
  for (const auto& r : rejected)
    all.push_back(&r);
  std::sort(all.begin(), all.end(), [](const rules::rule* a, const rules::rule* b) {
    return std::tie(a->where.file, a->where.line) < std::tie(b->where.file, b->where.line);
  });
  for (const auto* rule : all) {
    const auto& r = *rule;
    for (const auto& u : r.responsible.units) {
      if (units.find(u) == nullptr) {
        out.push_back({r.responsible_where, r.path + ".responsible.units", "unknown unit \"" + u + "\""});
      }
    }
    if (r.responsible.who == rules::responsibility::mode::group && units.find_group(r.responsible.group) == nullptr) {
      out.push_back(
          {r.responsible_where, r.path + ".responsible.group", "unknown group \"" + r.responsible.group + "\""});
    }
    for (const auto& counted : r.counted_rules) {
      const bool exists =
          std::any_of(set.rules.begin(), set.rules.end(), [&](const rules::rule& x) { return x.id == counted; }) ||
          std::any_of(rejected.begin(), rejected.end(), [&](const rules::rule& x) { return x.id == counted; });
      if (!exists) out.push_back({r.counted_where, r.path + ".counts.rules", "unknown rule \"" + counted + "\""});
    }
    if (r.escalate && units.find(r.escalate->to) == nullptr) {
      out.push_back({r.escalate_where, r.path + ".escalate.to", "unknown unit \"" + r.escalate->to + "\""});
    }
  }
}

}  // namespace

rules::working_calendar default_calendar() {
  auto zone = lookup_zone(config_defaults::zone);
  if (!zone) {
    // Without tzdata Asia/Shanghai is still +08:00 (no daylight saving since 1991).
    zone = rules::zone_offsets::fixed(config_defaults::zone, std::chrono::hours{8});
  }
  return rules::working_calendar{rules::builtin_cn_calendar(), std::move(*zone)};
}

namespace {

void read_config(const std::string& path, const std::string& database_override, config_load& result) {
  auto& problems = result.problems;
  yaml_reader reader{path, problems};
  const auto root = reader.load();
  if (!root) return;

  calendar_settings calendar;
  std::string database = config_defaults::database;
  std::string spool;
  std::string district;
  std::string office;
  std::vector<rules::unit> units;
  std::vector<rules::unit_group> groups;
  std::vector<std::string> rule_files;
  std::map<std::string, std::pair<std::string, YAML::Node>> successor_nodes;  // unit → (path, node)
  YAML::Node office_node;
  if (root->IsNull()) {
    // An empty file is a valid configuration: every default applies.
  } else if (reader.expect_map(*root, "")) {
    reader.check_keys(*root, "",
                      {"district", "office", "database", "spool", "calendar", "units", "groups", "rules", "sources",
                       "polling", "notifications", "http", "tokens", "scoring"});
    district = reader.scalar(*root, "", "district", false).value_or("");
    if (auto db = reader.scalar(*root, "", "database", false)) database = resolve(reader.file(), *db);
    if (auto dir = reader.scalar(*root, "", "spool", false)) spool = resolve(reader.file(), *dir);
    office = reader.scalar(*root, "", "office", false).value_or("");
    if (const auto node = (*root)["office"]) office_node.reset(node);
    if (const auto node = (*root)["calendar"]) read_calendar_settings(reader, node, calendar);
    if (const auto node = (*root)["units"]) units = read_units(reader, node, successor_nodes);
    if (const auto node = (*root)["groups"]) groups = read_groups(reader, node, units);
    if (const auto node = (*root)["rules"]) rule_files = read_paths(reader, node, "rules");
  }
  rules::unit_directory directory{units, groups};
  std::vector<source_settings> sources;
  polling_settings polling;
  notification_settings notifications;
  http_settings http;
  std::vector<api_token> tokens;
  if (!root->IsNull() && root->IsMap()) {
    if (const auto node = (*root)["sources"]) sources = read_sources(reader, node, directory);
    if (const auto node = (*root)["http"]) read_http(reader, node, http);
    if (const auto node = (*root)["polling"]) read_polling(reader, node, polling);
    if (const auto node = (*root)["tokens"]) tokens = read_tokens(reader, node, directory);
  }
  for (const auto& [name, place] : successor_nodes) {
    const auto* u = directory.find(name);
    if (u != nullptr && directory.find(u->successor) == nullptr) {
      reader.error(place.second, place.first, "unknown unit \"" + u->successor + "\"");
    }
  }
  if (!office.empty() && directory.find(office) == nullptr) {
    reader.error(office_node, "office", "unknown unit \"" + office + "\"; the office must be one of the units");
  }
  rules::rule_set rule_set;
  std::vector<rules::rule> rejected;
  for (const auto& file : rule_files)
    load_rule_pack(file, rule_set, rejected, problems);
  check_rules(rule_set, rejected, directory, problems);
  rules::scoring_policy scoring;
  if (!root->IsNull() && root->IsMap()) {
    if (const auto node = (*root)["scoring"]) read_scoring(reader, node, rule_set, scoring);
  }

  auto zone = lookup_zone(calendar.zone);
  if (!zone) {
    const auto node = (*root)["calendar"] && (*root)["calendar"].IsMap() ? (*root)["calendar"]["zone"] : *root;
    reader.error(node, "calendar.zone", "unknown time zone \"" + calendar.zone + "\"");
  }
  if (zone && !root->IsNull() && root->IsMap()) {
    if (const auto node = (*root)["notifications"]) read_notifications(reader, node, directory, *zone, notifications);
  }
  rules::calendar_spec spec;
  spec.name = calendar.name;
  if (calendar.name == "cn") spec = rules::builtin_cn_calendar();
  for (const auto& file : calendar.files) {
    auto loaded = load_calendar_file(file, calendar.name, problems);
    if (loaded.year) spec.covered_years.push_back(*loaded.year);
    spec.days.insert(spec.days.end(), loaded.days.begin(), loaded.days.end());
  }
  if (!problems.empty() || !zone) return;
  // Every state path lives beside the database unless configured; --db moves them all.
  if (!database_override.empty()) database = database_override;
  if (spool.empty() || !database_override.empty()) spool = (fs::path{database}.parent_path() / "spool").string();
  if (polling.evidence_dir.empty() || !database_override.empty()) {
    polling.evidence_dir = (fs::path{database}.parent_path() / "evidence").string();
  }
  result.snapshot = std::make_shared<const config_snapshot>(config_snapshot{
      path, district, office, database, spool, calendar, rules::working_calendar{spec, std::move(*zone)},
      std::move(directory), std::move(rule_set), std::move(rule_files), std::move(sources), std::move(polling),
      std::move(notifications), std::move(http), std::move(tokens), std::move(scoring)});
}

}  // namespace

config_load load_config(const std::string& path, const std::string& database_override) {
  config_load result;
  try {
    read_config(path, database_override, result);
  } catch (const YAML::Exception& e) {
    result.snapshot = nullptr;
    yaml_reader{path, result.problems}.fault(e);
  }
  return result;
}

}  // namespace deadlined::daemon
