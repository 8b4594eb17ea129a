#include "deadlined/rules/unit_directory.hpp"

#include <gtest/gtest.h>

#include "support/cn_calendar.hpp"

namespace deadlined::rules {
namespace {

using deadlined::testing::d;

unit_directory district() {
  return unit_directory{{{"区农业局", "department", {"农业局"}, std::nullopt, d("2019-03-01"), "区农业农村局"},
                         {"区农业农村局", "department", {"农业农村局"}, d("2019-03-01"), std::nullopt, ""},
                         {"温泉镇", "town", {}, std::nullopt, std::nullopt, ""},
                         {"街口街", "street", {"街口街道"}, std::nullopt, std::nullopt, ""}},
                        {{"各镇街", false, {"town", "street"}, {}}, {"各单位", true, {}, {}}}};
}

TEST(UnitDirectory, AliasesResolveToTheFullName) {
  const auto units = district();
  ASSERT_NE(units.find("街口街道"), nullptr);
  EXPECT_EQ(units.find("街口街道")->name, "街口街");
  EXPECT_EQ(units.find("区农业农村局")->name, "区农业农村局");
  EXPECT_EQ(units.find("农业厅"), nullptr);
}

TEST(UnitDirectory, AUnitsNameIsOneSharedTextWhateverAskedForIt) {
  const auto units = district();
  const auto once = units.shared_name("区农业农村局");
  EXPECT_EQ(once, "区农业农村局");
  EXPECT_EQ(&units.shared_name("区农业农村局").str(), &once.str());
  EXPECT_EQ(&units.shared_name(std::string{"区农业农村局"}).str(), &once.str());
  // An alias or an unknown name stays as written: an obligation shows what its fact said.
  EXPECT_EQ(units.shared_name("街口街道"), "街口街道");
  EXPECT_EQ(units.shared_name("农业厅"), "农业厅");
  EXPECT_NE(&units.shared_name("农业厅").str(), &units.shared_name("农业厅").str());
}

TEST(UnitDirectory, GroupsListTheUnitsThatExistOnTheDate) {
  const auto units = district();
  EXPECT_EQ(units.members(*units.find_group("各镇街"), d("2019-06-01")),
            (std::vector<std::string>{"温泉镇", "街口街"}));
  EXPECT_EQ(units.members(*units.find_group("各单位"), d("2019-01-15")),
            (std::vector<std::string>{"区农业局", "温泉镇", "街口街"}));
  EXPECT_EQ(units.members(*units.find_group("各单位"), d("2019-06-01")),
            (std::vector<std::string>{"区农业农村局", "温泉镇", "街口街"}));
}

TEST(UnitDirectory, AnEndedUnitsDutiesPassToItsSuccessor) {
  const auto units = district();
  EXPECT_EQ(units.holder("区农业局", d("2019-02-28")), "区农业局");
  EXPECT_EQ(units.holder("区农业局", d("2019-03-01")), "区农业农村局");
  EXPECT_EQ(units.holder("温泉镇", d("2019-03-01")), "温泉镇");
}

}  // namespace
}  // namespace deadlined::rules
