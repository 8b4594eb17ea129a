#include "deadlined/rules/report_period.hpp"

#include <charconv>
#include <optional>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::rules {

namespace {

using namespace std::chrono;

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

period labelled(civil_date first, civil_date last) {
  return {first, last, format_date(first) + ".." + format_date(last)};
}

/// The calendar unit a period spans exactly, if any.
std::optional<period_unit> calendar_unit_of(const period& p) {
  for (const auto unit : {period_unit::month, period_unit::quarter, period_unit::half, period_unit::year}) {
    const auto whole = period_containing(unit, p.first);
    if (whole.first == p.first && whole.last == p.last) return unit;
  }
  return std::nullopt;
}

civil_date same_day_a_year_earlier(civil_date date) {
  const year_month_day ymd{date};
  const auto earlier = (ymd.year() - years{1}) / ymd.month() / ymd.day();
  // 29 February becomes 28 February.
  return earlier.ok() ? civil_date{earlier} : civil_date{(ymd.year() - years{1}) / ymd.month() / last};
}

}  // namespace

parsed<period> parse_report_period(std::string_view text) {
  if (const auto dots = text.find(".."); dots != std::string_view::npos) {
    const auto first = parse_date(text.substr(0, dots));
    if (const auto* e = std::get_if<parse_error>(&first)) return *e;
    auto last = parse_date(text.substr(dots + 2));
    if (auto* e = std::get_if<parse_error>(&last)) {
      e->column += character_count(text.substr(0, dots + 2));
      return *e;
    }
    if (std::get<civil_date>(last) < std::get<civil_date>(first)) {
      return parse_error{character_count(text.substr(0, dots + 2)) + 1, "the range ends before it starts"};
    }
    return labelled(std::get<civil_date>(first), std::get<civil_date>(last));
  }
  const auto year_text = text.substr(0, 4);
  const auto y = whole_number(year_text);
  if (!y || year_text.size() != 4 || *y < 1970 || *y > 2199) {
    return parse_error{1, "expected a year (2019), 2019-H1, 2019-Q3, 2019-09 or 2019-01-01..2019-06-30"};
  }
  const civil_date jan1{year{*y} / 1 / 1};
  if (text.size() == 4) return period_containing(period_unit::year, jan1);
  if (text[4] != '-') return parse_error{5, "expected - after the year"};
  const auto rest = text.substr(5);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q')) {
    const auto q = whole_number(rest.substr(1));
    if (!q || *q < 1 || *q > 4) return parse_error{7, "a quarter is Q1 to Q4"};
    return period_containing(period_unit::quarter, civil_date{year{*y} / month{static_cast<unsigned>(*q * 3)} / 1});
  }
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'h')) {
    const auto h = whole_number(rest.substr(1));
    if (!h || *h < 1 || *h > 2) return parse_error{7, "a half year is H1 or H2"};
    return period_containing(period_unit::half, civil_date{year{*y} / month{static_cast<unsigned>(*h * 6)} / 1});
  }
  if (rest.size() == 2) {
    const auto m = whole_number(rest);
    if (!m || *m < 1 || *m > 12) return parse_error{6, "a month is 01 to 12"};
    return period_containing(period_unit::month, civil_date{year{*y} / month{static_cast<unsigned>(*m)} / 1});
  }
  return parse_error{6, "expected Q1–Q4, H1–H2 or a month 01–12 after the year"};
}

period year_to_date(civil_date today) {
  const civil_date jan1{year_month_day{today}.year() / 1 / 1};
  return labelled(jan1, today);
}

period previous_period(const period& p) {
  if (const auto unit = calendar_unit_of(p)) return period_containing(*unit, p.first - days{1});
  const year_month_day first{p.first};
  const year_month_day last{p.last};
  if (first.month() == January && first.day() == day{1} && first.year() == last.year()) {
    return labelled(same_day_a_year_earlier(p.first), same_day_a_year_earlier(p.last));
  }
  const auto length = p.last - p.first + days{1};
  return labelled(p.first - length, p.first - days{1});
}

}  // namespace deadlined::rules
