#include "deadlined/rules/title_reference.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>

#include "deadlined/rules/parse_error.hpp"

namespace deadlined::rules {

namespace {

constexpr std::string_view open_quote = "《";
constexpr std::string_view close_quote = "》";

bool dropped(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
      return true;
    default:
      return false;
  }
}

void drop_prefix(std::string& s, std::string_view prefix) {
  if (s.starts_with(prefix)) s.erase(0, prefix.size());
}

bool drop_suffix(std::string& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.erase(s.size() - suffix.size());
  return true;
}

}  // namespace

std::string normalize_title(std::string_view title) {
  const std::string input{title};
  // utf8proc allocates with malloc; own the result so it is freed on every path.
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> nfkc{
      utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(input.c_str())), &std::free};
  const auto* bytes = nfkc ? nfkc.get() : reinterpret_cast<const utf8proc_uint8_t*>(input.c_str());
  std::string out;
  utf8proc_ssize_t remaining =
      static_cast<utf8proc_ssize_t>(std::char_traits<char>::length(reinterpret_cast<const char*>(bytes)));
  while (remaining > 0) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(bytes, remaining, &cp);
    if (n <= 0) {  // invalid UTF-8: skip the byte
      ++bytes;
      --remaining;
      continue;
    }
    if (!dropped(cp)) out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
    bytes += n;
    remaining -= n;
  }
  return out;
}

std::vector<std::string> quoted_titles(std::string_view text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = text.find(open_quote, at)) != std::string_view::npos) {
    const std::size_t start = at + open_quote.size();
    const std::size_t end = text.find(close_quote, start);
    if (end == std::string_view::npos) break;
    std::string quoted = normalize_title(text.substr(start, end - start));
    drop_prefix(quoted, "关于");
    for (std::string_view suffix : {"的通知", "的决定", "的函"}) {
      if (drop_suffix(quoted, suffix)) break;
    }
    if (character_count(quoted) >= shortest_title_reference) out.push_back(std::move(quoted));
    at = end + close_quote.size();
  }
  return out;
}

std::string document_title_key(std::string_view title) {
  std::string key = normalize_title(title);
  drop_suffix(key, "的通知");
  return key;
}

bool refers_to(std::string_view quoted, std::string_view document_key) {
  return !quoted.empty() && document_key.ends_with(quoted);
}

}  // namespace deadlined::rules
