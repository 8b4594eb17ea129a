#include "deadlined/daemon/obligation_withdrawal.hpp"

#include <map>
#include <string>

namespace deadlined::daemon {

store::withdrawal_test withdrawn_when_missing(const rules::rule_set& rules) {
  std::map<std::string, rules::rule_kind, std::less<>> kind_of;
  for (const auto& r : rules.rules)
    kind_of.emplace(r.id, r.kind);
  return [kind_of = std::move(kind_of)](const std::string& rule) {
    const auto it = kind_of.find(rule);
    if (it == kind_of.end()) return true;  // retired
    return it->second == rules::rule_kind::deadline || it->second == rules::rule_kind::violation;
  };
}

}  // namespace deadlined::daemon
