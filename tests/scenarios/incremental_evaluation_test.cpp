// Incremental evaluation equals full evaluation, on random streams of facts and clock moves.

#include "deadlined/rules/incremental_evaluator.hpp"

#include <gtest/gtest.h>

#include <random>

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
      return make_fact(id, "document.published", unit, time,
                       {{"title", "广州市从化区关于印发第" + key + "号管理办法的通知"},
                        {"url", "http://a/" + key},
                        {"category", "normative"}});
    case 1:
      return make_fact(id, "interpretation.published", unit, time,
                       {{"title", "《第" + key + "号管理办法》解读"}, {"url", "http://j/" + key}});
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
    case 9:
      return make_fact(id, "evidence.submitted", unit, std::string{time}.substr(0, 10), {{"task", "一、（一）1"}});
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
      // Now and then a revision of an earlier fact.
      if (!all.empty() && random() % 3 == 0) {
        auto revised = all[random() % all.size()];
        revised.subject = "修订";
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

}  // namespace
}  // namespace deadlined::rules
