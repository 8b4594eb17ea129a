// Blank columns (国办秘函〔2019〕19号): what a fetched page says of its column, the one state
// fact per source the poller keeps, and the veto at five blank columns of a unit.

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

TEST(ColumnFill, ASelectorListOrFeedWithoutRowsIsBlank) {
  parser_spec selectors;
  selectors.how = parser_spec::kind::selectors;
  selectors.item = "//ul/li";
  EXPECT_EQ(column_fill_of({"selectors", {}}, selectors, "<ul></ul>"), column_fill::blank);
  parser_spec automatic;
  EXPECT_EQ(column_fill_of({"rss2", {}}, automatic, "<rss><channel></channel></rss>"), column_fill::blank);
  EXPECT_EQ(column_fill_of({"selectors", {item("关于印发从化区政务公开工作要点的通知")}}, selectors, ""),
            column_fill::filled);
}

TEST(ColumnFill, AutomaticDetectionWithoutAListIsBlankOnlyWhenThePageSaysSo) {
  const parser_spec automatic;
  EXPECT_EQ(column_fill_of({"auto", {}}, automatic, "<div class='list'><p>暂无信息</p></div>"), column_fill::blank);
  // No list found on an unusual layout says nothing of the column.
  EXPECT_EQ(column_fill_of({"auto", {}}, automatic, "<div><p>欢迎访问</p></div>"), column_fill::unknown);
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

  const rules::fact* state_fact(std::vector<rules::fact>& facts) {
    for (const auto& f : facts)
      if (f.external_id == column_state_id) return &f;
    return nullptr;
  }

  int version_ = 0;
  std::shared_ptr<const config_snapshot> config_;
  std::unique_ptr<store> db_;
};

TEST_F(BlankColumnPollTest, AnEmptyColumnIsRecordedBlankUntilItemsAppear) {
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  auto facts = db_->facts_of_source("notices");
  const auto* blank = state_fact(facts);
  ASSERT_NE(blank, nullptr);
  EXPECT_EQ(blank->type, "column.blank");
  EXPECT_EQ(blank->unit, "区财政局");
  EXPECT_EQ(blank->time.counting_instant(config_->calendar.zone()), at(8, 9));
  ASSERT_NE(blank->attr("evidence"), nullptr);  // the blank page is kept to show

  // Still blank a day later: the fact keeps the time the column was first seen blank.
  write_feed({});
  poll_all_once(*config_, *db_, at(9, 9), nullptr);
  facts = db_->facts_of_source("notices");
  EXPECT_EQ(state_fact(facts)->time.counting_instant(config_->calendar.zone()), at(8, 9));

  write_feed({"关于印发从化区政务公开工作要点的通知"});
  const auto filled = poll_all_once(*config_, *db_, at(10, 9), nullptr);
  EXPECT_EQ(filled.revised, 1);
  facts = db_->facts_of_source("notices");
  EXPECT_EQ(state_fact(facts)->type, "column.filled");
  EXPECT_EQ(facts.size(), 2U);  // the item and the column's state
}

TEST_F(BlankColumnPollTest, AColumnNeverBlankHasNoStateFact) {
  write_feed({"关于印发从化区政务公开工作要点的通知"});
  poll_all_once(*config_, *db_, at(8, 9), nullptr);
  auto facts = db_->facts_of_source("notices");
  EXPECT_EQ(state_fact(facts), nullptr);
  EXPECT_EQ(facts.size(), 1U);
}

rules::fact blank_column(int n, const std::string& unit) {
  auto f = testing::make_fact("blank" + std::to_string(n), "column.blank", unit, "2019-10-08 09:00");
  f.source = "column-" + std::to_string(n);
  f.id = f.source + "/column-state";
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
    facts.push_back(blank_column(i, "区财政局"));
  const rules::evaluation_context context{config.rules, config.calendar, config.units, testing::at("2019-10-09 10:00")};
  auto obligations = rules::evaluate(facts, context);
  const auto* veto = find(obligations, "website-blank-columns-veto", "区财政局");
  ASSERT_NE(veto, nullptr);
  EXPECT_EQ(veto->state, rules::obligation_state::met);
  const auto* one = find(obligations, "column-blank", "区财政局");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->state, rules::obligation_state::overdue);

  facts.push_back(blank_column(4, "区财政局"));
  obligations = rules::evaluate(facts, context);
  veto = find(obligations, "website-blank-columns-veto", "区财政局");
  ASSERT_NE(veto, nullptr);
  EXPECT_EQ(veto->state, rules::obligation_state::overdue);
  // Another unit's columns are its own.
  EXPECT_EQ(find(obligations, "website-blank-columns-veto", "区司法局")->state, rules::obligation_state::met);

  // A column filled again is no longer blank: its state fact is revised to column.filled.
  facts.back().type = "column.filled";
  obligations = rules::evaluate(facts, context);
  EXPECT_EQ(find(obligations, "website-blank-columns-veto", "区财政局")->state, rules::obligation_state::met);
}

}  // namespace
}  // namespace deadlined::daemon
