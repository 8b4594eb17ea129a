// The cells of the report's tables, shared by text, CSV and HTML so they never disagree.

#include <fmt/format.h>

#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

namespace {

std::string number(double value) {
  return value == static_cast<double>(static_cast<long long>(value)) ? fmt::format("{}", value)
                                                                     : fmt::format("{:.1f}", value);
}

/// `↑12.5` / `↓3.0` / `持平` percentage points against the previous period; `—` when either
/// period judged nothing.
std::string rate_change(std::optional<double> now, std::optional<double> before) {
  if (!now || !before) return "—";
  const double points = (*now - *before) * 100.0;
  if (std::abs(points) < 0.05) return "持平";
  return fmt::format("{}{:.1f}", points > 0 ? "↑" : "↓", std::abs(points));
}

std::string rank_change(const rules::unit_scorecard& c) {
  if (c.previous_rank == 0 || c.previous.opened == 0) return "—";
  if (c.previous_rank == c.rank) return "持平";
  return fmt::format("{}{}", c.rank < c.previous_rank ? "↑" : "↓", std::abs(c.rank - c.previous_rank));
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : std::string{separator}) + p;
  return out;
}

/// Where a fact can be seen: its page, its snapshot, or the record it came from.
std::string evidence_text(const report_data& report, const rules::obligation& o) {
  std::vector<std::string> parts;
  for (const auto& place : evidence_places(report, o)) {
    std::string part = evidence_role_label(place.role) + "：";
    if (!place.known) {
      part += place.fact_id;
    } else if (!place.url.empty()) {
      part += place.url;
    } else {
      part += "记录 " + place.record + "（" + place.source + "）";
    }
    if (!place.snapshot.empty()) part += " 快照 " + place.snapshot;
    parts.push_back(std::move(part));
  }
  return join(parts, "；");
}

/// A date-only completion stays a date; an instant is shown to the minute.
std::string met_text(const rules::timestamp& at, const rules::zone_offsets& zone) {
  if (at.is_date_only()) return rules::format_date(at.local_date(zone));
  return short_time(at.counting_instant(zone), zone);
}

}  // namespace

std::string report_heading(const report_data& report) {
  const auto& card = report.card;
  return fmt::format("{} 政务公开评价 {}（{} 至 {}），对比 {}{}", report.district, card.current.label,
                     rules::format_date(card.current.first), rules::format_date(card.current.last), card.previous.label,
                     report.unit.empty() ? "" : "：" + report.unit);
}

report_rows table_rows(const report_data& report, report_table table, const rules::zone_offsets& zone) {
  report_rows out;
  const auto count = [](int n) { return std::to_string(n); };
  switch (table) {
    case report_table::units: {
      out.header = {"排名",       "单位",     "应办",     "按时完成",   "逾期完成",   "逾期未完成",
                    "待办",       "豁免",     "按时率",   "上期按时率", "按时率变化", "排名变化",
                    "网站可用性", "栏目更新", "互动回应", "倒签",       "单项否决"};
      if (report.card.scored) out.header.insert(out.header.begin() + 2, "得分");
      for (const auto& c : report.card.units) {
        const auto& t = c.totals;
        std::vector<std::string> row{count(c.rank),
                                     c.unit,
                                     count(t.opened),
                                     count(t.met),
                                     count(t.met_late),
                                     count(t.overdue),
                                     count(t.pending),
                                     count(t.waived),
                                     percent(t.on_time_rate()),
                                     percent(c.previous.on_time_rate()),
                                     rate_change(t.on_time_rate(), c.previous.on_time_rate()),
                                     rank_change(c),
                                     count(c.availability_breaches),
                                     count(c.freshness_breaches),
                                     count(c.interaction_breaches),
                                     count(c.backdated_items),
                                     join(c.vetoes, "；")};
        if (report.card.scored) row.insert(row.begin() + 2, c.score ? number(*c.score) : "—");
        out.rows.push_back(std::move(row));
      }
      break;
    }
    case report_table::rules: {
      out.header = {"单位",       "条款", "工作任务", "规则",   "应办", "按时完成", "逾期完成",
                    "逾期未完成", "待办", "豁免",     "按时率", "扣分", "单项否决", "豁免理由"};
      for (const auto& c : report.card.units) {
        for (const auto& line : c.rules) {
          const auto& t = line.counts;
          out.rows.push_back(
              {c.unit, line.clause, line.task, line.title, count(t.opened), count(t.met), count(t.met_late),
               count(t.overdue), count(t.pending), count(t.waived), percent(t.on_time_rate()), number(line.deduction),
               line.veto ? (t.overdue + t.met_late > 0 ? "否决" : "未触发") : "", join(line.waiver_reasons, "；")});
        }
      }
      break;
    }
    case report_table::ledger: {
      out.header = {"单位", "编号",   "规则", "条款", "事项",     "开始",
                    "截止", "原截止", "状态", "完成", "豁免申请", "证据"};
      for (const auto& o : report.ledger) {
        std::string state{rules::chinese_label(o.state)};
        out.rows.push_back({o.unit, o.id, o.title, o.clause, o.subject.str(), short_time(o.opened_at, zone),
                            short_time(o.due_at, zone) + (o.provisional ? "（暂定）" : ""),
                            o.original_due_at ? short_time(*o.original_due_at, zone) : "", state,
                            o.met_at ? met_text(*o.met_at, zone) : "",
                            o.waiver_requested || o.state == rules::obligation_state::waived ? o.waiver_reason : "",
                            evidence_text(report, o)});
      }
      break;
    }
    case report_table::requests: {
      out.header = {"单位", "上年结转", "本期新收", "办结", "延期答复", "逾期", "结转下期", "申请人类型", "办理结果"};
      const auto breakdown = [](const std::map<std::string, int, std::less<>>& counts) {
        std::vector<std::string> parts;
        for (const auto& [name, n] : counts)
          parts.push_back(name + " " + std::to_string(n));
        return join(parts, "；");
      };
      for (const auto& r : report.requests) {
        out.rows.push_back({r.unit, count(r.carried_over), count(r.received), count(r.answered), count(r.extended),
                            count(r.overdue), count(r.carried_forward), breakdown(r.by_applicant),
                            breakdown(r.by_result)});
      }
      break;
    }
  }
  return out;
}

}  // namespace deadlined::daemon
