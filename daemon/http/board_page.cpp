// GET /: the status board — units as rows with traffic lights, a unit's open obligations on
// click — server-rendered, readable on a phone, no external assets, every string escaped.

#include <algorithm>
#include <map>
#include <set>

#include "deadlined/daemon/api_router.hpp"
#include "deadlined/daemon/board_forms.hpp"
#include "deadlined/daemon/obligation_report.hpp"

namespace deadlined::daemon {

std::string board_html(const status_view& view, rules::instant now, const std::map<std::string, std::string>& query) {
  const auto param = [&query](const char* key) {
    const auto it = query.find(key);
    return it == query.end() ? std::string{} : it->second;
  };
  const auto unit_filter = param("unit");
  const auto state_filter = param("state");
  const auto rule_filter = param("rule");
  const auto& zone = view.config->calendar.zone();
  const auto soon = now + std::chrono::hours{72};
  struct row {
    int overdue = 0, soon = 0, pending = 0, done = 0;
  };
  std::map<std::string, row> rows;
  for (const auto& o : view.obligations) {
    auto& r = rows[o.unit];
    switch (o.state) {
      case rules::obligation_state::overdue:
        ++r.overdue;
        break;
      case rules::obligation_state::pending:
        (o.due_at <= soon ? ++r.soon : ++r.pending);
        break;
      default:
        ++r.done;
    }
  }
  std::string html = page_start(view, "政务公开期限看板");
  html += "<p>评估时间 " + html_escape(zone.format(view.evaluated_at)) + "</p>";
  if (unit_filter.empty()) {
    html += "<table><tr><th>单位</th><th>状态</th><th>已逾期</th><th>3日内到期</th><th>待办</th><th>已完成</th></tr>";
    std::vector<std::pair<std::string, row>> ordered{rows.begin(), rows.end()};
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return std::tie(b.second.overdue, b.second.soon) < std::tie(a.second.overdue, a.second.soon);
    });
    for (const auto& [unit, r] : ordered) {
      const char* light = r.overdue > 0 ? "<span class=\"red\">● 逾期</span>"
                          : r.soon > 0  ? "<span class=\"amber\">● 临近</span>"
                                        : "<span class=\"green\">● 正常</span>";
      html += "<tr><td><a href=\"/?unit=" + query_encode(unit) + "\">" + html_escape(unit) + "</a></td><td>" + light +
              "</td><td>" + std::to_string(r.overdue) + "</td><td>" + std::to_string(r.soon) + "</td><td>" +
              std::to_string(r.pending) + "</td><td>" + std::to_string(r.done) + "</td></tr>";
    }
    html += "</table>";
  } else {
    // Filters by state and rule, as a plain GET form.
    std::set<std::string> unit_rules;
    for (const auto& o : view.obligations)
      if (o.unit == unit_filter) unit_rules.insert(o.rule);
    html += "<p><a href=\"/\">← 全部单位</a></p><h2>" + html_escape(unit_filter) +
            "</h2><form method=\"get\" action=\"/\"><input type=\"hidden\" name=\"unit\" value=\"" +
            html_escape(unit_filter) + "\"><label>状态 <select name=\"state\"><option value=\"\">未完成</option>";
    for (const auto state :
         {rules::obligation_state::overdue, rules::obligation_state::pending, rules::obligation_state::met_late,
          rules::obligation_state::met, rules::obligation_state::waived}) {
      const auto value = std::string{rules::to_string(state)};
      html += "<option value=\"" + value + "\"" + (value == state_filter ? " selected" : "") + ">" +
              std::string{rules::chinese_label(state)} + "</option>";
    }
    html += "</select></label><label>规则 <select name=\"rule\"><option value=\"\">全部</option>";
    for (const auto& r : unit_rules)
      html += "<option" + std::string{r == rule_filter ? " selected" : ""} + ">" + html_escape(r) + "</option>";
    html += "</select></label><button>筛选</button></form><table><tr><th>状态</th><th>事项</th><th>截止</th></tr>";
    for (const auto& o : view.obligations) {
      if (o.unit != unit_filter) continue;
      if (state_filter.empty() ? (o.state == rules::obligation_state::met || o.state == rules::obligation_state::waived)
                               : rules::to_string(o.state) != state_filter) {
        continue;
      }
      if (!rule_filter.empty() && o.rule != rule_filter) continue;
      html += "<tr><td>" + html_escape(rules::chinese_label(o.state)) +
              "</td><td><a href=\"/board/obligation?id=" + query_encode(o.id.str()) + "\">" + html_escape(o.title) +
              "</a><br><small>" + html_escape(o.subject) + "（" + html_escape(o.clause) + "）</small></td><td>" +
              html_escape(short_time(o.due_at, zone)) + "</td></tr>";
    }
    html += "</table>";
  }
  return html + page_end();
}

}  // namespace deadlined::daemon
