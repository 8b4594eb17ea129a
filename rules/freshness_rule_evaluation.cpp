// Freshness rules: each dated item of a column (or unit) is due to be followed by the next
// within the window. A longer gap is a stale spell (met late); the newest item is pending
// until the column is stale now (overdue). A gap the next item closed in time is met, and
// reported only while recent: so that the obligation the last update had (stored as
// pending, reminders queued) is seen to close.

#include <algorithm>
#include <map>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/due_computation.hpp"
#include "rule_evaluation.hpp"

namespace deadlined::rules::detail {

namespace {

/// Stale spells that ended more than this long before now are not reported.
constexpr auto kept_history = std::chrono::days{366};
/// Gaps closed in time are reported this long after the closing update was dated or seen,
/// whichever is later (besides the last one, always): every update of a week closes its
/// predecessor's stored row even if no check ran between them, and so do updates that
/// arrive late (a portal unreachable for a while, records sent in a batch).
constexpr auto recently_closed = std::chrono::days{7};

bool undated(const fact& f) {
  const auto* source = f.attr("date_source");
  return source != nullptr && *source == "first_seen";
}

}  // namespace

void evaluate_freshness_rule(const rule_versions& versions, const fact_index& facts, const evaluation_context& context,
                             std::vector<obligation>& out, evaluation_scope& scope) {
  const bool explain = context.explain;
  const auto& zone = context.calendar.zone();
  for (const rule* r : versions) {
    std::map<std::string, std::vector<const fact*>> groups;
    for (const fact* f : facts.of_type(r->trigger.type)) {
      if (!r->trigger.selects(*f)) continue;
      if (!r->in_effect(f->time.local_date(zone))) continue;
      if (undated(*f) && !r->count_undated) continue;
      groups[r->per == rule::grouping::source ? f->source : f->unit].push_back(f);
    }
    for (auto& [group, items] : groups) {
      // The newest date counts, not the first row: order by date (the index order), and
      // treat items of the same day as one update — the one seen first, so that an item
      // added later that day does not take its place and its obligation's id.
      std::vector<const fact*> updates;
      for (const fact* f : items) {
        if (!updates.empty() && f->time.local_date(zone) == updates.back()->time.local_date(zone)) {
          if (f->observed_at < updates.back()->observed_at) updates.back() = f;
          continue;
        }
        updates.push_back(f);
      }
      for (std::size_t i = 0; i < updates.size(); ++i) {
        const fact& item = *updates[i];
        const fact* next = i + 1 < updates.size() ? updates[i + 1] : nullptr;
        const auto due = compute_due(item.time, r->deadline, context.calendar);
        const instant due_at = std::get<due_result>(due).due;
        bool on_time = false;
        if (next != nullptr) {
          on_time = not_after(next->time, timestamp::at(due_at), zone);
          const auto closed = on_time ? std::max(next->time.counting_instant(zone), next->observed_at)
                                      : next->time.counting_instant(zone);
          const bool last_gap = i + 2 == updates.size();
          const auto reported_for = on_time ? recently_closed : kept_history;
          if (!on_time || !last_gap) scope.holds_through(closed + reported_for, context.now);
          if (closed < context.now - reported_for && !(on_time && last_gap)) continue;
        }

        obligation o = open_obligation(*r, context.units.shared_name(item.unit), group + "#" + item.id, "", context);
        o.subject = group;
        o.opened_at = item.time.counting_instant(zone);
        o.due_at = due_at;
        o.evidence.push_back({item.id, evidence_role::trigger});
        auto& why = o.explanation;
        if (explain) why.push_back("栏目 " + group + " 的更新：" + describe_fact(item, zone));
        if (explain)
          why.push_back("须在 " + to_chinese(r->deadline) + " 内再有更新，即 " + zone.format(due_at) + " 前");
        scope.holds_through(due_at, context.now);  // the column falls stale then
        if (next != nullptr) {
          o.state = on_time ? obligation_state::met : obligation_state::met_late;
          o.met_at = next->time;
          o.evidence.push_back({next->id, evidence_role::closing});
          if (explain)
            why.push_back((on_time ? "期限内有下一次更新：" : "下一次更新晚于期限（栏目曾不更新）：") +
                          describe_fact(*next, zone));
        } else if (context.now > due_at) {
          o.state = obligation_state::overdue;
          if (explain) why.push_back("截至 " + zone.format(context.now) + " 无新的更新，栏目未按期更新");
        } else {
          if (explain) why.push_back("截至 " + zone.format(context.now) + " 仍在更新期限内");
        }
        plan_follow_ups(*r, context, o);
        out.push_back(std::move(o));
      }
    }
  }
}

}  // namespace deadlined::rules::detail
