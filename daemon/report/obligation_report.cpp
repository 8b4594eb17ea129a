#include "deadlined/daemon/obligation_report.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

namespace deadlined::daemon {

namespace {

namespace json = boost::json;
using rules::obligation_state;

int state_rank(obligation_state s) {
  switch (s) {
    case obligation_state::overdue:
      return 0;
    case obligation_state::pending:
      return 1;
    case obligation_state::met_late:
      return 2;
    case obligation_state::waived:
      return 3;
    case obligation_state::met:
      return 4;
  }
  return 5;
}

}  // namespace

std::string short_time(rules::instant at, const rules::zone_offsets& zone) {
  const auto text = zone.format(at);
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

std::string distance(const rules::obligation& o, const rules::working_calendar& calendar, rules::instant now) {
  const auto& zone = calendar.zone();
  const bool late = o.state == obligation_state::overdue;
  if (o.state != obligation_state::overdue && o.state != obligation_state::pending) return {};
  if (o.paused) return "（中止中）";
  const auto span = late ? now - o.due_at : o.due_at - now;
  if (o.hour_scale && span >= std::chrono::hours{48}) {
    const auto days = std::chrono::duration_cast<std::chrono::days>(span).count();
    return std::string{late ? "（逾期 " : "（还剩 "} + std::to_string(days) + " 天）";
  }
  if (o.hour_scale || span < std::chrono::hours{24}) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(span).count();
    if (hours < 1) return late ? "（刚逾期）" : "（不足 1 小时）";
    return std::string{late ? "（逾期 " : "（还剩 "} + std::to_string(hours) + " 小时）";
  }
  const auto from = zone.local_date(late ? o.due_at : now);
  const auto to = zone.local_date(late ? now : o.due_at);
  const int working = calendar.working_days_between(from, to);
  return std::string{late ? "（逾期 " : "（还剩 "} + std::to_string(working) + " 个工作日）";
}

namespace {

/// Pending obligations due within this many working days are listed; later ones counted.
constexpr int soon_working_days = 5;

bool due_soon(const rules::obligation& o, const rules::working_calendar& calendar, rules::instant now) {
  if (o.hour_scale) return o.due_at - now <= std::chrono::hours{24};
  const auto& zone = calendar.zone();
  return calendar.working_days_between(zone.local_date(now), zone.local_date(o.due_at)) <= soon_working_days;
}

const char* marker(obligation_state s) {
  switch (s) {
    case obligation_state::overdue:
      return "✗";
    case obligation_state::pending:
      return "○";
    case obligation_state::met_late:
      return "△";
    case obligation_state::waived:
      return "—";
    case obligation_state::met:
      return "✓";
  }
  return " ";
}

}  // namespace

json::value obligation_json(const rules::obligation& o, const rules::zone_offsets& zone) {
  json::object j;
  j["id"] = o.id.str();
  j["rule"] = o.rule.str();
  j["rule_version"] = o.rule_version;
  j["unit"] = o.unit.str();
  j["original_unit"] = o.original_unit.str();
  j["subject"] = o.subject.view();
  j["title"] = o.title.str();
  j["clause"] = o.clause.str();
  j["opened_at"] = zone.format(o.opened_at);
  j["due_at"] = zone.format(o.due_at);
  j["original_due_at"] = o.original_due_at ? json::value(zone.format(*o.original_due_at)) : json::value(nullptr);
  j["provisional"] = o.provisional;
  j["state"] = std::string{rules::to_string(o.state)};
  j["met_at"] = o.met_at ? json::value(o.met_at->format(zone)) : json::value(nullptr);
  j["paused"] = o.paused;
  j["waiver_requested"] = o.waiver_requested;
  j["waiver_reason"] = o.waiver_reason.empty() ? json::value(nullptr) : json::value(o.waiver_reason.str());
  json::array evidence;
  for (const auto& e : o.evidence)
    evidence.push_back(json::object{{"fact", e.fact_id}, {"role", rules::to_string(e.role)}});
  j["evidence"] = std::move(evidence);
  json::array reminders;
  for (auto r : o.reminders)
    reminders.emplace_back(zone.format(r));
  j["reminders"] = std::move(reminders);
  j["escalate_at"] = o.escalate_at ? json::value(zone.format(*o.escalate_at)) : json::value(nullptr);
  j["escalate_to"] = o.escalate_to.empty() ? json::value(nullptr) : json::value(o.escalate_to.str());
  return j;
}

std::string check_text(const std::vector<rules::obligation>& obligations, const rules::working_calendar& calendar,
                       rules::instant now, const std::string& district) {
  const auto& zone = calendar.zone();
  std::map<std::string, std::vector<const rules::obligation*>> by_unit;
  std::map<obligation_state, int> totals;
  for (const auto& o : obligations) {
    by_unit[o.unit].push_back(&o);
    ++totals[o.state];
  }
  std::string out = district + "政务公开期限检查（截至 " + short_time(now, zone) + "）\n";
  out += "共 " + std::to_string(obligations.size()) + " 项：已逾期 " +
         std::to_string(totals[obligation_state::overdue]) + "，待办 " +
         std::to_string(totals[obligation_state::pending]) + "，逾期完成 " +
         std::to_string(totals[obligation_state::met_late]) + "，按时完成 " +
         std::to_string(totals[obligation_state::met]) + "，已豁免 " +
         std::to_string(totals[obligation_state::waived]) + "\n";
  if (obligations.empty()) return out + "暂无义务。\n";

  std::vector<std::pair<std::string, std::vector<const rules::obligation*>>> units{by_unit.begin(), by_unit.end()};
  auto count = [](const std::vector<const rules::obligation*>& list, obligation_state s) {
    return std::count_if(list.begin(), list.end(), [s](const rules::obligation* o) { return o->state == s; });
  };
  std::stable_sort(units.begin(), units.end(), [&](const auto& a, const auto& b) {
    const auto oa = count(a.second, obligation_state::overdue);
    const auto ob = count(b.second, obligation_state::overdue);
    if (oa != ob) return oa > ob;
    return count(a.second, obligation_state::pending) > count(b.second, obligation_state::pending);
  });
  for (auto& [unit, list] : units) {
    std::stable_sort(list.begin(), list.end(), [](const rules::obligation* a, const rules::obligation* b) {
      if (state_rank(a->state) != state_rank(b->state)) return state_rank(a->state) < state_rank(b->state);
      return a->due_at < b->due_at;
    });
    out += "\n【" + unit + "】";
    bool first = true;
    for (auto s : {obligation_state::overdue, obligation_state::pending, obligation_state::met_late,
                   obligation_state::met, obligation_state::waived}) {
      const auto n = count(list, s);
      if (n == 0) continue;
      out += std::string{first ? "" : " · "} + std::string{rules::chinese_label(s)} + " " + std::to_string(n);
      first = false;
    }
    out += "\n";
    int later = 0;
    for (const auto* o : list) {
      // The morning report lists what needs attention; what is done or far off is counted.
      if (o->state == obligation_state::met) continue;
      if (o->state == obligation_state::pending && !due_soon(*o, calendar, now)) {
        ++later;
        continue;
      }
      out += "  " + std::string{marker(o->state)} + " " + std::string{rules::chinese_label(o->state)} + "  " +
             o->title + "（" + o->clause + "）\n";
      out += "      " + (o->subject.empty() ? std::string{} : "「" + o->subject + "」 ") + "截止 " +
             short_time(o->due_at, zone) + distance(*o, calendar, now);
      if (o->provisional) out += " 暂定";
      if (o->waiver_requested) out += " 已申请豁免";
      out += "  " + o->id + "\n";
    }
    if (later > 0)
      out += "  另有待办 " + std::to_string(later) + " 项，截止日在 " + std::to_string(soon_working_days) +
             " 个工作日以后\n";
  }
  return out;
}

std::string explain_text(const rules::obligation& o, const rules::zone_offsets& zone) {
  std::string out = "义务 " + o.id + "\n";
  out += "单位：" + o.unit + (o.original_unit != o.unit ? "（原 " + o.original_unit + "）" : "") + "\n";
  out += "状态：" + std::string{rules::chinese_label(o.state)} + "（" + std::string{rules::to_string(o.state)} + "）";
  if (o.met_at) out += "，完成于 " + o.met_at->format(zone);
  out += "\n截止：" + zone.format(o.due_at);
  if (o.original_due_at) out += "（原截止 " + zone.format(*o.original_due_at) + "）";
  if (o.provisional) out += " 暂定";
  out += "\n";
  for (const auto& line : o.explanation)
    out += line + "\n";
  return out;
}

}  // namespace deadlined::daemon
