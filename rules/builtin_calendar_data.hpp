#pragma once
// The compiled-in holiday table, generated at build time from rules/data/cn-holidays.

#include <span>

namespace deadlined::rules::detail {

struct builtin_day {
  int year;
  unsigned month;
  unsigned day;
  bool off;
  const char* name;
};

std::span<const int> cn_covered_years();
std::span<const builtin_day> cn_days();

}  // namespace deadlined::rules::detail
