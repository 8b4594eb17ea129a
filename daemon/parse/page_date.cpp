#include "deadlined/daemon/page_date.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>

namespace deadlined::daemon {

namespace {

using namespace std::chrono;

constexpr int earliest_year = 1990;
constexpr int latest_year = 2100;

// A full date, optionally followed by a time: 2019-09-27, 2019.9.27, 2019/09/27, 2019年9月27日 10:00.
const RE2& full_date() {
  static const RE2 re{
      R"(((\d{4})\s*(?:-|\.|/|年)\s*(\d{1,2})\s*(?:-|\.|/|月)\s*(\d{1,2})(?:\s*日)?(?:(?:\s*|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?))"};
  return re;
}

// A year-less date in brackets: [09-27], 【9月27日】, (09/27).
const RE2& bracketed_month_day() {
  static const RE2 re{R"((?:\[|【|\(|（)\s*(\d{1,2})\s*(?:-|\.|/|月)\s*(\d{1,2})\s*日?\s*(?:\]|】|\)|）))"};
  return re;
}

// A year-less date that is the whole text of an element: 09-27, 9月27日.
const RE2& bare_month_day() {
  static const RE2 re{R"(^\s*(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})\s*日?\s*$)"};
  return re;
}

bool is_digit_at(std::string_view text, std::ptrdiff_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < text.size() &&
         std::isdigit(static_cast<unsigned char>(text[static_cast<std::size_t>(i)]));
}

bool is_ascii_digit(char c) {  // RE2's \d
  return c >= '0' && c <= '9';
}

/// Where full_date can start, at or after `from`: four digits, its year.
std::size_t next_four_digits(std::string_view text, std::size_t from) {
  int run = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    run = is_ascii_digit(text[i]) ? run + 1 : 0;
    if (run == 4) return i - 3;
  }
  return std::string_view::npos;
}

/// Where bracketed_month_day can start, at or after `from`: [ ( 【 （ (UTF-8 E3 80 90 and
/// EF BC 88; byte by byte, as this runs over every row's text).
std::size_t next_opening_bracket(std::string_view text, std::size_t from) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = from; i < text.size(); ++i) {
    const unsigned char c = bytes[i];
    if (c == '[' || c == '(') return i;
    if ((c == 0xE3 || c == 0xEF) && i + 2 < text.size() &&
        ((c == 0xE3 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x90) ||
         (c == 0xEF && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x88))) {
      return i;
    }
  }
  return std::string_view::npos;
}

/// RE2::FindAndConsume for a pattern that can start only where `next_start` points: the
/// pattern is tried anchored at each such place in turn, which finds the same leftmost
/// match. RE2's own search makes three passes over the text (where a match ends, where it
/// starts, then the captures) and a prefilter of its own that stops at every lead byte of
/// a Chinese character; it was a sixth of reading a column page.
/// `start` is set to where the match begins.
template <typename NextStart, typename... Captures>
bool find_and_consume_from(re2::StringPiece* input, const char*& start, const RE2& pattern, NextStart next_start,
                           Captures*... captures) {
  const std::string_view text{input->data(), input->size()};
  for (auto at = next_start(text, 0); at != std::string_view::npos; at = next_start(text, at + 1)) {
    re2::StringPiece rest{text.data() + at, text.size() - at};
    if (RE2::Consume(&rest, pattern, captures...)) {
      *input = rest;
      start = text.data() + at;
      return true;
    }
  }
  *input = re2::StringPiece{text.data() + text.size(), 0};
  return false;
}

/// A captured run of one to four ASCII digits (the patterns capture nothing else).
int number(re2::StringPiece digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::optional<rules::civil_date> make_date(int y, int m, int d) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < earliest_year || y > latest_year) return std::nullopt;
  return rules::civil_date{ymd};
}

/// The nearest year that does not put month-day after today.
std::optional<rules::civil_date> month_day_before(int m, int d, rules::civil_date today) {
  const int this_year = static_cast<int>(year_month_day{today}.year());
  for (int y = this_year; y >= this_year - 4; --y) {
    if (auto date = make_date(y, m, d); date && *date <= today) return date;
  }
  return std::nullopt;
}

}  // namespace

std::vector<rules::timestamp> find_page_dates(std::string_view text, rules::civil_date today,
                                              const rules::zone_offsets& zone) {
  // Every form has ASCII digits (RE2's \d): most texts searched while a page is read have
  // none, and the search with its captures is the costly part.
  if (std::none_of(text.begin(), text.end(), is_ascii_digit)) return {};
  std::vector<std::pair<std::size_t, rules::timestamp>> found;
  re2::StringPiece whole, y, m, d, hh, mm, ss;
  re2::StringPiece input{text.data(), text.size()};
  const char* start = nullptr;
  while (find_and_consume_from(&input, start, full_date(), next_four_digits, &whole, &y, &m, &d, &hh, &mm, &ss)) {
    const auto begin = static_cast<std::ptrdiff_t>(whole.data() - text.data());
    const auto end = begin + static_cast<std::ptrdiff_t>(whole.size());
    // Reject digits glued to either side (a phone number, an id like 201909270001).
    if (is_digit_at(text, begin - 1) || is_digit_at(text, end)) continue;
    const auto date = make_date(number(y), number(m), number(d));
    if (!date) continue;
    const auto at = static_cast<std::size_t>(begin);
    if (hh.empty() || number(hh) > 23 || number(mm) > 59 || (!ss.empty() && number(ss) > 59)) {
      found.emplace_back(at, rules::timestamp::on_date(*date));
      continue;
    }
    const auto local = local_seconds{date->time_since_epoch()} + hours{number(hh)} + minutes{number(mm)} +
                       seconds{ss.empty() ? 0 : number(ss)};
    found.emplace_back(at, rules::timestamp::at(zone.to_utc(local)));
  }
  input = re2::StringPiece{text.data(), text.size()};
  while (find_and_consume_from(&input, start, bracketed_month_day(), next_opening_bracket, &m, &d)) {
    if (auto date = month_day_before(number(m), number(d), today))
      found.emplace_back(static_cast<std::size_t>(start - text.data()), rules::timestamp::on_date(*date));
  }
  if (found.empty() && RE2::FullMatch(re2::StringPiece{text.data(), text.size()}, bare_month_day(), &m, &d)) {
    if (auto date = month_day_before(number(m), number(d), today))
      found.emplace_back(0, rules::timestamp::on_date(*date));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<rules::timestamp> out;
  for (auto& [at, ts] : found)
    out.push_back(ts);
  return out;
}

std::optional<rules::timestamp> find_page_date(std::string_view text, rules::civil_date today,
                                               const rules::zone_offsets& zone) {
  auto all = find_page_dates(text, today, zone);
  if (all.empty()) return std::nullopt;
  return all.front();
}

namespace {

struct zone_name {
  std::string_view name;
  int minutes;
};
constexpr std::array<zone_name, 13> zone_names{{{"GMT", 0},
                                                {"UT", 0},
                                                {"UTC", 0},
                                                {"Z", 0},
                                                {"EST", -300},
                                                {"EDT", -240},
                                                {"CDT", -300},
                                                {"MST", -420},
                                                {"MDT", -360},
                                                {"PST", -480},
                                                {"PDT", -420},
                                                {"CST", 480},
                                                {"BJT", 480}}};

constexpr std::array<std::string_view, 12> month_names{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

const RE2& rfc822() {
  // [Day,] D Mon YYYY HH:MM[:SS] [zone], the zone possibly glued to the time.
  static const RE2 re{
      R"(^\s*(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*$)"};
  return re;
}

}  // namespace

std::optional<rules::timestamp> parse_feed_date(std::string_view text, rules::civil_date today,
                                                const rules::zone_offsets& zone) {
  std::string d, mon, y, hh, mm, ss, tz;
  if (RE2::FullMatch(re2::StringPiece{text.data(), text.size()}, rfc822(), &d, &mon, &y, &hh, &mm, &ss, &tz)) {
    std::string lowered = mon.substr(0, 3);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto it = std::find(month_names.begin(), month_names.end(), lowered);
    int year_value = std::stoi(y);
    if (y.size() == 2) year_value += year_value < 70 ? 2000 : 1900;
    if (it != month_names.end() && y.size() != 3) {
      const auto date = make_date(year_value, static_cast<int>(it - month_names.begin()) + 1, std::stoi(d));
      if (date) {
        if (hh.empty()) return rules::timestamp::on_date(*date);
        const auto local = local_seconds{date->time_since_epoch()} + hours{std::stoi(hh)} + minutes{std::stoi(mm)} +
                           seconds{ss.empty() ? 0 : std::stoi(ss)};
        if (tz.empty()) return rules::timestamp::at(zone.to_utc(local));
        int offset_minutes = 0;
        bool known = false;
        if (tz[0] == '+' || tz[0] == '-') {
          std::string digits;
          for (char c : tz) {
            if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
          }
          offset_minutes =
              (tz[0] == '-' ? -1 : 1) * (std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2, 2)));
          known = true;
        } else {
          std::string upper = tz;
          std::transform(upper.begin(), upper.end(), upper.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
          for (const auto& z : zone_names) {
            if (z.name == upper) {
              offset_minutes = z.minutes;
              known = true;
            }
          }
        }
        if (!known) return rules::timestamp::at(zone.to_utc(local));
        return rules::timestamp::at(rules::instant{local.time_since_epoch()} - minutes{offset_minutes});
      }
    }
  }
  auto iso = rules::parse_timestamp(text, zone);
  if (auto* ts = std::get_if<rules::timestamp>(&iso)) return *ts;
  return find_page_date(text, today, zone);
}

}  // namespace deadlined::daemon
