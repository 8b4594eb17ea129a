#include <boost/json.hpp>

#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

namespace {

namespace json = boost::json;

json::value rate(std::optional<double> r) {
  return r ? json::value(*r) : json::value(nullptr);
}

json::object tally(const rules::state_tally& t) {
  return {{"opened", t.opened},
          {"met", t.met},
          {"met_late", t.met_late},
          {"overdue", t.overdue},
          {"pending", t.pending},
          {"waived", t.waived},
          {"on_time_rate", rate(t.on_time_rate())}};
}

json::object period_json(const rules::period& p) {
  return {{"label", p.label}, {"first", rules::format_date(p.first)}, {"last", rules::format_date(p.last)}};
}

json::array strings(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list)
    out.emplace_back(s);
  return out;
}

json::object counts(const std::map<std::string, int, std::less<>>& by) {
  json::object out;
  for (const auto& [k, v] : by)
    out[k] = v;
  return out;
}

}  // namespace

json::value scorecard_json(const report_data& report, const rules::zone_offsets& zone) {
  const auto& card = report.card;
  json::array units;
  for (const auto& c : card.units) {
    json::array lines;
    for (const auto& l : c.rules) {
      lines.push_back(json::object{{"rule", l.rule},
                                   {"title", l.title},
                                   {"clause", l.clause},
                                   {"task", l.task},
                                   {"kind", rules::to_string(l.kind)},
                                   {"veto", l.veto},
                                   {"counts", tally(l.counts)},
                                   {"deduction", l.deduction},
                                   {"waiver_reasons", strings(l.waiver_reasons)}});
    }
    json::array months;
    for (const int n : c.overdue_by_month)
      months.emplace_back(n);
    units.push_back(
        json::object{{"unit", c.unit},
                     {"rank", c.rank},
                     {"previous_rank", c.previous_rank == 0 ? json::value(nullptr) : json::value(c.previous_rank)},
                     {"score", c.score ? json::value(*c.score) : json::value(nullptr)},
                     {"previous_score", c.previous_score ? json::value(*c.previous_score) : json::value(nullptr)},
                     {"totals", tally(c.totals)},
                     {"previous", tally(c.previous)},
                     {"availability_breaches", c.availability_breaches},
                     {"freshness_breaches", c.freshness_breaches},
                     {"interaction_breaches", c.interaction_breaches},
                     {"backdated_items", c.backdated_items},
                     {"vetoes", strings(c.vetoes)},
                     {"overdue_by_month", std::move(months)},
                     {"rules", std::move(lines)}});
  }
  json::array months;
  for (const auto& m : card.overdue_by_month)
    months.push_back(json::object{{"month", m.month}, {"overdue", m.overdue}});
  json::array requests;
  for (const auto& r : report.requests) {
    requests.push_back(json::object{{"unit", r.unit},
                                    {"carried_over", r.carried_over},
                                    {"received", r.received},
                                    {"answered", r.answered},
                                    {"extended", r.extended},
                                    {"overdue", r.overdue},
                                    {"carried_forward", r.carried_forward},
                                    {"by_applicant", counts(r.by_applicant)},
                                    {"by_result", counts(r.by_result)}});
  }
  json::array ledger;
  for (const auto& o : report.ledger) {
    auto entry = obligation_json(o, zone).as_object();
    json::array evidence;
    for (const auto& place : evidence_places(report, o)) {
      json::object item{{"fact", place.fact_id}, {"role", place.role}};
      if (place.known) {
        item["source"] = place.source;
        item["record"] = place.record;
      }
      if (!place.url.empty()) item["url"] = place.url;
      if (!place.snapshot.empty()) item["snapshot"] = place.snapshot;
      evidence.push_back(std::move(item));
    }
    entry["evidence"] = std::move(evidence);
    ledger.push_back(std::move(entry));
  }
  return json::object{{"district", report.district},
                      {"generated_at", zone.format(report.generated_at)},
                      {"unit", report.unit.empty() ? json::value(nullptr) : json::value(report.unit)},
                      {"period", period_json(card.current)},
                      {"previous_period", period_json(card.previous)},
                      {"scored", card.scored},
                      {"units", std::move(units)},
                      {"overdue_by_month", std::move(months)},
                      {"requests", std::move(requests)},
                      {"ledger", std::move(ledger)}};
}

}  // namespace deadlined::daemon
