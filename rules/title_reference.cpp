#include "deadlined/rules/title_reference.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <optional>

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

/// The CJK Unified Ideographs and Extension A: their own NFKC, never dropped.
constexpr bool common_ideograph(utf8proc_int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/// The code point a fast-path character stands for after NFKC, or -1 when NFKC might do
/// more than map it alone (decompose it into several, or compose it with a neighbour).
/// Chosen so that a text made only of these is its own NFKC, fullwidth forms aside: ASCII,
/// the CJK ideographs, the usual Chinese punctuation; fullwidth ASCII (ＡＢ１２（）) maps
/// to ASCII by NFKC's <wide> decomposition, one for one.
utf8proc_int32_t nfkc_alone(utf8proc_int32_t cp) {
  if (cp > 0 && cp < 0x80) return cp;
  if (common_ideograph(cp)) return cp;
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  if (cp == 0x3000) return 0x20;                                                    // ideographic space: <wide> space
  if (cp == 0x3001 || cp == 0x3002) return cp;                                      // 、。
  if ((cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x3017)) return cp;  // 〈〉《》「」『』【】〔〕〖〗
  constexpr std::array<utf8proc_int32_t, 6> quotes_and_dashes{0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D};
  if (std::find(quotes_and_dashes.begin(), quotes_and_dashes.end(), cp) != quotes_and_dashes.end()) return cp;
  return -1;
}

/// Whether an ASCII character is punctuation, a separator or a control character (what
/// `dropped` says of it): the symbols $+<=>^`|~ stay, as letters and digits do.
constexpr bool ascii_dropped(unsigned char c) {
  if (c < 0x20 || c == 0x7F || c == ' ') return true;
  constexpr std::string_view punctuation = "!\"#%&'()*,-./:;?@[\\]_{}";
  return punctuation.find(static_cast<char>(c)) != std::string_view::npos;
}

/// One UTF-8 sequence of up to three bytes at `bytes`: its length and code point, or 0
/// for anything else (four bytes, a stray or overlong byte, a surrogate) — which the
/// general path then reads.
int decode_short(const unsigned char* bytes, std::size_t remaining, utf8proc_int32_t& cp) {
  const unsigned char lead = bytes[0];
  const auto continues = [&](std::size_t i) { return i < remaining && (bytes[i] & 0xC0U) == 0x80U; };
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) {
    if (!continues(1)) return 0;
    cp = static_cast<utf8proc_int32_t>(((lead & 0x1FU) << 6U) | (bytes[1] & 0x3FU));
    return 2;
  }
  if (lead < 0xF0) {
    if (!continues(1) || !continues(2)) return 0;
    cp = static_cast<utf8proc_int32_t>(((lead & 0x0FU) << 12U) | ((bytes[1] & 0x3FU) << 6U) | (bytes[2] & 0x3FU));
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  return 0;
}

/// normalize_title without utf8proc's NFKC pass, which allocates and walks its tables for
/// every character: a full evaluation normalises every document title a few times, and
/// titles are nearly always made of the characters above. Decoded and classified here
/// (an ideograph stays; of the others `nfkc_alone` lets through only ASCII and
/// punctuation), not through utf8proc's calls and tables per character. Empty when the
/// text has any other character.
std::optional<std::string> normalize_plain_title(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(title.data());
  std::size_t remaining = title.size();
  while (remaining > 0) {
    utf8proc_int32_t cp = 0;
    const int n = decode_short(bytes, remaining, cp);
    if (n == 0) return std::nullopt;
    const auto mapped = nfkc_alone(cp);
    if (mapped < 0) return std::nullopt;
    const bool drop = mapped < 0x80 ? ascii_dropped(static_cast<unsigned char>(mapped)) : !common_ideograph(mapped);
    if (!drop) {
      if (mapped == cp)
        out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
      else
        out.push_back(static_cast<char>(mapped));  // fullwidth ASCII became ASCII
    }
    bytes += n;
    remaining -= static_cast<std::size_t>(n);
  }
  return out;
}

}  // namespace

std::string normalize_title(std::string_view title) {
  if (auto plain = normalize_plain_title(title)) return std::move(*plain);
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
