#include "fact_index.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace deadlined::rules::detail {

bool canonical_before(const fact* a, const fact* b, const zone_offsets& zone) {
  return canonical_before(a->time.counting_instant(zone), *a, b->time.counting_instant(zone), *b);
}

bool visible_at(const fact& f, instant now, const zone_offsets& zone) {
  // A fact after `now` has not happened yet as far as this evaluation knows.
  return f.time.is_date_only() ? f.time.local_date(zone) <= zone.local_date(now) : f.time.counting_instant(zone) <= now;
}

fact_index::fact_index(std::span<const fact> facts, instant now, const zone_offsets& zone) {
  // Sorted with each fact's instant counted once beside it, not twice per comparison (a
  // million facts: ~40 million comparisons, each reaching into two facts).
  using counted = std::pair<instant, const fact*>;
  std::unordered_map<std::string_view, std::vector<counted>> lists;
  for (const auto& f : facts) {
    if (visible_at(f, now, zone)) lists[f.type].emplace_back(f.time.counting_instant(zone), &f);
  }
  for (auto& [type, keyed] : lists) {
    std::sort(keyed.begin(), keyed.end(), [](const counted& a, const counted& b) {
      return canonical_before(a.first, *a.second, b.first, *b.second);
    });
    fact_list list;
    list.reserve(keyed.size());
    for (const auto& [at, f] : keyed)
      list.push_back(f);
    by_type_.emplace(type, &owned_.emplace_back(std::move(list)));
  }
}

fact_index::fact_index(const std::map<std::string, fact_list, std::less<>>& all_by_type,
                       const std::vector<std::string>& types, instant now, const zone_offsets& zone) {
  for (const auto& type : types) {
    const auto it = all_by_type.find(type);
    if (it == all_by_type.end() || by_type_.contains(type)) continue;
    const auto& all = it->second;
    // In canonical order, everything up to now is visible; after it only today's date-only
    // facts are (they count from the end of their day). Usually nothing is after now, and
    // the list is used as it is.
    if (all.empty() || all.back()->time.counting_instant(zone) <= now) {
      by_type_.emplace(it->first, &all);
      continue;
    }
    const auto later = std::upper_bound(all.begin(), all.end(), now, [&zone](instant at, const fact* f) {
      return at < f->time.counting_instant(zone);
    });
    if (later == all.end()) {
      by_type_.emplace(it->first, &all);
      continue;
    }
    auto& list = owned_.emplace_back(all.begin(), later);
    for (auto f = later; f != all.end(); ++f) {
      if (visible_at(**f, now, zone)) {
        list.push_back(*f);
      } else if (!(*f)->time.is_date_only()) {
        next_visible_ = std::min(next_visible_, (*f)->time.counting_instant(zone));
      }
    }
    by_type_.emplace(it->first, &list);
  }
}

const fact_list& fact_index::of_type_where(std::string_view type, const std::string& label,
                                           const std::string& value) const {
  auto [index, fresh] = by_label_.try_emplace({std::string{type}, label});
  if (fresh) {
    auto& lists = index->second;
    auto last = lists.end();  // facts of one value often come in runs (an evidence rule's task)
    for (const fact* f : of_type(type)) {
      const auto own = f->label(label);
      if (last == lists.end() || last->first != own) {
        last = lists.find(own);
        if (last == lists.end()) last = lists.emplace(std::string{own}, fact_list{}).first;
      }
      last->second.push_back(f);
    }
  }
  const auto it = index->second.find(value);
  return it == index->second.end() ? none_ : it->second;
}

const fact_list& fact_index::of_type(std::string_view type) const {
  const auto it = by_type_.find(type);
  return it == by_type_.end() ? none_ : *it->second;
}

}  // namespace deadlined::rules::detail
