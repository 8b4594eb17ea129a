#pragma once
// libxml2 documents owned by RAII, and the few node helpers the parsers share.

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::daemon {

class xml_document {
 public:
  /// Parses UTF-8 HTML leniently (malformed pages are the norm); never touches the network.
  static xml_document html(std::string_view utf8, const std::string& url);
  /// Parses UTF-8 XML (feeds) leniently, without entity expansion or network access.
  static xml_document xml(std::string_view utf8, const std::string& url);

  bool ok() const { return doc_ != nullptr; }
  xmlDocPtr get() const { return doc_.get(); }
  xmlNodePtr root() const;

 private:
  struct free_doc {
    void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
  };
  std::unique_ptr<xmlDoc, free_doc> doc_;
};

/// The element's name without namespace prefix, lower-case for HTML.
std::string_view local_name(xmlNodePtr node);
/// All text below `node`, whitespace (including U+00A0 and U+3000) collapsed to single spaces.
std::string node_text(xmlNodePtr node);
/// Text below `node`, leaving out the subtree `skip`.
std::string node_text_except(xmlNodePtr node, xmlNodePtr skip);
/// An attribute's value, or empty.
std::string attribute(xmlNodePtr node, const char* name);
/// Collapses runs of whitespace to one space and trims.
std::string collapse_whitespace(std::string_view text);
/// `href` made absolute against `base`; empty for javascript:, mailto: and bare anchors.
std::string absolute_url(const std::string& base, const std::string& href);
/// Nodes an XPath expression selects, relative to `context`; `error` set when it does not compile.
std::vector<xmlNodePtr> select_nodes(xmlDocPtr doc, xmlNodePtr context, const std::string& xpath, std::string* error);
/// The base for the page's relative links: its `<base href>`, else `page_url`.
std::string document_base(const xml_document& doc, const std::string& page_url);
/// Child elements in order.
std::vector<xmlNodePtr> child_elements(xmlNodePtr node);

}  // namespace deadlined::daemon

namespace deadlined::daemon {

/// Whether `xpath` compiles (for checking configured selectors before any page is read).
bool valid_xpath(const std::string& xpath);

}  // namespace deadlined::daemon
