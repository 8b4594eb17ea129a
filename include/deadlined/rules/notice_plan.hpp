#pragma once
// Which notifications obligations call for by a moment (SPEC §7): reminders before due,
// `overdue` at due, `escalation` to the supervising unit after the grace, `resolved` when
// met late — each with the moment it goes out: at once for hour-scale obligations, else
// in the next digest window on a working day. Pure: the shell queues what this returns.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace deadlined::rules {

enum class notice_kind { reminder, overdue, escalation, resolved };

/// reminder, overdue, escalation, resolved
std::string_view to_string(notice_kind kind);
/// 提醒, 逾期, 督办, 已补办
std::string_view chinese_label(notice_kind kind);

struct notice {
  std::string obligation_id;
  notice_kind kind = notice_kind::reminder;
  int sequence = 0;            ///< a reminder's number (1, 2 …), a repeated overdue notice's (2, 3 …); else 0
  std::string recipient_unit;  ///< the unit that owes it, or the supervising unit
  instant at{};                ///< when it happened: the reminder time, due, escalation, met
  instant send_at{};           ///< when it goes out
  bool urgent = false;         ///< hour-scale: sent at once, never in a digest

  /// `reminder-1`, `overdue`, `overdue-2`, `escalation`, `resolved`: the event part of
  /// idempotency keys.
  std::string event_name() const;
};

struct notice_policy {
  std::chrono::minutes digest_time{8 * 60 + 30};  ///< local time of the daily digest
  bool resolved = true;                           ///< plan `resolved` for obligations met late
  /// Repeat the overdue notice every this many working days while it stays overdue (in the
  /// digest window); 0: once.
  int repeat_overdue_working_days = 0;
};

/// The notices that have happened by `now`, in obligation order, then event order. A
/// notice planned once stays planned at every later `now` while the obligation's state
/// allows it, so the shell can queue by idempotency key and never lose one.
std::vector<notice> due_notices(const std::vector<obligation>& obligations, instant now,
                                const working_calendar& calendar, const notice_policy& policy);

/// The earliest moment after `now` at which another notice will be due if nothing else
/// changes (a reminder, a due instant, an escalation) — for the daemon's exact timers.
std::optional<instant> next_notice_time(const std::vector<obligation>& obligations, instant now);

/// The first digest window at or after `at`: `digest_time` local on a working day.
instant next_digest_window(instant at, const working_calendar& calendar, std::chrono::minutes digest_time);

}  // namespace deadlined::rules
