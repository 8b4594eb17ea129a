#include "deadlined/rules/diagnostic.hpp"

namespace deadlined::rules {

std::string to_string(const source_position& where) {
  std::string out = where.file;
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  return out;
}

std::string to_string(const diagnostic& d) {
  std::string out = to_string(d.where);
  if (!out.empty()) out += ": ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

}  // namespace deadlined::rules
