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

/// A gzip member of `bytes` (readable with zcat).
std::string gzip_compress(std::string_view bytes);

}  // namespace deadlined::daemon
