#include "deadlined/daemon/obligation_withdrawal.hpp"

#include <map>
#include <string>

namespace deadlined::daemon {

store::withdrawal_test withdrawn_when_missing(const rules::rule_set& rules) {
  // By rule id, over all its versions: whether its obligations last as long as their facts.
  std::map<std::string, bool, std::less<>> lasting;
  for (const auto& r : rules.rules) {
    // A deadline rule with a look-back window drops triggers older than the window.
    const bool lasts = r.kind == rules::rule_kind::violation || (r.kind == rules::rule_kind::deadline && !r.look_back);
    const auto [it, first] = lasting.emplace(r.id, lasts);
    if (!first) it->second = it->second && lasts;
  }
  return [lasting = std::move(lasting)](const std::string& rule) {
    const auto it = lasting.find(rule);
    return it == lasting.end() || it->second;  // not in the packs: retired
  };
}

}  // namespace deadlined::daemon
