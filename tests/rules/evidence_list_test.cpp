// An obligation's evidence is packed in one block: what goes in comes out, in order,
// whatever the ids are.

#include "deadlined/rules/evidence_list.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace deadlined::rules {
namespace {

TEST(EvidenceList, GivesBackEachFactAndItsRoleInTheOrderAdded) {
  evidence_list list;
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(list.size(), 0U);
  EXPECT_EQ(list.begin(), list.end());
  list.push_back({"record/D1", evidence_role::trigger});
  list.push_back({"record/X1", evidence_role::extension});
  list.push_back({"record/A1", evidence_role::closing});
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list.front(), (evidence_link{"record/D1", evidence_role::trigger}));
  EXPECT_EQ(list.at(1), (evidence_link{"record/X1", evidence_role::extension}));
  EXPECT_EQ(list.at(2), (evidence_link{"record/A1", evidence_role::closing}));
  EXPECT_THROW((void)list.at(3), std::out_of_range);
  std::vector<std::string> read;
  for (const auto& link : list)
    read.push_back(std::string{to_string(link.role)} + " " + std::string{link.fact_id});
  EXPECT_EQ(read, (std::vector<std::string>{"trigger record/D1", "extension record/X1", "closing record/A1"}));
}

TEST(EvidenceList, KeepsIdsOfAnyLengthAndEveryRole) {
  // Poll facts are named by their page's address: ids of hundreds of bytes, and an id's
  // length crosses the one-byte and two-byte boundaries of the packing.
  const std::vector<std::size_t> lengths{0, 1, 14, 15, 16, 127, 128, 300, 16383, 16384, 70000};
  const std::vector<evidence_role> roles{
      evidence_role::trigger,   evidence_role::repeat_trigger, evidence_role::closing,
      evidence_role::follow_up, evidence_role::extension,      evidence_role::pause,
      evidence_role::resume,    evidence_role::restart,        evidence_role::waiver};
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < lengths.size(); ++i)
    ids.push_back(std::string(lengths[i], static_cast<char>('a' + i)));
  evidence_list list;
  for (std::size_t i = 0; i < ids.size(); ++i)
    list.push_back({ids[i], roles[i % roles.size()]});
  ASSERT_EQ(list.size(), ids.size());
  std::size_t i = 0;
  for (const auto& link : list) {
    EXPECT_EQ(link.fact_id, ids[i]) << i;
    EXPECT_EQ(link.role, roles[i % roles.size()]) << i;
    ++i;
  }
}

TEST(EvidenceList, ListsAreEqualWhenTheirLinksAre) {
  const evidence_list a{{"cli:d1", evidence_role::trigger}, {"cli:i1", evidence_role::closing}};
  evidence_list b;
  b.push_back({"cli:d1", evidence_role::trigger});
  b.push_back({"cli:i1", evidence_role::closing});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, (evidence_list{{"cli:d1", evidence_role::trigger}, {"cli:i1", evidence_role::follow_up}}));
  EXPECT_NE(a, (evidence_list{{"cli:d1", evidence_role::trigger}}));
}

TEST(EvidenceList, ACopyIsItsOwn) {
  evidence_list original{{"cli:d1", evidence_role::trigger}};
  evidence_list copy = original;
  copy.push_back({"cli:i1", evidence_role::closing});
  EXPECT_EQ(original.size(), 1U);
  EXPECT_EQ(copy.size(), 2U);
  original = copy;
  EXPECT_EQ(original, copy);
  evidence_list moved = std::move(copy);
  EXPECT_EQ(moved, original);
  original = evidence_list{};
  EXPECT_TRUE(original.empty());
  EXPECT_EQ(moved.at(1), (evidence_link{"cli:i1", evidence_role::closing}));
}

TEST(EvidenceList, RolesAreNamedAsStored) {
  EXPECT_EQ(to_string(evidence_role::repeat_trigger), "repeat_trigger");
  EXPECT_EQ(evidence_role_named("follow_up"), evidence_role::follow_up);
  EXPECT_EQ(evidence_role_named("witness"), std::nullopt);
}

}  // namespace
}  // namespace deadlined::rules
