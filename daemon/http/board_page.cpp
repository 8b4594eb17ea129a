// GET /: the status board — units as rows with traffic lights, a unit's open obligations on
// click — server-rendered, readable on a phone, no external assets, every string escaped.

#include <algorithm>
#include <map>

#include "deadlined/daemon/api_router.hpp"

namespace deadlined::daemon {

namespace {

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string board_html(const status_view& view, rules::instant now, std::string_view unit_filter) {
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
  std::string html =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>政务公开期限看板</title><style>"
      "body{font-family:sans-serif;margin:1em;max-width:60em}table{border-collapse:collapse;width:100%}"
      "td,th{border-bottom:1px solid "
      "#ddd;padding:.4em;text-align:left}.red{color:#c00}.amber{color:#b70}.green{color:#080}"
      "</style></head><body>";
  html += "<h1>" + escape(view.config->district) + "政务公开期限看板</h1><p>评估时间 " +
          escape(zone.format(view.evaluated_at)) + "</p>";
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
      html += "<tr><td><a href=\"/?unit=" + url_encode(unit) + "\">" + escape(unit) + "</a></td><td>" + light +
              "</td><td>" + std::to_string(r.overdue) + "</td><td>" + std::to_string(r.soon) + "</td><td>" +
              std::to_string(r.pending) + "</td><td>" + std::to_string(r.done) + "</td></tr>";
    }
    html += "</table>";
  } else {
    html += "<p><a href=\"/\">← 全部单位</a></p><h2>" + escape(unit_filter) +
            "</h2><table><tr><th>状态</th><th>事项</th><th>截止</th></tr>";
    for (const auto& o : view.obligations) {
      if (o.unit != unit_filter || o.state == rules::obligation_state::met) continue;
      html += "<tr><td>" + escape(rules::chinese_label(o.state)) + "</td><td><a href=\"/api/v1/obligations/" +
              escape(o.id) + "\">" + escape(o.title) + "</a><br><small>" + escape(o.subject) + "（" + escape(o.clause) +
              "）</small></td><td>" + escape(zone.format(o.due_at)) + "</td></tr>";
    }
    html += "</table>";
  }
  return html + "</body></html>\n";
}

}  // namespace deadlined::daemon
