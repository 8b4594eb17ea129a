#include "deadlined/daemon/scoring_config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace deadlined::daemon {

namespace {

/// A number of points from 0 on (`2`, `0.5`).
std::optional<double> points(yaml_reader& reader, const YAML::Node& map, const std::string& path,
                             std::string_view key) {
  const auto text = reader.scalar(map, path, key, false);
  if (!text) return std::nullopt;
  double value = 0.0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || !std::isfinite(value) || value < 0.0) {
    reader.error(map[std::string{key}], yaml_reader::join(path, key),
                 "expected a number of points from 0, found \"" + *text + "\"");
    return std::nullopt;
  }
  return value;
}

}  // namespace

void read_scoring(yaml_reader& reader, const YAML::Node& node, const rules::rule_set& rules,
                  rules::scoring_policy& out) {
  if (!reader.expect_map(node, "scoring")) return;
  reader.check_keys(node, "scoring", {"base", "veto", "rules"});
  out.base = points(reader, node, "scoring", "base");
  if (const auto veto = reader.scalar(node, "scoring", "veto", false)) {
    if (*veto == "zero") {
      out.veto_zeroes_score = true;
    } else if (*veto == "mark") {
      out.veto_zeroes_score = false;
    } else {
      reader.error(node["veto"], "scoring.veto", "expected zero or mark, found \"" + *veto + "\"");
    }
  }
  const auto list = node["rules"];
  if (!list) return;
  if (!out.base) {
    reader.error(list, "scoring.rules", "points per rule need scoring.base, the points a unit starts from");
  }
  if (!reader.expect_map(list, "scoring.rules")) return;
  for (const auto& entry : list) {
    const auto key = reader.key(entry.first, "scoring.rules");
    if (!key) continue;
    const auto& id = *key;
    const auto path = yaml_reader::join("scoring.rules", id);
    const bool known = std::any_of(rules.rules.begin(), rules.rules.end(), [&](const auto& r) { return r.id == id; });
    if (!known) reader.error(entry.first, path, "unknown rule \"" + id + "\"");
    if (!reader.expect_map(entry.second, path)) continue;
    reader.check_keys(entry.second, path, {"overdue", "met_late", "at_most"});
    rules::rule_points rule;
    rule.per_overdue = points(reader, entry.second, path, "overdue").value_or(0.0);
    rule.per_met_late = points(reader, entry.second, path, "met_late").value_or(0.0);
    rule.at_most = points(reader, entry.second, path, "at_most");
    out.rules.emplace(id, rule);
  }
}

}  // namespace deadlined::daemon
