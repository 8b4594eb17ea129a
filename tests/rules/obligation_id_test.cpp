// Obligation ids are held as numbers and shown as the 16 hex digits stored in databases,
// written in notices already sent and typed into `deadlined explain`.

#include "deadlined/rules/obligation_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "deadlined/rules/obligation.hpp"

namespace deadlined::rules {
namespace {

TEST(ObligationId, IsWrittenAsTheSixteenDigitsItIsStoredAs) {
  const obligation_id id{stable_hash({"request-answered", "2", "区住建局", "request_id:8", ""})};
  EXPECT_EQ(id.str(), stable_id({"request-answered", "2", "区住建局", "request_id:8", ""}));
  EXPECT_EQ(obligation_id{0x00000000000000aaULL}.str(), "00000000000000aa");
  EXPECT_EQ(std::string{obligation_id{0x0123456789abcdefULL}}, "0123456789abcdef");
  EXPECT_EQ(obligation_id::parse("0123456789abcdef"), obligation_id{0x0123456789abcdefULL});
  EXPECT_EQ(obligation_id::parse("0123456789ABCDEF"), obligation_id{0x0123456789abcdefULL});
  EXPECT_TRUE(obligation_id{0xffffffffffffffffULL} == "ffffffffffffffff");
}

TEST(ObligationId, TextsThatAreNoIdNameNone) {
  for (const char* text : {"", "a1", "0123456789abcde", "0123456789abcdef0", "0123456789abcdeg", "+123456789abcdef",
                           "-123456789abcdef", "0x23456789abcdef", " 123456789abcdef"}) {
    EXPECT_FALSE(obligation_id::parse(text)) << text;
    EXPECT_FALSE(obligation_id{0} == text) << text;
  }
}

TEST(ObligationId, NumbersSortAsTheirTextsDo) {
  std::vector<obligation_id> ids;
  for (const char* part : {"a", "b", "c", "区财政局", "区教育局", "interpretation", "column-fresh", "", "1", "2"})
    ids.emplace_back(stable_hash({part, "1"}));
  std::vector<std::string> texts;
  for (const auto id : ids)
    texts.push_back(id.str());
  std::sort(ids.begin(), ids.end());
  std::sort(texts.begin(), texts.end());
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(ids[i].str(), texts[i]);
}

}  // namespace
}  // namespace deadlined::rules
