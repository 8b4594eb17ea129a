#include "deadlined/daemon/page_date.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::daemon {
namespace {

const rules::zone_offsets& shanghai() {
  static const auto zone = rules::zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8});
  return zone;
}

rules::civil_date day(std::string_view text) {
  return std::get<rules::civil_date>(rules::parse_date(text));
}

std::string first(std::string_view text, std::string_view today = "2019-10-10") {
  const auto date = find_page_date(text, day(today), shanghai());
  return date ? date->format(shanghai()) : "none";
}

std::string feed(std::string_view text) {
  const auto date = parse_feed_date(text, day("2019-10-10"), shanghai());
  return date ? date->format(shanghai()) : "none";
}

TEST(PageDate, EveryFormGovernmentPagesUse) {
  EXPECT_EQ(first("2019-09-27"), "2019-09-27");
  EXPECT_EQ(first("2019.09.27"), "2019-09-27");
  EXPECT_EQ(first("2019/9/27"), "2019-09-27");
  EXPECT_EQ(first("2019年9月27日"), "2019-09-27");
  EXPECT_EQ(first("发布时间：2019-09-27"), "2019-09-27");
  EXPECT_EQ(first("发布时间：2020-04-21 11:58:29"), "2020-04-21T11:58:29+08:00");
  EXPECT_EQ(first("日期: 2019年09月27日 10:05"), "2019-09-27T10:05:00+08:00");
  EXPECT_EQ(first("[09-27]"), "2019-09-27");
  EXPECT_EQ(first("【9月27日】"), "2019-09-27");
  EXPECT_EQ(first("09-27"), "2019-09-27");
}

TEST(PageDate, AYearlessDateTakesTheNearestPastYear) {
  EXPECT_EQ(first("[12-30]", "2019-01-05"), "2018-12-30");
  EXPECT_EQ(first("[01-04]", "2019-01-05"), "2019-01-04");
  EXPECT_EQ(first("[02-29]", "2021-03-01"), "2020-02-29");
}

TEST(PageDate, NumbersThatAreNotDatesAreNot) {
  EXPECT_EQ(first("编号 201909270001"), "none");
  EXPECT_EQ(first("电话 020-87921234"), "none");
  EXPECT_EQ(first("2019-13-01"), "none");
  EXPECT_EQ(first("第 2019 号"), "none");
  EXPECT_EQ(first("浏览次数 12-30 次"), "none");  // year-less only in brackets or alone
}

TEST(PageDate, AllDatesInOrder) {
  const auto dates = find_page_dates("留言 2019-09-20 已回复 [09-25]", day("2019-10-10"), shanghai());
  ASSERT_EQ(dates.size(), 2U);
  EXPECT_EQ(dates[1].format(shanghai()), "2019-09-25");
}

TEST(PageDate, DatesAmongIdsAndBracketsOfEveryKind) {
  // A date glued to an id is none; （第3号） is no date; full-width and square brackets are.
  const auto dates = find_page_dates("编号12019-09-27（第3号）（09-25）【10-01】[9/30] 发布于2019年9月28日 10:05",
                                     day("2019-10-10"), shanghai());
  std::vector<std::string> shown;
  for (const auto& date : dates)
    shown.push_back(date.format(shanghai()));
  EXPECT_EQ(shown, (std::vector<std::string>{"2019-09-25", "2019-10-01", "2019-09-30", "2019-09-28T10:05:00+08:00"}));
  EXPECT_EQ(first("(2019-09-27)"), "2019-09-27");  // a full date in brackets is read once
  EXPECT_EQ(first("第2019-0927号 2019-09-26"), "2019-09-26");
  EXPECT_EQ(first("【09-25】2019-09-28"), "2019-09-25");  // in the order they are written
  EXPECT_EQ(first("【（09-25）】"), "2019-09-25");        // the search goes on inside a bracket
}

TEST(FeedDate, Rfc822InItsRealWorldVariants) {
  EXPECT_EQ(feed("Tue, 08 Oct 2019 16:00:00 +0800"), "2019-10-08T16:00:00+08:00");
  EXPECT_EQ(feed("Fri, 27 Sep 2019 10:00:00+0900"), "2019-09-27T09:00:00+08:00");
  EXPECT_EQ(feed("26 Sep 2019 02:00:00 GMT"), "2019-09-26T10:00:00+08:00");
  EXPECT_EQ(feed("Thu, 26 Sep 19 02:00 GMT"), "2019-09-26T10:00:00+08:00");
  EXPECT_EQ(feed("Fri, 27 Sep 2019 10:00:00 CST"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(feed("Fri, 27 Sep 2019 10:00:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(feed("27 September 2019"), "2019-09-27");
  EXPECT_EQ(feed("2019-09-27T10:00:00+08:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(feed("2019-09-27 10:00:00"), "2019-09-27T10:00:00+08:00");
  EXPECT_EQ(feed("not a date"), "none");
}

}  // namespace
}  // namespace deadlined::daemon
