// Lists that exist only as JSON inside <script> (the page renders them with JavaScript):
// the array of objects with title- and link-like keys wins.

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <span>

#include "deadlined/daemon/page_date.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/xml_document.hpp"
#include "list_item_reader.hpp"

namespace deadlined::daemon {

namespace {

namespace json = boost::json;

constexpr std::string_view title_keys[] = {"title", "name", "bt", "doctitle", "subject", "wzbt"};
constexpr std::string_view url_keys[] = {"url",    "link",      "href",   "docpuburl",
                                         "puburl", "detailurl", "docurl", "linkurl"};
constexpr std::string_view date_keys[] = {"date", "pubdate",   "publishdate", "publishtime", "pubtime",
                                          "time", "fbsj",      "docreltime",  "createtime",  "releasedate",
                                          "fwrq", "inputtime", "updatetime"};
constexpr std::string_view status_keys[] = {"status", "state", "zt", "replystatus"};

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The value of the first key (case-insensitive) in `keys`, as text.
std::string field(const json::object& o, std::span<const std::string_view> keys) {
  for (auto key : keys) {
    for (const auto& [k, v] : o) {
      if (lower(k) != key) continue;
      if (v.is_string()) return std::string{v.as_string()};
      if (v.is_int64()) return std::to_string(v.as_int64());
      if (v.is_uint64()) return std::to_string(v.as_uint64());
    }
  }
  return {};
}

/// The balanced JSON value starting at `at` ('[' or '{'), strings and escapes respected.
std::string_view balanced(std::string_view text, std::size_t at) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      ++depth;
    else if (c == ']' || c == '}') {
      if (--depth == 0) return text.substr(at, i - at + 1);
    }
  }
  return {};
}

struct best_array {
  const json::array* array = nullptr;
  std::size_t score = 0;
};

void find_arrays(const json::value& v, best_array& best) {
  if (v.is_array()) {
    const auto& a = v.as_array();
    std::size_t score = 0;
    for (const auto& e : a) {
      if (e.is_object() && !field(e.as_object(), title_keys).empty() && !field(e.as_object(), url_keys).empty())
        ++score;
    }
    if (score > best.score) best = {&a, score};
    for (const auto& e : a)
      find_arrays(e, best);
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.as_object())
      find_arrays(e, best);
  }
}

}  // namespace

namespace detail {

extraction inline_json_list(std::string_view utf8, const page_context& context) {
  extraction out;
  out.method = "inline-json";
  const auto doc = xml_document::html(utf8, context.base_url);
  std::string error;
  std::vector<json::value> parsed;  // keeps the winning array alive
  best_array best;
  for (xmlNodePtr script : select_nodes(doc.get(), doc.root(), "//script", &error)) {
    const auto type = lower(attribute(script, "type"));
    // Templates (<script type="text/html">) hold markup, not data.
    if (!type.empty() && type.find("javascript") == std::string::npos && type.find("json") == std::string::npos)
      continue;
    xmlChar* content = xmlNodeGetContent(script);
    const std::string code = content == nullptr ? "" : reinterpret_cast<const char*>(content);
    xmlFree(content);
    for (std::size_t at = code.find_first_of("[{"); at != std::string::npos; at = code.find_first_of("[{", at + 1)) {
      const auto candidate = balanced(code, at);
      if (candidate.size() < 10) continue;
      boost::system::error_code ec;
      auto value = json::parse(json::string_view{candidate.data(), candidate.size()}, ec);
      if (ec) continue;
      parsed.push_back(std::move(value));
      at += candidate.size() - 1;  // nested values were searched as part of this one
    }
  }
  for (const auto& v : parsed)
    find_arrays(v, best);
  if (best.array == nullptr || best.score < 2) return out;
  for (const auto& e : *best.array) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    extracted_item item;
    item.title = collapse_whitespace(field(o, title_keys));
    const auto url = field(o, url_keys);
    if (item.title.empty() || url.empty()) continue;
    item.url = absolute_url(context.base_url, url);
    const auto status = field(o, status_keys);
    fill_dates_and_status(item, field(o, date_keys) + " " + status, context);
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace detail
}  // namespace deadlined::daemon
