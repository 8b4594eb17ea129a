#include "deadlined/daemon/page_parser.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {
namespace {

const rules::zone_offsets& shanghai() {
  static const auto zone = rules::zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8});
  return zone;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in{std::string{DEADLINED_TEST_DATA} + "/pages/" + name, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

page_context context(std::string base = "https://www.conghua.gov.cn/col/") {
  const auto now = std::get<rules::timestamp>(rules::parse_timestamp("2019-10-10 09:00", shanghai()));
  return page_context{std::move(base), now.counting_instant(shanghai()), shanghai()};
}

extraction parse(const std::string& name, const parser_spec& spec = {}) {
  std::vector<std::string> problems;
  auto result = parse_page(read_fixture(name), "", spec, context(), problems);
  for (const auto& p : problems)
    ADD_FAILURE() << p;
  return result;
}

/// One line per item: date|date_source|pinned|status|reply|title|url.
std::vector<std::string> lines(const extraction& e) {
  std::vector<std::string> out;
  for (const auto& item : e.items) {
    out.push_back((item.date ? item.date->format(shanghai()) : "-") + "|" + item.date_source + "|" +
                  (item.pinned ? "pinned" : "") + "|" + item.status + "|" +
                  (item.reply_date ? item.reply_date->format(shanghai()) : "") + "|" + item.title + "|" + item.url);
  }
  return out;
}

TEST(PageParser, AMessagesStatusIsTheWordItShowsAndAnUnansweredOneWins) {
  EXPECT_EQ(interaction_status("关于温泉镇路灯维修的咨询 2019-09-20 已回复"), "replied");
  EXPECT_EQ(interaction_status("反映鳌头镇垃圾清运不及时 未答复"), "unreplied");
  EXPECT_EQ(interaction_status("江埔街幼儿园学位问题 正在办理"), "processing");
  EXPECT_EQ(interaction_status("状态：已回复（追问：未回复）"), "unreplied");  // both shown: not answered
  EXPECT_EQ(interaction_status("关于政务公开工作的意见建议 回复时间"), "");    // 回复 alone is no status
  EXPECT_EQ(interaction_status(""), "");
}

TEST(PageParser, GbkWithoutDeclarationIsReadAsGb18030AndCutTitlesUseTheTitleAttribute) {
  const auto e = parse("gbk-no-charset.html");
  EXPECT_EQ(e.method, "auto");
  EXPECT_EQ(lines(e), (std::vector<std::string>{
                          "2019-09-27|page||||广州市从化区财政局关于印发从化区财政专项资金管理办法的通知|https://"
                          "www.conghua.gov.cn/czj/gkml/content/post_101.html",
                          "2019-08-30|page||||从化区2019年区级部门预算公开情况说明|https://www.conghua.gov.cn/czj/gkml/"
                          "content/post_98.html",
                          "2019-07-12|page||||关于做好2019年度行政事业单位国有资产报告工作的通知|https://"
                          "www.conghua.gov.cn/col/post_95.html",
                      }));
}

TEST(PageParser, Gb2312TableWithAPinnedImageAndDottedDates) {
  EXPECT_EQ(
      lines(parse("gb2312-table.html")),
      (std::vector<std::string>{
          "2019-09-20|page|pinned|||从化区2019年国庆节假期值班安排|https://www.conghua.gov.cn/col/201910/"
          "t20191008_1.html",
          "2019-09-29|page||||关于开展2019年政务公开培训的通知|https://www.conghua.gov.cn/col/201909/t20190929_2.html",
          "2019-09-25|page||||从化区政务服务中心窗口调整公告|https://www.conghua.gov.cn/col/201909/t20190925_3.html",
      }));
}

TEST(PageParser, BomChineseDatesAndAYearlessDateTakingTheNearestPastYear) {
  EXPECT_EQ(lines(parse("utf8-bom-dl.html")),
            (std::vector<std::string>{
                "2019-09-27|page||||温泉镇开展“政务公开日”活动|https://www.conghua.gov.cn/xwzx/content/post_5001.html",
                "2019-09-20|page||||良口镇召开2019年第三季度安全生产会议|https://www.conghua.gov.cn/xwzx/content/"
                "post_5000.html",
                "2019-09-03|page||||鳌头镇推进基层政务公开标准化规范化|https://www.conghua.gov.cn/xwzx/content/"
                "post_4990.html",
            }));
}

TEST(PageParser, MalformedPageWithBaseEntitiesTimesAndATemplate) {
  EXPECT_EQ(lines(parse("malformed.html")),
            (std::vector<std::string>{
                "2020-04-21T11:58:29+08:00|page||||关于征求《从化区行政执法公示办法（征求意见稿）》意见的公告 & "
                "附件|https://www.conghua.gov.cn/sfj/tzgg/content/post_31.html",
                "2020-04-10T09:00:00+08:00|page||||从化区司法局 2020年 "
                "普法工作要点|https://www.conghua.gov.cn/sfj/tzgg/content/post_30.html",
                "2020-03-30T16:20:05+08:00|page||||关于公布从化区证明事项清单的通告|https://www.conghua.gov.cn/sfj/"
                "tzgg/content/post_29.html",
            }));
}

TEST(PageParser, PinnedItemsStayWhereTheyAre) {
  EXPECT_EQ(lines(parse("pinned.html")),
            (std::vector<std::string>{
                "2019-03-01|page|pinned|||从化区2019年政务公开工作要点分工方案|https://www.conghua.gov.cn/a/3.html",
                "2019-09-30|page||||区政府办公室关于第三季度网站检查情况的通报|https://www.conghua.gov.cn/a/9.html",
                "2019-06-28|page||||区政府办公室关于第二季度网站检查情况的通报|https://www.conghua.gov.cn/a/8.html",
            }));
}

TEST(PageParser, InteractionListHasStatusesAndReplyDates) {
  EXPECT_EQ(
      lines(parse("interaction.html")),
      (std::vector<std::string>{
          "2019-09-20|page||replied|2019-09-25|关于温泉镇路灯维修的咨询|https://www.conghua.gov.cn/hdjl/xx/1003.html",
          "2019-09-18|page||processing||江埔街幼儿园学位问题|https://www.conghua.gov.cn/hdjl/xx/1002.html",
          "2019-06-02|page||unreplied||反映鳌头镇垃圾清运不及时|https://www.conghua.gov.cn/hdjl/xx/1001.html",
      }));
}

TEST(PageParser, AListOnlyInInlineJson) {
  const auto e = parse("inline-json.html");
  EXPECT_EQ(e.method, "inline-json");
  EXPECT_EQ(lines(e), (std::vector<std::string>{
                          "2019-07-15T10:00:00+08:00|page||||从化区2019年上半年政府信息公开工作情况|https://"
                          "www.conghua.gov.cn/zwgk/post_61.html",
                          "2019-01-30T09:00:00+08:00|page||||从化区2018年政府信息公开工作年度报告|https://"
                          "www.conghua.gov.cn/zwgk/post_60.html",
                      }));
}

TEST(PageParser, TemplatesNavigationAndPagersAreNotItems) {
  EXPECT_TRUE(parse("template-only.html").items.empty());
}

TEST(PageParser, AListInsideAComment) {
  const auto e = parse("commented-list.html");
  EXPECT_EQ(e.method, "comment");
  EXPECT_EQ(e.items.size(), 2U);
  EXPECT_EQ(e.items.at(1).title, "从化区土地征收启动公告（第2号）");
}

TEST(PageParser, UndatedItemsAreFirstSeen) {
  const auto e = parse("undated.html");
  ASSERT_EQ(e.items.size(), 3U);
  for (const auto& item : e.items) {
    EXPECT_EQ(item.date_source, "first_seen");
    EXPECT_EQ(item.date->format(shanghai()), "2019-10-10T09:00:00+08:00");
  }
}

TEST(FeedParser, Rss2InGbkWithRfc822Variants) {
  const auto e = parse("rss2-gbk.xml");
  EXPECT_EQ(e.method, "rss2");
  EXPECT_EQ(
      lines(e),
      (std::vector<std::string>{
          "2019-10-08T16:00:00+08:00|feed||||《从化区政务公开工作规定》政策解读|http://www.conghua.gov.cn/zcjd/content/"
          "post_201.html",
          "2019-09-27T09:00:00+08:00|feed||||图解：从化区2019年政府工作报告|http://www.conghua.gov.cn/zcjd/content/"
          "post_200.html",
          "2019-09-26T10:00:00+08:00|feed||||关于《从化区财政专项资金管理办法》的解读|https://www.conghua.gov.cn/zcjd/"
          "content/post_199.html",
          "2019-10-10T09:00:00+08:00|first_seen||||没有日期的条目|http://www.conghua.gov.cn/zcjd/content/post_198.html",
      }));
}

TEST(FeedParser, Rss1WithDcDate) {
  const auto e = parse("rss1.rdf");
  EXPECT_EQ(e.method, "rss1");
  EXPECT_EQ(lines(e),
            (std::vector<std::string>{
                "2019-03-14T21:05:00+08:00|feed||||区政府召开第5次常务会议|http://www.conghua.gov.cn/xwzx/post_1.html",
                "2019-03-12|feed||||区政府办公室开展政务公开专题培训|http://www.conghua.gov.cn/xwzx/post_0.html",
            }));
}

TEST(FeedParser, Atom1PicksTheAlternateLinkAgainstXmlBase) {
  const auto e = parse("atom1.xml");
  EXPECT_EQ(e.method, "atom1");
  EXPECT_EQ(lines(e), (std::vector<std::string>{
                          "2019-07-31T09:30:00+08:00|feed||||从化区2019年财政预算执行情况 & "
                          "下半年工作安排|https://www.conghua.gov.cn/czj/content/post_77.html",
                          "2019-07-20T08:00:00+08:00|feed||||从化区2018年区级决算公开|https://www.conghua.gov.cn/czj/"
                          "content/post_70.html",
                      }));
}

TEST(FeedParser, Atom03UsesIssued) {
  EXPECT_EQ(lines(parse("atom03.xml")),
            (std::vector<std::string>{"2019-06-01T08:00:00+08:00|feed||||2019年秋季学期义务教育招生工作通告|http://"
                                      "www.conghua.gov.cn/jyj/post_3.html"}));
}

struct selector_case {
  const char* fixture;
  parser_spec spec;
};

parser_spec selectors(std::string item, std::string date = "", std::string status = "") {
  parser_spec spec;
  spec.how = parser_spec::kind::selectors;
  spec.item = std::move(item);
  spec.date = std::move(date);
  spec.status = std::move(status);
  return spec;
}

TEST(PageParser, AutoAndSelectorsAgreeOnEveryListFixture) {
  const selector_case cases[] = {
      {"gbk-no-charset.html", selectors("//div[@class='list']/ul/li", ".//span")},
      {"gb2312-table.html", selectors("//table[@class='lb']/tr", "./td[2]")},
      {"utf8-bom-dl.html", selectors("//dl[@class='news']/dd")},
      {"malformed.html", selectors("//ul[@class='list']/li", ".//span[@class='time']")},
      {"pinned.html", selectors("//ul[@class='news_list']/li", ".//span")},
      {"interaction.html", selectors("//table[@class='xxlb']/tr[td]", "", "./td[3]")},
      {"undated.html", selectors("//ul[@class='list']/li")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fixture);
    const auto by_selectors = parse(c.fixture, c.spec);
    EXPECT_EQ(by_selectors.method, "selectors");
    EXPECT_FALSE(by_selectors.items.empty());
    EXPECT_EQ(lines(by_selectors), lines(parse(c.fixture)));
  }
}

TEST(PageParser, ABrokenSelectorIsReported) {
  std::vector<std::string> problems;
  parse_page(read_fixture("pinned.html"), "", selectors("//ul[@class='x'"), context(), problems);
  EXPECT_EQ(problems, std::vector<std::string>{"item: invalid XPath expression \"//ul[@class='x'\""});
}

}  // namespace
}  // namespace deadlined::daemon
