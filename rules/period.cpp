#include "deadlined/rules/period.hpp"

namespace deadlined::rules {

namespace {

using namespace std::chrono;

std::string two(unsigned v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

}  // namespace

period period_containing(period_unit unit, civil_date date) {
  const year_month_day ymd{date};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  unsigned first_month = 1;
  unsigned months_long = 12;
  std::string label = std::to_string(y);
  switch (unit) {
    case period_unit::year:
      break;
    case period_unit::half:
      first_month = m <= 6 ? 1 : 7;
      months_long = 6;
      label += m <= 6 ? "-H1" : "-H2";
      break;
    case period_unit::quarter:
      first_month = (m - 1) / 3 * 3 + 1;
      months_long = 3;
      label += "-Q" + std::to_string((m - 1) / 3 + 1);
      break;
    case period_unit::month:
      first_month = m;
      months_long = 1;
      label += "-" + two(m);
      break;
  }
  const auto start = year{y} / month{first_month} / 1;
  const auto next = start + months{months_long};
  return {civil_date{start}, civil_date{next} - days{1}, label};
}

std::vector<period> periods_between(period_unit unit, civil_date from, civil_date to) {
  std::vector<period> out;
  for (civil_date at = from; at <= to;) {
    auto p = period_containing(unit, at);
    p.first = std::max(p.first, from);
    out.push_back(p);
    at = p.last + days{1};
  }
  return out;
}

period iso_week_containing(civil_date date) {
  const weekday wd{date};
  const civil_date monday = date - days{(wd.c_encoding() + 6) % 7};
  // The ISO year is the year of the week's Thursday.
  const civil_date thursday = monday + days{3};
  const year_month_day thursday_ymd{thursday};
  const civil_date jan1{thursday_ymd.year() / 1 / 1};
  const auto week = (thursday - jan1).count() / 7 + 1;
  return {monday, monday + days{6},
          std::to_string(static_cast<int>(thursday_ymd.year())) + "-W" + two(static_cast<unsigned>(week))};
}

}  // namespace deadlined::rules
