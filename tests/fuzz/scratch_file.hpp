#pragma once
// The loaders read files by path (they report FILE:LINE:COL): each input is written to a
// file in a directory private to this process first.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace deadlined::fuzzing {

inline std::filesystem::path scratch_path() {
  return std::filesystem::temp_directory_path() / ("deadlined-fuzz-" + std::to_string(::getpid()));
}

inline const std::filesystem::path& scratch_directory() {
  static const auto directory = [] {
    std::filesystem::create_directories(scratch_path());
    // Gone when the run ends (libFuzzer and the replay driver both leave through exit()).
    // The path is built anew: by then this static may already be destroyed.
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_path(), ignored);
    });
    return scratch_path();
  }();
  return directory;
}

/// Writes `bytes` to `name` in the scratch directory and returns its path.
inline std::string scratch_file(std::string_view name, std::string_view bytes) {
  const auto path = scratch_directory() / name;
  std::ofstream{path, std::ios::binary | std::ios::trunc}.write(bytes.data(),
                                                                static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

}  // namespace deadlined::fuzzing
