#pragma once
// What one evaluation changed against the one before it: the daemon evaluates every few
// minutes, and most of a district's obligations are then exactly as they were. Recording
// all of them again (each row built, read back and compared, every resolved one's queued
// notices looked up) took seconds at 200,000 obligations, each time.

#include <span>
#include <vector>

#include "deadlined/rules/obligation.hpp"

namespace deadlined::rules {

struct obligation_changes {
  std::vector<const obligation*> changed;  ///< in the new evaluation: new, or different in any member
  std::vector<const obligation*> gone;     ///< in the previous one, no longer given
};

/// `before` and `after` sorted by id, as evaluations return them; the pointers point into
/// them. Against an empty `before` every obligation is new: a whole evaluation's record.
obligation_changes changes_between(std::span<const obligation> before, std::span<const obligation> after);

}  // namespace deadlined::rules
