// Feeds: RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and Atom 0.3, walked by local names so that
// namespace prefixes (dc:date, atom:link) do not matter.

#include "deadlined/daemon/page_date.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/xml_document.hpp"

namespace deadlined::daemon {

namespace {

xmlNodePtr first_child(xmlNodePtr node, std::string_view name) {
  for (xmlNodePtr child : child_elements(node)) {
    if (local_name(child) == name) return child;
  }
  return nullptr;
}

std::string child_text(xmlNodePtr node, std::string_view name) {
  xmlNodePtr child = first_child(node, name);
  return child == nullptr ? std::string{} : node_text(child);
}

/// The first of `names` that gives a date.
void read_date(xmlNodePtr entry, std::initializer_list<std::string_view> names, const page_context& context,
               extracted_item& item) {
  const auto today = context.zone.local_date(context.now);
  for (auto name : names) {
    const auto text = child_text(entry, name);
    if (text.empty()) continue;
    if (auto date = parse_feed_date(text, today, context.zone)) {
      item.date = date;
      item.date_source = "feed";
      return;
    }
  }
  item.date = rules::timestamp::at(context.now);
  item.date_source = "first_seen";
}

/// Atom's link: rel="alternate" (or no rel) wins over the others.
std::string atom_link(xmlNodePtr entry) {
  std::string fallback;
  for (xmlNodePtr child : child_elements(entry)) {
    if (local_name(child) != "link") continue;
    const auto rel = attribute(child, "rel");
    const auto href = attribute(child, "href");
    if (rel.empty() || rel == "alternate") return href;
    if (fallback.empty()) fallback = href;
  }
  return fallback;
}

std::string base_of(const page_context& context, xmlNodePtr node) {
  // xml:base on the feed or entry overrides the page URL.
  const auto declared = attribute(node, "base");
  return declared.empty() ? context.base_url : absolute_url(context.base_url, declared);
}

}  // namespace

bool looks_like_feed(std::string_view utf8) {
  const auto head = utf8.substr(0, 2048);
  for (auto marker : {"<rss", "<feed", "<rdf:RDF", "<RDF"}) {
    if (head.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

namespace detail {

extraction parse_feed(std::string_view utf8, const page_context& context) {
  extraction out;
  const auto doc = xml_document::xml(utf8, context.base_url);
  xmlNodePtr root = doc.root();
  if (root == nullptr) return out;
  const auto root_name = local_name(root);
  if (root_name == "rss") {
    out.method = "rss2";
    xmlNodePtr channel = first_child(root, "channel");
    for (xmlNodePtr item_node : child_elements(channel)) {
      if (local_name(item_node) != "item") continue;
      extracted_item item;
      item.title = child_text(item_node, "title");
      std::string link = child_text(item_node, "link");
      if (link.empty()) {
        xmlNodePtr guid = first_child(item_node, "guid");
        if (guid != nullptr && attribute(guid, "isPermaLink") != "false") link = node_text(guid);
      }
      item.url = absolute_url(context.base_url, link);
      read_date(item_node, {"pubDate", "date", "pubdate", "updated"}, context, item);
      out.items.push_back(std::move(item));
    }
  } else if (root_name == "RDF") {
    out.method = "rss1";
    for (xmlNodePtr item_node : child_elements(root)) {
      if (local_name(item_node) != "item") continue;
      extracted_item item;
      item.title = child_text(item_node, "title");
      std::string link = child_text(item_node, "link");
      if (link.empty()) link = attribute(item_node, "about");
      item.url = absolute_url(context.base_url, link);
      read_date(item_node, {"date", "pubDate", "modified"}, context, item);
      out.items.push_back(std::move(item));
    }
  } else if (root_name == "feed") {
    const bool v03 = attribute(root, "version") == "0.3";
    out.method = v03 ? "atom03" : "atom1";
    const auto feed_base = base_of(context, root);
    for (xmlNodePtr entry : child_elements(root)) {
      if (local_name(entry) != "entry") continue;
      extracted_item item;
      item.title = child_text(entry, "title");
      const page_context entry_context{feed_base, context.now, context.zone};
      item.url = absolute_url(base_of(entry_context, entry), atom_link(entry));
      if (v03) {
        read_date(entry, {"issued", "modified", "created", "published", "updated"}, context, item);
      } else {
        read_date(entry, {"published", "updated", "issued", "modified"}, context, item);
      }
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace detail
}  // namespace deadlined::daemon
