#pragma once
// Headless Chromium (Debian's) for tests that check pages as a browser renders them.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace deadlined::testing {

/// Runs `chromium --headless` with `args`; its standard output (for --dump-dom, the DOM).
inline std::string chromium(const std::vector<std::string>& args, const std::filesystem::path& work) {
  std::string command = "chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars";
  for (const auto& a : args)
    command += " '" + a + "'";
  const auto out = work / "chromium.out";
  std::system((command + " > " + out.string() + " 2>/dev/null").c_str());  // NOLINT
  return slurp(out);
}

/// Where screenshots are kept as test artefacts: `artefacts/` beside the test binary.
inline std::filesystem::path artefact_directory() {
  const auto dir = std::filesystem::current_path() / "artefacts";
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace deadlined::testing
