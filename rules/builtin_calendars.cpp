#include "builtin_calendar_data.hpp"
#include "deadlined/rules/calendar_spec.hpp"

namespace deadlined::rules {

calendar_spec builtin_cn_calendar() {
  calendar_spec spec;
  spec.name = "cn";
  for (int year : detail::cn_covered_years())
    spec.covered_years.push_back(year);
  for (const auto& day : detail::cn_days()) {
    const std::chrono::year_month_day ymd{std::chrono::year{day.year}, std::chrono::month{day.month},
                                          std::chrono::day{day.day}};
    spec.days.push_back(
        {civil_date{ymd}, day.off ? calendar_day_change::holiday : calendar_day_change::adjusted_workday, day.name});
  }
  return spec;
}

}  // namespace deadlined::rules
