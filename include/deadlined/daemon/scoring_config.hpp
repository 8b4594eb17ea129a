#pragma once
// Reading the `scoring:` section: the office's points per rule (评分细则), when it has them.

#include <yaml-cpp/yaml.h>

#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/rules/rule.hpp"
#include "deadlined/rules/scorecard.hpp"

namespace deadlined::daemon {

/// Fills `out`, reporting every problem through `reader`; rule ids are checked against `rules`.
void read_scoring(yaml_reader& reader, const YAML::Node& node, const rules::rule_set& rules,
                  rules::scoring_policy& out);

}  // namespace deadlined::daemon
