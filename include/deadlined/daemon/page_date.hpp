#pragma once
// Dates as government pages and feeds write them: 2019-09-27, 2019.09.27, 2019/9/27,
// 2019年9月27日, [09-27], 发布时间：2020-04-21 11:58:29, and RFC 822 in feeds.

#include <optional>
#include <string_view>
#include <vector>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

/// Every date in `text`, in order. A date alone keeps date precision; a date with a time
/// is local time in `zone`. A year-less date (`[09-27]`, or `09-27` as the whole text)
/// takes the nearest year that does not put it after `today`.
std::vector<rules::timestamp> find_page_dates(std::string_view text, rules::civil_date today,
                                              const rules::zone_offsets& zone);

/// The first date in `text`, if any.
std::optional<rules::timestamp> find_page_date(std::string_view text, rules::civil_date today,
                                               const rules::zone_offsets& zone);

/// A feed date: RFC 822 (`Fri, 27 Sep 2019 10:00:00 +0800`, `+0900` glued to the time,
/// `GMT`, two-digit years; `CST` is read as China Standard Time, +08:00, as Chinese feeds
/// mean it) or ISO 8601; a date without zone is local time in `zone`.
std::optional<rules::timestamp> parse_feed_date(std::string_view text, rules::civil_date today,
                                                const rules::zone_offsets& zone);

}  // namespace deadlined::daemon
