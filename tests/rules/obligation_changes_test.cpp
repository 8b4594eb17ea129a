// What a check records: the obligations new or different since the last evaluation, and
// those no longer given — and nothing else.

#include "deadlined/rules/obligation_changes.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::rules {
namespace {

using namespace std::chrono_literals;

/// An interpretation owed by 区财政局, as the evaluation makes it: texts built afresh, so
/// that two evaluations' equal obligations share no text blocks.
obligation interpretation(std::uint64_t id, obligation_state state = obligation_state::pending) {
  obligation o;
  o.id = obligation_id{id};
  o.rule = std::string{"interpretation-linked"};
  o.title = std::string{"政策文件印发后3个工作日内发布解读"};
  o.unit = o.original_unit = std::string{"区财政局"};
  o.subject = std::string{"关于印发《从化区财政专项资金管理办法》的通知"};
  o.key = std::string{"document_id:从财〔2019〕12号"};
  o.opened_at = instant{std::chrono::sys_days{std::chrono::year{2019} / 9 / 27} + 2h};
  o.due_at = instant{std::chrono::sys_days{std::chrono::year{2019} / 10 / 8} + 15h + 59min + 59s};
  o.evidence = {{"record/D12", evidence_role::trigger}};
  o.state = state;
  return o;
}

std::vector<std::uint64_t> ids(const std::vector<const obligation*>& list) {
  std::vector<std::uint64_t> out;
  for (const auto* o : list)
    out.push_back(o->id.number());
  return out;
}

TEST(ObligationChanges, TheNewTheDifferentAndTheGoneAreFoundTheSameAreNot) {
  const std::vector<obligation> before{interpretation(0x10), interpretation(0x20),
                                       interpretation(0x30, obligation_state::met)};
  const std::vector<obligation> after{interpretation(0x10), interpretation(0x20, obligation_state::overdue),
                                      interpretation(0x40)};
  const auto changes = changes_between(before, after);
  EXPECT_EQ(ids(changes.changed), (std::vector<std::uint64_t>{0x20, 0x40}));
  EXPECT_EQ(ids(changes.gone), (std::vector<std::uint64_t>{0x30}));
  // The pointers are into the evaluations given: the changed ones as they are now.
  ASSERT_EQ(changes.changed.size(), 2U);
  EXPECT_EQ(changes.changed[0], &after[1]);
  EXPECT_EQ(changes.gone[0], &before[2]);
}

TEST(ObligationChanges, EverythingIsNewAtFirstAndEverythingGoesWhenNothingIsGiven) {
  const std::vector<obligation> some{interpretation(0x10), interpretation(0x20)};
  EXPECT_EQ(ids(changes_between({}, some).changed), (std::vector<std::uint64_t>{0x10, 0x20}));
  EXPECT_TRUE(changes_between({}, some).gone.empty());
  EXPECT_EQ(ids(changes_between(some, {}).gone), (std::vector<std::uint64_t>{0x10, 0x20}));
  EXPECT_TRUE(changes_between(some, some).changed.empty());
}

TEST(ObligationChanges, AChangeInAnyMemberIsAChange) {
  // Each of these is something the table, a notice or the board shows.
  const std::vector<std::pair<const char*, std::function<void(obligation&)>>> edits{
      {"state", [](obligation& o) { o.state = obligation_state::met_late; }},
      {"due_at", [](obligation& o) { o.due_at += 24h; }},
      {"original_due_at", [](obligation& o) { o.original_due_at = o.due_at; }},
      {"met_at", [](obligation& o) { o.met_at = timestamp::at(o.due_at); }},
      {"unit (a successor)", [](obligation& o) { o.unit = std::string{"区政务服务数据管理局"}; }},
      {"subject",
       [](obligation& o) { o.subject = std::string{"关于印发《从化区财政专项资金管理办法（修订）》的通知"}; }},
      {"evidence",
       [](obligation& o) {
         o.evidence.push_back({"record/J1", evidence_role::closing});
       }},
      {"reminders", [](obligation& o) { o.reminders.push_back(o.due_at - 24h); }},
      {"explanation", [](obligation& o) { o.explanation.push_back("按时完成：document.interpreted"); }},
      {"waiver_reason", [](obligation& o) { o.waiver_reason = std::string{"文件已废止"}; }},
      {"waiver_requested", [](obligation& o) { o.waiver_requested = true; }},
      {"escalate_at", [](obligation& o) { o.escalate_at = o.due_at + 72h; }},
      {"escalate_to", [](obligation& o) { o.escalate_to = std::string{"区政府办公室"}; }},
      {"rule_version", [](obligation& o) { o.rule_version = 2; }},
      {"provisional", [](obligation& o) { o.provisional = true; }},
      {"paused", [](obligation& o) { o.paused = true; }},
  };
  const std::vector<obligation> before{interpretation(0x10)};
  for (const auto& [what, edit] : edits) {
    std::vector<obligation> after{interpretation(0x10)};
    edit(after[0]);
    EXPECT_EQ(ids(changes_between(before, after).changed), std::vector<std::uint64_t>{0x10}) << what;
  }
}

}  // namespace
}  // namespace deadlined::rules
