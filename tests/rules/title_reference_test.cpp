#include "deadlined/rules/title_reference.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <string>

#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules {
namespace {

TEST(TitleReference, NormalisationAppliesNfkcAndDropsPunctuationAndSpaces) {
  EXPECT_EQ(normalize_title("从化区 政务公开（试行）　规定，２０１９"), "从化区政务公开试行规定2019");
  EXPECT_EQ(normalize_title("Ｒｕｌｅｓ\t1-2"), "Rules12");
}

/// What normalize_title means, spelled out with utf8proc alone: NFKC of the whole text,
/// then punctuation, separators and control characters dropped.
std::string nfkc_without_punctuation(const std::string& text) {
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> nfkc{
      utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str())), &std::free};
  std::string out;
  const std::string_view normalised{reinterpret_cast<const char*>(nfkc.get())};
  for (std::size_t at = 0; at < normalised.size();) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(normalised.data() + at),
                                    static_cast<utf8proc_ssize_t>(normalised.size() - at), &cp);
    const auto category = utf8proc_category(cp);
    const bool dropped = (category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO) ||
                         (category >= UTF8PROC_CATEGORY_ZS && category <= UTF8PROC_CATEGORY_CF);
    if (!dropped) out.append(normalised.substr(at, static_cast<std::size_t>(n)));
    at += static_cast<std::size_t>(n);
  }
  return out;
}

std::string utf8(utf8proc_int32_t cp) {
  std::array<utf8proc_uint8_t, 4> bytes{};
  const auto n = utf8proc_encode_char(cp, bytes.data());
  return {reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(n)};
}

// Titles are normalised without utf8proc's NFKC when made of common characters only; the
// result must be NFKC's for every character, alone, between ideographs and before a
// combining accent that NFKC composes with the character in front of it.
TEST(TitleReference, NormalisationIsNfkcThenDroppingPunctuationForEveryBmpCharacter) {
  const std::string accent = utf8(0x0301);
  int differing = 0;
  for (utf8proc_int32_t cp = 1; cp <= 0xFFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not characters
    for (const auto& text : {utf8(cp), "政务" + utf8(cp) + "公开", "A" + utf8(cp) + accent, utf8(cp) + accent}) {
      const auto got = normalize_title(text);
      const auto expected = nfkc_without_punctuation(text);
      if (got != expected && ++differing <= 10)
        ADD_FAILURE() << "U+" << std::hex << cp << ": got " << got << ", NFKC gives " << expected;
    }
  }
  EXPECT_EQ(differing, 0);
  // The common case, for the record: fullwidth forms become ASCII, punctuation goes.
  EXPECT_EQ(normalize_title("《关于印发〔２０１９〕“政务公开”要点的通知》"), "关于印发2019政务公开要点的通知");
  EXPECT_EQ(normalize_title("Ａ" + accent), utf8(0x00C1));  // composed, as NFKC does
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
