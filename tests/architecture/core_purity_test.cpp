// The dependency rule, made mechanical: the pure core (rules/, include/deadlined/rules/)
// includes no I/O library and never reads the clock or the environment.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;

struct forbidden {
  const char* pattern;
  const char* why;
};

const forbidden forbidden_in_core[] = {
    {R"(#\s*include\s*[<"]boost/(asio|beast))", "network I/O belongs in daemon/"},
    {R"(#\s*include\s*[<"]SQLiteCpp)", "storage belongs in daemon/"},
    {R"(#\s*include\s*[<"]sqlite3)", "storage belongs in daemon/"},
    {R"(#\s*include\s*[<"]spdlog)", "only the shell logs"},
    {R"(#\s*include\s*[<"]yaml-cpp)", "config files are read by the shell"},
    {R"(#\s*include\s*[<"]libxml)", "page parsing belongs in daemon/"},
    {R"(#\s*include\s*[<"]curl)", "network I/O belongs in daemon/"},
    {R"(#\s*include\s*[<"]date/tz\.h)", "the shell resolves time zones"},
    {R"(#\s*include\s*[<"](fstream|iostream|cstdio)[>"])", "the core does no I/O"},
    {R"(#\s*include\s*[<"]deadlined/daemon/)", "the core never depends on the shell"},
    {R"(\b(system_clock|steady_clock|high_resolution_clock|utc_clock|file_clock)\b)", "time is an argument"},
    {R"(\b(time|clock|gettimeofday|clock_gettime|getenv|fopen)\s*\()", "no clock, environment or files"},
};

std::vector<fs::path> core_files() {
  std::vector<fs::path> files;
  for (const char* dir : {"rules", "include/deadlined/rules"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path{DEADLINED_SOURCE_DIR} / dir)) {
      const auto ext = entry.path().extension();
      if (ext == ".cpp" || ext == ".hpp" || ext == ".h") files.push_back(entry.path());
    }
  }
  return files;
}

TEST(CorePurity, CoreFilesIncludeNoIoLibraryAndReadNoClock) {
  const auto files = core_files();
  ASSERT_GT(files.size(), 10U) << "the scan found too few core files; is DEADLINED_SOURCE_DIR right?";
  std::vector<std::regex> patterns;
  for (const auto& rule : forbidden_in_core)
    patterns.emplace_back(rule.pattern);
  for (const auto& file : files) {
    std::ifstream in{file};
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        EXPECT_FALSE(std::regex_search(line, patterns[i]))
            << file.string() << ":" << number << ": " << forbidden_in_core[i].why << ": " << line;
      }
    }
  }
}

TEST(CorePurity, TheScanCatchesAForbiddenInclude) {
  // Guards the guard: each pattern must match the kind of line it is meant to stop.
  EXPECT_TRUE(std::regex_search("#include <spdlog/spdlog.h>", std::regex{forbidden_in_core[3].pattern}));
  EXPECT_TRUE(
      std::regex_search("auto t = std::chrono::system_clock::now();", std::regex{forbidden_in_core[10].pattern}));
  EXPECT_TRUE(std::regex_search("#include \"deadlined/daemon/config.hpp\"", std::regex{forbidden_in_core[9].pattern}));
  EXPECT_FALSE(
      std::regex_search("#include \"deadlined/rules/civil_time.hpp\"", std::regex{forbidden_in_core[9].pattern}));
}

}  // namespace
