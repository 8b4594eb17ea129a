#include "correlated_facts.hpp"

#include <algorithm>
#include <functional>
#include <tuple>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/text_hash.hpp"
#include "deadlined/rules/title_reference.hpp"
#include "fetch_ahead.hpp"

namespace deadlined::rules::detail {

namespace {

std::string reversed(std::string_view text) {
  return {text.rbegin(), text.rend()};
}

}  // namespace

void title_index::add(const fact* trigger) {
  const std::size_t order = added_++;
  const auto key = document_title_key(fact_title(*trigger));
  if (key.empty()) return;
  entries_.push_back(
      {static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), order, trigger});
  keys_.append(key.rbegin(), key.rend());
}

void title_index::finish() {
  std::sort(entries_.begin(), entries_.end(), [this](const entry& a, const entry& b) {
    const auto by_key = key_of(a).compare(key_of(b));
    return by_key != 0 ? by_key < 0 : a.order < b.order;
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
                               [this](const entry& e, const std::string& p) { return key_of(e) < p; });
    for (; it != entries_.end() && key_of(*it).starts_with(prefix); ++it) {
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

namespace {

/// Documents ordered by address: any fixed order serves a look-up.
bool document_before(const fact* a, const fact* b) {
  return std::less<const fact*>{}(a, b);
}

}  // namespace

void correlated_facts::attribute_index::sort_and_plan() {
  std::sort(entries.begin(), entries.end());
  // About one entry per run: 2^bits ≥ entries.
  unsigned bits = 0;
  while (bits < 32 && (std::size_t{1} << bits) < entries.size())
    ++bits;
  shift = 64 - bits;
  starts.assign((std::size_t{1} << bits) + 1, 0);
  std::size_t at = 0;
  for (std::size_t run = 0; run + 1 < starts.size(); ++run) {
    starts[run] = static_cast<std::uint32_t>(at);
    while (at < entries.size() && (bits == 0 ? 0 : static_cast<std::uint64_t>(entries[at].hash) >> shift) == run)
      ++at;
  }
  starts.back() = static_cast<std::uint32_t>(entries.size());
}

std::span<const correlated_facts::hashed_position> correlated_facts::attribute_index::of(std::size_t hash) const {
  const std::size_t run = shift == 64 ? 0 : static_cast<std::uint64_t>(hash) >> shift;
  const auto* first = entries.data() + starts[run];
  const auto* last = entries.data() + starts[run + 1];
  while (first != last && first->hash < hash)
    ++first;
  const auto* end = first;
  while (end != last && end->hash == hash)
    ++end;
  return {first, end};
}

correlated_facts::correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                                   const title_index& titles, const zone_offsets& zone)
    : candidates_(&candidates) {
  bool by_link = false;
  bool by_title = false;
  for (const auto& m : methods) {
    if (m.how == correlation::method::attribute &&
        std::none_of(by_attribute_.begin(), by_attribute_.end(), [&m](const auto& a) { return a.name == m.attribute; }))
      by_attribute_.push_back({.name = m.attribute, .entries = {}, .starts = {}, .shift = 64});
    by_link = by_link || m.how == correlation::method::link;
    by_title = by_title || m.how == correlation::method::title;
  }
  for (auto& index : by_attribute_)
    index.entries.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const fact* f = candidates[i];
    const auto position = static_cast<std::uint32_t>(i);
    for (auto& index : by_attribute_) {
      const auto* value = f->attr(index.name);
      if (value != nullptr && !value->empty()) index.entries.push_back({text_hash{}(*value), position});
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
      if (const fact* doc = titles.referenced_document(*f, zone)) by_document_.push_back({doc, position});
    }
  }
  for (auto& index : by_attribute_)
    index.sort_and_plan();
  // Stable: each document's candidates stay in position order.
  std::stable_sort(
      by_document_.begin(), by_document_.end(),
      [](const document_reference& a, const document_reference& b) { return document_before(a.document, b.document); });
}

void correlated_facts::add_attribute(const attribute_index& index, const std::string& value, positions& found) const {
  for (const auto& entry : index.of(text_hash{}(value))) {
    // Equal hashes of different values are rare, not impossible.
    const auto* candidate = (*candidates_)[entry.position]->attr(index.name);
    if (candidate != nullptr && *candidate == value) found.push_back(entry.position);
  }
}

void correlated_facts::fetch_candidates(const fact& trigger, const std::vector<correlation>& methods,
                                        std::vector<const fact*>& out) const {
  out.clear();
  for (const auto& m : methods) {
    if (m.how != correlation::method::attribute) continue;
    const auto* value = trigger.attr(m.attribute);
    if (value == nullptr || value->empty()) continue;
    for (const auto& index : by_attribute_) {
      if (index.name != m.attribute) continue;
      for (const auto& entry : index.of(text_hash{}(*value))) {
        const fact* candidate = (*candidates_)[entry.position];
        fetch_fact(candidate);
        out.push_back(candidate);
      }
    }
  }
}

void correlated_facts::add_document(const fact* document, positions& found) const {
  auto it = std::lower_bound(by_document_.begin(), by_document_.end(), document,
                             [](const document_reference& r, const fact* d) { return document_before(r.document, d); });
  for (; it != by_document_.end() && it->document == document; ++it)
    found.push_back(it->position);
}

std::vector<const fact*> correlated_facts::of(const fact& trigger, const std::vector<const fact*>& repeats,
                                              const std::vector<correlation>& methods) const {
  positions& found = found_;
  found.clear();
  for (const auto& m : methods) {
    switch (m.how) {
      case correlation::method::attribute:
        if (const auto* value = trigger.attr(m.attribute); value != nullptr && !value->empty()) {
          for (const auto& index : by_attribute_) {
            if (index.name == m.attribute) add_attribute(index, *value, found);
          }
        }
        break;
      case correlation::method::link:
        if (const auto* url = trigger.attr("url"); url != nullptr && !url->empty()) {
          if (auto it = by_link_.find(normalize_url(*url)); it != by_link_.end())
            found.insert(found.end(), it->second.begin(), it->second.end());
        }
        break;
      case correlation::method::title:
        for (const fact* t : repeats)
          add_document(t, found);
        add_document(&trigger, found);
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
