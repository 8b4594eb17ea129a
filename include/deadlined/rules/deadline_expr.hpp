#pragma once
// Deadline expressions (`3 working days`, `20个工作日`, `by 20:00 same day`, `次年1月31日前`,
// `2 weeks`) and reminder offsets (`1 working day before`, `提前3小时`), parsed from text.

#include <chrono>
#include <string>
#include <string_view>

#include "deadlined/rules/parse_error.hpp"

namespace deadlined::rules {

enum class deadline_kind {
  working_days,     ///< end of the Nth working day after the trigger's date
  calendar_days,    ///< end of the Nth day after, rolled to the next working day
  hours,            ///< trigger instant + N hours
  same_day_cutoff,  ///< HH:MM on the trigger's local date
  next_year_date,   ///< end of MM-DD in the year after the trigger's
  window,           ///< N weeks / months / years: look-back windows, no working-day logic
};

enum class window_unit { weeks, months, years };

/// Whether a calendar-day deadline that ends on a non-working day moves to the next one.
enum class roll_policy { next_working_day, none };

struct deadline_expr {
  deadline_kind kind = deadline_kind::working_days;
  int count = 0;                          ///< N, for the counted kinds
  window_unit unit = window_unit::weeks;  ///< for windows
  std::chrono::minutes cutoff{0};         ///< for same_day_cutoff: time of day
  unsigned month = 0;                     ///< for next_year_date
  unsigned day = 0;                       ///< for next_year_date
  roll_policy roll = roll_policy::next_working_day;

  friend bool operator==(const deadline_expr&, const deadline_expr&) = default;
};

/// Canonical English text (`3 working days`, `by 20:00 same day`).
std::string to_string(const deadline_expr& expr);

/// Chinese text as users read it (`3个工作日`, `当天20:00前`, `次年1月31日前`).
std::string to_chinese(const deadline_expr& expr);

/// The largest N accepted (about forty years of working days).
inline constexpr int max_deadline_count = 10000;

parsed<deadline_expr> parse_deadline(std::string_view text);

/// A reminder: how long before the due instant it fires.
struct reminder_offset {
  enum class unit { working_days, days, hours } unit = unit::working_days;
  int count = 0;

  friend bool operator==(const reminder_offset&, const reminder_offset&) = default;
};

std::string to_string(const reminder_offset& offset);

/// `1 working day before`, `3 hours before`, `2 days before`, `提前1个工作日`, `提前3小时`.
parsed<reminder_offset> parse_reminder(std::string_view text);

}  // namespace deadlined::rules
