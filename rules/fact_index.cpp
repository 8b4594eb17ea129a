#include "fact_index.hpp"

#include <algorithm>

namespace deadlined::rules::detail {

fact_index::fact_index(std::span<const fact> facts, instant now, const zone_offsets& zone) {
  for (const auto& f : facts) {
    // A fact after `now` has not happened yet as far as this evaluation knows.
    if (f.time.is_date_only() ? f.time.local_date(zone) > zone.local_date(now) : f.time.counting_instant(zone) > now) {
      continue;
    }
    by_type_[f.type].push_back(&f);
    by_id_[f.id] = &f;
  }
  for (auto& [type, list] : by_type_) {
    std::sort(list.begin(), list.end(), [&zone](const fact* a, const fact* b) {
      const auto ta = a->time.counting_instant(zone);
      const auto tb = b->time.counting_instant(zone);
      return ta != tb ? ta < tb : a->id < b->id;
    });
  }
}

const std::vector<const fact*>& fact_index::of_type(std::string_view type) const {
  const auto it = by_type_.find(type);
  return it == by_type_.end() ? none_ : it->second;
}

const fact* fact_index::by_id(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

}  // namespace deadlined::rules::detail
