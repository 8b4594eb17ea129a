#include "deadlined/rules/fact.hpp"

namespace deadlined::rules {

std::string_view fact::label(std::string_view name) const {
  if (name == "type") return type;
  if (name == "unit") return unit;
  if (name == "subject") return subject;
  if (name == "source") return source;
  if (name == "id") return external_id;
  const auto* value = attr(name);
  return value == nullptr ? std::string_view{} : std::string_view{*value};
}

const std::string* fact::attr(std::string_view name) const {
  const auto it = attrs.find(name);
  return it == attrs.end() ? nullptr : &it->second;
}

bool not_after(const timestamp& a, const timestamp& b, const zone_offsets& zone) {
  if (a.is_date_only() || b.is_date_only()) return a.local_date(zone) <= b.local_date(zone);
  return a.counting_instant(zone) <= b.counting_instant(zone);
}

}  // namespace deadlined::rules
