#pragma once
// Turning a fetched page into items: feeds (RSS 2.0, RSS 1.0, Atom 1.0 and 0.3), column
// list pages through XPath selectors, or --auto detection of the list of dated links.

#include <string>
#include <string_view>

#include "deadlined/daemon/extracted_item.hpp"
#include "deadlined/rules/diagnostic.hpp"

namespace deadlined::daemon {

/// How a source's page is read.
struct parser_spec {
  enum class kind { automatic, feed, selectors };
  kind how = kind::automatic;
  // XPath selectors; every one but `item` is relative to the item and optional.
  std::string item;    ///< the rows: //ul[@class='list']/li
  std::string title;   ///< default: the row's longest link
  std::string link;    ///< an element (its @href) or an attribute; default: the title link
  std::string date;    ///< default: the first date in the row outside the title
  std::string status;  ///< 留言 lists: where 已回复 / 未回复 / 办理中 is shown
  std::string pinned;  ///< non-empty match marks the row 置顶
};

/// The page's items in document order. `content_type` is the HTTP header value (empty for
/// files). A selector that does not compile is reported in `problems`.
extraction parse_page(std::string_view bytes, std::string_view content_type, const parser_spec& spec,
                      const page_context& context, std::vector<std::string>& problems);

/// Whether the UTF-8 text is a feed (an <rss>, <feed> or <rdf:RDF> document).
bool looks_like_feed(std::string_view utf8);

namespace detail {
extraction parse_feed(std::string_view utf8, const page_context& context);
extraction detect_list(std::string_view utf8, const page_context& context);
extraction select_list(std::string_view utf8, const parser_spec& spec, const page_context& context,
                       std::vector<std::string>& problems);
extraction inline_json_list(std::string_view utf8, const page_context& context);
}  // namespace detail

}  // namespace deadlined::daemon
