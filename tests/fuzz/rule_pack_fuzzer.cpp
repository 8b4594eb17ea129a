// Rule packs as operators write them: any bytes load into rules or into diagnostics that
// name a place inside the file; nothing crashes, hangs or throws past the loader.

#include <cstdint>
#include <cstdlib>

#include "deadlined/daemon/rule_pack_loader.hpp"
#include "fuzz/scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path =
      deadlined::fuzzing::scratch_file("pack.yaml", std::string_view{reinterpret_cast<const char*>(data), size});
  deadlined::rules::rule_set rules;
  std::vector<deadlined::rules::rule> rejected;
  deadlined::rules::diagnostics problems;
  deadlined::daemon::load_rule_pack(path, rules, rejected, problems);
  // Every problem names this file (a message without a place helps nobody), and none is
  // the loader's last-resort catch: that means a check is missing.
  for (const auto& problem : problems) {
    if (problem.where.file != path || problem.message.starts_with("cannot be read here (")) std::abort();
  }
  return 0;
}
