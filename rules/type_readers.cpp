#include "type_readers.hpp"

#include <algorithm>
#include <optional>

namespace deadlined::rules::detail {

namespace {

/// The (attribute, value) every selector of `type` in `versions` asks for with `=`, if there
/// is one; none when some selector does not, or when the rule reads the type unselected (a
/// pause, an extension, a restart).
std::optional<std::pair<std::string, std::string>> one_selected_value(const rule_versions& versions,
                                                                      const std::string& type) {
  std::vector<const fact_selector*> selectors;
  for (const rule* v : versions) {
    if (v->extension && v->extension->type == type) return std::nullopt;
    if (v->pause && (v->pause->pause_type == type || v->pause->resume_type == type)) return std::nullopt;
    if (v->restart_type == type) return std::nullopt;
    if (v->trigger.type == type) selectors.push_back(&v->trigger);
    if (v->follow_up.type == type) selectors.push_back(&v->follow_up);
  }
  if (selectors.empty()) return std::nullopt;
  const auto& first = selectors.front()->matchers;
  const auto equal = std::find_if(first.begin(), first.end(),
                                  [](const label_matcher& m) { return m.how() == label_matcher::op::equal; });
  if (equal == first.end()) return std::nullopt;
  const bool shared = std::all_of(selectors.begin(), selectors.end(), [&equal](const fact_selector* s) {
    return std::any_of(s->matchers.begin(), s->matchers.end(), [&equal](const label_matcher& m) {
      return m.how() == label_matcher::op::equal && m.name() == equal->name() && m.value() == equal->value();
    });
  });
  if (!shared) return std::nullopt;
  return std::pair{equal->name(), equal->value()};
}

}  // namespace

void type_readers::add(std::size_t rule_index, const rule_versions& versions, const std::string& type) {
  const auto selected = one_selected_value(versions, type);
  if (!selected) {
    any_value_.push_back(rule_index);
    return;
  }
  const auto& [attribute, value] = *selected;
  auto it =
      std::find_if(by_value_.begin(), by_value_.end(), [&](const auto& entry) { return entry.first == attribute; });
  if (it == by_value_.end()) it = by_value_.insert(by_value_.end(), {attribute, {}});
  it->second[value].push_back(rule_index);
}

}  // namespace deadlined::rules::detail
