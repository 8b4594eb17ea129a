#include "deadlined/rules/diagnostic.hpp"

namespace deadlined::rules {

std::string to_string(const diagnostic& d) {
  std::string out = d.where.file;
  if (d.where.line > 0) {
    out += ":" + std::to_string(d.where.line);
    if (d.where.column > 0) out += ":" + std::to_string(d.where.column);
  }
  if (!out.empty()) out += ": ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

}  // namespace deadlined::rules
