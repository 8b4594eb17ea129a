#pragma once
// Internal: asking the processor for a fact a loop will read a few iterations later. A
// rule's loop over its obligations touches each trigger and follow-up for the first time:
// they lie kilobytes apart among the other types' facts, too far apart for the hardware to
// guess, and the work between two of them is too long for it to run ahead on its own.

#include <cstddef>

#include "deadlined/rules/fact.hpp"

namespace deadlined::rules::detail {

/// Fetches the fact itself, all its cache lines (its attribute entries are elsewhere:
/// `attribute_map::prefetch`, once the fact is in).
inline void fetch_fact(const fact* f) {
  const auto* bytes = reinterpret_cast<const char*>(f);
  for (std::size_t line = 0; line < sizeof(fact); line += 64)
    __builtin_prefetch(bytes + line);
}

}  // namespace deadlined::rules::detail
