#include "deadlined/daemon/spool.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace deadlined::daemon {

namespace {

namespace fs = std::filesystem;

constexpr auto settle_time = std::chrono::seconds{2};

bool is_record_file(const fs::path& p) {
  const auto name = p.filename().string();
  if (name.starts_with(".")) return false;
  for (auto partial : {".tmp", ".part", ".errors", ".swp"}) {
    if (name.ends_with(partial)) return false;
  }
  const auto ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json" || ext == ".csv" || ext == ".CSV";
}

/// `dir/name`, or `dir/name.1`, `.2` … if taken, so nothing is overwritten.
fs::path free_name(const fs::path& dir, const std::string& name) {
  fs::path target = dir / name;
  for (int n = 1; fs::exists(target); ++n)
    target = dir / (name + "." + std::to_string(n));
  return target;
}

}  // namespace

spool_pass ingest_spool(const std::string& directory, const config_snapshot& config, store& db, rules::instant now,
                        rules::instant wall, bool move_files) {
  spool_pass pass;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return pass;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator{directory, ec}) {
    if (!entry.is_regular_file() || !is_record_file(entry.path())) continue;
    const auto modified = std::chrono::file_clock::to_sys(entry.last_write_time());
    if (wall - std::chrono::time_point_cast<std::chrono::seconds>(modified) < settle_time) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // oldest names first: senders often number their files
  for (const auto& file : files) {
    const auto name = file.filename().string();
    const auto report = import_file(file.string(), "auto", config, db, "spool:" + name, now);
    pass.report.add(report);
    if (!move_files) continue;
    // The records are committed before the file moves: a crash in between re-imports it,
    // and duplicates are harmless.
    if (report.rejected.empty()) {
      fs::create_directories(fs::path{directory} / "done");
      fs::rename(file, free_name(fs::path{directory} / "done", name));
      pass.done.push_back(name);
    } else {
      const auto failed_dir = fs::path{directory} / "failed";
      fs::create_directories(failed_dir);
      const auto target = free_name(failed_dir, name);
      fs::rename(file, target);
      std::ofstream errors{target.string() + ".errors"};
      for (const auto& r : report.rejected) {
        errors << r.where << ": " << r.field << ": " << r.reason << "\n";
      }
      errors << report.summary() << "\n";
      pass.failed.push_back(name);
    }
  }
  return pass;
}

}  // namespace deadlined::daemon
