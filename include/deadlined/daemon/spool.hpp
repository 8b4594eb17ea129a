#pragma once
// The spool directory: record files dropped there are imported, then moved to done/, or
// to failed/ with a .errors file beside them. A file is read only once complete: writers
// create it under a name starting with '.' or ending in .tmp/.part and rename it, and a
// file modified in the last two seconds waits for the next pass.

#include <string>
#include <vector>

#include "deadlined/daemon/ingest.hpp"

namespace deadlined::daemon {

struct spool_pass {
  ingest_report report;
  std::vector<std::string> done;    ///< files imported without a rejection
  std::vector<std::string> failed;  ///< files with rejections (their good records are imported)
};

/// Imports every complete file in `directory`. With `move_files` false (a dry run) the
/// files stay where they are. `wall` is the real time, for the completeness check.
spool_pass ingest_spool(const std::string& directory, const config_snapshot& config, store& db, rules::instant now,
                        rules::instant wall, bool move_files);

}  // namespace deadlined::daemon
