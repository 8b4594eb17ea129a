// The printable report page: heading, ranking, charts, per-rule detail, 依申请公开
// statistics and (for one unit) the ledger with its evidence. Self-contained: inline style
// and SVG, no script, every string escaped, links only to http(s) pages and the daemon.

#include <fmt/format.h>

#include <cctype>

#include "deadlined/daemon/html_text.hpp"
#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/daemon/scorecard_charts.hpp"
#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

namespace {

constexpr std::string_view style =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;margin:1.5em;"
    "color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:2px solid #444}"
    "table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0}th,td{border:1px solid #bbb;"
    "padding:.25em .4em;text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}"
    ".veto{color:#c00;font-weight:bold}.muted{color:#666;font-size:.85em}.charts{display:flex;flex-wrap:wrap;"
    "gap:2em}.charts figure{margin:0;flex:1 1 24em}figcaption{font-weight:bold;margin-bottom:.3em}"
    "a{color:#05c}@media print{nav,.noprint{display:none}body{margin:0}h2{break-after:avoid}"
    "tr{break-inside:avoid}}";

bool numeric(std::string_view cell) {
  if (cell.empty()) return false;
  for (char c : cell)
    if (!(std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '%')) return false;
  return true;
}

std::string table_html(const report_rows& rows) {
  std::string html = "<table><thead><tr>";
  for (const auto& h : rows.header)
    html += "<th>" + html_escape(h) + "</th>";
  html += "</tr></thead><tbody>";
  for (const auto& row : rows.rows) {
    html += "<tr>";
    for (const auto& cell : row)
      html += (numeric(cell) ? "<td class=\"n\">" : "<td>") + html_escape(cell) + "</td>";
    html += "</tr>";
  }
  if (rows.rows.empty()) html += "<tr><td colspan=\"" + std::to_string(rows.header.size()) + "\">（无）</td></tr>";
  return html + "</tbody></table>";
}

/// A link to a scraped page only when it is http(s): a `javascript:` URL stays text.
std::string page_link(std::string_view url) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) return html_escape(url);
  return "<a href=\"" + html_escape(url) + "\" rel=\"noreferrer\">" + html_escape(url) + "</a>";
}

std::string ledger_html(const report_data& report, const rules::zone_offsets& zone) {
  std::string html =
      "<table><thead><tr><th>事项</th><th>规则</th><th>截止</th><th>状态</th><th>完成</th><th>证据</th></tr></thead>"
      "<tbody>";
  for (const auto& o : report.ledger) {
    std::string evidence;
    for (const auto& place : evidence_places(report, o)) {
      evidence += "<div>" + html_escape(evidence_role_label(place.role)) + "：" +
                  (place.url.empty() ? "记录 " + html_escape(place.record) : page_link(place.url));
      if (!place.snapshot.empty()) evidence += " <a href=\"" + html_escape(place.snapshot) + "\">快照</a>";
      evidence += "</div>";
    }
    html += "<tr><td><a href=\"" + html_escape(report.board_url + "/board/obligation?id=" + query_encode(o.id.str())) +
            "\">" + html_escape(o.subject.empty() ? o.id.str() : o.subject.str()) + "</a></td><td>" +
            html_escape(o.title) + "<div class=\"muted\">" + html_escape(o.clause) + "</div></td><td>" +
            html_escape(short_time(o.due_at, zone)) + "</td><td>" + html_escape(rules::chinese_label(o.state)) +
            (o.waiver_reason.empty() ? "" : "<div class=\"muted\">" + html_escape(o.waiver_reason) + "</div>") +
            "</td><td>" + (o.met_at ? html_escape(o.met_at->format(zone)) : "") + "</td><td>" + evidence + "</td></tr>";
  }
  if (report.ledger.empty()) html += "<tr><td colspan=\"6\">（无）</td></tr>";
  return html + "</tbody></table>";
}

}  // namespace

std::string scorecard_html(const report_data& report, const rules::zone_offsets& zone) {
  const auto& card = report.card;
  const auto heading = report_heading(report);
  const auto query =
      "period=" + query_encode(card.current.label) + (report.unit.empty() ? "" : "&unit=" + query_encode(report.unit));
  std::string html =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>" +
      html_escape(heading) + "</title><style>" + std::string{style} +
      "</style></head><body><nav class=\"noprint\"><a href=\"" + html_escape(report.board_url) +
      "/\">看板</a></nav><h1>" + html_escape(heading) + "</h1>";
  html += "<p class=\"muted\">生成时间 " + html_escape(zone.format(report.generated_at)) +
          "。事项按截止日期归入期间；按时完成率 = 按时完成 ÷（按时完成 + 逾期完成 + 逾期未完成），豁免与待办不计。" +
          (card.scored ? "得分按配置的评分细则计算。" : "未配置评分细则：只列数量与比率。") + "</p>";
  html += "<p class=\"noprint\">下载（Excel）：<a href=\"" +
          html_escape(report.board_url + "/api/v1/scorecard?format=csv&table=units&" + query) +
          "\">排名表</a> · <a href=\"" +
          html_escape(report.board_url + "/api/v1/scorecard?format=csv&table=rules&" + query) +
          "\">分项表</a> · <a href=\"" +
          html_escape(report.board_url + "/api/v1/scorecard?format=csv&table=ledger&" + query) +
          "\">台账</a> · <a href=\"" +
          html_escape(report.board_url + "/api/v1/scorecard?format=csv&table=requests&" + query) +
          "\">依申请公开统计</a></p>";

  html += "<h2>排名</h2>" + table_html(table_rows(report, report_table::units, zone));
  for (const auto& c : card.units)
    for (const auto& veto : c.vetoes)
      html += "<p class=\"veto\">单项否决：" + html_escape(c.unit) + " — " + html_escape(veto) + "</p>";
  html += "<h2>图表</h2><div class=\"charts\"><figure><figcaption>各单位按时完成率</figcaption>" +
          on_time_rate_chart(card.units) + "</figure><figure><figcaption>逾期事项按月分布</figcaption>" +
          overdue_by_month_chart(card.overdue_by_month) + "</figure></div>";
  html += "<h2>分项情况</h2>" + table_html(table_rows(report, report_table::rules, zone));
  html += "<h2>依申请公开情况（条例第五十条）</h2>" + table_html(table_rows(report, report_table::requests, zone));
  if (report.unit.empty()) {
    html += "<h2>各单位台账</h2><p>";
    for (const auto& c : card.units) {
      html += "<a href=\"" +
              html_escape(report.board_url + "/board/report?period=" + query_encode(card.current.label) +
                          "&unit=" + query_encode(c.unit)) +
              "\">" + html_escape(c.unit) + "</a> ";
    }
    html += "</p>";
  } else {
    html += "<h2>台账</h2>" + ledger_html(report, zone);
  }
  return html + "</body></html>\n";
}

}  // namespace deadlined::daemon
