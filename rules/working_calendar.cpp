#include "deadlined/rules/working_calendar.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace deadlined::rules {

namespace {

using std::chrono::days;
using std::chrono::year;

// The tables reach beyond the supported dates so that adding or subtracting the largest
// allowed count of working days from any supported date stays inside them.
constexpr int table_first_year = 1930;
constexpr int table_last_year = 2240;
constexpr civil_date table_first{year{table_first_year} / 1 / 1};
constexpr civil_date table_last{year{table_last_year} / 12 / 31};

bool is_weekend(civil_date date) {
  const std::chrono::weekday wd{date};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

std::string_view chinese_label(day_kind kind) {
  switch (kind) {
    case day_kind::workday:
      return "工作日";
    case day_kind::weekend:
      return "休息日";
    case day_kind::holiday:
      return "法定节假日";
    case day_kind::adjusted_workday:
      return "调休上班";
    case day_kind::closure:
      return "停工";
  }
  return "";
}

struct working_calendar::tables {
  std::string name;
  zone_offsets zone;
  std::vector<bool> covered;  // one per table year, from table_first's year
  struct date_run {
    civil_date first;
    civil_date last;
  };
  std::vector<date_run> covered_runs;  // consecutive covered years as date ranges, ascending
  std::map<civil_date, std::string> names;
  std::vector<day_kind> kinds;         // one per table day
  std::vector<std::int32_t> before;    // before[i]: working days in [table_first, table_first + i)
  std::vector<std::int32_t> workdays;  // table offsets of the working days, ascending

  std::size_t index(civil_date date) const {
    const auto clamped = std::clamp(date, table_first, table_last);
    return static_cast<std::size_t>((clamped - table_first).count());
  }
  civil_date date_at_workday(std::int64_t k) const {
    k = std::clamp<std::int64_t>(k, 0, static_cast<std::int64_t>(workdays.size()) - 1);
    return table_first + days{workdays[static_cast<std::size_t>(k)]};
  }
};

working_calendar::working_calendar(const calendar_spec& spec, zone_offsets zone) {
  auto t = std::make_shared<tables>(tables{spec.name, std::move(zone), {}, {}, {}, {}, {}, {}});
  t->covered.assign(static_cast<std::size_t>(table_last_year - table_first_year + 1), false);
  for (int y : spec.covered_years) {
    if (y >= table_first_year && y <= table_last_year)
      t->covered[static_cast<std::size_t>(y - table_first_year)] = true;
  }

  for (int y = table_first_year; y <= table_last_year; ++y) {
    if (!t->covered[static_cast<std::size_t>(y - table_first_year)]) continue;
    const civil_date first{year{y} / 1 / 1};
    const civil_date last{year{y} / 12 / 31};
    if (!t->covered_runs.empty() && t->covered_runs.back().last + days{1} == first) {
      t->covered_runs.back().last = last;
    } else {
      t->covered_runs.push_back({first, last});
    }
  }

  const auto span = static_cast<std::size_t>((table_last - table_first).count()) + 1;
  t->kinds.resize(span);
  for (std::size_t i = 0; i < span; ++i) {
    t->kinds[i] = is_weekend(table_first + days{i}) ? day_kind::weekend : day_kind::workday;
  }
  for (const auto& day : spec.days) {
    if (day.date < table_first || day.date > table_last) continue;
    auto& kind = t->kinds[t->index(day.date)];
    switch (day.change) {
      case calendar_day_change::holiday:
        kind = day_kind::holiday;
        break;
      case calendar_day_change::closure:
        kind = day_kind::closure;
        break;
      case calendar_day_change::adjusted_workday:
        // A listed weekday marked as working (2020-02-03 after the Spring Festival
        // extension) is an ordinary working day, not an exchanged weekend.
        kind = is_weekend(day.date) ? day_kind::adjusted_workday : day_kind::workday;
        break;
    }
    if (!day.name.empty()) t->names[day.date] = day.name;
  }

  t->before.resize(span + 1);
  t->workdays.reserve(span * 5 / 7 + 1);
  std::int32_t count = 0;
  for (std::size_t i = 0; i < span; ++i) {
    t->before[i] = count;
    const auto kind = t->kinds[i];
    if (kind == day_kind::workday || kind == day_kind::adjusted_workday) {
      t->workdays.push_back(static_cast<std::int32_t>(i));
      ++count;
    }
  }
  t->before[span] = count;
  tables_ = std::move(t);
}

const std::string& working_calendar::name() const {
  return tables_->name;
}
const zone_offsets& working_calendar::zone() const {
  return tables_->zone;
}

bool working_calendar::supports(civil_date date) {
  return date >= first_supported_date && date <= last_supported_date;
}

day_kind working_calendar::kind(civil_date date) const {
  return tables_->kinds[tables_->index(date)];
}

bool working_calendar::is_working_day(civil_date date) const {
  const auto k = kind(date);
  return k == day_kind::workday || k == day_kind::adjusted_workday;
}

std::string_view working_calendar::day_name(civil_date date) const {
  auto it = tables_->names.find(date);
  return it == tables_->names.end() ? std::string_view{} : std::string_view{it->second};
}

bool working_calendar::covers(year y) const {
  const int i = static_cast<int>(y) - table_first_year;
  return i >= 0 && i < static_cast<int>(tables_->covered.size()) && tables_->covered[static_cast<std::size_t>(i)];
}

bool working_calendar::covers(civil_date from, civil_date to) const {
  if (to < from) std::swap(from, to);
  // Both ends must fall in one run of consecutive covered years.
  const auto& runs = tables_->covered_runs;
  auto it = std::upper_bound(runs.begin(), runs.end(), from,
                             [](civil_date d, const tables::date_run& r) { return d < r.first; });
  if (it == runs.begin()) return false;
  --it;
  return from <= it->last && to <= it->last;
}

bool working_calendar::next_year_missing(civil_date today) const {
  const std::chrono::year_month_day ymd{today};
  return ymd.month() == std::chrono::December && !covers(ymd.year() + std::chrono::years{1});
}

year working_calendar::last_covered_year() const {
  for (int y = table_last_year; y >= table_first_year; --y) {
    if (covers(year{y})) return year{y};
  }
  return year{0};
}

civil_date working_calendar::add_working_days(civil_date from, int n) const {
  const auto& t = *tables_;
  // Working days up to and including `from`, then the n-th one after them.
  const std::int64_t through_from = t.before[t.index(from) + 1];
  return t.date_at_workday(through_from + n - 1);
}

civil_date working_calendar::subtract_working_days(civil_date before, int n) const {
  const auto& t = *tables_;
  return t.date_at_workday(static_cast<std::int64_t>(t.before[t.index(before)]) - n);
}

int working_calendar::working_days_between(civil_date from, civil_date to) const {
  const auto& t = *tables_;
  return t.before[t.index(to) + 1] - t.before[t.index(from) + 1];
}

civil_date working_calendar::next_working_day(civil_date date) const {
  const auto& t = *tables_;
  return t.date_at_workday(t.before[t.index(date)]);
}

}  // namespace deadlined::rules
