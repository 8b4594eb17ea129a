#pragma once
// The one ingest path for records from the CLI, the spool and the HTTP API: validate each
// record, store the good ones in one transaction, report every rejection with its place.

#include <string>
#include <variant>
#include <vector>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/record_reader.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

/// Records from every channel share one id space under this source name.
inline constexpr const char* record_source = "record";

struct ingest_report {
  int imported = 0;
  int duplicate = 0;
  int revised = 0;
  std::vector<rejection> rejected;

  /// `imported N duplicate N revised N rejected N`
  std::string summary() const;
  void add(const ingest_report& other);
};

/// A record's time: ISO 8601, `YYYY-MM-DD HH:MM`, or Excel's forms (`2019/9/27 10:00`,
/// `2019/9/27`, `2019年9月27日`, `2019年9月27日 10:00`); nullopt when it is not a date.
/// When the text is not one, the reason: "not a date", with the detail when the text has a
/// date's shape (`not a date: day 30 does not exist in 2019-02`, a year outside 1970–2199).
std::variant<rules::timestamp, std::string> parse_record_time(std::string_view text, const rules::zone_offsets& zone);

/// Checks the envelope (id, type, unit, time) and the attributes the rule packs require;
/// the fact, or nullopt with the reason added to `rejected`.
std::optional<rules::fact> validate_record(const raw_record& record, const config_snapshot& config,
                                           std::vector<rejection>& rejected);

/// Validates and stores `batch` in one transaction: all its good records, or none if the
/// process dies first. `via` records the channel (cli:FILE, spool:FILE, api).
ingest_report ingest(const record_batch& batch, const config_snapshot& config, store& db, const std::string& via,
                     rules::instant now);

/// Reads, decodes and ingests one file (JSON Lines, or CSV by its .csv extension).
ingest_report import_file(const std::string& path, const std::string& encoding, const config_snapshot& config,
                          store& db, const std::string& via, rules::instant now);

}  // namespace deadlined::daemon
