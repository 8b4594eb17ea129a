#include "correlated_facts.hpp"

#include <algorithm>
#include <tuple>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/title_reference.hpp"

namespace deadlined::rules::detail {

namespace {

std::string reversed(std::string_view text) {
  return {text.rbegin(), text.rend()};
}

}  // namespace

title_index::title_index(const std::vector<const fact*>& triggers) {
  entries_.reserve(triggers.size());
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    const auto key = document_title_key(fact_title(*triggers[i]));
    if (!key.empty()) entries_.push_back({reversed(key), i, triggers[i]});
  }
  std::sort(entries_.begin(), entries_.end(), [](const entry& a, const entry& b) {
    return std::tie(a.reversed_key, a.order) < std::tie(b.reversed_key, b.order);
  });
}

const fact* title_index::referenced_document(const fact& follow_up, const zone_offsets& zone) const {
  const auto quoted = quoted_titles(fact_title(follow_up));
  const entry* latest_before = nullptr;
  const entry* earliest = nullptr;
  for (const auto& q : quoted) {
    // Byte-reversed keys: a title ending with q is a key starting with q reversed.
    const auto prefix = reversed(q);
    auto it = std::lower_bound(entries_.begin(), entries_.end(), prefix,
                               [](const entry& e, const std::string& p) { return e.reversed_key < p; });
    for (; it != entries_.end() && it->reversed_key.starts_with(prefix); ++it) {
      if (earliest == nullptr || it->order < earliest->order) earliest = &*it;
      if (not_after(it->trigger->time, follow_up.time, zone) &&
          (latest_before == nullptr || it->order > latest_before->order)) {
        latest_before = &*it;
      }
    }
  }
  if (latest_before != nullptr) return latest_before->trigger;
  return earliest == nullptr ? nullptr : earliest->trigger;
}

correlated_facts::correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                                   const title_index& titles, const zone_offsets& zone)
    : candidates_(&candidates) {
  bool by_link = false;
  bool by_title = false;
  for (const auto& m : methods) {
    if (m.how == correlation::method::attribute && std::none_of(by_attribute_.begin(), by_attribute_.end(),
                                                                [&m](const auto& a) { return a.first == m.attribute; }))
      by_attribute_.emplace_back(m.attribute, std::unordered_map<std::string_view, positions>{});
    by_link = by_link || m.how == correlation::method::link;
    by_title = by_title || m.how == correlation::method::title;
  }
  for (auto& [name, values] : by_attribute_)
    values.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const fact* f = candidates[i];
    const auto position = static_cast<std::uint32_t>(i);
    for (auto& [name, values] : by_attribute_) {
      const auto* value = f->attr(name);
      if (value != nullptr && !value->empty()) values[*value].push_back(position);
    }
    if (by_link) {
      if (const auto* links = f->attr("links")) {
        std::string_view rest = *links;
        while (!rest.empty()) {
          const auto nl = rest.find('\n');
          const auto link = rest.substr(0, nl);
          if (!link.empty()) by_link_[normalize_url(link)].push_back(position);
          if (nl == std::string_view::npos) break;
          rest.remove_prefix(nl + 1);
        }
      }
    }
    if (by_title) {
      if (const fact* doc = titles.referenced_document(*f, zone)) by_document_[doc].push_back(position);
    }
  }
}

std::vector<const fact*> correlated_facts::of(const fact& trigger, const std::vector<const fact*>& repeats,
                                              const std::vector<correlation>& methods) const {
  positions found;
  auto add = [&found](const positions& list) { found.insert(found.end(), list.begin(), list.end()); };
  for (const auto& m : methods) {
    switch (m.how) {
      case correlation::method::attribute:
        if (const auto* value = trigger.attr(m.attribute); value != nullptr && !value->empty()) {
          for (const auto& [name, values] : by_attribute_) {
            if (name != m.attribute) continue;
            if (auto it = values.find(*value); it != values.end()) add(it->second);
          }
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
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<const fact*> facts;
  facts.reserve(found.size());
  for (const auto position : found)
    facts.push_back((*candidates_)[position]);
  return facts;
}

}  // namespace deadlined::rules::detail
