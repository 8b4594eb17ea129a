// Submission records as units send them (JSON Lines, CSV, the Chinese template; UTF-8 or
// GBK): read, then validated against the example district's configuration. Every record
// is accepted or rejected with its line and a reason; nothing crashes.

#include <cstdint>
#include <cstdlib>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/ingest.hpp"
#include "fuzz/scratch_file.hpp"

namespace {

using namespace deadlined::daemon;

const config_snapshot& example_config() {
  static const auto loaded = load_config(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml",
                                         (deadlined::fuzzing::scratch_directory() / "state.db").string());
  if (!loaded.snapshot) std::abort();
  return *loaded.snapshot;
}

void check(const record_batch& batch, std::string_view file) {
  std::vector<rejection> rejected;
  for (const auto& record : batch.records) {
    const auto before = rejected.size();
    const auto fact = validate_record(record, example_config(), rejected);
    // A record is either a fact or rejected with a reason, not both, not neither.
    if (fact.has_value() == (rejected.size() > before)) std::abort();
  }
  for (const auto& r : rejected) {
    if (r.reason.empty()) std::abort();
  }
  for (const auto& r : batch.rejected) {
    if (r.reason.empty() || !r.where.starts_with(file)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = decode_records(std::string_view{reinterpret_cast<const char*>(data), size}, "");
  if (!text) std::abort();  // auto-detection always yields text
  check(read_json_lines(*text, "records.jsonl"), "records.jsonl:");
  check(read_csv(*text, "records.csv"), "records.csv:");
  check(read_json_array(*text), "");
  return 0;
}
