#pragma once
// Reading one row of a column list page (a <li>, <tr>, <dd> …) into an item: the title
// link, the date beside it, 置顶 markers and, in 留言 lists, the reply status.

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deadlined/daemon/extracted_item.hpp"

namespace deadlined::daemon::detail {

/// The row's main link: the one with the longest text (pagers and "更多" are short).
xmlNodePtr title_link(xmlNodePtr row);
/// The title link with its title (null and empty when the row has no link).
std::pair<xmlNodePtr, std::string> titled_link(xmlNodePtr row);

/// The link's title: its text, or its `title` attribute when the text is cut short ("…").
std::string link_title(xmlNodePtr link);

/// Whether the row is marked 置顶 (text, image alt/title, or a "top" class).
bool pinned_row(xmlNodePtr row, xmlNodePtr link);
/// The same, with the row's text outside the link already at hand.
bool pinned_row(xmlNodePtr row, xmlNodePtr link, std::string_view row_text);

/// What reading a row finds (list detection reads every candidate row before it knows
/// which list to take, and keeps what it found).
struct row_parts {
  xmlNodePtr row = nullptr;
  xmlNodePtr link = nullptr;            ///< the title link, if any
  std::string title;                    ///< the link's title, or the row's text without a link
  std::string text;                     ///< the row's text outside the link
  std::vector<rules::timestamp> dates;  ///< the dates in `text`, in order
};
/// The row as an item; an undated row gets `now` as its first-seen date.
extracted_item make_item(const row_parts& parts, const page_context& context);

/// Fills date, reply date and status from `text` (the row without its title), and marks
/// an undated item first_seen.
void fill_dates_and_status(extracted_item& item, std::string_view text, const page_context& context);
/// The same with the dates in `text` already found.
void fill_dates_and_status(extracted_item& item, std::string_view text, const std::vector<rules::timestamp>& dates,
                           const page_context& context);

}  // namespace deadlined::daemon::detail
