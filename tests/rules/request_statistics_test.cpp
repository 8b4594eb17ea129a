// 依申请公开 statistics (条例 Art. 50) for a unit's year with known requests.

#include "deadlined/rules/request_statistics.hpp"

#include <gtest/gtest.h>

#include "deadlined/rules/report_period.hpp"
#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::ts;

fact request_fact(std::string id, std::string type, std::string unit, std::string time, std::string request_id,
                  attribute_map more = {}) {
  fact f;
  f.id = std::move(id);
  f.type = std::move(type);
  f.unit = std::move(unit);
  f.time = ts(time);
  f.attrs = std::move(more);
  f.attrs["request_id"] = std::move(request_id);
  return f;
}

TEST(RequestStatistics, AYearOfRequestsGivesTheAnnualReportsCounts) {
  std::vector<fact> facts{
      // Received late in 2018, answered in January: carried over into 2019.
      request_fact("r0", "request.received", "区人社局", "2018-12-20T10:00:00+08:00", "A0"),
      request_fact("a0", "request.answered", "区人社局", "2019-01-10T10:00:00+08:00", "A0", {{"result", "予以公开"}}),
      // Received and answered in time.
      request_fact("r1", "request.received", "区人社局", "2019-03-01T10:00:00+08:00", "A1",
                   {{"applicant_type", "自然人"}}),
      request_fact("a1", "request.answered", "区人社局", "2019-03-20T10:00:00+08:00", "A1", {{"result", "部分公开"}}),
      // Extended, then answered.
      request_fact("r2", "request.received", "区人社局", "2019-06-03T10:00:00+08:00", "A2",
                   {{"applicant_type", "法人或其他组织"}}),
      request_fact("x2", "request.extended", "区人社局", "2019-06-28T10:00:00+08:00", "A2"),
      request_fact("a2", "request.answered", "区人社局", "2019-07-25T10:00:00+08:00", "A2", {{"result", "予以公开"}}),
      // Received in December, still open at the year's end, and late.
      request_fact("r3", "request.received", "区人社局", "2019-11-20T10:00:00+08:00", "A3"),
      // Another unit's request; and an answer with no request behind it.
      request_fact("r4", "request.received", "人社局", "2019-05-05T10:00:00+08:00", "B1"),
      request_fact("a9", "request.answered", "区教育局", "2019-05-05T10:00:00+08:00", "Z9"),
  };
  rule_set rules;
  rule answer;
  answer.id = "request-answered";
  answer.kind = rule_kind::deadline;
  answer.trigger.type = "request.received";
  rules.rules.push_back(answer);
  obligation late;
  late.rule = "request-answered";
  late.state = obligation_state::overdue;
  late.evidence = {{"r3", evidence_role::trigger}};
  obligation on_time;
  on_time.rule = "request-answered";
  on_time.state = obligation_state::met;
  on_time.evidence = {{"r1", evidence_role::trigger}, {"a1", evidence_role::closing}};
  const unit_directory units{
      {{"区人社局", "department", {"人社局"}, {}, {}, {}}, {"区教育局", "department", {}, {}, {}, {}}}, {}};
  const auto year = std::get<period>(parse_report_period("2019"));
  const auto rows = request_statistics(facts, {late, on_time}, rules, units, cn_calendar().zone(), year);

  ASSERT_EQ(rows.size(), 2U);  // 区人社局 (both of its names), then 合计; 区教育局 received nothing
  const auto& hr = rows[0];
  EXPECT_EQ(hr.unit, "区人社局");
  EXPECT_EQ(hr.carried_over, 1);
  EXPECT_EQ(hr.received, 4);
  EXPECT_EQ(hr.answered, 3);
  EXPECT_EQ(hr.extended, 1);
  EXPECT_EQ(hr.overdue, 1);
  EXPECT_EQ(hr.carried_forward, 2);  // A3 and B1 are unanswered at the year's end
  EXPECT_EQ(hr.by_applicant.at("自然人"), 1);
  EXPECT_EQ(hr.by_applicant.at("法人或其他组织"), 1);
  EXPECT_EQ(hr.by_applicant.at("未注明"), 2);
  EXPECT_EQ(hr.by_result.at("予以公开"), 2);
  EXPECT_EQ(hr.by_result.at("部分公开"), 1);
  EXPECT_EQ(rows[1].unit, "合计");
  EXPECT_EQ(rows[1].received, 4);

  // The next year starts with what this one carried forward.
  const auto next = std::get<period>(parse_report_period("2020"));
  const auto after = request_statistics(facts, {late, on_time}, rules, units, cn_calendar().zone(), next);
  EXPECT_EQ(after[0].carried_over, 2);
  EXPECT_EQ(after[0].received, 0);
}

}  // namespace
}  // namespace deadlined::rules
