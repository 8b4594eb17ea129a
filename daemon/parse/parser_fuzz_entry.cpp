#include "deadlined/daemon/parser_fuzz_entry.hpp"

#include "deadlined/daemon/charset.hpp"
#include "deadlined/daemon/page_date.hpp"
#include "deadlined/daemon/page_parser.hpp"

namespace deadlined::daemon {

namespace {

const rules::zone_offsets& zone() {
  static const auto shanghai = rules::zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8});
  return shanghai;
}

page_context fixed_context() {
  // A fixed "now" keeps every run reproducible.
  return page_context{"https://www.example.gov.cn/col/",
                      rules::instant{std::chrono::sys_days{std::chrono::year{2019} / 10 / 10}}, zone()};
}

}  // namespace

std::size_t fuzz_page_parser(std::string_view bytes) {
  std::vector<std::string> problems;
  return parse_page(bytes, "", parser_spec{}, fixed_context(), problems).items.size();
}

std::size_t fuzz_feed_parser(std::string_view bytes) {
  return detail::parse_feed(decode_page(bytes).utf8, fixed_context()).items.size();
}

std::size_t fuzz_page_dates(std::string_view bytes) {
  const auto text = decode_page(bytes).utf8;
  const auto today = zone().local_date(fixed_context().now);
  return find_page_dates(text, today, zone()).size() + (parse_feed_date(text, today, zone()) ? 1 : 0);
}

}  // namespace deadlined::daemon
