// Notices follow from an obligation's state and its instants alone, so re-planning at any
// later moment gives the same notices again (the outbox deduplicates by key), and a daemon
// that was down catches up on what it missed.

#include "deadlined/rules/notice_plan.hpp"

namespace deadlined::rules {

std::string_view to_string(notice_kind kind) {
  switch (kind) {
    case notice_kind::reminder:
      return "reminder";
    case notice_kind::overdue:
      return "overdue";
    case notice_kind::escalation:
      return "escalation";
    case notice_kind::resolved:
      return "resolved";
  }
  return "reminder";
}

std::string_view chinese_label(notice_kind kind) {
  switch (kind) {
    case notice_kind::reminder:
      return "提醒";
    case notice_kind::overdue:
      return "逾期";
    case notice_kind::escalation:
      return "督办";
    case notice_kind::resolved:
      return "已补办";
  }
  return "提醒";
}

std::string notice::event_name() const {
  if (kind == notice_kind::reminder) return "reminder-" + std::to_string(sequence);
  if (kind == notice_kind::overdue && sequence > 1) return "overdue-" + std::to_string(sequence);
  return std::string{to_string(kind)};
}

instant next_digest_window(instant at, const working_calendar& calendar, std::chrono::minutes digest_time) {
  const auto& zone = calendar.zone();
  auto day = zone.local_date(at);
  for (int guard = 0; guard < 400; ++guard, day += std::chrono::days{1}) {
    day = calendar.next_working_day(day);
    const auto window = zone.at_local(day, digest_time);
    if (window >= at) return window;
  }
  return at;  // no working day within a year: send rather than hold forever
}

namespace {

notice make(const obligation& o, notice_kind kind, int sequence, const std::string& recipient, instant at,
            const working_calendar& calendar, const notice_policy& policy) {
  notice n;
  n.obligation_id = o.id;
  n.kind = kind;
  n.sequence = sequence;
  n.recipient_unit = recipient;
  n.at = at;
  n.urgent = o.hour_scale;
  n.send_at = n.urgent ? at : next_digest_window(at, calendar, policy.digest_time);
  return n;
}

}  // namespace

std::vector<notice> due_notices(const std::vector<obligation>& obligations, instant now,
                                const working_calendar& calendar, const notice_policy& policy) {
  std::vector<notice> out;
  for (const auto& o : obligations) {
    switch (o.state) {
      case obligation_state::pending:
        // Reminders only while the obligation is still open and not yet due.
        for (std::size_t i = 0; i < o.reminders.size(); ++i) {
          if (o.reminders[i] <= now) {
            out.push_back(
                make(o, notice_kind::reminder, static_cast<int>(i) + 1, o.unit, o.reminders[i], calendar, policy));
          }
        }
        break;
      case obligation_state::overdue: {
        out.push_back(make(o, notice_kind::overdue, 0, o.unit, o.due_at, calendar, policy));
        if (policy.repeat_overdue_working_days > 0) {
          // Repeats in the morning digest, every N working days after the due date.
          const auto& zone = calendar.zone();
          auto day = zone.local_date(o.due_at);
          for (int k = 2; k < 1000; ++k) {
            day = calendar.add_working_days(day, policy.repeat_overdue_working_days);
            const auto repeat_at = zone.at_local(day, policy.digest_time);
            if (repeat_at > now) break;
            auto repeat = make(o, notice_kind::overdue, k, o.unit, repeat_at, calendar, policy);
            repeat.urgent = false;
            repeat.send_at = repeat_at;
            out.push_back(repeat);
          }
        }
        if (o.escalate_at && *o.escalate_at <= now && !o.escalate_to.empty()) {
          out.push_back(make(o, notice_kind::escalation, 0, o.escalate_to, *o.escalate_at, calendar, policy));
        }
        break;
      }
      case obligation_state::met_late:
        if (policy.resolved && o.met_at) {
          const auto met = o.met_at->counting_instant(calendar.zone());
          out.push_back(
              make(o, notice_kind::resolved, 0, o.unit, std::min(std::max(met, o.due_at), now), calendar, policy));
        }
        break;
      case obligation_state::met:
      case obligation_state::waived:
        break;
    }
  }
  return out;
}

std::optional<instant> next_notice_time(const std::vector<obligation>& obligations, instant now) {
  std::optional<instant> next;
  const auto consider = [&next, now](instant at) {
    if (at > now && (!next || at < *next)) next = at;
  };
  for (const auto& o : obligations) {
    if (o.state == obligation_state::pending) {
      for (const auto r : o.reminders)
        consider(r);
      consider(o.due_at);
    }
    if ((o.state == obligation_state::pending || o.state == obligation_state::overdue) && o.escalate_at) {
      consider(*o.escalate_at);
    }
  }
  return next;
}

}  // namespace deadlined::rules
