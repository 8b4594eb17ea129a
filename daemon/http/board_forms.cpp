#include "deadlined/daemon/board_forms.hpp"

#include <boost/json.hpp>

#include "deadlined/daemon/obligation_report.hpp"

namespace deadlined::daemon {

namespace {

/// The record types the form offers, with the attributes each asks for.
struct form_type {
  const char* type;
  const char* label;
  const char* attrs_hint;
};
constexpr std::array<form_type, 6> form_types{{
    {"evidence.submitted", "任务佐证材料", "task=四、（一）1"},
    {"call.made", "热线测试电话", "hotline=020-87654321\nanswered=true"},
    {"document.published", "规范性文件公布", "document_id=CHF-2019-12\ncategory=normative"},
    {"interpretation.published", "政策解读公布", "document_id=CHF-2019-12"},
    {"request.received", "依申请公开：收到申请", "request_id=YSQ-2019-031\nchannel=online"},
    {"request.answered", "依申请公开：答复", "request_id=YSQ-2019-031"},
}};

std::string waiver_form(const rules::obligation& o, const char* action, const char* label) {
  return "<form method=\"post\" action=\"/board/waiver\"><input type=\"hidden\" name=\"id\" value=\"" +
         html_escape(o.id.str()) + "\"><input type=\"hidden\" name=\"action\" value=\"" + action +
         "\"><label>理由 <input name=\"reason\" required></label> <label>令牌 <input type=\"password\" "
         "name=\"token\" required></label> <button>" +
         label + "</button></form>";
}

}  // namespace

std::string page_start(const status_view& view, std::string_view title) {
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
         html_escape(title) +
         "</title><style>"
         "body{font-family:sans-serif;margin:1em;max-width:60em}table{border-collapse:collapse;width:100%}"
         "td,th{border-bottom:1px solid "
         "#ddd;padding:.4em;text-align:left}td:first-child{white-space:nowrap}.red{color:#c00}.amber{color:#b70}"
         ".green{color:#080}nav a{margin-right:1em}label{display:block;margin:.4em 0}input,select,textarea{"
         "font-size:1em;max-width:100%}textarea{width:100%}form{margin:.6em 0}"
         "</style></head><body><nav><a href=\"/\">看板</a><a href=\"/board/submit\">报送</a>"
         "<a href=\"/board/waivers\">豁免审批</a><a href=\"/board/report\">评价报表</a></nav><h1>" +
         html_escape(view.config->district) + " " + html_escape(title) + "</h1>";
}

std::string page_end() {
  return "</body></html>\n";
}

std::string obligation_page(const status_view& view, const rules::obligation& o) {
  const auto& zone = view.config->calendar.zone();
  std::string html = page_start(view, o.title);
  html += "<table>";
  const auto row = [&html](const char* name, const std::string& value) {
    html += "<tr><th>" + std::string{name} + "</th><td>" + html_escape(value) + "</td></tr>";
  };
  row("单位", o.unit);
  row("事项", o.subject.str());
  row("依据", o.clause);
  row("状态", std::string{rules::chinese_label(o.state)} + (o.waiver_requested ? "（已申请豁免）" : ""));
  row("开始", zone.format(o.opened_at));
  row("截止", zone.format(o.due_at) + (o.provisional ? "（暂定）" : ""));
  if (o.met_at) row("完成", o.met_at->format(zone));
  row("编号", o.id);
  html += "</table><h2>计算过程</h2><ol>";
  for (const auto& line : o.explanation)
    html += "<li>" + html_escape(line) + "</li>";
  html += "</ol><h2>相关事实</h2><ul>";
  for (const auto& e : o.evidence)
    html += "<li>" + html_escape(std::string{rules::to_string(e.role)}) + "：" + html_escape(e.fact_id) + "</li>";
  html += "</ul>";
  if (o.state == rules::obligation_state::overdue || o.state == rules::obligation_state::pending) {
    html += "<h2>申请豁免</h2>" + waiver_form(o, "request", "提交申请");
  }
  return html + page_end();
}

std::string submission_form(const status_view& view, rules::instant now, std::string_view message) {
  std::string html = page_start(view, "报送");
  if (!message.empty()) html += "<p><strong>" + html_escape(message) + "</strong></p>";
  html += "<form method=\"post\" action=\"/board/submit\"><label>类型 <select name=\"type\">";
  for (const auto& t : form_types)
    html += "<option value=\"" + std::string{t.type} + "\">" + t.label + "</option>";
  html += "</select></label><label>单位 <select name=\"unit\">";
  for (const auto& u : view.config->units.units())
    html += "<option>" + html_escape(u.name) + "</option>";
  html += "</select></label><label>时间 <input name=\"time\" value=\"" +
          html_escape(view.config->calendar.zone().format(now).substr(0, 16)) +
          "\"></label><label>标题 <input name=\"subject\" size=\"40\"></label>"
          "<label>属性（每行 名称=值）<textarea name=\"attrs\" rows=\"4\" placeholder=\"";
  for (const auto& t : form_types)
    html += html_escape(std::string{t.label} + "：" + t.attrs_hint) + "&#10;";
  html +=
      "\"></textarea></label><label>令牌 <input type=\"password\" name=\"token\" required></label>"
      "<button>报送</button></form>";
  return html + page_end();
}

std::string waivers_page(const status_view& view) {
  std::string html = page_start(view, "豁免审批");
  html += "<table><tr><th>单位</th><th>事项</th><th>理由</th><th>审批</th></tr>";
  int count = 0;
  for (const auto& o : view.obligations) {
    if (!o.waiver_requested) continue;
    ++count;
    html += "<tr><td>" + html_escape(o.unit) + "</td><td><a href=\"/board/obligation?id=" + query_encode(o.id.str()) +
            "\">" + html_escape(o.title) + "</a><br><small>" + html_escape(o.subject) + "</small></td><td>" +
            html_escape(o.waiver_reason) + "</td><td>" + waiver_form(o, "approve", "批准") +
            waiver_form(o, "decline", "不批准") + "</td></tr>";
  }
  html += "</table>";
  if (count == 0) html += "<p>没有待审批的豁免申请。</p>";
  return html + page_end();
}

std::string record_json_from_form(const std::map<std::string, std::string>& fields, const status_view& view,
                                  rules::instant now, std::string& problem) {
  const auto get = [&fields](const char* key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string{} : it->second;
  };
  const auto type = get("type");
  if (type.empty() || get("unit").empty() || get("time").empty()) {
    problem = "请填写类型、单位和时间";
    return {};
  }
  boost::json::object attrs;
  const auto text = get("attrs");
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    std::erase(line, '\r');
    start = end + 1;
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      problem = "属性“" + line + "”应写成 名称=值";
      return {};
    }
    const auto value = line.substr(eq + 1);
    if (value == "true" || value == "false") {
      attrs[line.substr(0, eq)] = value == "true";
    } else {
      attrs[line.substr(0, eq)] = value;
    }
  }
  // The id names the submission: its content and when it was made, so resubmitting the
  // same form twice by accident is one record.
  const auto id = "form-" + rules::stable_id({type, get("unit"), get("time"), get("subject"), text,
                                              view.config->calendar.zone().format(now).substr(0, 16)});
  boost::json::object record{{"id", id},
                             {"type", type},
                             {"unit", get("unit")},
                             {"time", get("time")},
                             {"subject", get("subject")},
                             {"attrs", std::move(attrs)}};
  return boost::json::serialize(boost::json::array{std::move(record)});
}

}  // namespace deadlined::daemon
