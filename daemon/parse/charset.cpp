#include "deadlined/daemon/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

namespace deadlined::daemon {

namespace {

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// Browsers treat these labels as GB18030's subsets; decoding them as GB18030 loses nothing.
std::string canonical(std::string name) {
  name = lower(name);
  if (name == "gb2312" || name == "gbk" || name == "x-gbk" || name == "gb_2312-80" || name == "cp936" ||
      name == "euc-cn" || name == "gb18030") {
    return "gb18030";
  }
  if (name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  return name;
}

/// The value after `key=` in `text`, up to a quote, semicolon, space or `>`.
std::string value_after(std::string_view text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '"' || text[at] == '\''))
    ++at;
  std::size_t end = at;
  while (end < text.size() && text[end] != '"' && text[end] != '\'' && text[end] != ';' && text[end] != ' ' &&
         text[end] != '>' && text[end] != '/' && text[end] != '?') {
    ++end;
  }
  return std::string{text.substr(at, end - at)};
}

/// charset from <meta charset=…>, <meta http-equiv content="…; charset=…"> or <?xml encoding="…"?>.
std::pair<std::string, std::string> declared_in_document(std::string_view bytes) {
  const std::string head = lower(bytes.substr(0, 4096));
  if (head.starts_with("<?xml")) {
    const auto end = head.find("?>");
    const auto enc = head.find("encoding=");
    if (enc != std::string::npos && enc < end) return {value_after(head, enc + 9), "xml-declaration"};
  }
  for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const auto close = head.find('>', at);
    const auto tag = std::string_view{head}.substr(at, close == std::string::npos ? std::string::npos : close - at);
    const auto cs = tag.find("charset=");
    if (cs != std::string_view::npos) return {value_after(tag, cs + 8), "meta"};
  }
  return {};
}

std::string convert(std::string_view bytes, const std::string& from) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::unique_ptr<void, decltype(&iconv_close)> owner{cd, &iconv_close};
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  std::string in{bytes};
  char* src = in.data();
  std::size_t src_left = in.size();
  std::string chunk(4096, '\0');
  while (src_left > 0) {
    char* dst = chunk.data();
    std::size_t dst_left = chunk.size();
    const auto rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.append(chunk.data(), chunk.size() - dst_left);
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // Browsers decode a lone 0x80 in GBK pages as the euro sign (Windows code page 936);
    // glibc's GB18030 does not, so it is done here.
    if (from == "GB18030" && static_cast<unsigned char>(*src) == 0x80) {
      out += "\xE2\x82\xAC";
    } else {
      // An invalid or truncated sequence: show U+FFFD and go on from the next byte.
      out += "\xEF\xBF\xBD";
    }
    ++src;
    --src_left;
  }
  return out;
}

}  // namespace

std::string charset_parameter(std::string_view content_type) {
  const std::string lowered = lower(content_type);
  const auto at = lowered.find("charset=");
  if (at == std::string::npos) return {};
  return lower(value_after(lowered, at + 8));
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Markup is ASCII: step over it eight bytes at a time.
    while (i + 8 <= s.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    // Chinese text is one three-byte sequence after another, mostly with lead bytes E1–EC
    // (no overlong forms or surrogates possible there): those take the short way.
    if (c >= 0xE1 && c <= 0xEC && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // the sequence runs past the end
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

decoded_text decode_page(std::string_view bytes, std::string_view header_content_type) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return {std::string{bytes.substr(3)}, "utf-8", "bom"};
  if (bytes.starts_with("\xFF\xFE")) return {convert(bytes.substr(2), "UTF-16LE"), "utf-16le", "bom"};
  if (bytes.starts_with("\xFE\xFF")) return {convert(bytes.substr(2), "UTF-16BE"), "utf-16be", "bom"};

  std::string charset = canonical(charset_parameter(header_content_type));
  std::string reason = "header";
  if (charset.empty()) {
    auto [declared, where] = declared_in_document(bytes);
    charset = canonical(declared);
    reason = where;
  }
  if (!charset.empty()) {
    if (charset == "utf-8") {
      // A page that says UTF-8 but is not (a common CMS mistake) is read as GB18030.
      if (is_valid_utf8(bytes)) return {std::string{bytes}, "utf-8", reason};
      return {convert(bytes, "GB18030"), "gb18030", reason + "-invalid-utf8"};
    }
    auto text = convert(bytes, charset == "gb18030" ? "GB18030" : charset);
    if (!text.empty() || bytes.empty()) return {std::move(text), charset, reason};
    // An unknown label: fall through to sniffing.
  }
  if (is_valid_utf8(bytes)) return {std::string{bytes}, "utf-8", "valid-utf8"};
  return {convert(bytes, "GB18030"), "gb18030", "fallback"};
}

}  // namespace deadlined::daemon
