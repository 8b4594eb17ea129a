#pragma once
// What a website source's items mean as facts (SPEC §4): one fact per item keyed by its link,
// of the type the source emits, dated by the page or first seen; the backdated flag; 留言
// replies; and the column's own item.published for freshness rules.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/daemon/extracted_item.hpp"
#include "deadlined/daemon/source_settings.hpp"
#include "deadlined/rules/fact.hpp"

namespace deadlined::daemon {

struct item_fact_context {
  const source_settings& source;
  rules::instant fetched_at;  ///< first-seen time of new items
  /// The last successful fetch before this one; none on the source's first success, whose
  /// items are never backdated.
  std::optional<rules::instant> previous_success;
  std::chrono::days backdated_slack{1};
  const rules::zone_offsets& zone;
  std::string evidence;  ///< hash of this fetch's page snapshot
};

/// The facts this fetch's items stand for. `known` holds the source's stored facts by
/// external id: an item already seen keeps its first-seen time, its backdated flag and, if
/// nothing else changed, its evidence — so an unchanged page yields only duplicates.
std::vector<rules::fact> item_facts(const std::vector<extracted_item>& items, const item_fact_context& context,
                                    const std::map<std::string, rules::fact, std::less<>>& known);

/// The fact type a source's items become when `emits` is not set.
inline constexpr const char* default_item_type = "item.published";

}  // namespace deadlined::daemon
