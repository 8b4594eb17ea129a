#include "deadlined/daemon/calendar_file.hpp"

#include <chrono>

#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

namespace {

using rules::calendar_day_change;
using rules::civil_date;

constexpr int longest_block_days = 31;

bool is_weekend(civil_date date) {
  const std::chrono::weekday wd{date};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

/// `{date: D, name: N}` or `{from: D, to: D, name: N}`.
void read_entries(yaml_reader& reader, const YAML::Node& list, const std::string& path, calendar_day_change change,
                  const std::optional<int>& year, calendar_file& out) {
  if (!reader.expect_sequence(list, path)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto item = list[i];
    const auto item_path = yaml_reader::join(path, i);
    if (!reader.expect_map(item, item_path)) continue;
    reader.check_keys(item, item_path, {"date", "from", "to", "name"});
    const std::string name = reader.scalar(item, item_path, "name", false).value_or("");
    std::optional<civil_date> first;
    std::optional<civil_date> last;
    if (item["date"]) {
      if (item["from"] || item["to"]) {
        reader.error(item, item_path, "give either date, or from and to, not both");
        continue;
      }
      first = last = reader.date(item, item_path, "date", true);
    } else {
      first = reader.date(item, item_path, "from", true);
      last = reader.date(item, item_path, "to", true);
    }
    if (!first || !last) continue;
    if (*last < *first) {
      reader.error(item["to"], yaml_reader::join(item_path, "to"), "ends before it starts");
      continue;
    }
    if ((*last - *first).count() >= longest_block_days) {
      reader.error(item, item_path, "a block of more than 31 days is most likely a typing error");
      continue;
    }
    for (civil_date d = *first; d <= *last; d += std::chrono::days{1}) {
      const int y = static_cast<int>(std::chrono::year_month_day{d}.year());
      // A year's schedule may reach into the December before it (元旦 blocks).
      if (year && y != *year && !(y == *year - 1 && std::chrono::year_month_day{d}.month() == std::chrono::December)) {
        reader.error(item, item_path, rules::format_date(d) + " is not in year " + std::to_string(*year));
        break;
      }
      if (change == calendar_day_change::adjusted_workday && !is_weekend(d)) {
        reader.error(item, item_path,
                     rules::format_date(d) + " is a weekday; 调休上班 (work) days are Saturdays or Sundays");
        break;
      }
      out.days.push_back({d, change, name});
    }
  }
}

/// The holiday-cn JSON year file: {"year": Y, "papers": [...], "days": [{name, date, isOffDay}]}.
void read_holiday_cn(yaml_reader& reader, const YAML::Node& root, calendar_file& out) {
  reader.check_keys(root, "", {"$schema", "$id", "year", "papers", "days"});
  const auto year_text = reader.scalar(root, "", "year", true);
  if (year_text) {
    try {
      out.year = std::stoi(*year_text);
    } catch (const std::exception&) {
      reader.error(root["year"], "year", "expected a year such as 2027");
    }
  }
  const auto days = root["days"];
  if (!reader.expect_sequence(days, "days")) return;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto item = days[i];
    const auto path = yaml_reader::join("days", i);
    if (!reader.expect_map(item, path)) continue;
    reader.check_keys(item, path, {"name", "date", "isOffDay"});
    const auto date = reader.date(item, path, "date", true);
    const auto off = reader.scalar(item, path, "isOffDay", true);
    if (!date || !off) continue;
    if (*off != "true" && *off != "false") {
      reader.error(item["isOffDay"], yaml_reader::join(path, "isOffDay"), "expected true or false");
      continue;
    }
    out.days.push_back({*date, *off == "true" ? calendar_day_change::holiday : calendar_day_change::adjusted_workday,
                        reader.scalar(item, path, "name", false).value_or("")});
  }
}

}  // namespace

calendar_file load_calendar_file(const std::string& path, const std::string& calendar_name, rules::diagnostics& out) {
  calendar_file file;
  yaml_reader reader{path, out};
  const auto root = reader.load();
  if (!root) return file;
  if (!reader.expect_map(*root, "")) return file;
  if ((*root)["days"]) {
    read_holiday_cn(reader, *root, file);
    return file;
  }
  reader.check_keys(*root, "", {"calendar", "year", "notice", "off", "work", "closures"});
  const auto name = reader.scalar(*root, "", "calendar", true);
  if (name && *name != calendar_name) {
    reader.error((*root)["calendar"], "calendar",
                 "this file is for calendar \"" + *name + "\", the configuration uses \"" + calendar_name + "\"");
  }
  if (const auto year_text = reader.scalar(*root, "", "year", false)) {
    try {
      const int y = std::stoi(*year_text);
      if (y < 1970 || y > 2199) throw std::out_of_range("year");
      file.year = y;
    } catch (const std::exception&) {
      reader.error((*root)["year"], "year", "expected a year between 1970 and 2199, found \"" + *year_text + "\"");
    }
  }
  reader.scalar(*root, "", "notice", false);
  if (const auto off = (*root)["off"]) read_entries(reader, off, "off", calendar_day_change::holiday, file.year, file);
  if (const auto work = (*root)["work"]) {
    read_entries(reader, work, "work", calendar_day_change::adjusted_workday, file.year, file);
  }
  if (const auto closures = (*root)["closures"]) {
    read_entries(reader, closures, "closures", calendar_day_change::closure, std::nullopt, file);
  }
  return file;
}

}  // namespace deadlined::daemon
