#pragma once
// Text made safe for HTML pages and URLs: every scraped or submitted string passes here.

#include <string>
#include <string_view>

namespace deadlined::daemon {

/// Text with &, <, >, " and ' escaped for HTML.
std::string html_escape(std::string_view text);
/// Percent-encoding for a URL query value.
std::string query_encode(std::string_view text);

}  // namespace deadlined::daemon
