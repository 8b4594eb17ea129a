// The daemon's configuration file: any bytes give a snapshot or a list of problems, each
// with its place; never a crash, a hang or an exception out of the loader.

#include <cstdint>
#include <cstdlib>

#include "deadlined/daemon/config.hpp"
#include "fuzz/scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path =
      deadlined::fuzzing::scratch_file("deadlined.yaml", std::string_view{reinterpret_cast<const char*>(data), size});
  const auto database = (deadlined::fuzzing::scratch_directory() / "state.db").string();
  const auto loaded = deadlined::daemon::load_config(path, database);
  // Either a usable snapshot or at least one reason why not; never the loader's last-resort
  // catch (that means a check is missing).
  if (!loaded.snapshot && loaded.problems.empty()) std::abort();
  for (const auto& problem : loaded.problems) {
    if (problem.message.starts_with("cannot be read here (")) std::abort();
  }
  return 0;
}
