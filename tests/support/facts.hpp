#pragma once
// Test helpers: facts written in one line, and loading the shipped example configuration.

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include "deadlined/daemon/config.hpp"
#include "deadlined/rules/evaluation.hpp"

namespace deadlined::testing {

/// The configuration at `path` (with its database at `database` when given); each problem
/// fails the test.
inline std::shared_ptr<const daemon::config_snapshot> load_or_fail(const std::string& path,
                                                                   const std::string& database = {}) {
  const auto loaded = daemon::load_config(path, database);
  for (const auto& p : loaded.problems)
    ADD_FAILURE() << rules::to_string(p);
  return loaded.snapshot;
}

inline const daemon::config_snapshot& example_config() {
  static const auto snapshot = load_or_fail(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml");
  return *snapshot;
}

inline rules::fact make_fact(std::string id, std::string type, std::string unit, std::string_view time,
                             std::initializer_list<std::pair<const char*, std::string>> attrs = {},
                             const rules::zone_offsets& zone = example_config().calendar.zone()) {
  rules::fact f;
  f.id = "cli:" + id;
  f.source = "cli";
  f.external_id = std::move(id);
  f.type = std::move(type);
  f.unit = std::move(unit);
  f.time = std::get<rules::timestamp>(rules::parse_timestamp(time, zone));
  for (const auto& [k, v] : attrs)
    f.attrs[k] = v;
  return f;
}

inline rules::instant at(std::string_view text, const rules::zone_offsets& zone = example_config().calendar.zone()) {
  return std::get<rules::timestamp>(rules::parse_timestamp(text, zone)).counting_instant(zone);
}

/// The example's obligations that facts open (deadline and violation rules); the periodic
/// kinds (recurring evidence, verdicts) open obligations for every unit on their own and are
/// tested apart.
inline std::vector<rules::obligation> evaluate_example(const std::vector<rules::fact>& facts, std::string_view now) {
  const auto& config = example_config();
  rules::evaluation_context context{config.rules, config.calendar, config.units, at(now)};
  context.explain = true;
  auto all = rules::evaluate(facts, context);
  std::vector<rules::obligation> opened_by_facts;
  for (auto& o : all) {
    const auto rule = std::find_if(config.rules.rules.begin(), config.rules.rules.end(),
                                   [&o](const rules::rule& r) { return r.id == o.rule; });
    if (rule != config.rules.rules.end() &&
        (rule->kind == rules::rule_kind::deadline || rule->kind == rules::rule_kind::violation)) {
      opened_by_facts.push_back(std::move(o));
    }
  }
  return opened_by_facts;
}

/// The one obligation of `rule`, failing the test if there is not exactly one.
inline rules::obligation only(const std::vector<rules::obligation>& obligations, std::string_view rule) {
  std::vector<rules::obligation> found;
  std::copy_if(obligations.begin(), obligations.end(), std::back_inserter(found),
               [rule](const rules::obligation& o) { return o.rule == rule; });
  if (found.size() != 1) {
    ADD_FAILURE() << "expected one obligation of " << rule << ", found " << found.size();
    return {};
  }
  return found.front();
}

inline std::string fmt(rules::instant t) {
  return example_config().calendar.zone().format(t);
}

inline std::string explanation_of(const rules::obligation& o) {
  std::string out;
  for (const auto& line : o.explanation)
    out += line + "\n";
  return out;
}

}  // namespace deadlined::testing
