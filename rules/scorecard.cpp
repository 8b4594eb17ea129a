#include "deadlined/rules/scorecard.hpp"

#include <algorithm>
#include <tuple>

namespace deadlined::rules {

namespace {

using namespace std::chrono;

bool breached(obligation_state state) {
  return state == obligation_state::overdue || state == obligation_state::met_late;
}

/// The plan tasks a clause names, as one line.
std::string tasks_of(const rule_set& rules, std::string_view clause) {
  std::string out;
  for (const auto& t : rules.tasks) {
    if (!clause_covers(clause, t.clause)) continue;
    if (!out.empty()) out += "；";
    out += t.task;
  }
  return out;
}

bool is_interaction(const rule& r) {
  return r.trigger.type.starts_with("message.");
}

std::vector<period> months_of(const period& p) {
  std::vector<period> out;
  for (const auto& m : periods_between(period_unit::month, p.first, p.last)) {
    auto clipped = m;
    clipped.last = std::min(clipped.last, p.last);
    out.push_back(clipped);
  }
  return out;
}

/// The cards of one period, not yet ranked; units in directory order, then strangers.
std::vector<unit_scorecard> cards_for(const scorecard_input& in, const period& p) {
  std::vector<unit_scorecard> cards;
  std::map<std::string, std::size_t, std::less<>> index;
  const auto card_of = [&](const std::string& unit) -> unit_scorecard& {
    const auto [at, added] = index.emplace(unit, cards.size());
    if (added) {
      cards.emplace_back();
      cards.back().unit = unit;
    }
    return cards[at->second];
  };
  for (const auto& u : in.units.units()) {
    const bool gone = u.valid_until && *u.valid_until <= p.first;
    const bool not_yet = u.valid_from && *u.valid_from > p.last;
    if (!gone && !not_yet) card_of(u.name);
  }
  // Rules in pack order; versions of one id share a line.
  std::map<std::string, std::size_t, std::less<>> rule_order;
  std::map<std::string, const rule*, std::less<>> rule_by_id;
  for (const auto& r : in.rules.rules) {
    rule_order.emplace(r.id, rule_order.size());
    rule_by_id.emplace(r.id, &r);
  }
  const auto months = months_of(p);
  for (const auto& o : in.obligations) {
    if (!due_in(o, p, in.zone)) continue;
    const auto found = rule_by_id.find(o.rule);
    // A verdict that does not hold is a check passed, not a duty done: only breaches count.
    // So is a column updated within its window; those are reported only while recent.
    const bool verdict = found != rule_by_id.end() && found->second->kind == rule_kind::verdict;
    if (verdict && !breached(o.state)) continue;
    const bool freshness = found != rule_by_id.end() && found->second->kind == rule_kind::freshness;
    if (freshness && o.state == obligation_state::met) continue;
    auto& card = card_of(o.unit);
    if (card.overdue_by_month.empty()) card.overdue_by_month.assign(months.size(), 0);
    auto line =
        std::find_if(card.rules.begin(), card.rules.end(), [&](const rule_line& l) { return l.rule == o.rule; });
    if (line == card.rules.end()) {
      rule_line fresh;
      fresh.rule = o.rule;
      fresh.title = o.title;
      fresh.clause = o.clause;
      if (found != rule_by_id.end()) {
        fresh.title = found->second->title;
        fresh.task = tasks_of(in.rules, found->second->clause);
        fresh.kind = found->second->kind;
        fresh.veto = found->second->veto;
      }
      card.rules.push_back(std::move(fresh));
      line = std::prev(card.rules.end());
    }
    line->counts.add(o.state);
    card.totals.add(o.state);
    if (o.state == obligation_state::waived && !o.waiver_reason.empty())
      line->waiver_reasons.push_back(o.waiver_reason);
    if (breached(o.state)) {
      if (line->kind == rule_kind::availability) ++card.availability_breaches;
      if (line->kind == rule_kind::freshness) ++card.freshness_breaches;
      if (found != rule_by_id.end() && is_interaction(*found->second)) ++card.interaction_breaches;
      const auto due = in.zone.local_date(o.due_at);
      for (std::size_t m = 0; m < months.size(); ++m)
        if (due >= months[m].first && due <= months[m].last) ++card.overdue_by_month[m];
    }
  }
  for (const auto& f : in.facts) {
    const auto* backdated = f.attr("backdated");
    if (backdated == nullptr || *backdated != "true") continue;
    const auto day = f.time.local_date(in.zone);
    if (day < p.first || day > p.last) continue;
    const auto* u = in.units.find(f.unit);
    ++card_of(u != nullptr ? u->name : f.unit).backdated_items;
  }
  for (auto& card : cards) {
    if (card.overdue_by_month.empty()) card.overdue_by_month.assign(months.size(), 0);
    std::sort(card.rules.begin(), card.rules.end(), [&](const rule_line& a, const rule_line& b) {
      const auto ra = rule_order.find(a.rule);
      const auto rb = rule_order.find(b.rule);
      const auto ia = ra != rule_order.end() ? ra->second : rule_order.size();
      const auto ib = rb != rule_order.end() ? rb->second : rule_order.size();
      return std::tie(ia, a.rule) < std::tie(ib, b.rule);
    });
    for (auto& line : card.rules) {
      if (line.veto && (line.counts.overdue + line.counts.met_late) > 0) card.vetoes.push_back(line.title);
      if (const auto points = in.scoring.rules.find(line.rule); points != in.scoring.rules.end()) {
        line.deduction =
            points->second.per_overdue * line.counts.overdue + points->second.per_met_late * line.counts.met_late;
        if (points->second.at_most) line.deduction = std::min(line.deduction, *points->second.at_most);
      }
    }
    if (in.scoring.base) {
      double score = *in.scoring.base;
      for (const auto& line : card.rules)
        score -= line.deduction;
      if (!card.vetoes.empty() && in.scoring.veto_zeroes_score) score = 0.0;
      card.score = std::max(score, 0.0);
    }
  }
  return cards;
}

/// Ranks cards in place (best first) and numbers them; equal standing shares a rank.
void rank(std::vector<unit_scorecard>& cards, bool scored) {
  const auto standing = [scored](const unit_scorecard& c) {
    const auto rate = c.totals.on_time_rate();
    // Lower sorts first: score (when scored), vetoes last, a rate before none, higher rate,
    // fewer overdue.
    return std::make_tuple(scored ? -c.score.value_or(0.0) : 0.0, c.vetoes.empty() ? 0 : 1, rate ? 0 : 1,
                           -rate.value_or(0.0), c.totals.overdue);
  };
  std::stable_sort(cards.begin(), cards.end(),
                   [&](const unit_scorecard& a, const unit_scorecard& b) { return standing(a) < standing(b); });
  for (std::size_t i = 0; i < cards.size(); ++i) {
    cards[i].rank = i > 0 && standing(cards[i]) == standing(cards[i - 1]) ? cards[i - 1].rank : static_cast<int>(i) + 1;
  }
}

}  // namespace

void state_tally::add(obligation_state state) {
  ++opened;
  switch (state) {
    case obligation_state::pending:
      ++pending;
      break;
    case obligation_state::met:
      ++met;
      break;
    case obligation_state::met_late:
      ++met_late;
      break;
    case obligation_state::overdue:
      ++overdue;
      break;
    case obligation_state::waived:
      ++waived;
      break;
  }
}

void state_tally::add(const state_tally& other) {
  opened += other.opened;
  met += other.met;
  met_late += other.met_late;
  overdue += other.overdue;
  pending += other.pending;
  waived += other.waived;
}

std::optional<double> state_tally::on_time_rate() const {
  const int judged = met + met_late + overdue;
  if (judged == 0) return std::nullopt;
  return static_cast<double>(met) / judged;
}

bool due_in(const obligation& o, const period& p, const zone_offsets& zone) {
  const auto day = zone.local_date(o.due_at);
  return day >= p.first && day <= p.last;
}

scorecard build_scorecard(const scorecard_input& in) {
  scorecard out;
  out.current = in.current;
  out.previous = in.previous;
  out.scored = in.scoring.base.has_value();
  out.units = cards_for(in, in.current);
  rank(out.units, out.scored);
  auto before = cards_for(in, in.previous);
  rank(before, out.scored);
  for (auto& card : out.units) {
    const auto earlier =
        std::find_if(before.begin(), before.end(), [&](const unit_scorecard& b) { return b.unit == card.unit; });
    if (earlier == before.end()) continue;
    card.previous = earlier->totals;
    card.previous_score = earlier->score;
    card.previous_rank = earlier->rank;
  }
  for (const auto& m : months_of(in.current))
    out.overdue_by_month.push_back({m.label.substr(0, 7), 0});
  for (const auto& card : out.units)
    for (std::size_t m = 0; m < out.overdue_by_month.size() && m < card.overdue_by_month.size(); ++m)
      out.overdue_by_month[m].overdue += card.overdue_by_month[m];
  return out;
}

}  // namespace deadlined::rules
