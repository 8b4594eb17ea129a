#pragma once
// Turning a fetched page's bytes into UTF-8 the way browsers do: BOM, then the HTTP
// header, then <meta> or the XML declaration; gb2312 and gbk decode as GB18030; with no
// declaration, UTF-8 if the bytes are valid UTF-8, else GB18030.

#include <string>
#include <string_view>

namespace deadlined::daemon {

struct decoded_text {
  std::string utf8;
  std::string charset;  ///< what was used: utf-8, gb18030, big5, …
  std::string reason;   ///< bom, header, meta, xml-declaration, valid-utf8, fallback
};

/// `header_content_type` is the HTTP Content-Type value, empty for files.
decoded_text decode_page(std::string_view bytes, std::string_view header_content_type = {});

/// The charset named in a Content-Type value (`text/html; charset=GBK` → `gbk`), lower-case.
std::string charset_parameter(std::string_view content_type);

bool is_valid_utf8(std::string_view bytes);

}  // namespace deadlined::daemon
