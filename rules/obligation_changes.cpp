#include "deadlined/rules/obligation_changes.hpp"

namespace deadlined::rules {

obligation_changes changes_between(std::span<const obligation> before, std::span<const obligation> after) {
  obligation_changes out;
  auto old = before.begin();
  auto now = after.begin();
  // One merge of the two id orders.
  while (old != before.end() || now != after.end()) {
    if (now == after.end() || (old != before.end() && old->id < now->id)) {
      out.gone.push_back(&*old++);
    } else if (old == before.end() || now->id < old->id) {
      out.changed.push_back(&*now++);
    } else {
      if (!(*old == *now)) out.changed.push_back(&*now);
      ++old;
      ++now;
    }
  }
  return out;
}

}  // namespace deadlined::rules
