#pragma once
// A problem found in user input, with the place it was found:
// `config/rules/x.yaml:12:5: rules.0.kind: unknown kind "deadlin"`.

#include <string>
#include <vector>

namespace deadlined::rules {

struct source_position {
  std::string file;
  int line = 0;    ///< 1-based; 0 when unknown
  int column = 0;  ///< 1-based; 0 when unknown

  friend bool operator==(const source_position&, const source_position&) = default;
};

struct diagnostic {
  source_position where;
  std::string path;  ///< dotted path of the offending value (`calendar.zone`), may be empty
  std::string message;

  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// `FILE:LINE:COL` (parts that are unknown are left out).
std::string to_string(const source_position& where);

/// `FILE:LINE:COL: dotted.path: message` (parts that are unknown are left out).
std::string to_string(const diagnostic& d);

using diagnostics = std::vector<diagnostic>;

}  // namespace deadlined::rules
