#include "deadlined/daemon/rule_pack_loader.hpp"

#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

namespace {

using rules::correlation;
using rules::rule;

std::optional<rules::deadline_expr> read_deadline(yaml_reader& reader, const YAML::Node& map, const std::string& path,
                                                  std::string_view key, bool required) {
  const auto text = reader.scalar(map, path, key, required);
  if (!text) return std::nullopt;
  auto parsed = rules::parse_deadline(*text);
  if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
    reader.error_inside(map[std::string{key}], yaml_reader::join(path, key), *e);
    return std::nullopt;
  }
  return std::get<rules::deadline_expr>(parsed);
}

bool read_bool(yaml_reader& reader, const YAML::Node& map, const std::string& path, std::string_view key) {
  const auto text = reader.scalar(map, path, key, false);
  if (!text) return false;
  if (*text == "true") return true;
  if (*text != "false") reader.error(map[std::string{key}], yaml_reader::join(path, key), "expected true or false");
  return false;
}

/// `{type: T, match: ['a="b"', …]}`
std::optional<rules::fact_selector> read_selector(yaml_reader& reader, const YAML::Node& node,
                                                  const std::string& path) {
  if (!reader.expect_map(node, path)) return std::nullopt;
  reader.check_keys(node, path, {"type", "match"});
  rules::fact_selector selector;
  const auto type = reader.scalar(node, path, "type", true);
  if (!type) return std::nullopt;
  selector.type = *type;
  bool ok = true;
  if (const auto match = node["match"]) {
    const auto match_path = yaml_reader::join(path, "match");
    if (!reader.expect_sequence(match, match_path)) return std::nullopt;
    for (std::size_t i = 0; i < match.size(); ++i) {
      const auto item_path = yaml_reader::join(match_path, i);
      if (!match[i].IsScalar()) {
        reader.error(match[i], item_path, "expected a matcher such as category=\"normative\"");
        ok = false;
        continue;
      }
      auto parsed = rules::parse_label_matcher(match[i].Scalar());
      if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
        reader.error_inside(match[i], item_path, *e);
        ok = false;
        continue;
      }
      selector.matchers.push_back(std::move(std::get<rules::label_matcher>(parsed)));
    }
  }
  if (!ok) return std::nullopt;
  return selector;
}

/// `[{attribute: document_id}, link, title]`
std::vector<correlation> read_correlate(yaml_reader& reader, const YAML::Node& node, const std::string& path) {
  std::vector<correlation> out;
  if (!reader.expect_sequence(node, path)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto item = node[i];
    const auto item_path = yaml_reader::join(path, i);
    if (item.IsScalar()) {
      if (item.Scalar() == "link") {
        out.push_back({correlation::method::link, ""});
      } else if (item.Scalar() == "title") {
        out.push_back({correlation::method::title, ""});
      } else {
        reader.error(item, item_path,
                     "unknown correlation \"" + item.Scalar() + "\"; expected link, title or {attribute: NAME}");
      }
      continue;
    }
    if (!reader.expect_map(item, item_path)) continue;
    reader.check_keys(item, item_path, {"attribute"});
    if (const auto attribute = reader.scalar(item, item_path, "attribute", true)) {
      out.push_back({correlation::method::attribute, *attribute});
    }
  }
  return out;
}

void read_count_from(yaml_reader& reader, const YAML::Node& node, const std::string& path, rule& r) {
  if (node.IsScalar()) {
    r.count_from.attribute = node.Scalar();
    return;
  }
  if (!reader.expect_map(node, path)) return;
  reader.check_keys(node, path, {"select_by", "choices"});
  r.count_from.select_by = reader.scalar(node, path, "select_by", true).value_or("");
  const auto choices = node["choices"];
  if (!choices) {
    reader.error(node, yaml_reader::join(path, "choices"), "missing required key");
    return;
  }
  if (!reader.expect_map(choices, yaml_reader::join(path, "choices"))) return;
  for (const auto& entry : choices) {
    const auto key = reader.key(entry.first, yaml_reader::join(path, "choices"));
    if (!key) continue;
    if (!entry.second.IsScalar()) {
      reader.error(entry.second, yaml_reader::join(yaml_reader::join(path, "choices"), *key),
                   "expected an attribute name");
      continue;
    }
    r.count_from.choices[*key] = entry.second.Scalar();
  }
}

void read_responsible(yaml_reader& reader, const YAML::Node& node, const std::string& path, rule& r) {
  if (node.IsScalar()) {
    if (node.Scalar() != "trigger_unit") {
      reader.error(node, path, "expected trigger_unit, {units: [...]} or {group: NAME}");
    }
    return;
  }
  if (!reader.expect_map(node, path)) return;
  reader.check_keys(node, path, {"units", "group"});
  if (node["units"] && node["group"]) {
    reader.error(node, path, "give either units or group, not both");
    return;
  }
  if (const auto group = reader.scalar(node, path, "group", false)) {
    r.responsible.who = rules::responsibility::mode::group;
    r.responsible.group = *group;
    return;
  }
  const auto units = node["units"];
  if (!units || !reader.expect_sequence(units, yaml_reader::join(path, "units"))) return;
  r.responsible.who = rules::responsibility::mode::units;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].IsScalar()) r.responsible.units.push_back(units[i].Scalar());
  }
}

std::vector<rules::reminder_offset> read_reminders(yaml_reader& reader, const YAML::Node& node,
                                                   const std::string& path) {
  std::vector<rules::reminder_offset> out;
  if (!reader.expect_sequence(node, path)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto item_path = yaml_reader::join(path, i);
    if (!node[i].IsScalar()) {
      reader.error(node[i], item_path, "expected a reminder such as \"1 working day before\"");
      continue;
    }
    auto parsed = rules::parse_reminder(node[i].Scalar());
    if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
      reader.error_inside(node[i], item_path, *e);
      continue;
    }
    out.push_back(std::get<rules::reminder_offset>(parsed));
  }
  return out;
}

bool valid_rule_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// The keys each kind of rule may have besides the common ones.
std::vector<std::string_view> kind_keys(std::string_view kind) {
  if (kind == "deadline") {
    return {"trigger",   "follow_up", "correlate", "same_unit", "deadline", "count_from",
            "reminders", "extension", "pause",     "restart",   "look_back"};
  }
  if (kind == "violation") return {"trigger", "correlate"};
  if (kind == "recurring") return {"expect", "period", "due", "reminders"};
  if (kind == "freshness") return {"items", "per", "window", "undated", "reminders"};
  if (kind == "availability") return {"probes", "window", "min_probes_per_day", "max_failure_rate"};
  if (kind == "verdict") return {"counts", "at_least"};
  return {};
}

constexpr std::string_view common_keys[] = {"id",       "version",   "kind",        "title",    "clause", "source",
                                            "severity", "effective", "responsible", "escalate", "veto"};

std::optional<int> read_int(yaml_reader& reader, const YAML::Node& map, const std::string& path, std::string_view key,
                            int lowest) {
  const auto text = reader.scalar(map, path, key, true);
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const int value = std::stoi(*text, &used);
    if (used != text->size() || value < lowest) throw std::out_of_range(key.data());
    return value;
  } catch (const std::exception&) {
    reader.error(map[std::string{key}], yaml_reader::join(path, key),
                 "expected a whole number from " + std::to_string(lowest) + ", found \"" + *text + "\"");
    return std::nullopt;
  }
}

/// `window: 2周` — any counted expression (not a same-day cutoff or a fixed date).
std::optional<rules::deadline_expr> read_window(yaml_reader& reader, const YAML::Node& node, const std::string& path) {
  auto window = read_deadline(reader, node, path, "window", true);
  if (window &&
      (window->kind == rules::deadline_kind::same_day_cutoff || window->kind == rules::deadline_kind::next_year_date)) {
    reader.error(node["window"], yaml_reader::join(path, "window"), "a window is a length such as 2周 or 6个月");
    return std::nullopt;
  }
  return window;
}

void read_kind_specific(yaml_reader& reader, const YAML::Node& node, const std::string& path, const std::string& kind,
                        rule& r) {
  auto selector = [&](const char* key, bool required) {
    if (const auto n = node[key]) {
      if (auto s = read_selector(reader, n, yaml_reader::join(path, key))) r.trigger = *s;
    } else if (required) {
      reader.error(node, yaml_reader::join(path, key), "missing required key");
    }
  };
  if (const auto reminders = node["reminders"])
    r.reminders = read_reminders(reader, reminders, yaml_reader::join(path, "reminders"));
  if (kind == "deadline" || kind == "violation") {
    selector("trigger", true);
    if (const auto correlate = node["correlate"])
      r.correlate = read_correlate(reader, correlate, yaml_reader::join(path, "correlate"));
  }
  if (kind == "deadline") {
    r.kind = rules::rule_kind::deadline;
    if (const auto follow_up = node["follow_up"]) {
      if (auto s = read_selector(reader, follow_up, yaml_reader::join(path, "follow_up"))) r.follow_up = *s;
    } else {
      reader.error(node, yaml_reader::join(path, "follow_up"),
                   "missing required key (a deadline rule needs the fact that meets it)");
    }
    if (auto deadline = read_deadline(reader, node, path, "deadline", true)) r.deadline = *deadline;
    if (r.correlate.empty()) {
      reader.error(node, yaml_reader::join(path, "correlate"),
                   "missing required key (how a follow-up is tied to its trigger: {attribute: NAME}, link or title)");
    }
    r.same_unit = read_bool(reader, node, path, "same_unit");
    if (const auto count_from = node["count_from"])
      read_count_from(reader, count_from, yaml_reader::join(path, "count_from"), r);
    if (const auto extension = node["extension"]) {
      const auto extension_path = yaml_reader::join(path, "extension");
      if (reader.expect_map(extension, extension_path)) {
        reader.check_keys(extension, extension_path, {"type", "by"});
        const auto type = reader.scalar(extension, extension_path, "type", true);
        const auto by = read_deadline(reader, extension, extension_path, "by", true);
        if (type && by) r.extension = rules::extension_rule{*type, *by};
      }
    }
    if (const auto pause = node["pause"]) {
      const auto pause_path = yaml_reader::join(path, "pause");
      if (reader.expect_map(pause, pause_path)) {
        reader.check_keys(pause, pause_path, {"type", "resume"});
        const auto type = reader.scalar(pause, pause_path, "type", true);
        const auto resume = reader.scalar(pause, pause_path, "resume", true);
        if (type && resume) r.pause = rules::pause_rule{*type, *resume};
      }
    }
    r.restart_type = reader.scalar(node, path, "restart", false).value_or("");
    if (node["look_back"]) r.look_back = read_deadline(reader, node, path, "look_back", true);
  } else if (kind == "violation") {
    r.kind = rules::rule_kind::violation;
  } else if (kind == "recurring") {
    r.kind = rules::rule_kind::recurring;
    selector("expect", true);
    const auto period = reader.scalar(node, path, "period", false).value_or("year");
    static constexpr std::pair<std::string_view, rules::period_unit> periods[] = {
        {"year", rules::period_unit::year},
        {"half", rules::period_unit::half},
        {"quarter", rules::period_unit::quarter},
        {"month", rules::period_unit::month}};
    bool known = false;
    for (const auto& [name, unit] : periods) {
      if (period == name) {
        r.period = unit;
        known = true;
      }
    }
    if (!known) {
      reader.error(node["period"], yaml_reader::join(path, "period"),
                   "unknown period \"" + period + "\"; expected year, half, quarter or month");
    }
    const auto due = reader.scalar(node, path, "due", false).value_or("end of period");
    if (due != "end of period" && due != "周期末") r.due = read_deadline(reader, node, path, "due", true);
    if (!r.effective_from) {
      reader.error(node, yaml_reader::join(path, "effective.from"),
                   "a recurring rule needs effective.from: its first period starts there, never earlier");
    }
    if (r.responsible.who == rules::responsibility::mode::trigger_unit) {
      reader.error(node, yaml_reader::join(path, "responsible"),
                   "a recurring rule needs {units: [...]} or {group: NAME}");
    }
  } else if (kind == "freshness") {
    r.kind = rules::rule_kind::freshness;
    selector("items", true);
    if (auto window = read_window(reader, node, path)) r.deadline = *window;
    const auto per = reader.scalar(node, path, "per", false).value_or("source");
    if (per == "unit") {
      r.per = rule::grouping::unit;
    } else if (per != "source") {
      reader.error(node["per"], yaml_reader::join(path, "per"), "expected source or unit, found \"" + per + "\"");
    }
    const auto undated = reader.scalar(node, path, "undated", false).value_or("ignore");
    if (undated == "count") {
      r.count_undated = true;
    } else if (undated != "ignore") {
      reader.error(node["undated"], yaml_reader::join(path, "undated"),
                   "expected ignore or count, found \"" + undated + "\"");
    }
  } else if (kind == "availability") {
    r.kind = rules::rule_kind::availability;
    selector("probes", true);
    if (auto window = read_window(reader, node, path)) {
      if (!(window->kind == rules::deadline_kind::window && window->unit == rules::window_unit::weeks &&
            window->count == 1)) {
        reader.error(node["window"], yaml_reader::join(path, "window"),
                     "availability is judged per week: window must be 1周");
      }
      r.deadline = *window;
    }
    r.min_probes_per_day = read_int(reader, node, path, "min_probes_per_day", 1).value_or(0);
    if (const auto rate = reader.scalar(node, path, "max_failure_rate", true)) {
      try {
        std::string text = *rate;
        const bool percent = !text.empty() && text.back() == '%';
        if (percent) text.pop_back();
        std::size_t used = 0;
        const double value = std::stod(text, &used) / (percent ? 100.0 : 1.0);
        if (used != text.size() || value <= 0.0 || value > 1.0) throw std::out_of_range("rate");
        r.max_failure_rate = value;
      } catch (const std::exception&) {
        reader.error(node["max_failure_rate"], yaml_reader::join(path, "max_failure_rate"),
                     "expected a rate such as 5% or 0.05, found \"" + *rate + "\"");
      }
    }
  } else if (kind == "verdict") {
    r.kind = rules::rule_kind::verdict;
    const auto counts_path = yaml_reader::join(path, "counts");
    if (const auto counts = node["counts"]; counts && reader.expect_map(counts, counts_path)) {
      reader.check_keys(counts, counts_path, {"rules", "state"});
      r.counted_state = reader.scalar(counts, counts_path, "state", false).value_or("overdue");
      if (r.counted_state != "overdue" && r.counted_state != "pending" && r.counted_state != "met_late") {
        reader.error(counts["state"], yaml_reader::join(counts_path, "state"),
                     "expected overdue, pending or met_late, found \"" + r.counted_state + "\"");
      }
      const auto list = counts["rules"];
      if (!list) {
        reader.error(counts, yaml_reader::join(counts_path, "rules"), "missing required key");
      } else if (reader.expect_sequence(list, yaml_reader::join(counts_path, "rules"))) {
        for (std::size_t i = 0; i < list.size(); ++i) {
          if (list[i].IsScalar()) r.counted_rules.push_back(list[i].Scalar());
        }
        r.counted_where = reader.where(list);
      }
    } else if (!node["counts"]) {
      reader.error(node, counts_path, "missing required key");
    }
    r.at_least = read_int(reader, node, path, "at_least", 1).value_or(1);
  }
}

/// The rule as written, and whether it was read without problems.
std::optional<std::pair<rule, bool>> read_rule(yaml_reader& reader, const YAML::Node& node, const std::string& path,
                                               const std::string& pack) {
  if (!reader.expect_map(node, path)) return std::nullopt;
  const std::size_t problems_before = reader.problem_count();
  rule r;
  r.pack = pack;
  r.where = reader.where(node);
  r.path = path;
  const auto kind = reader.scalar(node, path, "kind", true);
  std::vector<std::string_view> allowed{std::begin(common_keys), std::end(common_keys)};
  static constexpr std::string_view kinds[] = {"deadline",  "violation",    "recurring",
                                               "freshness", "availability", "verdict"};
  const bool known_kind = kind && std::find(std::begin(kinds), std::end(kinds), *kind) != std::end(kinds);
  if (kind && !known_kind) {
    reader.error(
        node["kind"], yaml_reader::join(path, "kind"),
        "unknown kind \"" + *kind + "\"; expected deadline, violation, recurring, freshness, availability or verdict");
  }
  if (known_kind) {
    const auto extra = kind_keys(*kind);
    allowed.insert(allowed.end(), extra.begin(), extra.end());
    for (const auto& entry : node) {
      const auto text = reader.key(entry.first, path);
      if (!text) continue;
      const auto& key = *text;
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      bool elsewhere = false;
      for (auto k : kinds) {
        const auto other = kind_keys(k);
        elsewhere = elsewhere || std::find(other.begin(), other.end(), key) != other.end();
      }
      if (elsewhere) {
        reader.error(entry.first, yaml_reader::join(path, key), "a " + *kind + " rule has no " + key);
      } else {
        std::string expected;
        for (auto a : allowed)
          expected += (expected.empty() ? "" : ", ") + std::string{a};
        reader.error(entry.first, yaml_reader::join(path, key),
                     "unknown key \"" + key + "\"; expected one of: " + expected);
      }
    }
  }
  r.id = reader.scalar(node, path, "id", true).value_or("");
  if (!r.id.empty() && !valid_rule_id(r.id)) {
    reader.error(node["id"], yaml_reader::join(path, "id"),
                 "rule ids use lower-case letters, digits, '-', '_' and '.', found \"" + r.id + "\"");
  }
  if (node["version"]) r.version = read_int(reader, node, path, "version", 1).value_or(1);
  r.title = reader.scalar(node, path, "title", true).value_or("");
  r.clause = reader.scalar(node, path, "clause", true).value_or("");
  r.source = reader.scalar(node, path, "source", false).value_or("");
  r.severity = reader.scalar(node, path, "severity", false).value_or("warning");
  if (r.severity != "info" && r.severity != "warning" && r.severity != "critical") {
    reader.error(node["severity"], yaml_reader::join(path, "severity"),
                 "unknown severity \"" + r.severity + "\"; expected info, warning or critical");
  }
  r.veto = reader.boolean(node, path, "veto").value_or(false);
  if (const auto effective = node["effective"]) {
    const auto effective_path = yaml_reader::join(path, "effective");
    if (reader.expect_map(effective, effective_path)) {
      reader.check_keys(effective, effective_path, {"from", "until"});
      r.effective_from = reader.date(effective, effective_path, "from", false);
      r.effective_until = reader.date(effective, effective_path, "until", false);
      if (r.effective_from && r.effective_until && *r.effective_until <= *r.effective_from) {
        reader.error(effective["until"], yaml_reader::join(effective_path, "until"), "must be after from");
      }
    }
  }
  if (const auto responsible = node["responsible"]) {
    r.responsible_where = reader.where(responsible);
    read_responsible(reader, responsible, yaml_reader::join(path, "responsible"), r);
  }
  if (const auto escalate = node["escalate"]) {
    const auto escalate_path = yaml_reader::join(path, "escalate");
    if (reader.expect_map(escalate, escalate_path)) {
      reader.check_keys(escalate, escalate_path, {"to", "after"});
      const auto to = reader.scalar(escalate, escalate_path, "to", true);
      const auto after = read_deadline(reader, escalate, escalate_path, "after", true);
      if (to && after) r.escalate = rules::escalation{*to, *after};
      r.escalate_where = reader.where(escalate["to"] ? escalate["to"] : escalate);
    }
  }
  if (known_kind) read_kind_specific(reader, node, path, *kind, r);
  const bool clean = reader.problem_count() == problems_before;
  return std::pair{std::move(r), clean};
}

void read_attributes(yaml_reader& reader, const YAML::Node& node, rules::rule_set& into) {
  if (!reader.expect_map(node, "attributes")) return;
  for (const auto& entry : node) {
    const auto key = reader.key(entry.first, "attributes");
    if (!key) continue;
    const auto& type = *key;
    const auto path = yaml_reader::join("attributes", type);
    if (!reader.expect_sequence(entry.second, path)) continue;
    auto& required = into.required_attributes[type];
    for (std::size_t i = 0; i < entry.second.size(); ++i) {
      if (!entry.second[i].IsScalar()) {
        reader.error(entry.second[i], yaml_reader::join(path, i), "expected an attribute name");
        continue;
      }
      const auto name = entry.second[i].Scalar();
      if (std::find(required.begin(), required.end(), name) == required.end()) required.push_back(name);
    }
  }
}

}  // namespace

namespace {

void read_rule_pack(yaml_reader& reader, rules::rule_set& into, std::vector<rules::rule>& rejected) {
  const auto root = reader.load();
  if (!root || !reader.expect_map(*root, "")) return;
  reader.check_keys(*root, "", {"pack", "title", "source", "attributes", "tasks", "rules"});
  const auto pack = reader.scalar(*root, "", "pack", true).value_or("");
  reader.scalar(*root, "", "title", false);
  reader.scalar(*root, "", "source", false);
  if (const auto attributes = (*root)["attributes"]) read_attributes(reader, attributes, into);
  if (const auto tasks = (*root)["tasks"]; tasks && reader.expect_sequence(tasks, "tasks")) {
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const auto task_path = yaml_reader::join("tasks", i);
      if (!reader.expect_map(tasks[i], task_path)) continue;
      reader.check_keys(tasks[i], task_path, {"clause", "task", "criteria", "responsible", "inferred"});
      rules::plan_task t;
      t.clause = reader.scalar(tasks[i], task_path, "clause", true).value_or("");
      t.task = reader.scalar(tasks[i], task_path, "task", true).value_or("");
      t.criteria = reader.scalar(tasks[i], task_path, "criteria", false).value_or("");
      t.responsible = reader.scalar(tasks[i], task_path, "responsible", false).value_or("");
      t.inferred = read_bool(reader, tasks[i], task_path, "inferred");
      t.pack = pack;
      into.tasks.push_back(std::move(t));
    }
  }
  const auto list = (*root)["rules"];
  if (!list) {
    reader.error(*root, "rules", "missing required key");
    return;
  }
  if (!reader.expect_sequence(list, "rules")) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto read = read_rule(reader, list[i], yaml_reader::join("rules", i), pack);
    if (!read) continue;
    (read->second ? into.rules : rejected).push_back(std::move(read->first));
  }
}

}  // namespace

void load_rule_pack(const std::string& path, rules::rule_set& into, std::vector<rules::rule>& rejected,
                    rules::diagnostics& out) {
  yaml_reader reader{path, out};
  try {
    read_rule_pack(reader, into, rejected);
  } catch (const YAML::Exception& e) {
    reader.fault(e);
  }
}

}  // namespace deadlined::daemon
