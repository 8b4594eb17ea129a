#include "deadlined/daemon/status_view.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace deadlined::daemon {

const rules::obligation* status_view::find(std::string_view id) const {
  const auto wanted = rules::obligation_id::parse(id);
  if (!wanted) return nullptr;
  const auto it = std::lower_bound(obligations.begin(), obligations.end(), *wanted,
                                   [](const rules::obligation& o, rules::obligation_id key) { return o.id < key; });
  return it != obligations.end() && it->id == *wanted ? &*it : nullptr;
}

std::string status_body(const status_view& view) {
  namespace json = boost::json;
  constexpr std::array<rules::obligation_state, 5> states{
      rules::obligation_state::pending, rules::obligation_state::met, rules::obligation_state::met_late,
      rules::obligation_state::overdue, rules::obligation_state::waived};
  std::map<std::string_view, std::array<std::int64_t, 5>> counts;
  for (const auto& o : view.obligations)
    ++counts[o.unit][static_cast<std::size_t>(std::find(states.begin(), states.end(), o.state) - states.begin())];
  json::array units;
  for (const auto& [unit, n] : counts) {
    json::object by_state;
    for (std::size_t i = 0; i < states.size(); ++i)
      by_state[rules::to_string(states[i])] = n[i];
    units.push_back(json::object{{"unit", unit}, {"counts", std::move(by_state)}});
  }
  json::object notifications;
  for (auto s : {"queued", "sent", "dead", "suppressed", "cancelled"})
    notifications[s] = view.outbox.contains(s) ? view.outbox.at(s) : 0;
  const auto& zone = view.config->calendar.zone();
  return json::serialize(json::object{{"evaluated_at", zone.format(view.evaluated_at)},
                                      {"units", std::move(units)},
                                      {"notifications", std::move(notifications)}});
}

}  // namespace deadlined::daemon
