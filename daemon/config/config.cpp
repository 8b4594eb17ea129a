#include "deadlined/daemon/config.hpp"

#include <glob.h>

#include <filesystem>

#include "deadlined/daemon/calendar_file.hpp"
#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/daemon/zone_lookup.hpp"

namespace deadlined::daemon {

namespace {

namespace fs = std::filesystem;

/// A path written in a config file is relative to that file.
std::string resolve(const std::string& config_file, const std::string& written) {
  const fs::path p{written};
  if (p.is_absolute()) return p.string();
  return (fs::path{config_file}.parent_path() / p).lexically_normal().string();
}

std::vector<std::string> expand(const std::string& pattern) {
  if (pattern.find_first_of("*?[") == std::string::npos) return {pattern};
  glob_t matches{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i)
      out.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  return out;  // glob sorts its matches
}

void read_calendar_settings(yaml_reader& reader, const YAML::Node& node, calendar_settings& out) {
  if (!reader.expect_map(node, "calendar")) return;
  reader.check_keys(node, "calendar", {"name", "zone", "files"});
  out.name = reader.scalar(node, "calendar", "name", false).value_or(out.name);
  out.zone = reader.scalar(node, "calendar", "zone", false).value_or(out.zone);
  const auto files = node["files"];
  if (!files || !reader.expect_sequence(files, "calendar.files")) return;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto path = yaml_reader::join("calendar.files", i);
    if (!files[i].IsScalar()) {
      reader.error(files[i], path, "expected a file path");
      continue;
    }
    const auto pattern = resolve(reader.file(), files[i].Scalar());
    const auto matched = expand(pattern);
    if (matched.empty()) reader.error(files[i], path, "no file matches \"" + files[i].Scalar() + "\"");
    out.files.insert(out.files.end(), matched.begin(), matched.end());
  }
}

}  // namespace

rules::working_calendar default_calendar() {
  auto zone = lookup_zone(config_defaults::zone);
  if (!zone) {
    // Without tzdata Asia/Shanghai is still +08:00 (no daylight saving since 1991).
    zone = rules::zone_offsets::fixed(config_defaults::zone, std::chrono::hours{8});
  }
  return rules::working_calendar{rules::builtin_cn_calendar(), std::move(*zone)};
}

config_load load_config(const std::string& path) {
  config_load result;
  auto& problems = result.problems;
  yaml_reader reader{path, problems};
  const auto root = reader.load();
  if (!root) return result;

  calendar_settings calendar;
  if (root->IsNull()) {
    // An empty file is a valid configuration: every default applies.
  } else if (reader.expect_map(*root, "")) {
    reader.check_keys(*root, "", {"calendar"});
    if (const auto node = (*root)["calendar"]) read_calendar_settings(reader, node, calendar);
  }

  auto zone = lookup_zone(calendar.zone);
  if (!zone) {
    const auto node = (*root)["calendar"] ? (*root)["calendar"]["zone"] : *root;
    reader.error(node, "calendar.zone", "unknown time zone \"" + calendar.zone + "\"");
  }
  rules::calendar_spec spec;
  spec.name = calendar.name;
  if (calendar.name == "cn") spec = rules::builtin_cn_calendar();
  for (const auto& file : calendar.files) {
    auto loaded = load_calendar_file(file, calendar.name, problems);
    if (loaded.year) spec.covered_years.push_back(*loaded.year);
    spec.days.insert(spec.days.end(), loaded.days.begin(), loaded.days.end());
  }
  if (!problems.empty() || !zone) return result;
  result.snapshot = std::make_shared<const config_snapshot>(
      config_snapshot{path, calendar, rules::working_calendar{spec, std::move(*zone)}});
  return result;
}

}  // namespace deadlined::daemon
