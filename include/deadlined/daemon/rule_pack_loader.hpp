#pragma once
// Rule packs (config/rules/*.yaml): YAML read into the core's rule structs, every problem
// reported with its place.

#include <string>
#include <vector>

#include "deadlined/rules/diagnostic.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::daemon {

/// Reads one pack and appends its rules and attribute requirements to `into`; problems go
/// to `out`, good rules are kept. Rules with problems go to `rejected`, so that checks
/// across files (units, groups) can still report on them.
void load_rule_pack(const std::string& path, rules::rule_set& into, std::vector<rules::rule>& rejected,
                    rules::diagnostics& out);

}  // namespace deadlined::daemon
