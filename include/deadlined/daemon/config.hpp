#pragma once
// The daemon's configuration (deadlined.yaml) as an immutable snapshot: the settings as
// written, and what the core compiled from them.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "deadlined/daemon/notification_settings.hpp"
#include "deadlined/daemon/source_settings.hpp"
#include "deadlined/rules/diagnostic.hpp"
#include "deadlined/rules/rule.hpp"
#include "deadlined/rules/scorecard.hpp"
#include "deadlined/rules/unit_directory.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::daemon {

/// Defaults, in one place beside the decoder.
struct config_defaults {
  static constexpr const char* path = "/etc/deadlined/deadlined.yaml";
  static constexpr const char* calendar = "cn";
  static constexpr const char* zone = "Asia/Shanghai";
  static constexpr const char* database = "/var/lib/deadlined/deadlined.db";
};

struct calendar_settings {
  std::string name = config_defaults::calendar;
  std::string zone = config_defaults::zone;
  /// Calendar files after glob expansion, absolute or relative to the working directory.
  std::vector<std::string> files;
};

/// A bearer token for the HTTP API: a unit's (writes that unit's records and waiver
/// requests), the office's (writes anything, approves waivers) or read-only.
struct api_token {
  std::string name;
  std::string role;  ///< unit, office or read
  std::string unit;  ///< for role unit: the unit's full name
  std::string secret;
};

struct http_settings {
  std::string listen = "127.0.0.1:8080";
  /// Reads without a token are allowed only on a loopback address (behind a reverse proxy
  /// that authenticates, or on the office machine itself).
  bool open_reads_on_loopback = true;
  int check_interval_minutes = 5;    ///< how often the daemon ingests the spool and re-evaluates
  int request_timeout_seconds = 30;  ///< a request must arrive whole within this (slow clients)
  /// Open client connections at most; more are closed at once, so clients can never take the
  /// descriptors polling, the database and delivery need (systemd's LimitNOFILE is 65536).
  int max_connections = 10000;
  std::chrono::minutes nightly_check{2 * 60};  ///< local time of the nightly full check
};

struct config_snapshot {
  std::string file;
  std::string district;  ///< 广州市从化区: shown in messages and on the board
  std::string office;    ///< the supervising office: approves waivers, receives escalations
  std::string database;  ///< the database file
  std::string spool;     ///< the spool directory; default: `spool/` beside the database
  calendar_settings calendar_config;
  rules::working_calendar calendar;
  rules::unit_directory units;
  rules::rule_set rules;
  std::vector<std::string> rule_files;
  std::vector<source_settings> sources;
  polling_settings polling;
  notification_settings notifications;
  http_settings http;
  std::vector<api_token> tokens;
  rules::scoring_policy scoring;  ///< empty: scorecards have counts and rates only

  const source_settings* find_source(std::string_view id) const {
    for (const auto& s : sources) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }
};

struct config_load {
  std::shared_ptr<const config_snapshot> snapshot;  ///< null when there were errors
  rules::diagnostics problems;
};

/// Loads and checks `path` and every file it names, reporting every problem at once.
/// `database_override` (from --db) replaces the configured database; the spool then lives
/// beside it unless the configuration names one.
config_load load_config(const std::string& path, const std::string& database_override = {});

/// The built-in `cn` calendar in Asia/Shanghai, used when no configuration is given.
rules::working_calendar default_calendar();

}  // namespace deadlined::daemon
