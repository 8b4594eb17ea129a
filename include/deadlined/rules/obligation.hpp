#pragma once
// An obligation: what a unit owes under a rule, by when, and how it stands.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "deadlined/rules/compact_text.hpp"
#include "deadlined/rules/evidence_list.hpp"
#include "deadlined/rules/explanation_lines.hpp"
#include "deadlined/rules/instant_list.hpp"
#include "deadlined/rules/obligation_id.hpp"
#include "deadlined/rules/optional_instant.hpp"
#include "deadlined/rules/optional_timestamp.hpp"
#include "deadlined/rules/shared_text.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::rules {

enum class obligation_state : std::uint8_t { pending, met, met_late, overdue, waived };

/// `pending`, `met`, `met_late`, `overdue`, `waived`
std::string_view to_string(obligation_state state);
/// 待办, 按时完成, 逾期完成, 已逾期, 已豁免
std::string_view chinese_label(obligation_state state);

// Members are grouped by size, not by topic: a city's year holds 300,000 of these, and
// the small ones (the version, the state and the flags) share one word at the end.
struct obligation {
  obligation_id id;  ///< stable: hash of rule id, version, unit, key and period
  shared_text rule;  ///< this and title, clause, escalate_to: shared with the rule
  shared_text title;
  shared_text clause;
  shared_text escalate_to;
  shared_text unit;           ///< who owes it now (a successor after a reorganisation)
  shared_text original_unit;  ///< the unit it was opened for
  compact_text subject;
  compact_text key;  ///< the correlation key (document_id, title …) or `fact:<id>`

  instant opened_at{};
  instant due_at{};
  optional_instant original_due_at;
  optional_timestamp met_at;
  optional_instant escalate_at;

  instant_list reminders;  ///< when reminders fire, ascending; past ones already dropped
  evidence_list evidence;
  explanation_lines explanation;  ///< Chinese, one line per step
  shared_text waiver_reason;      ///< one pointer: most obligations never have one

  int rule_version = 1;
  obligation_state state = obligation_state::pending;
  bool provisional = false;
  bool paused = false;  ///< counting is suspended now (a request out for consultation)
  bool waiver_requested = false;
  bool hour_scale = false;

  /// Every member alike: what the daemon compares to record only the obligations a check
  /// changed.
  friend bool operator==(const obligation&, const obligation&) = default;
};

/// FNV-1a 64 over the parts: an obligation's id, stable across versions and machines.
std::uint64_t stable_hash(std::span<const std::string_view> parts);
/// The same for parts written in place (`stable_hash({rule, unit, key})`): no list is
/// allocated, which every obligation of an evaluation did.
inline std::uint64_t stable_hash(std::initializer_list<std::string_view> parts) {
  return stable_hash(std::span<const std::string_view>{parts.begin(), parts.size()});
}
inline std::uint64_t stable_hash(const std::vector<std::string_view>& parts) {
  return stable_hash(std::span<const std::string_view>{parts});
}
/// `stable_hash` as 16 hex digits (notification keys, form fact ids).
std::string stable_id(const std::vector<std::string_view>& parts);

}  // namespace deadlined::rules
