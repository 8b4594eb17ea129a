#include <algorithm>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "deadlined/daemon/scorecard_report.hpp"
#include "deadlined/rules/report_period.hpp"

namespace deadlined::daemon {

std::string report_unit(const config_snapshot& config, const std::string& name_or_alias) {
  if (name_or_alias.empty()) return {};
  const auto* u = config.units.find(name_or_alias);
  if (u == nullptr) throw std::invalid_argument("unknown unit \"" + name_or_alias + "\"");
  return u->name;
}

report_data build_report(const config_snapshot& config, const std::vector<rules::fact>& facts,
                         const std::vector<rules::obligation>& obligations, const rules::period& period,
                         const std::string& unit, rules::instant now) {
  const auto& zone = config.calendar.zone();
  report_data out;
  out.district = config.district;
  out.generated_at = now;
  out.unit = unit;
  out.board_url = config.notifications.board_url;
  const rules::scorecard_input input{obligations, facts,          config.rules, config.units,
                                     zone,        config.scoring, period,       rules::previous_period(period)};
  out.card = rules::build_scorecard(input);
  out.requests = rules::request_statistics(facts, obligations, config.rules, config.units, zone, period);
  if (!unit.empty()) {
    std::erase_if(out.card.units, [&](const rules::unit_scorecard& c) { return c.unit != unit; });
    std::erase_if(out.requests, [&](const rules::request_counts& r) { return r.unit != unit; });
    // The district's chart becomes the unit's own.
    for (auto& m : out.card.overdue_by_month)
      m.overdue = 0;
    for (const auto& c : out.card.units)
      for (std::size_t i = 0; i < out.card.overdue_by_month.size() && i < c.overdue_by_month.size(); ++i)
        out.card.overdue_by_month[i].overdue += c.overdue_by_month[i];
  }
  for (const auto& o : obligations)
    if (rules::due_in(o, period, zone) && (unit.empty() || o.unit == unit)) out.ledger.push_back(o);
  // Units in the configuration's order (as the office lists them), then by due time.
  std::map<std::string_view, std::size_t> unit_order;
  for (const auto& u : config.units.units())
    unit_order.emplace(u.name, unit_order.size());
  const auto order_of = [&unit_order](const std::string& name) {
    const auto found = unit_order.find(name);
    return found == unit_order.end() ? unit_order.size() : found->second;
  };
  std::sort(out.ledger.begin(), out.ledger.end(), [&](const rules::obligation& a, const rules::obligation& b) {
    return std::make_tuple(order_of(a.unit), std::cref(a.unit), a.due_at, std::cref(a.rule), std::cref(a.id)) <
           std::make_tuple(order_of(b.unit), std::cref(b.unit), b.due_at, std::cref(b.rule), std::cref(b.id));
  });
  std::map<std::string_view, const rules::fact*> by_id;
  for (const auto& f : facts)
    by_id.emplace(f.id, &f);
  for (const auto& o : out.ledger)
    for (const auto& e : o.evidence)
      if (const auto found = by_id.find(e.fact_id); found != by_id.end())
        out.evidence.emplace(e.fact_id, *found->second);
  return out;
}

std::vector<evidence_place> evidence_places(const report_data& report, const rules::obligation& o) {
  std::vector<evidence_place> out;
  for (const auto& e : o.evidence) {
    evidence_place place;
    place.fact_id = e.fact_id;
    place.role = std::string{rules::to_string(e.role)};
    place.record = e.fact_id;
    if (const auto found = report.evidence.find(e.fact_id); found != report.evidence.end()) {
      const auto& f = found->second;
      place.known = true;
      place.source = f.source;
      if (!f.external_id.empty()) place.record = f.external_id;
      if (const auto* url = f.attr("url")) place.url = *url;
      if (const auto* page = f.attr("evidence"); page != nullptr && !page->empty()) {
        place.snapshot = report.board_url + "/api/v1/evidence/" + *page;
      }
    }
    out.push_back(std::move(place));
  }
  return out;
}

std::string_view report_table_label(report_table table) {
  switch (table) {
    case report_table::units:
      return "排名";
    case report_table::rules:
      return "分项";
    case report_table::ledger:
      return "台账";
    case report_table::requests:
      return "依申请公开统计";
  }
  return "";
}

std::optional<report_table> parse_report_table(std::string_view name) {
  if (name == "units") return report_table::units;
  if (name == "rules") return report_table::rules;
  if (name == "ledger") return report_table::ledger;
  if (name == "requests") return report_table::requests;
  return std::nullopt;
}

std::string percent(std::optional<double> rate) {
  if (!rate) return "—";
  return fmt::format("{:.1f}%", *rate * 100.0);
}

std::string evidence_role_label(std::string_view role) {
  static constexpr std::pair<std::string_view, std::string_view> labels[] = {
      {"trigger", "起始"}, {"closing", "完成"},     {"follow_up", "后续"}, {"extension", "延期"},     {"pause", "中止"},
      {"resume", "恢复"},  {"restart", "重新计算"}, {"waiver", "豁免"},    {"repeat_trigger", "重复"}};
  for (const auto& [key, label] : labels)
    if (key == role) return std::string{label};
  return std::string{role};
}

}  // namespace deadlined::daemon
