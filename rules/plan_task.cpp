#include <string>
#include <vector>

#include "deadlined/rules/rule.hpp"

namespace deadlined::rules {

namespace {

/// `一、（二）2、4` → base `一、（二）` and numbers {2, 4}; a clause without numbers is all base.
std::pair<std::string_view, std::vector<std::string_view>> split_clause(std::string_view clause) {
  constexpr std::string_view close = "）";
  const auto at = clause.rfind(close);
  if (at == std::string_view::npos) return {clause, {}};
  const auto base = clause.substr(0, at + close.size());
  std::vector<std::string_view> numbers;
  std::string_view rest = clause.substr(at + close.size());
  constexpr std::string_view separator = "、";
  while (!rest.empty()) {
    const auto next = rest.find(separator);
    numbers.push_back(rest.substr(0, next));
    if (next == std::string_view::npos) break;
    rest.remove_prefix(next + separator.size());
  }
  return {base, numbers};
}

}  // namespace

bool clause_covers(std::string_view rule_clause, std::string_view task_clause) {
  if (rule_clause == task_clause) return true;
  const auto [rule_base, rule_numbers] = split_clause(rule_clause);
  const auto [task_base, task_numbers] = split_clause(task_clause);
  if (rule_base != task_base || task_numbers.size() != 1) return false;
  for (auto n : rule_numbers) {
    if (n == task_numbers.front()) return true;
  }
  return false;
}

}  // namespace deadlined::rules
