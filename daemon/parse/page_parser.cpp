// The entry point of page parsing: decode, then the source's parser or --auto.

#include "deadlined/daemon/page_parser.hpp"

#include "deadlined/daemon/charset.hpp"

namespace deadlined::daemon {

extraction parse_page(std::string_view bytes, std::string_view content_type, const parser_spec& spec,
                      const page_context& context, std::vector<std::string>& problems) {
  const auto text = decode_page(bytes, content_type);
  switch (spec.how) {
    case parser_spec::kind::feed:
      return detail::parse_feed(text.utf8, context);
    case parser_spec::kind::selectors:
      return detail::select_list(text.utf8, spec, context, problems);
    case parser_spec::kind::automatic:
      if (looks_like_feed(text.utf8)) return detail::parse_feed(text.utf8, context);
      return detail::detect_list(text.utf8, context);
  }
  return {};
}

}  // namespace deadlined::daemon
