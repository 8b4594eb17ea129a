#include "correlated_facts.hpp"

#include <algorithm>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/title_reference.hpp"

namespace deadlined::rules::detail {

namespace {

/// The document a title reference names: of the documents whose title ends with a quoted
/// title, the latest one not after the follow-up; failing that, the earliest one.
const fact* referenced_document(const fact& follow_up, const std::vector<titled_document>& documents,
                                const zone_offsets& zone) {
  const auto quoted = quoted_titles(fact_title(follow_up));
  if (quoted.empty()) return nullptr;
  const fact* latest_before = nullptr;
  const fact* earliest = nullptr;
  for (const auto& doc : documents) {  // earliest first
    const bool named =
        std::any_of(quoted.begin(), quoted.end(), [&doc](const std::string& q) { return refers_to(q, doc.key); });
    if (!named) continue;
    if (earliest == nullptr) earliest = doc.trigger;
    if (not_after(doc.trigger->time, follow_up.time, zone)) latest_before = doc.trigger;
  }
  return latest_before != nullptr ? latest_before : earliest;
}

}  // namespace

correlated_facts::correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                                   const std::vector<titled_document>& documents, const zone_offsets& zone) {
  bool by_link = false;
  bool by_title = false;
  std::set<std::string> attributes;
  for (const auto& m : methods) {
    if (m.how == correlation::method::attribute) attributes.insert(m.attribute);
    by_link = by_link || m.how == correlation::method::link;
    by_title = by_title || m.how == correlation::method::title;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const fact* f = candidates[i];
    order_[f] = i;
    for (const auto& name : attributes) {
      const auto* value = f->attr(name);
      if (value != nullptr && !value->empty()) by_attribute_[{name, *value}].push_back(f);
    }
    if (by_link) {
      if (const auto* links = f->attr("links")) {
        std::string_view rest = *links;
        while (!rest.empty()) {
          const auto nl = rest.find('\n');
          const auto link = rest.substr(0, nl);
          if (!link.empty()) by_link_[normalize_url(link)].push_back(f);
          if (nl == std::string_view::npos) break;
          rest.remove_prefix(nl + 1);
        }
      }
    }
    if (by_title) {
      if (const fact* doc = referenced_document(*f, documents, zone)) by_document_[doc].push_back(f);
    }
  }
}

std::vector<const fact*> correlated_facts::of(const fact& trigger, const std::vector<const fact*>& repeats,
                                              const std::vector<correlation>& methods) const {
  std::vector<const fact*> found;
  auto add = [&found](const std::vector<const fact*>& list) { found.insert(found.end(), list.begin(), list.end()); };
  for (const auto& m : methods) {
    switch (m.how) {
      case correlation::method::attribute:
        if (const auto* value = trigger.attr(m.attribute); value != nullptr && !value->empty()) {
          if (auto it = by_attribute_.find({m.attribute, *value}); it != by_attribute_.end()) add(it->second);
        }
        break;
      case correlation::method::link:
        if (const auto* url = trigger.attr("url"); url != nullptr && !url->empty()) {
          if (auto it = by_link_.find(normalize_url(*url)); it != by_link_.end()) add(it->second);
        }
        break;
      case correlation::method::title:
        for (const fact* t : repeats) {
          if (auto it = by_document_.find(t); it != by_document_.end()) add(it->second);
        }
        if (auto it = by_document_.find(&trigger); it != by_document_.end()) add(it->second);
        break;
    }
  }
  std::sort(found.begin(), found.end(), [this](const fact* a, const fact* b) { return order_.at(a) < order_.at(b); });
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace deadlined::rules::detail
