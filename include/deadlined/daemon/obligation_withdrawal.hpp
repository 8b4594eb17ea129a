#pragma once
// Which obligations an evaluation no longer gives have been withdrawn, and which have only
// aged out of what it reports.

#include "deadlined/daemon/store.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::daemon {

/// Deadline and violation obligations exist as long as the facts that open them: one that is
/// gone was withdrawn (its record corrected). So are the obligations of a rule no longer in
/// the packs. Recurring, freshness, availability and verdict obligations, and those of
/// deadline rules with a look-back window, also leave the evaluation as time passes (a gap
/// closed on time, a window or a year gone by): those stay stored as they last were.
store::withdrawal_test withdrawn_when_missing(const rules::rule_set& rules);

}  // namespace deadlined::daemon
