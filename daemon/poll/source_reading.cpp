#include "deadlined/daemon/source_reading.hpp"

#include <string_view>
#include <vector>

#include "deadlined/rules/obligation.hpp"

namespace deadlined::daemon {

std::string source_reading(const source_settings& source) {
  const auto& p = source.parser;
  const std::string how = std::to_string(static_cast<int>(p.how));
  std::vector<std::string_view> parts{source.url, how,      p.item,      p.title,       p.link,      p.date,
                                      p.status,   p.pinned, source.unit, source.column, source.emits};
  for (const auto& [name, value] : source.attrs) {
    parts.push_back(name);
    parts.push_back(value);
  }
  return rules::stable_id(parts);
}

}  // namespace deadlined::daemon
