// Items to facts (SPEC §4): keys, first-seen dates, the backdated flag, 留言 replies and the
// column's item.published — and that re-polling an unchanged page changes nothing.

#include "deadlined/daemon/item_facts.hpp"

#include <gtest/gtest.h>

#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/store.hpp"
#include "support/cn_calendar.hpp"

namespace deadlined::daemon {
namespace {

using deadlined::testing::cn_calendar;
using deadlined::testing::d;
using deadlined::testing::ts;

source_settings column(std::string emits = "") {
  source_settings s;
  s.id = "czj-gfxwj";
  s.unit = "区财政局";
  s.url = "https://www.conghua.gov.cn/czj/gfxwj/";
  s.column = "政策文件";
  s.emits = std::move(emits);
  s.attrs = {{"category", "normative"}};
  return s;
}

extracted_item item(std::string title, std::string url, std::optional<std::string> date) {
  extracted_item i;
  i.title = std::move(title);
  i.url = std::move(url);
  if (date) {
    i.date = ts(*date);
    i.date_source = "page";
  } else {
    i.date_source = "first_seen";
  }
  return i;
}

rules::instant at(std::string_view text) {
  return ts(text).counting_instant(cn_calendar().zone());
}

std::map<std::string, rules::fact, std::less<>> by_id(const std::vector<rules::fact>& facts) {
  std::map<std::string, rules::fact, std::less<>> out;
  for (const auto& f : facts)
    out.emplace(f.external_id, f);
  return out;
}

TEST(ItemFactsTest, ADatedItemBecomesAFactOfTheEmittedTypeKeyedByItsLink) {
  const auto source = column("document.published");
  const item_fact_context context{
      source, at("2019-09-30T10:00:00+08:00"), std::nullopt, std::chrono::days{1}, cn_calendar().zone(), "abc"};
  const auto facts = item_facts(
      {item("关于印发《从化区政府投资项目代建管理办法》的通知", "https://x/1.html", "2019-09-27")}, context, {});
  ASSERT_EQ(facts.size(), 2U);  // the document and the column's update
  const auto& doc = facts[0];
  EXPECT_EQ(doc.type, "document.published");
  EXPECT_EQ(doc.source, "czj-gfxwj");
  EXPECT_EQ(doc.external_id, "https://x/1.html");
  EXPECT_EQ(doc.unit, "区财政局");
  EXPECT_EQ(doc.time, ts("2019-09-27"));
  EXPECT_EQ(*doc.attr("category"), "normative");
  EXPECT_EQ(*doc.attr("column"), "政策文件");
  EXPECT_EQ(*doc.attr("date_source"), "page");
  EXPECT_EQ(*doc.attr("first_seen"), "2019-09-30T02:00:00Z");
  EXPECT_EQ(*doc.attr("evidence"), "abc");
  EXPECT_EQ(doc.attr("backdated"), nullptr);
  EXPECT_EQ(facts[1].type, "item.published");
  EXPECT_EQ(facts[1].external_id, "https://x/1.html#item");
}

TEST(ItemFactsTest, ItemsOfTheFirstSuccessfulFetchAreNeverBackdated) {
  const auto source = column();
  const item_fact_context first{
      source, at("2019-10-10T10:00:00+08:00"), std::nullopt, std::chrono::days{1}, cn_calendar().zone(), "p1"};
  const auto facts = item_facts({item("很久以前的通知公告标题", "https://x/old.html", "2018-01-05")}, first, {});
  ASSERT_EQ(facts.size(), 1U);
  EXPECT_EQ(facts[0].attr("backdated"), nullptr);
}

TEST(ItemFactsTest, AnItemDatedBeforeTheLastFetchMinusTheSlackIsBackdated) {
  const auto source = column();
  // Last seen on Friday 2019-09-27; on Monday an item dated the 25th appears: backdated.
  // One dated the 26th is within the one-day slack (published late in the day).
  const item_fact_context context{source,
                                  at("2019-09-30T09:00:00+08:00"),
                                  at("2019-09-27T17:00:00+08:00"),
                                  std::chrono::days{1},
                                  cn_calendar().zone(),
                                  "p2"};
  const auto facts = item_facts({item("补登的九月二十五日通知公告", "https://x/25.html", "2019-09-25"),
                                 item("九月二十六日发布的通知公告", "https://x/26.html", "2019-09-26"),
                                 item("九月三十日发布的通知公告", "https://x/30.html", "2019-09-30")},
                                context, {});
  ASSERT_EQ(facts.size(), 3U);
  EXPECT_EQ(*facts[0].attr("backdated"), "true");
  EXPECT_EQ(facts[1].attr("backdated"), nullptr);
  EXPECT_EQ(facts[2].attr("backdated"), nullptr);
}

TEST(ItemFactsTest, AnUnchangedPageYieldsTheSameFactsAgainAndUndatedItemsKeepTheirFirstSighting) {
  const auto source = column();
  const item_fact_context day1{source,
                               at("2019-10-08T09:00:00+08:00"),
                               at("2019-10-07T09:00:00+08:00"),
                               std::chrono::days{1},
                               cn_calendar().zone(),
                               "page-1"};
  const std::vector<extracted_item> page{item("没有日期的栏目条目标题", "https://x/u.html", std::nullopt),
                                         item("国庆前发布的栏目条目", "https://x/b.html", "2019-09-20")};
  const auto first = item_facts(page, day1, {});
  EXPECT_EQ(first[0].time, rules::timestamp::at(at("2019-10-08T09:00:00+08:00")));
  EXPECT_EQ(*first[0].attr("date_source"), "first_seen");
  EXPECT_EQ(*first[1].attr("backdated"), "true");

  // A day later the same page (new snapshot hash): every fact is identical to the stored one.
  const item_fact_context day2{source,
                               at("2019-10-09T09:00:00+08:00"),
                               at("2019-10-08T09:00:00+08:00"),
                               std::chrono::days{1},
                               cn_calendar().zone(),
                               "page-2"};
  const auto second = item_facts(page, day2, by_id(first));
  ASSERT_EQ(second.size(), first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(second[i].time, first[i].time) << i;
    EXPECT_EQ(second[i].attrs, first[i].attrs) << i;
  }

  // The title changes: a revision, pointing at the page that shows the change.
  auto changed = page;
  changed[1].title = "国庆前发布的栏目条目（更正）";
  const auto third = item_facts(changed, day2, by_id(first));
  EXPECT_EQ(*third[1].attr("evidence"), "page-2");
  EXPECT_EQ(*third[1].attr("backdated"), "true");  // judged once, when first seen
  EXPECT_EQ(*third[0].attr("evidence"), "page-1");
}

TEST(ItemFactsTest, AnUndatedColumnReadTwiceByTheRealParsersChangesNothing) {
  // The parsers date undated rows by when they read them; a second poll of the same page
  // must not take that for a new page date (a revision and a new snapshot every poll).
  const auto source = column();
  const std::string page =
      "<html><body><ul class=\"list\">"
      "<li><a href=\"/zwgk/1.html\">区财政局关于做好年度预算公开工作的通知</a></li>"
      "<li><a href=\"/zwgk/2.html\">区财政局关于开展政府采购检查的公告</a></li>"
      "<li><a href=\"/zwgk/3.html\">区财政局关于印发专项资金管理办法的通知</a></li>"
      "</ul></body></html>";
  const std::string feed =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>政策文件</title>"
      "<item><title>区财政局关于做好年度预算公开工作的通知</title><link>https://x/f1.html</link></item>"
      "</channel></rss>";
  for (const auto& [bytes, how] :
       {std::pair{page, parser_spec::kind::automatic}, std::pair{feed, parser_spec::kind::feed}}) {
    parser_spec spec;
    spec.how = how;
    std::vector<std::string> problems;
    auto read_at = [&](rules::instant now) {
      return parse_page(bytes, "text/html; charset=utf-8", spec, {"https://x/zwgk/", now, cn_calendar().zone()},
                        problems)
          .items;
    };
    const auto monday = at("2019-10-08T09:00:00+08:00");
    const auto tuesday = at("2019-10-09T09:00:00+08:00");
    const auto first = item_facts(
        read_at(monday),
        {source, monday, at("2019-10-07T09:00:00+08:00"), std::chrono::days{1}, cn_calendar().zone(), "page-1"}, {});
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(*first[0].attr("date_source"), "first_seen");
    EXPECT_EQ(first[0].attr("page_date"), nullptr);
    const auto second =
        item_facts(read_at(tuesday), {source, tuesday, monday, std::chrono::days{1}, cn_calendar().zone(), "page-2"},
                   by_id(first));
    ASSERT_EQ(second.size(), first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ(second[i].time, first[i].time) << i;
      EXPECT_EQ(second[i].attrs, first[i].attrs) << i;  // the same evidence: no revision
    }
  }
}

TEST(ItemFactsTest, AnAnsweredMessageAlsoBecomesItsReplyLinkedToTheMessage) {
  auto source = column("message.received");
  source.column.clear();
  const item_fact_context context{
      source, at("2019-09-30T10:00:00+08:00"), std::nullopt, std::chrono::days{1}, cn_calendar().zone(), "p"};
  auto answered = item("关于温泉镇路灯维修的咨询", "https://x/m/1003.html", "2019-09-20");
  answered.status = "replied";
  answered.reply_date = ts("2019-09-25");
  auto waiting = item("关于江埔街农贸市场周边占道经营的投诉", "https://x/m/1004.html", "2019-09-21");
  waiting.status = "unreplied";
  const auto facts = item_facts({answered, waiting}, context, {});
  ASSERT_EQ(facts.size(), 3U);
  EXPECT_EQ(facts[0].type, "message.received");
  EXPECT_EQ(*facts[0].attr("status"), "replied");
  EXPECT_EQ(facts[1].type, "message.replied");
  EXPECT_EQ(facts[1].time, ts("2019-09-25"));
  EXPECT_EQ(*facts[1].attr("links"), "https://x/m/1003.html");
  EXPECT_EQ(facts[2].type, "message.received");
  EXPECT_EQ(*facts[2].attr("status"), "unreplied");
}

TEST(ItemFactsTest, APinnedCopyOfARowIsOneItem) {
  const auto source = column();
  auto pinned = item("置顶的重要通知公告标题", "https://x/p.html", "2019-09-01");
  pinned.pinned = true;
  const item_fact_context context{
      source, at("2019-09-30T10:00:00+08:00"), std::nullopt, std::chrono::days{1}, cn_calendar().zone(), "p"};
  const auto facts =
      item_facts({pinned, item("置顶的重要通知公告标题", "https://x/p.html", "2019-09-01")}, context, {});
  ASSERT_EQ(facts.size(), 1U);
  EXPECT_EQ(*facts[0].attr("pinned"), "true");
}

}  // namespace
}  // namespace deadlined::daemon
