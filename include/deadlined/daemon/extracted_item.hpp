#pragma once
// What a source yields: the items of a feed or a column list page, in document order.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

struct extracted_item {
  std::string title;  ///< whitespace collapsed, entities decoded
  std::string url;    ///< absolute where a base is known
  std::optional<rules::timestamp> date;
  std::string date_source;  ///< page, feed or first_seen
  bool pinned = false;      ///< 置顶: may stand out of date order
  std::string status;       ///< interaction lists: replied, unreplied, processing; else empty
  std::optional<rules::timestamp> reply_date;
};

struct extraction {
  std::string method;  ///< rss2, rss1, atom1, atom03, selectors, auto, inline-json, comment
  std::vector<extracted_item> items;
};

/// What a parser needs besides the page: where it came from and what day it is.
struct page_context {
  std::string base_url;  ///< the page's URL (for relative links); may be empty
  rules::instant now;    ///< first-seen time of undated items; year-less dates look back from it
  const rules::zone_offsets& zone;
};

/// Item status from the words a 留言 list shows: 已回复 → replied, 未回复 → unreplied,
/// 办理中 → processing; empty when none is shown.
std::string interaction_status(std::string_view text);

/// 已回复, 未回复, 办理中 for display.
std::string_view chinese_status(std::string_view status);

}  // namespace deadlined::daemon
