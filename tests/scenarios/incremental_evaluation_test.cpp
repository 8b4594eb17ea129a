// Incremental evaluation equals full evaluation, on random streams of facts and clock moves.

#include "deadlined/rules/incremental_evaluator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>

#include "support/facts.hpp"

namespace deadlined::rules {
namespace {

using namespace deadlined::testing;

/// A random fact of the seed pack's vocabulary, dated in 2019.
fact random_fact(std::mt19937& random, int n, const std::vector<std::string>& obligation_ids) {
  static const std::vector<std::string> units{"区财政局", "区司法局", "区住建局", "区人社局", "温泉镇"};
  const auto unit = units[random() % units.size()];
  const int month = 1 + static_cast<int>(random() % 12);
  const int day = 1 + static_cast<int>(random() % 28);
  char time[32];
  std::snprintf(time, sizeof time, "2019-%02d-%02d %02d:%02d", month, day, static_cast<int>(8 + random() % 12),
                static_cast<int>(random() % 60));
  const std::string key = std::to_string(random() % 40);  // small key space: follow-ups meet triggers
  const std::string id = "F" + std::to_string(n);
  switch (random() % 11) {
    case 0:
      // Titles with and without a quoted title of their own (a document's quotes tie nothing).
      return make_fact(id, "document.published", unit, time,
                       {{"title", random() % 2 ? "广州市从化区关于印发第" + key + "号管理办法的通知"
                                               : "关于印发《第" + key + "号管理办法》的通知"},
                        {"url", "http://a/" + key},
                        {"category", "normative"},
                        {"document_id", std::to_string(random() % 60)}});
    case 1:
      // Tied to its document by the quoted title, a link or the document's id: shards merge.
      switch (random() % 3) {
        case 0:
          return make_fact(id, "interpretation.published", unit, time,
                           {{"title", "《第" + key + "号管理办法》解读"}, {"url", "http://j/" + key}});
        case 1:
          return make_fact(
              id, "interpretation.published", unit, time,
              {{"title", "政策解读"}, {"links", "http://a/" + key + "\nhttp://a/" + std::to_string(random() % 40)}});
        default:
          return make_fact(id, "interpretation.published", unit, time,
                           {{"title", "《管理办法》解读"}, {"document_id", key}});
      }
    case 2:
      return make_fact(id, "request.received", unit, time, {{"request_id", key}});
    case 3:
      return make_fact(id, "request.answered", unit, time, {{"request_id", key}});
    case 4:
      return make_fact(id, "request.extended", unit, time, {{"request_id", key}});
    case 5:
      return make_fact(id, random() % 2 ? "request.paused" : "request.resumed", unit, time, {{"request_id", key}});
    case 6:
      return make_fact(id, "call.made", unit, time, {{"hotline", key}, {"answered", random() % 2 ? "true" : "false"}});
    case 7:
      return make_fact(id, "meeting.topic", unit, time,
                       {{"topic_id", key}, {"meeting_date", std::string{time}.substr(0, 10)}});
    case 8:
      return make_fact(id, "news.reviewed", unit, time, {{"topic_id", key}});
    case 9: {
      // Evidence for tasks with rules of their own, and for none.
      static const std::vector<std::string> tasks{"一、（一）1", "一、（一）2", "四、（一）1", "九、（九）9"};
      return make_fact(id, "evidence.submitted", unit, std::string{time}.substr(0, 10),
                       {{"task", tasks[random() % tasks.size()]}});
    }
    default: {
      if (obligation_ids.empty())
        return make_fact(id, "call.made", unit, time, {{"hotline", key}, {"answered", "false"}});
      static const char* steps[] = {"waiver.requested", "waiver.approved", "waiver.declined"};
      return make_fact(id, steps[random() % 3], unit, time,
                       {{"obligation", obligation_ids[random() % obligation_ids.size()]}, {"reason", "测试"}});
    }
  }
}

void expect_same(const std::vector<obligation>& incremental, const std::vector<obligation>& full, int round) {
  ASSERT_EQ(incremental.size(), full.size()) << "round " << round;
  for (std::size_t i = 0; i < full.size(); ++i) {
    const auto& a = incremental[i];
    const auto& b = full[i];
    ASSERT_EQ(a.id, b.id) << "round " << round;
    EXPECT_EQ(a.state, b.state) << a.id << " round " << round;
    EXPECT_EQ(a.due_at, b.due_at) << a.id;
    EXPECT_EQ(a.unit, b.unit) << a.id;
    EXPECT_EQ(a.met_at.has_value(), b.met_at.has_value()) << a.id;
    EXPECT_EQ(a.evidence, b.evidence) << a.id;
    EXPECT_EQ(a.explanation, b.explanation) << a.id;
    EXPECT_EQ(a.waiver_requested, b.waiver_requested) << a.id;
  }
}

TEST(IncrementalEvaluation, EqualsFullEvaluationOnRandomStreams) {
  const auto& config = example_config();
  for (unsigned seed : {1U, 2U, 3U}) {
    std::mt19937 random{seed};
    instant now = at("2019-03-01 09:00");
    incremental_evaluator warm{config.rules, config.calendar, config.units, now};
    std::vector<fact> all;
    int n = 0;
    for (int round = 0; round < 12; ++round) {
      std::vector<std::string> ids;
      for (const auto& o : warm.obligations())
        ids.push_back(o.id);
      std::vector<fact> batch;
      const int size = 1 + static_cast<int>(random() % 40);
      for (int i = 0; i < size; ++i)
        batch.push_back(random_fact(random, n++, ids));
      // Now and then a revision of an earlier fact: its subject, or all of it (type, key,
      // unit, time, the obligation a waiver step names), so it leaves its old shards.
      if (!all.empty() && random() % 3 == 0) {
        const auto& earlier = all[random() % all.size()];
        auto revised = earlier;
        if (random() % 2 == 0) {
          revised.subject = "修订";
        } else {
          revised = random_fact(random, std::stoi(earlier.external_id.substr(1)), ids);
        }
        batch.push_back(revised);
      }
      warm.add_facts(batch);
      for (auto& f : batch) {
        const auto existing = std::find_if(all.begin(), all.end(), [&f](const fact& x) { return x.id == f.id; });
        if (existing != all.end()) {
          *existing = f;
        } else {
          all.push_back(f);
        }
      }
      if (random() % 2 == 0) {
        // The clock moves, mostly forward.
        now += std::chrono::hours{static_cast<int>(random() % (24 * 40))} - std::chrono::hours{24};
        warm.set_now(now);
      }
      const evaluation_context context{config.rules, config.calendar, config.units, now};
      expect_same(warm.obligations(), evaluate(all, context), round);
    }
  }
}

/// A fact near `now` (up to two days either side, so some are still to come), of the kinds
/// whose state turns within a day: meeting news due at 20:00, requests, messages, website
/// columns and probes.
fact fact_near(std::mt19937& random, int n, instant now) {
  static const std::vector<std::string> units{"区财政局", "区司法局", "温泉镇"};
  const auto& zone = example_config().calendar.zone();
  const auto unit = units[random() % units.size()];
  const instant when = now + std::chrono::minutes{static_cast<int>(random() % (4 * 24 * 60))} - std::chrono::hours{48};
  const auto time = zone.format(when).substr(0, 16);
  const std::string key = std::to_string(random() % 12);
  const std::string id = "N" + std::to_string(n);
  switch (random() % 8) {
    case 0:
      return make_fact(id, "meeting.topic", unit, time, {{"topic_id", key}, {"meeting_date", time.substr(0, 10)}});
    case 1:
      return make_fact(id, "news.reviewed", unit, time, {{"topic_id", key}});
    case 2:
      return make_fact(id, "request.received", unit, time, {{"request_id", key}});
    case 3:
      return make_fact(id, "request.answered", unit, time, {{"request_id", key}});
    case 4:
      return make_fact(id, "message.received", unit, time, {{"message_id", key}, {"url", "http://m/" + key}});
    case 5:
      if (random() % 2) return make_fact(id, "message.replied", unit, time, {{"links", "http://m/" + key}});
      return make_fact(id, "message.replied", unit, time, {{"message_id", key}});
    case 6: {
      auto f = make_fact(id, "item.published", unit, time, {{"column", random() % 2 ? "工作动态" : "通知公告"}});
      f.source = "column-" + key;
      return f;
    }
    default: {
      auto f = make_fact(id, "probe.result", unit, time, {{"ok", random() % 4 ? "true" : "false"}});
      f.source = "portal-" + std::to_string(random() % 3);
      return f;
    }
  }
}

TEST(IncrementalEvaluation, EqualsFullEvaluationAsTheClockMovesWithinTheDay) {
  // Small steps of the clock: obligations fall due (20:00 news, request deadlines), facts
  // dated later come into view, and only the shards concerned are evaluated again.
  const auto& config = example_config();
  for (unsigned seed : {7U, 8U}) {
    std::mt19937 random{seed};
    instant now = at("2019-06-04 07:00");
    incremental_evaluator warm{config.rules, config.calendar, config.units, now};
    std::vector<fact> all;
    int n = 0;
    for (int round = 0; round < 40; ++round) {
      std::vector<fact> batch;
      const int size = static_cast<int>(random() % 6);
      for (int i = 0; i < size; ++i)
        batch.push_back(fact_near(random, n++, now));
      warm.add_facts(batch);
      all.insert(all.end(), batch.begin(), batch.end());
      now += std::chrono::minutes{static_cast<int>(random() % 180)};
      warm.set_now(now);
      const evaluation_context context{config.rules, config.calendar, config.units, now};
      expect_same(warm.obligations(), evaluate(all, context), round);
    }
  }
}

TEST(IncrementalEvaluation, NewFactsEvaluateOnlyTheShardsTheyFallIn) {
  const auto& config = example_config();
  const instant now = at("2019-06-04 09:00");
  incremental_evaluator warm{config.rules, config.calendar, config.units, now};
  std::vector<fact> requests;
  for (int i = 0; i < 200; ++i)
    requests.push_back(make_fact("R" + std::to_string(i), "request.received", "区财政局", "2019-06-03 10:00",
                                 {{"request_id", std::to_string(i)}}));
  warm.add_facts(requests);
  const auto before = warm.shard_evaluations();
  const std::vector<fact> answer{
      make_fact("A7", "request.answered", "区财政局", "2019-06-04 08:30", {{"request_id", "7"}})};
  warm.add_facts(answer);
  // The answer falls in request 7's shard of each rule correlating requests by id; the other
  // 199 requests are not evaluated again.
  EXPECT_LE(warm.shard_evaluations() - before, 4U);
  requests.push_back(answer.front());
  const evaluation_context context{config.rules, config.calendar, config.units, now};
  expect_same(warm.obligations(), evaluate(requests, context), 0);
}

TEST(IncrementalEvaluation, EverythingIsEvaluatedOnceEachNewDay) {
  // The daemon gives freed memory back after these (the allocator keeps the scratch of a
  // whole evaluation otherwise).
  const auto& config = example_config();
  incremental_evaluator warm{config.rules, config.calendar, config.units, at("2019-06-04 09:00")};
  warm.add_facts(
      std::vector<fact>{make_fact("R1", "request.received", "区财政局", "2019-06-03 10:00", {{"request_id", "1"}})});
  const auto at_start = warm.whole_evaluations();
  warm.set_now(at("2019-06-04 18:00"));
  EXPECT_EQ(warm.whole_evaluations(), at_start);
  warm.set_now(at("2019-06-05 08:00"));
  EXPECT_EQ(warm.whole_evaluations(), at_start + 1);
  warm.set_now(at("2019-06-05 08:01"));
  EXPECT_EQ(warm.whole_evaluations(), at_start + 1);
}

TEST(IncrementalEvaluation, ObligationsHoldTheirRulesTextsWithoutCopies) {
  // 200 requests under one rule: the rule's id, title and clause are one copy each, held by
  // all 200 obligations (a city's 300,000 obligations spent a third of their memory on them),
  // and so is the unit's name, the directory's.
  const auto& config = example_config();
  const instant now = at("2019-06-04 09:00");
  std::vector<fact> requests;
  for (int i = 0; i < 200; ++i)
    requests.push_back(make_fact("R" + std::to_string(i), "request.received", "区财政局", "2019-06-03 10:00",
                                 {{"request_id", std::to_string(i)}}));
  incremental_evaluator warm{config.rules, config.calendar, config.units, now};
  warm.add_facts(requests);
  const evaluation_context context{config.rules, config.calendar, config.units, now};
  for (const auto& obligations : {warm.obligations(), evaluate(requests, context)}) {
    std::map<std::string, std::vector<const obligation*>> by_rule;
    for (const auto& o : obligations)
      by_rule[o.rule].push_back(&o);
    std::size_t largest = 0;
    for (const auto& [id, of_rule] : by_rule) {
      largest = std::max(largest, of_rule.size());
      for (const obligation* o : of_rule) {
        const auto found = std::find_if(config.rules.rules.begin(), config.rules.rules.end(),
                                        [o](const rule& r) { return r.id == o->rule && r.version == o->rule_version; });
        ASSERT_NE(found, config.rules.rules.end()) << id;
        EXPECT_EQ(o->title, found->title.str());
        EXPECT_EQ(&o->rule.str(), &found->id.str()) << id;
        EXPECT_EQ(&o->title.str(), &found->title.str()) << id;
        EXPECT_EQ(&o->clause.str(), &found->clause.str()) << id;
        ASSERT_NE(config.units.find(o->unit), nullptr) << o->unit;
        EXPECT_EQ(&o->unit.str(), &config.units.shared_name(o->unit).str()) << id;
        EXPECT_EQ(&o->original_unit.str(), &o->unit.str()) << id;
      }
    }
    EXPECT_EQ(largest, 200U);  // the request rules: one obligation per request
    EXPECT_TRUE(std::any_of(obligations.begin(), obligations.end(),
                            [](const obligation& o) { return o.unit == std::string_view{"区财政局"}; }));
  }
}

/// The verdict of `rule` for `unit` among `obligations`.
const obligation& verdict_of(const std::vector<obligation>& obligations, std::string_view rule, std::string_view unit) {
  const auto found = std::find_if(obligations.begin(), obligations.end(),
                                  [&](const obligation& o) { return o.rule == rule && o.unit == unit; });
  if (found == obligations.end()) throw std::runtime_error("no verdict of " + std::string{rule});
  return *found;
}

TEST(IncrementalEvaluation, VerdictsCountTheColumnsAsTheyFallStaleAndRecover) {
  // Five 工作动态 columns of one unit, last updated on 4 March 2019: stale once two weeks have
  // passed, which makes the inspection's single veto (≥ 5 stale columns); a new item in one
  // of them lifts it. The warm evaluator counts the columns where they stand.
  const auto& config = example_config();
  std::vector<fact> items;
  for (int column = 1; column <= 5; ++column) {
    auto f = make_fact("I" + std::to_string(column), "item.published", "区财政局", "2019-03-04 10:00",
                       {{"column", "工作动态"}});
    f.source = "column-" + std::to_string(column);
    items.push_back(f);
  }
  incremental_evaluator warm{config.rules, config.calendar, config.units, at("2019-03-05 09:00")};
  warm.add_facts(items);
  EXPECT_EQ(verdict_of(warm.obligations(), "website-stale-columns-veto", "区财政局").state, obligation_state::met);

  warm.set_now(at("2019-03-20 09:00"));
  const auto stale = warm.obligations();
  const auto& veto = verdict_of(stale, "website-stale-columns-veto", "区财政局");
  EXPECT_EQ(veto.state, obligation_state::overdue);
  EXPECT_EQ(verdict_of(stale, "website-stale-columns-veto", "区司法局").state, obligation_state::met);
  EXPECT_EQ(verdict_of(stale, "website-unupdated-columns-veto", "区财政局").state, obligation_state::met);  // ≥ 10
  const evaluation_context at_stale{config.rules, config.calendar, config.units, at("2019-03-20 09:00")};
  expect_same(stale, evaluate(items, at_stale), 0);

  auto fresh = make_fact("I6", "item.published", "区财政局", "2019-03-20 08:00", {{"column", "工作动态"}});
  fresh.source = "column-3";
  warm.add_facts(std::vector<fact>{fresh});
  items.push_back(fresh);
  EXPECT_EQ(verdict_of(warm.obligations(), "website-stale-columns-veto", "区财政局").state, obligation_state::met);
  expect_same(warm.obligations(), evaluate(items, at_stale), 1);
}

}  // namespace
}  // namespace deadlined::rules
