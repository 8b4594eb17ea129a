// --auto: find the list of dated links on a column page without selectors. Rows are
// elements holding one main link; rows that share a parent and a tag form a candidate
// list; the list with the most dated rows wins. Navigation, pagers, headers and script
// templates are not candidates.

#include <re2/re2.h>
#include <cstdint>
#include <map>

#include "deadlined/daemon/page_date.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/xml_document.hpp"
#include "deadlined/rules/parse_error.hpp"
#include "list_item_reader.hpp"

namespace deadlined::daemon {

namespace {

constexpr int shortest_title = 4;  // characters: "首页", "更多", "下一页" are shorter
constexpr int max_links_per_row = 4;

bool skipped_element(xmlNodePtr node) {
  const auto name = local_name(node);
  if (name == "script" || name == "style" || name == "noscript" || name == "template" || name == "head" ||
      name == "nav" || name == "header" || name == "footer" || name == "select" || name == "iframe") {
    return true;
  }
  // Class and id words that mark page furniture rather than content (RE2: std::regex was
  // a tenth of the time spent polling a column page).
  static const re2::RE2 furniture{
      R"((?i)(^|[^a-z])(nav|menu|header|footer|crumb|breadcrumb|pager?|pagination|pages|fenye|paging|banner|toolbar|topbar|copyright|friendlink|links?)([^a-z]|$))"};
  for (const char* attr : {"class", "id"}) {
    const auto value = attribute(node, attr);
    if (!value.empty() && re2::RE2::PartialMatch(value, furniture)) return true;
  }
  return false;
}

/// Links (<a href>) below each element, counted in one walk (asking each element in turn
/// would walk the page once per level of nesting) and kept in the node's `_private`, the
/// field libxml2 leaves to applications: a hash map of counts was a tenth of reading a page.
int count_links(xmlNodePtr node) {
  int count = 0;
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (local_name(child) == "a" && !attribute(child, "href").empty()) ++count;
    count += count_links(child);
  }
  node->_private = reinterpret_cast<void*>(static_cast<std::intptr_t>(count));
  return count;
}

int links_below(xmlNodePtr node) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(node->_private));
}

struct row_candidate {
  detail::row_parts parts;  // kept: the winning list's rows become items without a second reading
  bool dated;
  int title_length;
};

struct list_candidate {
  std::vector<row_candidate> rows;
  int dated = 0;
  long title_characters = 0;
};

void collect_rows(xmlNodePtr node, const page_context& context,
                  std::map<std::pair<xmlNodePtr, std::string>, list_candidate>& lists,
                  std::vector<std::pair<xmlNodePtr, std::string>>& order) {
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || skipped_element(child)) continue;
    const auto name = std::string{local_name(child)};
    const int links = links_below(child) + (name == "a" ? 1 : 0);
    if (links >= 1 && links <= max_links_per_row && name != "ul" && name != "ol" && name != "table" &&
        name != "tbody") {
      auto [link, title] = detail::titled_link(child);
      const int length = rules::character_count(title);
      if (length >= shortest_title) {
        const auto today = context.zone.local_date(context.now);
        auto text = node_text_except(child, link);
        auto dates = find_page_dates(text, today, context.zone);
        const bool dated = !dates.empty();
        const std::pair key{node, name};
        auto [it, fresh] = lists.try_emplace(key);
        if (fresh) order.push_back(key);
        it->second.rows.push_back({{child, link, std::move(title), std::move(text), std::move(dates)}, dated, length});
        it->second.dated += dated ? 1 : 0;
        it->second.title_characters += length;
      }
    }
    collect_rows(child, context, lists, order);
  }
}

extraction detect_in(xmlNodePtr root, const page_context& context, const std::string& method) {
  extraction out;
  out.method = method;
  if (root == nullptr) return out;
  std::map<std::pair<xmlNodePtr, std::string>, list_candidate> lists;
  std::vector<std::pair<xmlNodePtr, std::string>> order;
  count_links(root);
  collect_rows(root, context, lists, order);

  const list_candidate* best = nullptr;
  for (const auto& key : order) {
    const auto& candidate = lists.at(key);
    const int rows = static_cast<int>(candidate.rows.size());
    // A list is dated rows, or — when no list has dates — several long-titled rows.
    const bool usable = candidate.dated >= 2 || (rows >= 3 && candidate.title_characters / rows >= 8);
    if (!usable) continue;
    if (best == nullptr || candidate.dated > best->dated ||
        (candidate.dated == best->dated && rows > static_cast<int>(best->rows.size()))) {
      best = &candidate;
    }
  }
  if (best == nullptr) return out;
  // A dated list leaves out its undated rows only when they are furniture ("更多" rows
  // are too short to be rows at all); undated content rows stay, marked first_seen.
  for (const auto& row : best->rows)
    out.items.push_back(detail::make_item(row.parts, context));
  return out;
}

/// The text of HTML comments that hold markup: some CMS templates keep the list there.
std::string commented_markup(xmlNodePtr node) {
  std::string out;
  if (node == nullptr) return out;
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_COMMENT_NODE && child->content != nullptr) {
      const std::string text = reinterpret_cast<const char*>(child->content);
      if (text.find("<a") != std::string::npos || text.find("<A") != std::string::npos) out += text + "\n";
    } else if (child->type == XML_ELEMENT_NODE) {
      out += commented_markup(child);
    }
  }
  return out;
}

}  // namespace

namespace detail {

extraction detect_list(std::string_view utf8, const page_context& context) {
  const auto doc = xml_document::html(utf8, context.base_url);
  page_context with_base = context;
  // <base href> overrides the page URL for relative links.
  with_base.base_url = document_base(doc, context.base_url);
  auto found = detect_in(doc.root(), with_base, "auto");
  if (!found.items.empty()) return found;
  found = inline_json_list(utf8, with_base);
  if (!found.items.empty()) return found;
  const auto commented = commented_markup(doc.root());
  if (commented.empty()) return extraction{"auto", {}};
  const auto fragment = xml_document::html(commented, with_base.base_url);
  found = detect_in(fragment.root(), with_base, "comment");
  if (found.items.empty()) found.method = "auto";  // nothing anywhere: report the main method
  return found;
}

}  // namespace detail
}  // namespace deadlined::daemon
