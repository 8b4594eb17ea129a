#include "fact_index.hpp"

#include <algorithm>

namespace deadlined::rules::detail {

bool canonical_before(const fact* a, const fact* b, const zone_offsets& zone) {
  const auto ta = a->time.counting_instant(zone);
  const auto tb = b->time.counting_instant(zone);
  return ta != tb ? ta < tb : a->id < b->id;
}

bool visible_at(const fact& f, instant now, const zone_offsets& zone) {
  // A fact after `now` has not happened yet as far as this evaluation knows.
  return f.time.is_date_only() ? f.time.local_date(zone) <= zone.local_date(now) : f.time.counting_instant(zone) <= now;
}

fact_index::fact_index(std::span<const fact> facts, instant now, const zone_offsets& zone) {
  for (const auto& f : facts) {
    if (visible_at(f, now, zone)) by_type_[f.type].push_back(&f);
  }
  for (auto& [type, list] : by_type_) {
    std::sort(list.begin(), list.end(), [&zone](const fact* a, const fact* b) { return canonical_before(a, b, zone); });
  }
}

fact_index::fact_index(const std::map<std::string, fact_list, std::less<>>& all_by_type,
                       const std::vector<std::string>& types, instant now, const zone_offsets& zone) {
  for (const auto& type : types) {
    const auto it = all_by_type.find(type);
    if (it == all_by_type.end() || by_type_.contains(type)) continue;
    auto& list = by_type_[type];
    list.reserve(it->second.size());
    for (const fact* f : it->second) {
      if (visible_at(*f, now, zone)) {
        list.push_back(f);
      } else if (!f->time.is_date_only()) {
        next_visible_ = std::min(next_visible_, f->time.counting_instant(zone));
      }
    }
  }
}

const fact_list& fact_index::of_type(std::string_view type) const {
  const auto it = by_type_.find(type);
  return it == by_type_.end() ? none_ : it->second;
}

}  // namespace deadlined::rules::detail
