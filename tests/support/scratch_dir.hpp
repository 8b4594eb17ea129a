#pragma once
// A directory of one test process's own under the system's temporary directory, removed
// with everything in it when the object goes (for a file-scope one: when the process
// ends, also after failed assertions). CTest runs each test in a process of its own, in
// parallel, so the name carries the process id.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace deadlined::testing {

class scratch_dir {
 public:
  explicit scratch_dir(std::string_view name)
      : path_(std::filesystem::temp_directory_path() / (std::string{name} + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() {
    std::error_code ignored;  // nothing to report from a destructor; a leftover is harmless
    std::filesystem::remove_all(path_, ignored);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace deadlined::testing
