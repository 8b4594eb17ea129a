#pragma once
// The statutory working-day calendar: which dates are working days, and O(1) arithmetic
// over them (add N working days, count working days between two dates).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "deadlined/rules/calendar_spec.hpp"
#include "deadlined/rules/civil_time.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::rules {

enum class day_kind : std::uint8_t {
  workday,           ///< Monday–Friday, nothing special
  weekend,           ///< Saturday or Sunday
  holiday,           ///< statutory holiday (放假)
  adjusted_workday,  ///< weekend day worked (调休上班)
  closure,           ///< local closure
};

/// Chinese label for explanations: 工作日, 休息日, 法定节假日, 调休上班, 停工.
std::string_view chinese_label(day_kind kind);

class working_calendar {
 public:
  working_calendar(const calendar_spec& spec, zone_offsets zone);

  const std::string& name() const;
  const zone_offsets& zone() const;

  /// Dates outside [first_supported_date, last_supported_date] are not answered.
  static bool supports(civil_date date);

  day_kind kind(civil_date date) const;
  bool is_working_day(civil_date date) const;
  /// The holiday's or adjusted day's name (国庆节), empty for ordinary days.
  std::string_view day_name(civil_date date) const;

  /// Whether `year` has an official schedule; if not, it is counted weekends-only.
  bool covers(std::chrono::year year) const;
  /// Whether every year from `from`'s through `to`'s is covered.
  bool covers(civil_date from, civil_date to) const;
  /// From 1 December on, whether next year's schedule is still missing.
  bool next_year_missing(civil_date today) const;
  /// The last covered year, for health reports.
  std::chrono::year last_covered_year() const;

  /// The `n`th working day strictly after `from` (n ≥ 1): `from` itself never counts.
  civil_date add_working_days(civil_date from, int n) const;
  /// The `n`th working day strictly before `before` (n ≥ 1).
  civil_date subtract_working_days(civil_date before, int n) const;
  /// Working days in the half-open range (from, to]; negative when `to` < `from`.
  int working_days_between(civil_date from, civil_date to) const;
  /// `date` if it is a working day, else the next working day.
  civil_date next_working_day(civil_date date) const;

 private:
  struct tables;
  std::shared_ptr<const tables> tables_;
};

}  // namespace deadlined::rules
