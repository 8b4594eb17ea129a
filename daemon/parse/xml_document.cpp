#include "deadlined/daemon/xml_document.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>

namespace deadlined::daemon {

namespace {

const char* chars(const xmlChar* s) {
  return reinterpret_cast<const char*>(s);
}

void ignore_error(void* /*context*/, xmlErrorPtr /*error*/) {}

/// libxml2 prints parse and XPath errors to stderr by default; malformed pages are normal
/// here and selector errors are reported by the caller, so its handler is silenced
/// (the handler is per thread in libxml2).
void quiet_libxml() {
  thread_local bool quiet = false;
  if (quiet) return;
  xmlSetStructuredErrorFunc(nullptr, ignore_error);
  quiet = true;
}

void append_text(xmlNodePtr node, xmlNodePtr skip, std::string& out) {
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child == skip) continue;
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += chars(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const auto name = local_name(child);
      if (name == "script" || name == "style" || name == "noscript" || name == "template") continue;
      // Block elements and line breaks separate words even without whitespace in the source.
      if (name == "br" || name == "td" || name == "th" || name == "p" || name == "div" || name == "li") out += ' ';
      append_text(child, skip, out);
      if (name == "td" || name == "th" || name == "p" || name == "div" || name == "li" || name == "dd" || name == "dt")
        out += ' ';
    }
  }
}

bool is_list_row(xmlNodePtr node) {
  if (node->type != XML_ELEMENT_NODE) return false;
  const auto* name = chars(node->name);
  return std::strcmp(name, "li") == 0 || std::strcmp(name, "dt") == 0 || std::strcmp(name, "dd") == 0;
}

void collect_rows(xmlNodePtr node, std::vector<xmlNodePtr>& rows) {
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (is_list_row(child)) rows.push_back(child);
    collect_rows(child, rows);
  }
}

/// libxml2 parses HTML 4 style: `<li>…<font>date<li>…` puts the second row inside the
/// unclosed <font> of the first, where a browser (HTML5 tree building) closes the row. Rows
/// nested in a row of the same kind through inline elements only are moved out behind it,
/// in document order, so the list reads as the page shows it.
void unnest_misnested_rows(xmlNodePtr root) {
  if (root == nullptr) return;
  std::vector<xmlNodePtr> rows;
  collect_rows(root, rows);
  std::map<xmlNodePtr, xmlNodePtr> last_moved_behind;  // outer row → the row last put after it
  for (xmlNodePtr row : rows) {
    xmlNodePtr outer = nullptr;
    bool through_inline_only = true;
    for (xmlNodePtr up = row->parent; up != nullptr && up->type == XML_ELEMENT_NODE; up = up->parent) {
      if (is_list_row(up)) {
        outer = up;
        break;
      }
      if (htmlTagLookup(up->name) == nullptr || htmlTagLookup(up->name)->isinline == 0) {
        through_inline_only = false;
        break;
      }
    }
    if (outer == nullptr || !through_inline_only || outer == row->parent) continue;
    auto& anchor = last_moved_behind[outer];
    xmlNodePtr after = anchor != nullptr ? anchor : outer;
    xmlUnlinkNode(row);
    xmlAddNextSibling(after, row);
    anchor = row;
  }
}

}  // namespace

xml_document xml_document::html(std::string_view utf8, const std::string& url) {
  quiet_libxml();
  xml_document d;
  d.doc_.reset(htmlReadMemory(
      utf8.data(), static_cast<int>(utf8.size()), url.empty() ? nullptr : url.c_str(), "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC));
  if (d.doc_) unnest_misnested_rows(xmlDocGetRootElement(d.doc_.get()));
  return d;
}

xml_document xml_document::xml(std::string_view utf8, const std::string& url) {
  quiet_libxml();
  xml_document d;
  d.doc_.reset(xmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), url.empty() ? nullptr : url.c_str(), "UTF-8",
                             XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET |
                                 XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC));
  return d;
}

xmlNodePtr xml_document::root() const {
  return doc_ ? xmlDocGetRootElement(doc_.get()) : nullptr;
}

std::string_view local_name(xmlNodePtr node) {
  return node == nullptr || node->name == nullptr ? std::string_view{} : std::string_view{chars(node->name)};
}

namespace {

/// The width in bytes of the whitespace character at `i`, or 0.
std::size_t whitespace_width(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
    return 2;  // U+00A0 no-break space (&nbsp;)
  }
  if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      static_cast<unsigned char>(text[i + 2]) == 0x80) {
    return 3;  // U+3000 ideographic space
  }
  return 0;
}

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  // Bytes that can begin whitespace: ASCII space and controls, and the lead bytes of
  // U+00A0 and U+3000. Words are copied in runs found with one table look-up a byte: this
  // runs over every row's text while a page is read.
  static constexpr auto may_begin_whitespace = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'})
      table[c] = true;
    table[0xC2] = table[0xE3] = true;
    return table;
  }();
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t width = whitespace_width(text, i);
    if (width > 0) {
      i += width;
      continue;
    }
    const std::size_t word = i++;
    while (i < text.size() &&
           (!may_begin_whitespace[static_cast<unsigned char>(text[i])] || whitespace_width(text, i) == 0))
      ++i;
    if (!out.empty()) out.push_back(' ');
    out.append(text.substr(word, i - word));
  }
  return out;
}

std::string node_text(xmlNodePtr node) {
  return node_text_except(node, nullptr);
}

std::string node_text_except(xmlNodePtr node, xmlNodePtr skip) {
  if (node == nullptr) return {};
  if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE) {
    xmlChar* content = xmlNodeGetContent(node);
    std::string out = content == nullptr ? "" : chars(content);
    xmlFree(content);
    return collapse_whitespace(out);
  }
  std::string raw;
  append_text(node, skip, raw);
  return collapse_whitespace(raw);
}

std::string attribute(xmlNodePtr node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  // The usual HTML attribute is one text node: read it in place instead of through
  // libxml2's copy (attributes are read for every element while a page is searched).
  for (xmlAttrPtr a = node->properties; a != nullptr; a = a->next) {
    if (std::strcmp(chars(a->name), name) != 0) continue;  // namespaces aside, as xmlGetProp
    if (a->children == nullptr) return {};
    if (a->children->next == nullptr && a->children->type == XML_TEXT_NODE && a->children->content != nullptr)
      return chars(a->children->content);
    break;
  }
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value == nullptr ? "" : chars(value);
  xmlFree(value);
  return out;
}

std::string absolute_url(const std::string& base, const std::string& href_raw) {
  const std::string href = collapse_whitespace(href_raw);
  if (href.empty() || href[0] == '#') return {};
  std::string scheme;
  for (char c : href.substr(0, href.find(':') == std::string::npos ? 0 : href.find(':'))) {
    scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (scheme == "javascript" || scheme == "mailto" || scheme == "tel" || scheme == "data") return {};
  if (base.empty()) return href;
  xmlChar* built =
      xmlBuildURI(reinterpret_cast<const xmlChar*>(href.c_str()), reinterpret_cast<const xmlChar*>(base.c_str()));
  if (built == nullptr) return href;
  std::string out = chars(built);
  xmlFree(built);
  return out;
}

std::vector<xmlNodePtr> select_nodes(xmlDocPtr doc, xmlNodePtr context, const std::string& xpath, std::string* error) {
  quiet_libxml();
  std::vector<xmlNodePtr> out;
  if (doc == nullptr || context == nullptr) return out;  // an empty page selects nothing
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx{xmlXPathNewContext(doc), &xmlXPathFreeContext};
  if (!ctx) return out;
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result{
      xmlXPathNodeEval(context, reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx.get()), &xmlXPathFreeObject};
  if (!result) {
    if (error != nullptr) *error = "invalid XPath expression \"" + xpath + "\"";
    return out;
  }
  if (result->type == XPATH_NODESET && result->nodesetval != nullptr) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i)
      out.push_back(result->nodesetval->nodeTab[i]);
  }
  return out;
}

namespace {

/// The first <base href> in document order, what //base[@href] selects, found by a walk:
/// an XPath evaluation per page was a fortieth of reading one.
xmlNodePtr first_base(xmlNodePtr first_child) {
  for (xmlNodePtr child = first_child; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (local_name(child) == "base" && xmlHasProp(child, reinterpret_cast<const xmlChar*>("href")) != nullptr) {
      return child;
    }
    if (xmlNodePtr found = first_base(child->children)) return found;
  }
  return nullptr;
}

}  // namespace

std::string document_base(const xml_document& doc, const std::string& page_url) {
  if (doc.get() == nullptr) return page_url;
  if (xmlNodePtr base = first_base(doc.get()->children)) {
    return absolute_url(page_url, attribute(base, "href"));
  }
  return page_url;
}

std::vector<xmlNodePtr> child_elements(xmlNodePtr node) {
  std::vector<xmlNodePtr> out;
  if (node == nullptr) return out;
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) out.push_back(child);
  }
  return out;
}

}  // namespace deadlined::daemon

namespace deadlined::daemon {

bool valid_xpath(const std::string& xpath) {
  quiet_libxml();
  xmlXPathCompExprPtr compiled = xmlXPathCompile(reinterpret_cast<const xmlChar*>(xpath.c_str()));
  if (compiled == nullptr) return false;
  xmlXPathFreeCompExpr(compiled);
  return true;
}

}  // namespace deadlined::daemon
