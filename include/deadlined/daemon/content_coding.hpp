#pragma once
// gzip and deflate bodies (HTTP Content-Encoding) and the compressed evidence snapshots,
// through zlib, with a cap on the decoded size so a compression bomb stops at the limit.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace deadlined::daemon {

/// Decodes `body` sent with Content-Encoding `encoding` (gzip, x-gzip, deflate; identity
/// and empty pass through). Returns the reason on failure, including "larger than N bytes".
std::optional<std::string> decode_content(std::string_view encoding, std::string_view body, std::size_t limit,
                                          std::string& out);

/// A gzip member of `bytes` (readable with zcat), with `comment` (no NUL bytes) in its
/// header's comment field (RFC 1952 FCOMMENT).
std::string gzip_compress(std::string_view bytes, const std::string& comment = "");

/// The header comment of a gzip member; empty when it has none or is not gzip.
std::string gzip_comment(std::string_view member);

}  // namespace deadlined::daemon
