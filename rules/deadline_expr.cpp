#include "deadlined/rules/deadline_expr.hpp"

#include <array>

#include "text_scan.hpp"

namespace deadlined::rules {

namespace {

using detail::text_scan;

std::string quoted(std::string_view text) {
  return "\"" + std::string{text.substr(0, 40)} + "\"";
}

struct unit_word {
  std::string_view text;
  deadline_kind kind;
  window_unit unit = window_unit::weeks;
};

// Unit words after the number, English (compared lower-case, spaces collapsed) and Chinese.
constexpr std::array<unit_word, 37> unit_words{{
    {"working day", deadline_kind::working_days},
    {"working days", deadline_kind::working_days},
    {"个工作日", deadline_kind::working_days},
    {"个工作日内", deadline_kind::working_days},
    {"工作日", deadline_kind::working_days},
    {"工作日内", deadline_kind::working_days},
    {"day", deadline_kind::calendar_days},
    {"days", deadline_kind::calendar_days},
    {"calendar day", deadline_kind::calendar_days},
    {"calendar days", deadline_kind::calendar_days},
    {"日", deadline_kind::calendar_days},
    {"日内", deadline_kind::calendar_days},
    {"天", deadline_kind::calendar_days},
    {"天内", deadline_kind::calendar_days},
    {"个自然日", deadline_kind::calendar_days},
    {"个自然日内", deadline_kind::calendar_days},
    {"hour", deadline_kind::hours},
    {"hours", deadline_kind::hours},
    {"小时", deadline_kind::hours},
    {"小时内", deadline_kind::hours},
    {"个小时", deadline_kind::hours},
    {"个小时内", deadline_kind::hours},
    {"week", deadline_kind::window, window_unit::weeks},
    {"weeks", deadline_kind::window, window_unit::weeks},
    {"周", deadline_kind::window, window_unit::weeks},
    {"个星期", deadline_kind::window, window_unit::weeks},
    {"星期", deadline_kind::window, window_unit::weeks},
    {"month", deadline_kind::window, window_unit::months},
    {"months", deadline_kind::window, window_unit::months},
    {"个月", deadline_kind::window, window_unit::months},
    {"个月内", deadline_kind::window, window_unit::months},
    {"year", deadline_kind::window, window_unit::years},
    {"years", deadline_kind::window, window_unit::years},
    {"年", deadline_kind::window, window_unit::years},
    {"年内", deadline_kind::window, window_unit::years},
    {"周内", deadline_kind::window, window_unit::weeks},
    {"个周", deadline_kind::window, window_unit::weeks},
}};

constexpr std::string_view expected_units =
    "expected working days, days, hours, weeks, months or years (个工作日, 日, 小时, 周, 个月, 年)";

/// Reads a count at the cursor and checks its range.
bool take_count(text_scan& scan, int& count, parse_error& error) {
  const int column = scan.column();
  const long value = scan.take_count();
  if (value < 0) {
    error = {column, "expected a number, found " + quoted(scan.rest())};
    return false;
  }
  if (value < 1) {
    error = {column, "count must be at least 1"};
    return false;
  }
  if (value > max_deadline_count) {
    error = {column,
             "count " + std::to_string(value) + " is too large (at most " + std::to_string(max_deadline_count) + ")"};
    return false;
  }
  count = static_cast<int>(value);
  return true;
}

/// HH:MM (English) at the cursor.
bool take_clock(text_scan& scan, std::chrono::minutes& at, parse_error& error) {
  const int column = scan.column();
  int digits = 0;
  const long hh = scan.take_number(2, &digits);
  if (hh < 0) {
    error = {column, "expected a time HH:MM, found " + quoted(scan.rest())};
    return false;
  }
  if (hh > 23) {
    error = {column, "hour must be 0–23, found " + std::to_string(hh)};
    return false;
  }
  long mm = 0;
  if (scan.take(":") || scan.take("：")) {
    const int minute_column = scan.column();
    mm = scan.take_number(2, &digits);
    if (digits != 2) {
      error = {minute_column, "expected two digits for the minute, found " + quoted(scan.rest())};
      return false;
    }
    if (mm > 59) {
      error = {minute_column, "minute must be 00–59, found " + std::to_string(mm)};
      return false;
    }
  } else if (scan.take("时") || scan.take("点")) {
    if (scan.take("半")) {
      mm = 30;
    } else {
      const long m2 = scan.take_number(2, &digits);
      if (m2 >= 0) {
        if (m2 > 59) {
          error = {column, "minute must be 00–59, found " + std::to_string(m2)};
          return false;
        }
        mm = m2;
        scan.take("分");
      }
    }
  } else {
    error = {scan.column(), "expected \":\" between hour and minute"};
    return false;
  }
  at = std::chrono::hours{hh} + std::chrono::minutes{mm};
  return true;
}

bool valid_month_day(long month, long day) {
  static constexpr std::array<int, 12> longest{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= longest[static_cast<std::size_t>(month - 1)];
}

parsed<deadline_expr> parse_by_form(text_scan& scan) {
  // English: by HH:MM same day | by MM-DD next year
  scan.skip_spaces();
  const auto start = scan.pos();
  const int column = scan.column();
  int digits = 0;
  const long first = scan.take_number(2, &digits);
  if (first < 0) {
    return parse_error{column, "expected HH:MM or MM-DD after \"by\", found " + quoted(scan.rest())};
  }
  deadline_expr expr;
  parse_error error;
  if (scan.peek() == '-') {
    scan.take("-");
    const int day_column = scan.column();
    const long day = scan.take_number(2, &digits);
    if (day < 0) return parse_error{day_column, "expected the day of MM-DD, found " + quoted(scan.rest())};
    if (!valid_month_day(first, day)) {
      return parse_error{column, "no such date: month " + std::to_string(first) + ", day " + std::to_string(day)};
    }
    scan.skip_spaces();
    const int tail_column = scan.column();
    if (detail::fold_ascii(scan.rest()) != "next year") {
      return parse_error{tail_column, "expected \"next year\" after MM-DD, found " + quoted(scan.rest())};
    }
    expr.kind = deadline_kind::next_year_date;
    expr.month = static_cast<unsigned>(first);
    expr.day = static_cast<unsigned>(day);
    return expr;
  }
  scan.seek(start);
  if (!take_clock(scan, expr.cutoff, error)) return error;
  scan.skip_spaces();
  const int tail_column = scan.column();
  if (detail::fold_ascii(scan.rest()) != "same day") {
    return parse_error{tail_column, "expected \"same day\" after the time, found " + quoted(scan.rest())};
  }
  expr.kind = deadline_kind::same_day_cutoff;
  return expr;
}

parsed<deadline_expr> parse_same_day_chinese(text_scan& scan) {
  // 当天HH:MM前 / 当日HH时前
  deadline_expr expr;
  parse_error error;
  scan.skip_spaces();
  if (!take_clock(scan, expr.cutoff, error)) return error;
  scan.skip_spaces();
  const int column = scan.column();
  if (!(scan.take("前") || scan.take("之前")) || !scan.done()) {
    return parse_error{column, "expected \"前\" after the time, found " + quoted(scan.rest())};
  }
  expr.kind = deadline_kind::same_day_cutoff;
  return expr;
}

parsed<deadline_expr> parse_next_year_chinese(text_scan& scan) {
  // 次年M月D日前
  const int month_column = scan.column();
  const long month = scan.take_count();
  if (month < 0 || !scan.take("月")) {
    return parse_error{month_column, "expected a month like \"1月\" after \"次年\", found " + quoted(scan.rest())};
  }
  const int day_column = scan.column();
  const long day = scan.take_count();
  if (day < 0 || !(scan.take("日") || scan.take("号"))) {
    return parse_error{day_column, "expected a day like \"31日\", found " + quoted(scan.rest())};
  }
  if (!valid_month_day(month, day)) {
    return parse_error{month_column, "no such date: " + std::to_string(month) + "月" + std::to_string(day) + "日"};
  }
  const int tail_column = scan.column();
  if (!(scan.take("前") || scan.take("之前")) || !scan.done()) {
    return parse_error{tail_column, "expected \"前\" after the date, found " + quoted(scan.rest())};
  }
  deadline_expr expr;
  expr.kind = deadline_kind::next_year_date;
  expr.month = static_cast<unsigned>(month);
  expr.day = static_cast<unsigned>(day);
  return expr;
}

}  // namespace

parsed<deadline_expr> parse_deadline(std::string_view raw) {
  const std::string_view text = detail::trim(raw);
  const int lead = detail::column_at(raw, static_cast<std::size_t>(text.data() - raw.data())) - 1;
  auto shifted = [lead](parsed<deadline_expr> result) {
    if (auto* e = std::get_if<parse_error>(&result)) e->column += lead;
    return result;
  };
  if (text.empty()) {
    return parse_error{1,
                       "empty expression; expected e.g. \"3 working days\", \"by 20:00 same day\" or "
                       "\"20个工作日\""};
  }
  text_scan scan{text};
  if (scan.take("by ")) return shifted(parse_by_form(scan));
  if (scan.take("当天") || scan.take("当日")) return shifted(parse_same_day_chinese(scan));
  if (scan.take("次年")) return shifted(parse_next_year_chinese(scan));

  deadline_expr expr;
  parse_error error;
  if (scan.take_count() < 0) {
    return shifted(
        parse_error{1, "expected a number, \"by HH:MM same day\" or \"by MM-DD next year\", found " + quoted(text)});
  }
  scan.seek(0);
  if (!take_count(scan, expr.count, error)) return shifted(error);
  scan.skip_spaces();
  const int unit_column = scan.column();
  if (scan.done()) return shifted(parse_error{unit_column, "missing unit; " + std::string{expected_units}});
  const std::string unit = detail::fold_ascii(scan.rest());
  for (const auto& word : unit_words) {
    if (unit == word.text) {
      expr.kind = word.kind;
      expr.unit = word.unit;
      return expr;
    }
  }
  return shifted(parse_error{unit_column, "unknown unit " + quoted(scan.rest()) + "; " + std::string{expected_units}});
}

std::string to_string(const deadline_expr& expr) {
  auto plural = [](int n, std::string_view word) {
    return std::to_string(n) + " " + std::string{word} + (n == 1 ? "" : "s");
  };
  auto two = [](long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  switch (expr.kind) {
    case deadline_kind::working_days:
      return plural(expr.count, "working day");
    case deadline_kind::calendar_days:
      return plural(expr.count, "day");
    case deadline_kind::hours:
      return plural(expr.count, "hour");
    case deadline_kind::same_day_cutoff:
      return "by " + two(expr.cutoff.count() / 60) + ":" + two(expr.cutoff.count() % 60) + " same day";
    case deadline_kind::next_year_date:
      return "by " + two(expr.month) + "-" + two(expr.day) + " next year";
    case deadline_kind::window:
      switch (expr.unit) {
        case window_unit::weeks:
          return plural(expr.count, "week");
        case window_unit::months:
          return plural(expr.count, "month");
        case window_unit::years:
          return plural(expr.count, "year");
      }
  }
  return {};
}

std::string to_chinese(const deadline_expr& expr) {
  const auto n = std::to_string(expr.count);
  auto two = [](long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  switch (expr.kind) {
    case deadline_kind::working_days:
      return n + "个工作日";
    case deadline_kind::calendar_days:
      return n + "日";
    case deadline_kind::hours:
      return n + "小时";
    case deadline_kind::same_day_cutoff:
      return "当天" + two(expr.cutoff.count() / 60) + ":" + two(expr.cutoff.count() % 60) + "前";
    case deadline_kind::next_year_date:
      return "次年" + std::to_string(expr.month) + "月" + std::to_string(expr.day) + "日前";
    case deadline_kind::window:
      switch (expr.unit) {
        case window_unit::weeks:
          return n + "周";
        case window_unit::months:
          return n + "个月";
        case window_unit::years:
          return n + "年";
      }
  }
  return {};
}

std::string to_string(const reminder_offset& offset) {
  const auto n = std::to_string(offset.count);
  const bool one = offset.count == 1;
  switch (offset.unit) {
    case reminder_offset::unit::working_days:
      return n + (one ? " working day" : " working days") + " before";
    case reminder_offset::unit::days:
      return n + (one ? " day" : " days") + " before";
    case reminder_offset::unit::hours:
      return n + (one ? " hour" : " hours") + " before";
  }
  return {};
}

parsed<reminder_offset> parse_reminder(std::string_view raw) {
  const std::string_view text = detail::trim(raw);
  const int lead = detail::column_at(raw, static_cast<std::size_t>(text.data() - raw.data())) - 1;
  text_scan scan{text};
  std::string_view duration = text;
  int duration_column = 1;
  if (scan.take("提前")) {
    scan.skip_spaces();
    duration = scan.rest();
    duration_column = scan.column();
  } else {
    const std::string folded = detail::fold_ascii(text);
    if (!folded.ends_with(" before")) {
      return parse_error{
          lead + 1,
          "expected \"N working days before\", \"N hours before\" or \"提前N个工作日\", found " + quoted(text)};
    }
    duration = detail::trim(text.substr(0, text.size() - std::string_view{"before"}.size()));
  }
  const auto inner = parse_deadline(duration);
  if (const auto* e = std::get_if<parse_error>(&inner)) {
    return parse_error{e->column + duration_column - 1 + lead, e->message};
  }
  const auto& expr = std::get<deadline_expr>(inner);
  reminder_offset offset;
  offset.count = expr.count;
  switch (expr.kind) {
    case deadline_kind::working_days:
      offset.unit = reminder_offset::unit::working_days;
      break;
    case deadline_kind::calendar_days:
      offset.unit = reminder_offset::unit::days;
      break;
    case deadline_kind::hours:
      offset.unit = reminder_offset::unit::hours;
      break;
    default:
      return parse_error{duration_column + lead,
                         "a reminder is counted in working days, days or hours, found " + quoted(duration)};
  }
  return offset;
}

}  // namespace deadlined::rules
