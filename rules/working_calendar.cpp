#include "deadlined/rules/working_calendar.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace deadlined::rules {

namespace {

using std::chrono::days;
using std::chrono::year;

// The tables reach beyond the supported dates so that adding or subtracting the largest
// allowed count of working days from any supported date stays inside them.
constexpr civil_date table_first{year{1930} / 1 / 1};
constexpr civil_date table_last{year{2240} / 12 / 31};

bool is_weekend(civil_date date) {
  const std::chrono::weekday wd{date};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

std::string_view chinese_label(day_kind kind) {
  switch (kind) {
    case day_kind::workday: return "工作日";
    case day_kind::weekend: return "休息日";
    case day_kind::holiday: return "法定节假日";
    case day_kind::adjusted_workday: return "调休上班";
    case day_kind::closure: return "停工";
  }
  return "";
}

struct working_calendar::tables {
  std::string name;
  zone_offsets zone;
  std::set<int> covered;
  std::map<civil_date, std::string> names;
  std::vector<day_kind> kinds;        // one per table day
  std::vector<std::int32_t> before;   // before[i]: working days in [table_first, table_first + i)
  std::vector<std::int32_t> workdays; // table offsets of the working days, ascending

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
  auto t = std::make_shared<tables>(tables{spec.name, std::move(zone), {}, {}, {}, {}, {}});
  t->covered.insert(spec.covered_years.begin(), spec.covered_years.end());

  const auto span = static_cast<std::size_t>((table_last - table_first).count()) + 1;
  t->kinds.resize(span);
  for (std::size_t i = 0; i < span; ++i) {
    t->kinds[i] = is_weekend(table_first + days{i}) ? day_kind::weekend : day_kind::workday;
  }
  for (const auto& day : spec.days) {
    if (day.date < table_first || day.date > table_last) continue;
    auto& kind = t->kinds[t->index(day.date)];
    switch (day.change) {
      case calendar_day_change::holiday: kind = day_kind::holiday; break;
      case calendar_day_change::closure: kind = day_kind::closure; break;
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

const std::string& working_calendar::name() const { return tables_->name; }
const zone_offsets& working_calendar::zone() const { return tables_->zone; }

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
  return tables_->covered.contains(static_cast<int>(y));
}

bool working_calendar::covers(civil_date from, civil_date to) const {
  const int first = static_cast<int>(std::chrono::year_month_day{std::min(from, to)}.year());
  const int last = static_cast<int>(std::chrono::year_month_day{std::max(from, to)}.year());
  for (int y = first; y <= last; ++y) {
    if (!tables_->covered.contains(y)) return false;
  }
  return true;
}

bool working_calendar::next_year_missing(civil_date today) const {
  const std::chrono::year_month_day ymd{today};
  return ymd.month() == std::chrono::December && !covers(ymd.year() + std::chrono::years{1});
}

year working_calendar::last_covered_year() const {
  return tables_->covered.empty() ? year{0} : year{*tables_->covered.rbegin()};
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
