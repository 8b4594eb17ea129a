#pragma once
// Title references: an interpretation names its document by quoting its title in 《…》,
// usually without the issuer ("广州市从化区人民政府办公室关于印发") that stands in front.

#include <string>
#include <string_view>
#include <vector>

namespace deadlined::rules {

/// NFKC, then punctuation and whitespace dropped.
std::string normalize_title(std::string_view title);

/// Shorter quoted titles are not taken as references (too many documents end with them).
inline constexpr int shortest_title_reference = 6;

/// The document titles quoted in 《…》 in `text`, normalised, a leading 关于 and a trailing
/// 的通知 / 的决定 / 的函 dropped; only those of at least `shortest_title_reference` characters.
std::vector<std::string> quoted_titles(std::string_view text);

/// A document's title as references are compared with it: normalised, a trailing 的通知 dropped.
std::string document_title_key(std::string_view title);

/// The reference names the document when the quoted title is a suffix of the document's key.
bool refers_to(std::string_view quoted, std::string_view document_key);

}  // namespace deadlined::rules
