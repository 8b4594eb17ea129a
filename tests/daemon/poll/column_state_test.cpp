// Blank columns (国办秘函〔2019〕19号): what a fetched page says of its column, the episodes
// the poller records, and the veto at five blank columns of a unit.

#include "deadlined/daemon/column_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/poll_pass.hpp"
#include "deadlined/rules/evaluation.hpp"
#include "support/facts.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

const fs::path work = fs::temp_directory_path() / ("deadlined-column-state-test-" + std::to_string(::getpid()));

rules::instant at(int day, int hour) {
  using namespace std::chrono;
  return sys_days{year{2019} / 10 / day} + hours{hour - 8};  // local time +08:00
}

extracted_item item(const std::string& title) {
  extracted_item i;
  i.title = title;
  return i;
}

TEST(ColumnFill, AValidFeedWithoutEntriesOrAPageSayingSoIsBlank) {
  EXPECT_EQ(column_fill_of({"rss2", {}}, "<rss><channel></channel></rss>", false), column_fill::blank);
  EXPECT_EQ(column_fill_of({"auto", {}}, "<div class='list'><p>暂无信息</p></div>", false), column_fill::blank);
  EXPECT_EQ(column_fill_of({"selectors", {item("关于印发从化区政务公开工作要点的通知")}}, "", false),
            column_fill::filled);
}

TEST(ColumnFill, APageWithoutItemsThatDoesNotSaySoIsNoEvidence) {
  // A redesign, an error page served with 200, HTML where a feed was expected.
  EXPECT_EQ(column_fill_of({"selectors", {}}, "<div class='new-layout'></div>", false), column_fill::unknown);
  EXPECT_EQ(column_fill_of({"auto", {}}, "<div><p>欢迎访问</p></div>", false), column_fill::unknown);
  EXPECT_EQ(column_fill_of({"", {}}, "<html><body>访问验证</body></html>", false), column_fill::unknown);
  // A parse that reported problems (a selector that does not compile) says nothing either.
  EXPECT_EQ(column_fill_of({"selectors", {}}, "<p>暂无信息</p>", true), column_fill::unknown);
}

class BlankColumnPollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(work);
    fs::create_directories(work / "site");
    write_feed({});
    std::ofstream{work / "deadlined.yaml"} << "district: 测试区\n"
                                           << "units:\n  - {name: 区财政局}\n"
                                           << "sources:\n"
                                           << "  - {id: notices, unit: 区财政局, url: 'file://"
                                           << (work / "site" / "feed.xml").string()
                                           << "', column: 通知公告, parser: feed, emits: item.published}\n";
    config_ = testing::load_or_fail((work / "deadlined.yaml").string(), (work / "state.sqlite").string());
    db_ = std::make_unique<store>((work / "state.sqlite").string());
  }

  void TearDown() override {
    db_.reset();
    fs::remove_all(work);
  }

  /// The column's feed with `titles` as items; each write is a new version (a new mtime).
  void write_feed(const std::vector<std::string>& titles) {
    const auto path = work / "site" / "feed.xml";
    {
      std::ofstream out{path};
      out << "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>通知公告</title>";
      for (std::size_t i = 0; i < titles.size(); ++i)
        out << "<item><title>" << titles[i] << "</title><link>http://www.conghua.gov.cn/a/" << i
            << ".html</link><pubDate>Mon, 07 Oct 2019 09:00:00 +0800</pubDate></item>";
      out << "</channel></rss>";
    }
    fs::last_write_time(path, fs::file_time_type::clock::now() + std::chrono::seconds{++version_ * 10});
  }

  std::vector<rules::fact> of_type(std::string_view type) {
    std::vector<rules::fact> out;
    for (auto& f : db_->facts_of_source("notices"))
      if (f.type == type) out.push_back(std::move(f));
    return out;
  }

  int version_ = 0;
  std::shared_ptr<const config_snapshot> config_;
  std::unique_ptr<store> db_;
};

TEST_F(BlankColumnPollTest, AnEmptyColumnOpensAnEpisodeThatItemsClose) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  auto blank = of_type("column.blank");
  ASSERT_EQ(blank.size(), 1U);
  EXPECT_EQ(blank[0].unit, "区财政局");
  EXPECT_EQ(blank[0].time.counting_instant(config_->calendar.zone()), at(8, 9));
  EXPECT_EQ(*blank[0].attr("episode"), blank[0].external_id);
  ASSERT_NE(blank[0].attr("evidence"), nullptr);  // the blank page is kept to show

  // Still blank a day later: the same episode, nothing new.
  write_feed({});
  poll_all_once(*config_, *db_, at(9, 9), nullptr);
  EXPECT_EQ(of_type("column.blank").size(), 1U);

  write_feed({"关于印发从化区政务公开工作要点的通知"});
  poll_all_once(*config_, *db_, at(10, 9), nullptr);
  const auto filled = of_type("column.filled");
  ASSERT_EQ(filled.size(), 1U);
  EXPECT_EQ(*filled[0].attr("episode"), blank[0].external_id);

  // Blank again: a new episode.
  write_feed({});
  poll_all_once(*config_, *db_, at(11, 9), nullptr);
  blank = of_type("column.blank");
  ASSERT_EQ(blank.size(), 2U);
  EXPECT_NE(*blank[0].attr("episode"), *blank[1].attr("episode"));
}

TEST_F(BlankColumnPollTest, AColumnNeverBlankRecordsNoEpisode) {
  write_feed({"关于印发从化区政务公开工作要点的通知"});
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  EXPECT_TRUE(of_type("column.blank").empty());
  EXPECT_TRUE(of_type("column.filled").empty());
}

rules::fact column_fact(const std::string& type, int column, const std::string& unit, std::string_view time) {
  auto f = testing::make_fact(type + std::to_string(column), type, unit, time,
                              {{"episode", "column.blank@" + std::to_string(column)}});
  f.source = "column-" + std::to_string(column);
  f.id = f.source + "/" + f.external_id;
  return f;
}

const rules::obligation* find(const std::vector<rules::obligation>& obligations, const std::string& rule,
                              const std::string& unit) {
  for (const auto& o : obligations)
    if (o.rule == rule && o.unit == unit) return &o;
  return nullptr;
}

TEST(BlankColumnsVeto, FiveBlankColumnsOfAUnitAreAVetoFourAreNot) {
  const auto& config = testing::example_config();
  std::vector<rules::fact> facts;
  for (int i = 0; i < 4; ++i)
    facts.push_back(column_fact("column.blank", i, "区财政局", "2019-10-08 09:00"));
  const rules::evaluation_context context{config.rules, config.calendar, config.units, testing::at("2019-10-09 10:00")};
  auto obligations = rules::evaluate(facts, context);
  const auto* veto = find(obligations, "website-blank-columns-veto", "区财政局");
  ASSERT_NE(veto, nullptr);
  EXPECT_EQ(veto->state, rules::obligation_state::met);
  const auto* one = find(obligations, "column-blank", "区财政局");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->state, rules::obligation_state::overdue);

  facts.push_back(column_fact("column.blank", 4, "区财政局", "2019-10-08 09:00"));
  obligations = rules::evaluate(facts, context);
  EXPECT_EQ(find(obligations, "website-blank-columns-veto", "区财政局")->state, rules::obligation_state::overdue);
  // Another unit's columns are its own.
  EXPECT_EQ(find(obligations, "website-blank-columns-veto", "区司法局")->state, rules::obligation_state::met);

  // A column filled again closes its episode (late), and the count drops to four.
  facts.push_back(column_fact("column.filled", 4, "区财政局", "2019-10-09 08:00"));
  obligations = rules::evaluate(facts, context);
  EXPECT_EQ(find(obligations, "website-blank-columns-veto", "区财政局")->state, rules::obligation_state::met);
}

TEST(BlankColumnsVeto, AColumnFilledWithinTheHourIsNoBreach) {
  const auto& config = testing::example_config();
  const std::vector<rules::fact> facts{column_fact("column.blank", 1, "区财政局", "2019-10-08 09:00"),
                                       column_fact("column.filled", 1, "区财政局", "2019-10-08 09:40")};
  const rules::evaluation_context context{config.rules, config.calendar, config.units, testing::at("2019-10-09 10:00")};
  const auto obligations = rules::evaluate(facts, context);
  const auto* episode = find(obligations, "column-blank", "区财政局");
  ASSERT_NE(episode, nullptr);
  EXPECT_EQ(episode->state, rules::obligation_state::met);
}

}  // namespace
}  // namespace deadlined::daemon
