#include "deadlined/rules/title_reference.hpp"

#include <gtest/gtest.h>

#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules {
namespace {

TEST(TitleReference, NormalisationAppliesNfkcAndDropsPunctuationAndSpaces) {
  EXPECT_EQ(normalize_title("从化区 政务公开（试行）　规定，２０１９"), "从化区政务公开试行规定2019");
  EXPECT_EQ(normalize_title("Ｒｕｌｅｓ\t1-2"), "Rules12");
}

TEST(TitleReference, QuotedTitlesLoseLeadingGuanyuAndTrailingNotice) {
  EXPECT_EQ(quoted_titles("关于《从化区政务公开工作规定》的解读"), std::vector<std::string>{"从化区政务公开工作规定"});
  EXPECT_EQ(quoted_titles("《关于加强政务公开工作的通知》政策解读"), std::vector<std::string>{"加强政务公开工作"});
  EXPECT_EQ(quoted_titles("《从化区财政资金管理的决定》解读"), std::vector<std::string>{"从化区财政资金管理"});
  EXPECT_EQ(quoted_titles("图解《工作规定》"),
            std::vector<std::string>{});  // 4 characters: too short to name a document
  EXPECT_EQ(quoted_titles("《从化区政务公开工作规定》与《从化区政府信息公开指南》解读").size(), 2U);
}

TEST(TitleReference, TheQuotedTitleMustEndTheDocumentTitleBehindItsIssuer) {
  const auto key = document_title_key("广州市从化区人民政府办公室关于印发从化区政务公开工作规定的通知");
  EXPECT_EQ(key, "广州市从化区人民政府办公室关于印发从化区政务公开工作规定");
  EXPECT_TRUE(refers_to(quoted_titles("《从化区政务公开工作规定》政策解读").at(0), key));
  EXPECT_TRUE(
      refers_to(quoted_titles("《广州市从化区人民政府办公室关于印发从化区政务公开工作规定的通知》解读").at(0), key));
  EXPECT_FALSE(refers_to(quoted_titles("《从化区政务公开工作规定实施细则》解读").at(0), key));
  EXPECT_FALSE(refers_to(quoted_titles("《从化区政务公开工作》解读").at(0), key));
}

TEST(StableId, DependsOnEveryPartAndTheirBoundaries) {
  EXPECT_EQ(stable_id({"request-answered", "2", "区住建局", "request_id:8", ""}),
            stable_id({"request-answered", "2", "区住建局", "request_id:8", ""}));
  EXPECT_NE(stable_id({"ab", "c"}), stable_id({"a", "bc"}));
  EXPECT_NE(stable_id({"rule", "1"}), stable_id({"rule", "2"}));
  EXPECT_EQ(stable_id({""}).size(), 16U);
}

}  // namespace
}  // namespace deadlined::rules

namespace deadlined::rules {
namespace {

TEST(PlanTask, ARuleClauseCoversTheTasksItNumbers) {
  EXPECT_TRUE(clause_covers("一、（一）2", "一、（一）2"));
  EXPECT_TRUE(clause_covers("一、（二）2、4", "一、（二）4"));
  EXPECT_FALSE(clause_covers("一、（二）2、4", "一、（二）3"));
  EXPECT_FALSE(clause_covers("一、（一）2", "一、（二）2"));
  EXPECT_FALSE(clause_covers("四、（一）1", "四、（一）12"));
}

}  // namespace
}  // namespace deadlined::rules
