// Facts in, obligations out: the shipped example district and its seed-2019 rule pack.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "support/cn_calendar.hpp"
#include "support/facts.hpp"

namespace deadlined::rules {
namespace {

using namespace deadlined::testing;

const std::string issuer_title = "广州市从化区人民政府办公室关于印发从化区政务公开工作规定的通知";

fact normative_document(std::string id, std::string_view time, std::string title = issuer_title) {
  return make_fact(std::move(id), "document.published", "区财政局", time,
                   {{"title", std::move(title)},
                    {"url", "http://www.conghua.gov.cn/zwgk/gfxwj/content/post_1.html"},
                    {"category", "normative"}});
}

fact interpretation(std::string id, std::string_view time, std::string title, std::string unit = "区财政局") {
  return make_fact(std::move(id), "interpretation.published", std::move(unit), time,
                   {{"title", std::move(title)}, {"url", "http://www.conghua.gov.cn/zwgk/zcjd/post_2.html"}});
}

// 一、（一）2 — interpretation within 3 working days, linked by its 《title》 only.
TEST(InterpretationLinked, MatchedByQuotedTitleBehindTheIssuerIsOnTime) {
  const auto o = only(evaluate_example({normative_document("d1", "2019-09-27 10:00"),
                                        interpretation("i1", "2019-10-08 16:00", "《从化区政务公开工作规定》政策解读")},
                                       "2019-10-20 09:00"),
                      "interpretation-linked");
  EXPECT_EQ(o.state, obligation_state::met);
  EXPECT_EQ(fmt(o.due_at), "2019-10-08T23:59:59+08:00");
  ASSERT_TRUE(o.met_at);
  EXPECT_EQ(o.met_at->format(example_config().calendar.zone()), "2019-10-08T16:00:00+08:00");
  EXPECT_EQ(o.unit, "区财政局");
  EXPECT_EQ(o.evidence, (evidence_list{{"cli:d1", evidence_role::trigger}, {"cli:i1", evidence_role::closing}}));
}

TEST(InterpretationLinked, OneWorkingDayLateIsMetLate) {
  const auto o = only(evaluate_example({normative_document("d1", "2019-09-27 10:00"),
                                        interpretation("i1", "2019-10-09", "关于《从化区政务公开工作规定》的解读")},
                                       "2019-10-20 09:00"),
                      "interpretation-linked");
  EXPECT_EQ(o.state, obligation_state::met_late);
  ASSERT_TRUE(o.met_at);
  EXPECT_TRUE(o.met_at->is_date_only());  // a page date stays a date
}

TEST(InterpretationLinked, ADateOnlyFollowUpOnTheDueDateIsOnTime) {
  const auto o = only(evaluate_example({normative_document("d1", "2019-09-27 10:00"),
                                        interpretation("i1", "2019-10-08", "《从化区政务公开工作规定》解读")},
                                       "2019-10-20 09:00"),
                      "interpretation-linked");
  EXPECT_EQ(o.state, obligation_state::met);
}

TEST(InterpretationLinked, PendingBeforeTheDueAndOverdueAfter) {
  const std::vector<fact> facts{normative_document("d1", "2019-09-27 10:00")};
  EXPECT_EQ(only(evaluate_example(facts, "2019-10-08 12:00"), "interpretation-linked").state,
            obligation_state::pending);
  const auto late = only(evaluate_example(facts, "2019-10-09 00:00"), "interpretation-linked");
  EXPECT_EQ(late.state, obligation_state::overdue);
  EXPECT_EQ(fmt(*late.escalate_at), "2019-10-09T23:59:59+08:00");
  EXPECT_EQ(late.escalate_to, "区政府办公室");
  // The 1-working-day reminder fires at 08:30 on the working day before the due date.
  EXPECT_EQ(late.reminders.size(), 1U);
  EXPECT_EQ(fmt(late.reminders.at(0)), "2019-09-30T08:30:00+08:00");
}

TEST(InterpretationLinked, AQuotedTitleShorterThanSixCharactersLinksNothing) {
  const auto o = only(evaluate_example({normative_document("d1", "2019-09-27 10:00", "关于印发工作规定的通知"),
                                        interpretation("i1", "2019-09-28", "《工作规定》解读")},
                                       "2019-10-20 09:00"),
                      "interpretation-linked");
  EXPECT_EQ(o.state, obligation_state::overdue);
}

TEST(InterpretationLinked, TheSameTitlePublishedTwiceIsOneObligation) {
  const auto obligations =
      evaluate_example({normative_document("old", "2019-03-01 10:00"), normative_document("new", "2019-09-27 10:00"),
                        interpretation("i1", "2019-09-29 09:00", "《从化区政务公开工作规定》解读")},
                       "2019-10-20 09:00");
  ASSERT_EQ(obligations.size(), 1U);  // both documents have the same title: one obligation (rule, key)
  // The same title is one key; the earlier document opened the obligation, the later repeats it.
  EXPECT_EQ(obligations[0].evidence.at(0), (evidence_link{"cli:old", evidence_role::trigger}));
  EXPECT_EQ(obligations[0].evidence.at(1), (evidence_link{"cli:new", evidence_role::repeat_trigger}));
}

TEST(InterpretationLinked, TheLatestMatchingDocumentBeforeTheInterpretationIsTheOneMet) {
  // Two documents whose titles both end with the quoted title; the interpretation of 10-08
  // refers to the later one, which is still within its 3 working days.
  auto older =
      normative_document("d-2018", "2019-03-01 10:00", "广州市从化区人民政府关于印发从化区政务公开工作规定的通知");
  older.attrs["url"] = "http://www.conghua.gov.cn/zwgk/gfxwj/content/post_0.html";
  const auto obligations =
      evaluate_example({older, normative_document("d1", "2019-09-27 10:00"),
                        interpretation("i1", "2019-10-08 09:00", "《从化区政务公开工作规定》解读")},
                       "2019-10-20 09:00");
  ASSERT_EQ(obligations.size(), 2U);
  for (const auto& o : obligations) {
    const bool later = o.evidence.front().fact_id == "cli:d1";
    EXPECT_EQ(o.state, later ? obligation_state::met : obligation_state::overdue) << o.evidence.front().fact_id;
  }
}

TEST(InterpretationLinked, LinkAndDocumentIdCorrelateToo) {
  auto by_link = interpretation("i1", "2019-09-30", "政策解读");
  by_link.attrs["links"] =
      "http://www.conghua.gov.cn/index.html\nhttp://WWW.CONGHUA.GOV.CN/zwgk/gfxwj/content/post_1.html#top";
  EXPECT_EQ(only(evaluate_example({normative_document("d1", "2019-09-27 10:00"), by_link}, "2019-10-20 09:00"),
                 "interpretation-linked")
                .state,
            obligation_state::met);

  auto doc = normative_document("d2", "2019-09-27 10:00");
  doc.attrs["document_id"] = "从府办规〔2019〕3号";
  auto by_id = interpretation("i2", "2019-10-10", "解读");
  by_id.attrs["document_id"] = "从府办规〔2019〕3号";
  EXPECT_EQ(only(evaluate_example({doc, by_id}, "2019-10-20 09:00"), "interpretation-linked").state,
            obligation_state::met_late);
}

TEST(DocumentSubmitted, WithoutInterpretationIsAViolationOverdueAtOnce) {
  const auto obligations =
      evaluate_example({make_fact("s1", "document.submitted", "区司法局", "2019-05-06 09:00",
                                  {{"document_id", "从司规〔2019〕1号"}, {"has_interpretation", "false"}}),
                        make_fact("s2", "document.submitted", "区司法局", "2019-05-06 09:30",
                                  {{"document_id", "从司规〔2019〕2号"}, {"has_interpretation", "true"}})},
                       "2019-05-06 10:00");
  const auto o = only(obligations, "document-submitted-without-interpretation");
  EXPECT_EQ(o.state, obligation_state::overdue);
  EXPECT_EQ(fmt(o.opened_at), "2019-05-06T09:00:00+08:00");
  EXPECT_EQ(o.due_at, o.opened_at);
  EXPECT_TRUE(o.reminders.empty());
  EXPECT_TRUE(o.hour_scale);
}

// 一、（一）3 — news material reviewed by 20:00 on the meeting day.
fact meeting_topic(std::string_view registered = "2019-03-11 10:00", std::string meeting_date = "2019-03-14") {
  return make_fact("t1", "meeting.topic", "区发改局", registered,
                   {{"topic_id", "2019-常务-05-02"}, {"meeting_date", std::move(meeting_date)}});
}

fact news_reviewed(std::string_view time) {
  return make_fact(std::string{"n-"} + std::string{time}, "news.reviewed", "区发改局", time,
                   {{"topic_id", "2019-常务-05-02"}});
}

TEST(MeetingNews, ReviewedAt1930IsOnTime) {
  const auto o = only(evaluate_example({meeting_topic(), news_reviewed("2019-03-14 19:30")}, "2019-03-15 09:00"),
                      "meeting-news-reviewed");
  EXPECT_EQ(fmt(o.due_at), "2019-03-14T20:00:00+08:00");
  EXPECT_EQ(o.state, obligation_state::met);
  EXPECT_TRUE(o.hour_scale);
  EXPECT_EQ(fmt(o.reminders.at(0)), "2019-03-14T17:00:00+08:00");
}

TEST(MeetingNews, ReviewedAt2001IsLate) {
  EXPECT_EQ(only(evaluate_example({meeting_topic(), news_reviewed("2019-03-14 20:01")}, "2019-03-15 09:00"),
                 "meeting-news-reviewed")
                .state,
            obligation_state::met_late);
}

TEST(MeetingNews, NeverReviewedIsOverdueAfter2000) {
  EXPECT_EQ(only(evaluate_example({meeting_topic()}, "2019-03-14 19:59"), "meeting-news-reviewed").state,
            obligation_state::pending);
  EXPECT_EQ(only(evaluate_example({meeting_topic()}, "2019-03-14 20:00:01"), "meeting-news-reviewed").state,
            obligation_state::overdue);
}

TEST(MeetingNews, AMalformedMeetingDateFallsBackToTheFactTimeAndSaysSo) {
  const auto o = only(evaluate_example({meeting_topic("2019-03-14 09:00", "3月14日")}, "2019-03-15 09:00"),
                      "meeting-news-reviewed");
  EXPECT_EQ(fmt(o.due_at), "2019-03-14T20:00:00+08:00");
  EXPECT_NE(explanation_of(o).find("起算属性 meeting_date=\"3月14日\" 格式错误"), std::string::npos)
      << explanation_of(o);
}

// 五、（二）3 — disclosure requests.
fact request(std::string_view time, std::initializer_list<std::pair<const char*, std::string>> extra = {}) {
  auto f = make_fact("r1", "request.received", "区住建局", time, {{"request_id", "从住建依申〔2019〕8号"}});
  for (const auto& [k, v] : extra)
    f.attrs[k] = v;
  return f;
}

fact request_step(std::string id, std::string type, std::string_view time) {
  return make_fact(std::move(id), std::move(type), "区住建局", time, {{"request_id", "从住建依申〔2019〕8号"}});
}

TEST(RequestAnswered, AnsweredWithinTwentyWorkingDays) {
  const auto o =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("a", "request.answered", "2019-07-02 17:00")},
                            "2019-08-01 09:00"),
           "request-answered");
  EXPECT_EQ(o.rule_version, 2);
  EXPECT_EQ(fmt(o.due_at), "2019-07-02T23:59:59+08:00");  // 端午 06-07 not counted
  EXPECT_EQ(o.state, obligation_state::met);
  EXPECT_EQ(o.reminders.size(), 2U);
  EXPECT_EQ(fmt(o.reminders.at(0)), "2019-06-27T08:30:00+08:00");
}

TEST(RequestAnswered, AnsweredWithinAnExtension) {
  const auto o =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("e", "request.extended", "2019-06-28 10:00"),
                             request_step("a", "request.answered", "2019-07-25 10:00")},
                            "2019-08-01 09:00"),
           "request-answered");
  ASSERT_TRUE(o.original_due_at);
  EXPECT_EQ(fmt(*o.original_due_at), "2019-07-02T23:59:59+08:00");
  EXPECT_EQ(fmt(o.due_at), "2019-07-30T23:59:59+08:00");
  EXPECT_EQ(o.state, obligation_state::met);
}

TEST(RequestAnswered, ASecondExtensionOrOneAfterTheDueChangesNothing) {
  const auto twice =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("e1", "request.extended", "2019-06-28"),
                             request_step("e2", "request.extended", "2019-07-20")},
                            "2019-07-25 09:00"),
           "request-answered");
  EXPECT_EQ(fmt(twice.due_at), "2019-07-30T23:59:59+08:00");
  EXPECT_NE(explanation_of(twice).find("再次延期不生效"), std::string::npos);

  const auto too_late =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("e1", "request.extended", "2019-07-03")},
                            "2019-07-10 09:00"),
           "request-answered");
  EXPECT_FALSE(too_late.original_due_at);
  EXPECT_EQ(fmt(too_late.due_at), "2019-07-02T23:59:59+08:00");
  EXPECT_EQ(too_late.state, obligation_state::overdue);
  EXPECT_NE(explanation_of(too_late).find("延期晚于原截止时间，不生效"), std::string::npos);
}

TEST(RequestAnswered, ConsultationPauseIsNotCounted) {
  const auto o =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("p", "request.paused", "2019-06-10 10:00"),
                             request_step("q", "request.resumed", "2019-06-14 16:00")},
                            "2019-06-20 09:00"),
           "request-answered");
  EXPECT_EQ(fmt(o.due_at), "2019-07-08T23:59:59+08:00");
  EXPECT_EQ(o.state, obligation_state::pending);
}

TEST(RequestAnswered, AnOpenPauseKeepsItPendingPastTheOriginalDue) {
  const auto o =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("p", "request.paused", "2019-06-10 10:00")},
                            "2019-07-05 09:00"),
           "request-answered");
  EXPECT_TRUE(o.paused);
  EXPECT_EQ(o.state, obligation_state::pending);
}

TEST(RequestAnswered, CorrectionRestartsTheCount) {
  const auto o =
      only(evaluate_example({request("2019-06-03 10:00"), request_step("c", "request.corrected", "2019-06-10 10:00")},
                            "2019-06-20 09:00"),
           "request-answered");
  EXPECT_EQ(fmt(o.due_at), "2019-07-08T23:59:59+08:00");
}

// A district's year holds thousands of requests; each answer closes its own request and
// no other, however alike their numbers (the index of answers by request number is built
// for thousands here, as for a city's year).
TEST(RequestAnswered, AmongThousandsEachAnswerClosesItsOwnRequest) {
  std::vector<fact> facts;
  const auto number = [](int n) { return "从住建依申〔2019〕" + std::to_string(n) + "号"; };
  for (int n = 1; n <= 3000; ++n) {
    facts.push_back(make_fact("r" + std::to_string(n), "request.received", "区住建局", "2019-06-03 10:00",
                              {{"request_id", number(n)}}));
    // Two in three are answered; an answer whose number only begins like a request's closes nothing.
    if (n % 3 != 0) {
      facts.push_back(make_fact("a" + std::to_string(n), "request.answered", "区住建局", "2019-06-20 10:00",
                                {{"request_id", number(n)}}));
    } else {
      facts.push_back(make_fact("x" + std::to_string(n), "request.answered", "区住建局", "2019-06-20 10:00",
                                {{"request_id", number(n) + "之一"}}));
    }
  }
  std::size_t met = 0;
  std::size_t overdue = 0;
  for (const auto& o : evaluate_example(facts, "2019-08-01 09:00")) {
    if (o.rule != "request-answered") continue;
    const std::string key = o.key.str();
    const int n = std::stoi(key.substr(key.find("〕") + std::string_view{"〕"}.size()));
    if (n % 3 != 0) {
      ++met;
      EXPECT_EQ(o.state, obligation_state::met) << key;
      std::vector<std::string> closing;
      for (const auto link : o.evidence) {
        if (link.role == evidence_role::closing || link.role == evidence_role::follow_up)
          closing.emplace_back(link.fact_id);
      }
      EXPECT_EQ(closing, std::vector<std::string>{"cli:a" + std::to_string(n)}) << key;
    } else {
      ++overdue;
      EXPECT_EQ(o.state, obligation_state::overdue) << key;
    }
  }
  EXPECT_EQ(met, 2000U);
  EXPECT_EQ(overdue, 1000U);
}

TEST(RequestAnswered, ReceivedBefore20190515FallsUnderThe2007Regulation) {
  const auto o = only(evaluate_example({request("2019-04-01 10:00")}, "2019-04-10 09:00"), "request-answered");
  EXPECT_EQ(o.rule_version, 1);
  EXPECT_EQ(fmt(o.due_at), "2019-04-23T23:59:59+08:00");  // 15 working days, 清明 04-05 off
  const auto boundary = only(evaluate_example({request("2019-05-15 09:00")}, "2019-05-16 09:00"), "request-answered");
  EXPECT_EQ(boundary.rule_version, 2);
}

TEST(RequestAnswered, ReceiptDateFollowsTheChannel) {
  // An online request counts from the date both sides confirmed it (条例 Art. 31).
  const auto o =
      only(evaluate_example({request("2019-06-01 22:00", {{"channel", "网络"}, {"confirmed_date", "2019-06-04"}})},
                            "2019-06-10 09:00"),
           "request-answered");
  EXPECT_EQ(fmt(o.due_at), "2019-07-03T23:59:59+08:00");
}

// 四、（四）3 — a hotline that does not answer.
TEST(Hotline, AnUnansweredCallIsAViolationAnAnsweredOneIsNot) {
  const auto obligations =
      evaluate_example({make_fact("c1", "call.made", "区人社局", "2019-08-05 10:12",
                                  {{"hotline", "020-87921234"}, {"answered", "false"}, {"ring_seconds", "60"}}),
                        make_fact("c2", "call.made", "区人社局", "2019-08-05 14:00",
                                  {{"hotline", "020-87921234"}, {"answered", "true"}})},
                       "2019-08-06 09:00");
  const auto o = only(obligations, "hotline-unanswered");
  EXPECT_EQ(o.state, obligation_state::overdue);
  EXPECT_EQ(o.unit, "区人社局");
}

TEST(Waiver, RequestedThenApproved) {
  const std::vector<fact> base{make_fact("c1", "call.made", "区人社局", "2019-08-05 10:12",
                                         {{"hotline", "020-87921234"}, {"answered", "false"}})};
  const auto id = only(evaluate_example(base, "2019-08-06 09:00"), "hotline-unanswered").id;

  auto facts = base;
  facts.push_back(make_fact("w1", "waiver.requested", "区人社局", "2019-08-06 10:00",
                            {{"obligation", id}, {"reason", "线路检修，已公告"}}));
  const auto requested = only(evaluate_example(facts, "2019-08-06 11:00"), "hotline-unanswered");
  EXPECT_EQ(requested.state, obligation_state::overdue);
  EXPECT_TRUE(requested.waiver_requested);
  EXPECT_EQ(requested.id, id);  // the id is stable across re-evaluation

  facts.push_back(make_fact("w2", "waiver.approved", "区政府办公室", "2019-08-07 09:00",
                            {{"obligation", id}, {"reason", "情况属实"}}));
  const auto approved = only(evaluate_example(facts, "2019-08-07 10:00"), "hotline-unanswered");
  EXPECT_EQ(approved.state, obligation_state::waived);
  EXPECT_FALSE(approved.waiver_requested);
  EXPECT_EQ(approved.waiver_reason, "情况属实");
}

TEST(Opinion, MajorIncidentsHaveFiveHoursOthersFortyEight) {
  const auto obligations = evaluate_example(
      {make_fact("o1", "opinion.incident", "区卫健局", "2019-07-01 08:00",
                 {{"incident_id", "YQ-1"}, {"level", "major"}}),
       make_fact("o2", "opinion.incident", "区教育局", "2019-07-01 08:00",
                 {{"incident_id", "YQ-2"}, {"level", "general"}}),
       make_fact("r1", "opinion.responded", "区卫健局", "2019-07-01 12:30", {{"incident_id", "YQ-1"}})},
      "2019-07-04 09:00");
  const auto major = only(obligations, "opinion-responded-major");
  EXPECT_EQ(fmt(major.due_at), "2019-07-01T13:00:00+08:00");
  EXPECT_EQ(major.state, obligation_state::met);
  const auto general = only(obligations, "opinion-responded");
  EXPECT_EQ(fmt(general.due_at), "2019-07-03T08:00:00+08:00");
  EXPECT_EQ(general.state, obligation_state::overdue);
}

TEST(Evaluation, FactsAfterNowAreIgnored) {
  const auto obligations = evaluate_example(
      {request("2019-06-03 10:00"), request_step("a", "request.answered", "2019-06-20 10:00")}, "2019-06-10 09:00");
  EXPECT_EQ(only(obligations, "request-answered").state, obligation_state::pending);
}

TEST(Evaluation, AMissingCalendarYearMakesTheObligationProvisional) {
  const auto o = only(evaluate_example({request("2026-12-20 10:00")}, "2026-12-21 09:00"), "request-answered");
  EXPECT_TRUE(o.provisional);
}

TEST(Evaluation, IsDeterministicUnderShuffledFacts) {
  std::vector<fact> facts{
      normative_document("d1", "2019-09-27 10:00"),
      interpretation("i1", "2019-10-09", "《从化区政务公开工作规定》解读"),
      meeting_topic(),
      news_reviewed("2019-03-14 19:30"),
      news_reviewed("2019-03-14 19:45"),
      request("2019-06-03 10:00"),
      request_step("p", "request.paused", "2019-06-10 10:00"),
      request_step("q", "request.resumed", "2019-06-14 16:00"),
      request_step("e", "request.extended", "2019-06-28 10:00"),
      make_fact("c1", "call.made", "区人社局", "2019-08-05 10:12", {{"hotline", "1"}, {"answered", "false"}})};
  const auto expected = evaluate_example(facts, "2019-12-31 09:00");
  ASSERT_EQ(expected.size(), 4U);
  std::mt19937 random{20191008};
  for (int round = 0; round < 20; ++round) {
    std::shuffle(facts.begin(), facts.end(), random);
    const auto again = evaluate_example(facts, "2019-12-31 09:00");
    ASSERT_EQ(again.size(), expected.size());
    for (std::size_t i = 0; i < again.size(); ++i) {
      EXPECT_EQ(again[i].id, expected[i].id);
      EXPECT_EQ(again[i].state, expected[i].state);
      EXPECT_EQ(again[i].due_at, expected[i].due_at);
      EXPECT_EQ(again[i].evidence, expected[i].evidence);
      EXPECT_EQ(again[i].explanation, expected[i].explanation);
    }
  }
}

}  // namespace
}  // namespace deadlined::rules

namespace deadlined::rules {
namespace {

TEST(Evaluation, OpenObligationsOfAnEndedUnitMoveToItsSuccessor) {
  using namespace deadlined::testing;
  const auto& config = example_config();
  // 机构改革: 区农业局 ends on 2019-03-01 and 区农业农村局 takes over.
  auto units = config.units.units();
  units.push_back({"区农业局", "department", {}, std::nullopt, d("2019-03-01"), "区农业农村局"});
  const unit_directory directory{units, config.units.groups()};
  const std::vector<fact> facts{
      make_fact("r1", "request.received", "区农业局", "2019-02-20 10:00", {{"request_id", "农依申1"}}),
      make_fact("r2", "request.received", "区农业局", "2019-02-21 10:00", {{"request_id", "农依申2"}}),
      make_fact("a2", "request.answered", "区农业局", "2019-02-25 10:00", {{"request_id", "农依申2"}})};
  evaluation_context context{config.rules, config.calendar, directory, at("2019-03-05 09:00")};
  context.explain = true;
  std::vector<obligation> obligations;
  for (auto& o : evaluate(facts, context)) {
    if (o.rule == "request-answered") obligations.push_back(std::move(o));
  }
  ASSERT_EQ(obligations.size(), 2U);
  for (const auto& o : obligations) {
    EXPECT_EQ(o.original_unit, "区农业局");
    if (o.state == obligation_state::met) {
      EXPECT_EQ(o.unit, "区农业局");  // finished work stays with the unit that did it
    } else {
      EXPECT_EQ(o.unit, "区农业农村局");
      EXPECT_NE(explanation_of(o).find("由 区农业农村局 承接"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace deadlined::rules

namespace deadlined::rules {
namespace {

TEST(Evaluation, WithoutExplainObligationsCarryNoExplanation) {
  using namespace deadlined::testing;
  const auto& config = example_config();
  const std::vector<fact> facts{
      make_fact("r1", "request.received", "区住建局", "2019-06-03 10:00", {{"request_id", "R"}}),
      make_fact("c1", "call.made", "区人社局", "2019-08-05 10:12", {{"hotline", "1"}, {"answered", "false"}})};
  const evaluation_context quiet{config.rules, config.calendar, config.units, at("2019-12-20 09:00")};
  const auto obligations = evaluate(facts, quiet);
  ASSERT_GT(obligations.size(), 2U);
  for (const auto& o : obligations)
    EXPECT_TRUE(o.explanation.empty()) << o.rule << ": " << o.explanation.front();
}

}  // namespace
}  // namespace deadlined::rules
