#include "deadlined/rules/request_statistics.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace deadlined::rules {

namespace {

/// What the facts say about one request.
struct request_history {
  std::string unit;
  std::optional<civil_date> received;
  std::optional<civil_date> answered;  ///< the first answer
  std::vector<civil_date> extended;
  std::string applicant;
  std::string result;
  std::vector<std::string> fact_ids;  ///< of its request.received facts, to find its reply obligation
};

std::string attr_or(const fact& f, std::string_view name, std::string fallback) {
  const auto* value = f.attr(name);
  return value != nullptr && !value->empty() ? *value : fallback;
}

bool in(const period& p, civil_date day) {
  return day >= p.first && day <= p.last;
}

}  // namespace

void request_counts::add(const request_counts& other) {
  carried_over += other.carried_over;
  received += other.received;
  answered += other.answered;
  extended += other.extended;
  overdue += other.overdue;
  carried_forward += other.carried_forward;
  for (const auto& [k, v] : other.by_applicant)
    by_applicant[k] += v;
  for (const auto& [k, v] : other.by_result)
    by_result[k] += v;
}

std::vector<request_counts> request_statistics(const std::vector<fact>& facts,
                                               const std::vector<obligation>& obligations, const rule_set& rules,
                                               const unit_directory& units, const zone_offsets& zone, const period& p) {
  std::map<std::string, request_history, std::less<>> requests;
  for (const auto& f : facts) {
    if (!f.type.starts_with("request.")) continue;
    const auto key = attr_or(f, "request_id", "fact:" + f.id);
    auto& r = requests[key];
    const auto day = f.time.local_date(zone);
    if (f.type == "request.received") {
      const auto* u = units.find(f.unit);
      r.unit = u != nullptr ? u->name : f.unit;
      if (!r.received || day < *r.received) r.received = day;
      r.applicant = attr_or(f, "applicant_type", "未注明");
      r.fact_ids.push_back(f.id);
    } else if (f.type == "request.answered") {
      if (!r.answered || day < *r.answered) r.answered = day;
      r.result = attr_or(f, "result", "未注明");
    } else if (f.type == "request.extended") {
      r.extended.push_back(day);
    }
  }
  // The reply obligations: deadline rules opened by request.received, found by their trigger.
  std::set<std::string, std::less<>> reply_rules;
  for (const auto& r : rules.rules)
    if (r.kind == rule_kind::deadline && r.trigger.type == "request.received") reply_rules.insert(r.id);
  std::map<std::string, bool, std::less<>> late_by_trigger;
  for (const auto& o : obligations) {
    if (!reply_rules.contains(o.rule)) continue;
    const bool late = o.state == obligation_state::overdue || o.state == obligation_state::met_late;
    for (const auto& e : o.evidence)
      if (e.role == evidence_role::trigger) {
        auto& late_one = late_by_trigger[std::string{e.fact_id}];
        late_one = late_one || late;
      }
  }

  std::map<std::string, request_counts, std::less<>> by_unit;
  for (const auto& [key, r] : requests) {
    if (!r.received || *r.received > p.last) continue;  // a reply or extension alone is not a request
    auto& row = by_unit[r.unit];
    row.unit = r.unit;
    const bool open_at_start = *r.received < p.first && (!r.answered || *r.answered >= p.first);
    if (open_at_start) ++row.carried_over;
    if (in(p, *r.received)) {
      ++row.received;
      ++row.by_applicant[r.applicant];
      bool late = false;
      for (const auto& id : r.fact_ids)
        if (const auto found = late_by_trigger.find(id); found != late_by_trigger.end()) late = late || found->second;
      if (late) ++row.overdue;
    }
    if (r.answered && in(p, *r.answered)) {
      ++row.answered;
      ++row.by_result[r.result];
    }
    if (std::any_of(r.extended.begin(), r.extended.end(), [&](civil_date d) { return in(p, d); })) ++row.extended;
    if (!r.answered || *r.answered > p.last) ++row.carried_forward;
  }
  std::vector<request_counts> out;
  for (const auto& u : units.units())
    if (const auto found = by_unit.find(u.name); found != by_unit.end()) {
      out.push_back(found->second);
      by_unit.erase(found);
    }
  for (auto& [name, row] : by_unit)
    out.push_back(std::move(row));
  request_counts total;
  total.unit = "合计";
  for (const auto& row : out)
    total.add(row);
  out.push_back(std::move(total));
  return out;
}

}  // namespace deadlined::rules
