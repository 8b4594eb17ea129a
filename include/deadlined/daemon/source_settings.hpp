#pragma once
// A watched website column or feed, as the configuration declares it.

#include <map>
#include <string>
#include <vector>

#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/web_address.hpp"
#include "deadlined/rules/diagnostic.hpp"

namespace deadlined::daemon {

struct source_settings {
  std::string id;
  std::string unit;    ///< the responsible unit's full name
  std::string url;     ///< http(s)://, file:// or a path relative to the config file
  std::string column;  ///< column class (动态, 通知公告, 政策文件 …), for freshness windows
  std::string emits;   ///< the fact type new items become: document.published …
  std::map<std::string, std::string> attrs;  ///< added to every fact (category: normative)
  parser_spec parser;
  int interval_minutes = 0;   ///< 0: polling.interval_minutes
  int timeout_seconds = 0;    ///< 0: polling.request_timeout_seconds (a probe fails after 15 s)
  bool tls_verify = true;     ///< false only for a site with a broken chain; logged at every poll
  bool availability = false;  ///< each fetch also becomes a probe.result fact
  bool ipv6_probe = false;    ///< once a day, fetch over IPv6 too: a probe.ipv6 fact
  rules::source_position where;

  bool is_file() const { return !url.starts_with("http://") && !url.starts_with("https://"); }
  /// The local path of a file source (file:// stripped).
  std::string file_path() const { return url.starts_with("file://") ? file_url_path(url) : url; }
};

/// How polling behaves overall (the `polling:` section).
struct polling_settings {
  int concurrency = 16;
  int per_host = 2;
  int politeness_delay_ms = 1000;
  int connect_timeout_seconds = 10;
  int header_timeout_seconds = 15;
  int request_timeout_seconds = 60;
  long long body_limit_bytes = 16LL * 1024 * 1024;
  int interval_minutes = 60;
  bool proxy_from_environment = true;  ///< when `proxy` is absent
  std::string proxy;                   ///< http://host:port, or empty (none)
  std::vector<std::string> no_proxy;
  std::string ca_file;
  std::string user_agent;
  std::string evidence_dir;           ///< default: evidence/ beside the database
  int evidence_retention_days = 800;  ///< covers the year evaluated and the report after it
  int fetch_retention_days = 400;
  int backdated_slack_days = 1;
};

}  // namespace deadlined::daemon
