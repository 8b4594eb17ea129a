#pragma once
// Civil dates and UTC instants: the two time types every part of deadlined speaks.

#include <chrono>
#include <string>
#include <string_view>

namespace deadlined::rules {

/// A calendar date with no zone attached (a local date in the calendar's zone).
using civil_date = std::chrono::sys_days;
/// A point in time, UTC, second precision.
using instant = std::chrono::sys_seconds;

/// The first and last dates the working-day calendar answers for.
inline constexpr civil_date first_supported_date{std::chrono::year{1970} / 1 / 1};
inline constexpr civil_date last_supported_date{std::chrono::year{2199} / 12 / 31};

/// `2019-10-08`
std::string format_date(civil_date date);
/// `2019-10-08T23:59:59+08:00`: the instant shown at a fixed UTC offset.
std::string format_instant(instant at, std::chrono::seconds utc_offset);
/// `+08:00`
std::string format_offset(std::chrono::seconds utc_offset);
/// 周一 … 周日
std::string_view chinese_weekday(std::chrono::weekday day);

}  // namespace deadlined::rules
