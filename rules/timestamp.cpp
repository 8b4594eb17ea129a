#include "deadlined/rules/timestamp.hpp"

#include "text_scan.hpp"

namespace deadlined::rules {

namespace {

using detail::text_scan;
using namespace std::chrono;

std::string quoted(std::string_view text) {
  return "\"" + std::string{text.substr(0, 40)} + "\"";
}

/// Two digits at the cursor, in [lo, hi]; on failure an error naming the field.
bool take_field(text_scan& scan, std::string_view text, const char* field, int lo, int hi, long& value,
                parse_error& error) {
  const int column = scan.column();
  const auto start = scan.pos();
  int digits = 0;
  value = scan.take_number(2, &digits);
  if (digits != 2) {
    error = {column, std::string{"expected two digits for the "} + field + ", found " + quoted(text.substr(start))};
    return false;
  }
  if (value < lo || value > hi) {
    error = {column, std::string{field} + " must be " + (lo < 10 ? "0" : "") + std::to_string(lo) + "–" +
                         std::to_string(hi) + ", found \"" + std::string{text.substr(start, 2)} + "\""};
    return false;
  }
  return true;
}

}  // namespace

civil_date timestamp::local_date(const zone_offsets& zone) const {
  return is_date_only() ? date() : zone.local_date(when());
}

instant timestamp::counting_instant(const zone_offsets& zone) const {
  return is_date_only() ? zone.end_of_day(date()) : when();
}

std::string timestamp::format(const zone_offsets& zone) const {
  return is_date_only() ? format_date(date()) : zone.format(when());
}

parsed<timestamp> parse_timestamp(std::string_view raw, const zone_offsets& zone) {
  const std::string_view text = detail::trim(raw);
  const int lead = detail::column_at(raw, static_cast<std::size_t>(text.data() - raw.data())) - 1;
  auto fail = [&](parse_error e) -> parsed<timestamp> {
    e.column += lead;
    return e;
  };
  if (text.empty()) return fail({1, "empty time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM"});

  text_scan scan{text};
  parse_error error;
  int digits = 0;
  const long y = scan.take_number(4, &digits);
  if (digits != 4 || scan.peek() != '-') {
    return fail({1, "expected a date YYYY-MM-DD, found " + quoted(text)});
  }
  scan.take("-");
  long m = 0;
  long d = 0;
  if (!take_field(scan, text, "month", 1, 12, m, error)) return fail(error);
  if (!scan.take("-")) return fail({scan.column(), "expected \"-\" between month and day"});
  const int day_column = scan.column();
  if (!take_field(scan, text, "day", 1, 31, d, error)) return fail(error);
  const year_month_day ymd{year{static_cast<int>(y)}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return fail({day_column, "day " + std::to_string(d) + " does not exist in " + std::string{text.substr(0, 7)}});
  }
  const civil_date date{ymd};
  if (date < first_supported_date || date > last_supported_date) {
    return fail({1, "date " + format_date(date) + " is outside the supported range " +
                        format_date(first_supported_date) + ".." + format_date(last_supported_date)});
  }
  if (scan.done()) return timestamp::on_date(date);

  if (!scan.take("T")) {
    if (scan.peek() != ' ') {
      return fail({scan.column(), "expected \"T\" or a space before the time, found " + quoted(scan.rest())});
    }
    scan.skip_spaces();
  }
  long hh = 0;
  long mm = 0;
  long ss = 0;
  if (!take_field(scan, text, "hour", 0, 23, hh, error)) return fail(error);
  if (!scan.take(":")) return fail({scan.column(), "expected \":\" between hour and minute"});
  if (!take_field(scan, text, "minute", 0, 59, mm, error)) return fail(error);
  if (scan.take(":")) {
    // 60 is a leap second; it is kept as the last second of the minute.
    if (!take_field(scan, text, "second", 0, 60, ss, error)) return fail(error);
    if (ss == 60) ss = 59;
    if (scan.take(".") || scan.take(",")) {
      if (scan.take_number(9) < 0) return fail({scan.column(), "expected digits after the decimal point"});
    }
  }
  const auto local = local_seconds{date.time_since_epoch()} + hours{hh} + minutes{mm} + seconds{ss};
  scan.skip_spaces();
  if (scan.done()) return timestamp::at(zone.to_utc(local));

  if (scan.take("Z")) {
    if (!scan.done()) return fail({scan.column(), "unexpected " + quoted(scan.rest()) + " after \"Z\""});
    return timestamp::at(instant{local.time_since_epoch()});
  }
  const char sign = scan.peek();
  if (sign != '+' && sign != '-') {
    return fail({scan.column(), "expected an offset (Z, +08:00) after the time, found " + quoted(scan.rest())});
  }
  scan.seek(scan.pos() + 1);
  long oh = 0;
  long om = 0;
  if (!take_field(scan, text, "offset hour", 0, 18, oh, error)) return fail(error);
  scan.take(":");
  if (!scan.done() && !take_field(scan, text, "offset minute", 0, 59, om, error)) return fail(error);
  if (!scan.done()) return fail({scan.column(), "unexpected " + quoted(scan.rest()) + " after the offset"});
  const seconds offset = (sign == '-' ? -1 : 1) * (hours{oh} + minutes{om});
  return timestamp::at(instant{local.time_since_epoch()} - offset);
}

}  // namespace deadlined::rules

namespace deadlined::rules {

parsed<civil_date> parse_date(std::string_view text) {
  static const zone_offsets utc = zone_offsets::fixed("UTC", std::chrono::seconds{0});
  auto result = parse_timestamp(text, utc);
  if (auto* error = std::get_if<parse_error>(&result)) return *error;
  const auto& ts = std::get<timestamp>(result);
  if (!ts.is_date_only()) return parse_error{1, "expected a date YYYY-MM-DD without a time"};
  return ts.local_date(utc);
}

}  // namespace deadlined::rules
