// A fact's attributes behave as the ordered map they replaced: stored facts, their content
// hashes and the records shown to users list attributes in the same order as before.

#include "deadlined/rules/attribute_map.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::rules {
namespace {

std::vector<std::string> names_of(const attribute_map& attrs) {
  std::vector<std::string> names;
  for (const auto& [name, value] : attrs)
    names.push_back(name);
  return names;
}

TEST(AttributeMap, ListsNamesInByteOrderWhateverTheOrderTheyCameIn) {
  const attribute_map attrs{{"url", "http://www.conghua.gov.cn/a.html"},
                            {"category", "规范性文件"},
                            {"document_id", "从府办〔2019〕12号"},
                            {"has_interpretation", "false"}};
  EXPECT_EQ(names_of(attrs), (std::vector<std::string>{"category", "document_id", "has_interpretation", "url"}));
  EXPECT_EQ(attrs.size(), 4U);
}

TEST(AttributeMap, KeepsTheFirstOfANameGivenTwiceAsAMapDoes) {
  attribute_map attrs{{"category", "规范性文件"}, {"category", "其他"}};
  EXPECT_EQ(attrs.size(), 1U);
  EXPECT_EQ(attrs.at("category"), "规范性文件");

  const auto [where, added] = attrs.emplace("category", "工作动态");
  EXPECT_FALSE(added);
  EXPECT_EQ(where->second, "规范性文件");
}

TEST(AttributeMap, FindsByNameAndTellsAbsenceApart) {
  const attribute_map attrs{{"request_id", "YSQ-2019-001"}, {"received_date", "2019-06-03"}};
  ASSERT_NE(attrs.find("request_id"), attrs.end());
  EXPECT_EQ(attrs.find("request_id")->second, "YSQ-2019-001");
  EXPECT_TRUE(attrs.contains("received_date"));
  // A name that is a prefix of a present one, or of the same length, is still absent.
  EXPECT_FALSE(attrs.contains("request"));
  EXPECT_FALSE(attrs.contains("request_iD"));
  EXPECT_EQ(attrs.find("signed_date"), attrs.end());
  EXPECT_THROW((void)attrs.at("signed_date"), std::out_of_range);
}

TEST(AttributeMap, IndexingAddsAnEmptyValueInItsPlace) {
  attribute_map attrs{{"url", "http://www.conghua.gov.cn/"}};
  EXPECT_EQ(attrs["category"], "");
  attrs["title"] = "关于印发从化区2019年政务公开工作要点的通知";
  EXPECT_EQ(names_of(attrs), (std::vector<std::string>{"category", "title", "url"}));
  attrs["url"] = "http://www.conghua.gov.cn/b.html";
  EXPECT_EQ(attrs.at("url"), "http://www.conghua.gov.cn/b.html");
  EXPECT_EQ(attrs.size(), 3U);
}

TEST(AttributeMap, ErasesOnlyWhatIsThere) {
  attribute_map attrs{{"answered", "false"}, {"hotline", "020-87922000"}};
  EXPECT_EQ(attrs.erase("ring_seconds"), 0U);
  EXPECT_EQ(attrs.erase("answered"), 1U);
  EXPECT_EQ(names_of(attrs), (std::vector<std::string>{"hotline"}));
  attrs.clear();
  EXPECT_TRUE(attrs.empty());
}

TEST(AttributeMap, EqualWhenTheSamePairsWhateverTheOrderTheyCameIn) {
  const attribute_map one{{"level", "一般"}, {"incident_id", "YQ-7"}};
  const attribute_map other{{"incident_id", "YQ-7"}, {"level", "一般"}};
  EXPECT_EQ(one, other);
  EXPECT_NE(one, (attribute_map{{"incident_id", "YQ-7"}, {"level", "重大"}}));
}

TEST(AttributeMap, BuildsFromAnyRangeOfPairs) {
  const std::vector<std::pair<std::string_view, std::string_view>> pairs{{"meeting_date", "2019-09-20"},
                                                                         {"topic_id", "YT-3"}};
  const attribute_map attrs(pairs.begin(), pairs.end());
  EXPECT_EQ(attrs.at("topic_id"), "YT-3");
  EXPECT_EQ(names_of(attrs), (std::vector<std::string>{"meeting_date", "topic_id"}));
}

// Records and pages add attributes in any order, and a waiver's record replaces some:
// inserting and erasing anywhere, with twenty names, keeps each findable with its value.
TEST(AttributeMap, FindsEveryNameAfterAnySequenceOfChangesAsAMapWould) {
  const std::vector<std::string> vocabulary{
      "url",          "title",    "category",     "document_id",   "has_interpretation",
      "request_id",   "channel",  "signed_date",  "received_date", "confirmed_date",
      "working_days", "topic_id", "meeting_date", "key_topic",     "incident_id",
      "level",        "hotline",  "answered",     "ring_seconds",  "task"};
  std::mt19937 random{20191231};
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::uniform_int_distribution<int> action(0, 3);
  attribute_map attrs;
  std::map<std::string, std::string> model;
  for (int step = 0; step < 5000; ++step) {
    const auto& name = vocabulary[pick(random)];
    const auto value = std::to_string(step);
    switch (action(random)) {
      case 0:
        attrs.emplace(name, value);
        model.emplace(name, value);
        break;
      case 1:
        attrs[name] = value;
        model[name] = value;
        break;
      case 2:
        EXPECT_EQ(attrs.erase(name), model.erase(name));
        break;
      default:
        if (step % 97 == 0) {
          attrs.clear();
          model.clear();
        }
    }
    ASSERT_EQ(attrs.size(), model.size()) << "after step " << step;
    for (const auto& n : vocabulary) {
      const auto in_model = model.find(n);
      const auto found = attrs.find(n);
      ASSERT_EQ(found != attrs.end(), in_model != model.end()) << n << " after step " << step;
      if (found != attrs.end()) {
        ASSERT_EQ(found->second, in_model->second) << n << " after step " << step;
      }
    }
  }
  // And they list in the map's order.
  EXPECT_TRUE(std::equal(attrs.begin(), attrs.end(), model.begin(), model.end(),
                         [](const auto& a, const auto& b) { return a.first == b.first && a.second == b.second; }));
}

// A submitted record may carry far more attributes than a page item: lookups in a long
// list (a binary search past a handful) find every name and no other.
TEST(AttributeMap, FindsEachOfAThousandAttributes) {
  attribute_map attrs;
  for (int i = 999; i >= 0; --i)
    attrs.emplace("field_" + std::to_string(1000 + i), std::to_string(i));
  ASSERT_EQ(attrs.size(), 1000U);
  for (int i = 0; i < 1000; i += 2)
    EXPECT_EQ(attrs.erase("field_" + std::to_string(1000 + i)), 1U);
  for (int i = 0; i < 1000; ++i) {
    const auto found = attrs.find("field_" + std::to_string(1000 + i));
    if (i % 2 == 0) {
      EXPECT_EQ(found, attrs.end()) << i;
    } else {
      ASSERT_NE(found, attrs.end()) << i;
      EXPECT_EQ(found->second, std::to_string(i));
    }
  }
  EXPECT_FALSE(attrs.contains("field_"));
  EXPECT_FALSE(attrs.contains("field_19999"));
}

}  // namespace
}  // namespace deadlined::rules
