#include "deadlined/rules/due_computation.hpp"

#include <algorithm>

namespace deadlined::rules {

namespace {

using namespace std::chrono;

std::string describe_day(const working_calendar& calendar, civil_date date) {
  std::string line = format_date(date) + " " + std::string{chinese_weekday(weekday{date})} + " " +
                     std::string{chinese_label(calendar.kind(date))};
  const auto name = calendar.day_name(date);
  if (!name.empty()) line += "（" + std::string{name} + "）";
  if (!calendar.covers(year_month_day{date}.year())) line += "（暂定）";
  return line;
}

std::string describe_trigger(const timestamp& trigger, const working_calendar& calendar) {
  const auto& zone = calendar.zone();
  const civil_date date = trigger.local_date(zone);
  std::string line = "起算：" + format_date(date) + " " + std::string{chinese_weekday(weekday{date})};
  if (trigger.is_date_only()) return line + "（仅有日期）";
  const auto at = trigger.counting_instant(zone);
  const auto local = zone.format(at);  // 2019-09-27T10:00:00+08:00
  return line + " " + local.substr(11, 8) + "（" + local.substr(19) + "）";
}

std::string describe_due(instant due, const working_calendar& calendar) {
  const auto text = calendar.zone().format(due);
  return "截止：" + text.substr(0, 10) + " " + text.substr(11, 8) + "（" + text.substr(19) + "）";
}

std::string provisional_note(const working_calendar& calendar, civil_date from, civil_date to) {
  std::string years;
  const int first = static_cast<int>(year_month_day{from}.year());
  const int last = static_cast<int>(year_month_day{to}.year());
  for (int y = first; y <= last; ++y) {
    if (calendar.covers(year{y})) continue;
    if (!years.empty()) years += "、";
    years += std::to_string(y);
  }
  return "注意：" + years + " 年无节假日安排数据，按周六、周日休息推算，结果为暂定（provisional）";
}

bool paused(std::span<const pause_span> pauses, civil_date date) {
  return std::any_of(pauses.begin(), pauses.end(),
                     [date](const pause_span& p) { return date > p.paused_on && date <= p.resumed_on; });
}

/// The Nth counted working day after `from`, skipping the days inside pauses.
civil_date add_working_days_with_pauses(const working_calendar& calendar, civil_date from, int n,
                                        std::vector<pause_span> pauses) {
  std::sort(pauses.begin(), pauses.end(),
            [](const pause_span& a, const pause_span& b) { return a.paused_on < b.paused_on; });
  civil_date cursor = from;
  int remaining = n;
  for (const auto& pause : pauses) {
    if (pause.resumed_on <= pause.paused_on || pause.resumed_on <= cursor) continue;
    const civil_date stop = std::max(pause.paused_on, cursor);
    const int available = calendar.working_days_between(cursor, stop);
    if (available >= remaining) break;
    remaining -= available;
    cursor = pause.resumed_on;
  }
  return calendar.add_working_days(cursor, remaining);
}

void explain_working_days(const working_calendar& calendar, civil_date from, civil_date due_date,
                          std::span<const pause_span> pauses, std::vector<std::string>& out) {
  int counted = 0;
  for (civil_date d = from + days{1}; d <= due_date; d += days{1}) {
    std::string line = describe_day(calendar, d);
    if (!calendar.is_working_day(d)) {
      line += "，不计";
    } else if (paused(pauses, d)) {
      line += "，中止期间，不计";
    } else {
      line += "，第 " + std::to_string(++counted) + " 个工作日";
    }
    out.push_back(std::move(line));
  }
}

instant add_window(instant from, const deadline_expr& expr) {
  if (expr.unit == window_unit::weeks) return from + weeks{expr.count};
  // Months and years keep the day of month, clamped to the month's end; the time of day stays.
  const auto day_start = floor<days>(from);
  const year_month_day ymd{day_start};
  const auto target = expr.unit == window_unit::months ? ymd.year() / ymd.month() + months{expr.count}
                                                       : ymd.year() / ymd.month() + years{expr.count};
  const year_month_day_last last{target.year(), month_day_last{target.month()}};
  const year_month_day clamped{target.year(), target.month(), std::min(ymd.day(), last.day())};
  return sys_days{clamped} + (from - day_start);
}

}  // namespace

std::variant<due_result, std::string> compute_due(const timestamp& trigger, const deadline_expr& expr,
                                                  const working_calendar& calendar, const due_options& options) {
  const auto& zone = calendar.zone();
  const civil_date from = trigger.local_date(zone);
  if (!working_calendar::supports(from)) {
    return "date " + format_date(from) + " is outside the supported range " + format_date(first_supported_date) + ".." +
           format_date(last_supported_date);
  }
  if (expr.count > max_deadline_count) return "count " + std::to_string(expr.count) + " is too large";

  due_result result;
  std::vector<std::string>& why = result.explanation;
  if (options.explain) why.push_back(describe_trigger(trigger, calendar));

  switch (expr.kind) {
    case deadline_kind::working_days: {
      const civil_date due_date = options.pauses.empty()
                                      ? calendar.add_working_days(from, expr.count)
                                      : add_working_days_with_pauses(calendar, from, expr.count,
                                                                     {options.pauses.begin(), options.pauses.end()});
      result.due = zone.end_of_day(due_date);
      result.provisional = !calendar.covers(from + days{1}, due_date);
      if (options.explain) {
        why.push_back("自次日起计 " + std::to_string(expr.count) + " 个工作日，起算当日不计");
        explain_working_days(calendar, from, due_date, options.pauses, why);
        if (result.provisional) why.push_back(provisional_note(calendar, from + days{1}, due_date));
      }
      break;
    }
    case deadline_kind::calendar_days: {
      const civil_date last = from + days{expr.count};
      civil_date due_date = last;
      if (expr.roll == roll_policy::next_working_day) {
        due_date = calendar.next_working_day(last);
        result.provisional = !calendar.covers(last, due_date);
      }
      result.due = zone.end_of_day(due_date);
      if (options.explain) {
        why.push_back("自次日起计 " + std::to_string(expr.count) + " 日，第 " + std::to_string(expr.count) + " 日为 " +
                      describe_day(calendar, last));
        if (expr.roll == roll_policy::none) {
          why.push_back("不顺延（roll: none）");
        } else if (due_date != last) {
          why.push_back("期限最后一日非工作日，顺延至 " + describe_day(calendar, due_date));
        } else {
          why.push_back("期限最后一日为工作日，不顺延");
        }
        if (result.provisional) why.push_back(provisional_note(calendar, last, due_date));
      }
      break;
    }
    case deadline_kind::hours: {
      result.due = trigger.counting_instant(zone) + hours{expr.count};
      if (options.explain) {
        if (trigger.is_date_only()) why.push_back("仅有日期，自当日 23:59:59 起算");
        why.push_back("加 " + std::to_string(expr.count) + " 小时，不计工作日");
      }
      break;
    }
    case deadline_kind::same_day_cutoff: {
      result.due = zone.at_local(from, expr.cutoff);
      if (options.explain) {
        why.push_back("当天 " + to_string(expr).substr(3, 5) + " 前");
        if (trigger.counting_instant(zone) > result.due) {
          why.push_back(trigger.is_date_only() ? "仅有日期，按当日 23:59:59 计，已过截止时间，立即逾期"
                                               : "起算时间已过截止时间，立即逾期");
        }
      }
      break;
    }
    case deadline_kind::next_year_date: {
      const year next = year_month_day{from}.year() + years{1};
      auto ymd = year_month_day{next, month{expr.month}, day{expr.day}};
      if (!ymd.ok()) ymd = year_month_day{year_month_day_last{next, month_day_last{month{expr.month}}}};
      result.due = zone.end_of_day(civil_date{ymd});
      if (options.explain) {
        why.push_back("次年 " + std::to_string(expr.month) + " 月 " + std::to_string(expr.day) +
                      " 日前；固定日期，不顺延");
      }
      break;
    }
    case deadline_kind::window: {
      result.due = add_window(trigger.counting_instant(zone), expr);
      if (options.explain) why.push_back("窗口期 " + to_string(expr) + "，按自然日历计，不计工作日");
      break;
    }
  }
  if (options.explain) why.push_back(describe_due(result.due, calendar));
  return result;
}

instant reminder_time(instant due, const reminder_offset& offset, const working_calendar& calendar,
                      minutes digest_time) {
  const auto& zone = calendar.zone();
  const civil_date due_date = zone.local_date(due);
  switch (offset.unit) {
    case reminder_offset::unit::working_days:
      return zone.at_local(calendar.subtract_working_days(due_date, offset.count), digest_time);
    case reminder_offset::unit::days:
      return zone.at_local(due_date - days{offset.count}, digest_time);
    case reminder_offset::unit::hours:
      return due - hours{offset.count};
  }
  return due;
}

}  // namespace deadlined::rules
