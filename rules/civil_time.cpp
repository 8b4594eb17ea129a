#include "deadlined/rules/civil_time.hpp"

#include <array>

namespace deadlined::rules {

namespace {

void append_padded(std::string& out, long value, int width) {
  std::array<char, 16> digits{};
  int n = 0;
  do {
    digits[static_cast<std::size_t>(n++)] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int i = n; i < width; ++i)
    out.push_back('0');
  while (n > 0)
    out.push_back(digits[static_cast<std::size_t>(--n)]);
}

void append_date(std::string& out, civil_date date) {
  const std::chrono::year_month_day ymd{date};
  append_padded(out, static_cast<int>(ymd.year()), 4);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(ymd.month()), 2);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(ymd.day()), 2);
}

}  // namespace

std::string format_date(civil_date date) {
  std::string out;
  out.reserve(10);
  append_date(out, date);
  return out;
}

std::string format_offset(std::chrono::seconds utc_offset) {
  std::string out;
  long total = utc_offset.count();
  out.push_back(total < 0 ? '-' : '+');
  if (total < 0) total = -total;
  append_padded(out, total / 3600, 2);
  out.push_back(':');
  append_padded(out, (total % 3600) / 60, 2);
  return out;
}

std::string format_instant(instant at, std::chrono::seconds utc_offset) {
  const auto local = at + utc_offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss time{local - day};
  std::string out;
  out.reserve(25);
  append_date(out, day);
  out.push_back('T');
  append_padded(out, time.hours().count(), 2);
  out.push_back(':');
  append_padded(out, time.minutes().count(), 2);
  out.push_back(':');
  append_padded(out, time.seconds().count(), 2);
  out += format_offset(utc_offset);
  return out;
}

std::string_view chinese_weekday(std::chrono::weekday day) {
  static constexpr std::array<std::string_view, 7> names{"周日", "周一", "周二", "周三", "周四", "周五", "周六"};
  return names[day.c_encoding()];
}

}  // namespace deadlined::rules
