// Column list pages read through the XPath selectors a source declares.

#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/xml_document.hpp"
#include "list_item_reader.hpp"

namespace deadlined::daemon {

namespace {

/// The text of the first node `xpath` selects below `row` (an attribute's value, or an
/// element's text), and the node itself.
std::pair<std::string, xmlNodePtr> first_text(xmlDocPtr doc, xmlNodePtr row, const std::string& xpath,
                                              std::vector<std::string>& problems) {
  std::string error;
  const auto nodes = select_nodes(doc, row, xpath, &error);
  if (!error.empty()) {
    problems.push_back(error);
    return {};
  }
  if (nodes.empty()) return {};
  return {node_text(nodes.front()), nodes.front()};
}

}  // namespace

namespace detail {

extraction select_list(std::string_view utf8, const parser_spec& spec, const page_context& context,
                       std::vector<std::string>& problems) {
  extraction out;
  out.method = "selectors";
  const auto doc = xml_document::html(utf8, context.base_url);
  page_context with_base = context;
  // <base href> overrides the page URL for relative links.
  with_base.base_url = document_base(doc, context.base_url);
  std::string error;
  const auto rows = select_nodes(doc.get(), doc.root(), spec.item, &error);
  if (!error.empty()) {
    problems.push_back("item: " + error);
    return out;
  }
  for (xmlNodePtr row : rows) {
    extracted_item item;
    xmlNodePtr link = nullptr;
    if (spec.title.empty()) {
      link = title_link(row);
      item.title = link == nullptr ? node_text(row) : link_title(link);
    } else {
      auto [text, node] = first_text(doc.get(), row, spec.title, problems);
      link = node != nullptr && local_name(node) == "a" ? node : title_link(row);
      item.title = node != nullptr && local_name(node) == "a" ? link_title(node) : text;
    }
    if (spec.link.empty()) {
      if (link != nullptr) item.url = absolute_url(with_base.base_url, attribute(link, "href"));
    } else {
      auto [text, node] = first_text(doc.get(), row, spec.link, problems);
      if (node != nullptr) {
        item.url = absolute_url(with_base.base_url, node->type == XML_ATTRIBUTE_NODE ? text : attribute(node, "href"));
      }
    }
    std::string date_text =
        spec.date.empty() ? node_text_except(row, link) : first_text(doc.get(), row, spec.date, problems).first;
    if (!spec.status.empty()) date_text += " " + first_text(doc.get(), row, spec.status, problems).first;
    fill_dates_and_status(item, date_text, with_base);
    if (spec.pinned.empty()) {
      item.pinned = pinned_row(row, link);
    } else {
      item.pinned = !select_nodes(doc.get(), row, spec.pinned, &error).empty();
    }
    if (item.title.starts_with("[置顶]"))
      item.title = collapse_whitespace(item.title.substr(std::string_view{"[置顶]"}.size()));
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace detail

}  // namespace deadlined::daemon
