#pragma once
// A watched website column or feed, as the configuration declares it.

#include <map>
#include <string>

#include "deadlined/daemon/page_parser.hpp"
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
  rules::source_position where;
};

}  // namespace deadlined::daemon
