#pragma once
// Entry points for fuzzing the page parsers: each runs on arbitrary bytes with a fixed
// context, does no I/O, and must neither crash nor hang. Returns the number of items.

#include <cstddef>
#include <string_view>

namespace deadlined::daemon {

/// Charset detection, then --auto (feed or list detection, inline JSON, comments).
std::size_t fuzz_page_parser(std::string_view bytes);
/// The feed parser on the bytes as UTF-8.
std::size_t fuzz_feed_parser(std::string_view bytes);
/// Page and feed date parsing on the bytes as text.
std::size_t fuzz_page_dates(std::string_view bytes);

}  // namespace deadlined::daemon
