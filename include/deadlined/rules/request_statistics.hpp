#pragma once
// 依申请公开 statistics for the annual disclosure report (条例 Art. 50): per unit, the
// requests carried over, received, answered, extended, overdue and carried forward in a
// period, from the request.* facts and the reply obligations.

#include <map>
#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/obligation.hpp"
#include "deadlined/rules/period.hpp"
#include "deadlined/rules/rule.hpp"
#include "deadlined/rules/unit_directory.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::rules {

struct request_counts {
  std::string unit;
  int carried_over = 0;     ///< 上年结转: received before the period, unanswered at its start
  int received = 0;         ///< 本年新收: received in the period
  int answered = 0;         ///< 办理完毕: answered in the period
  int extended = 0;         ///< 延期答复: extended in the period
  int overdue = 0;          ///< 逾期: received in the period, answered late or not yet and past due
  int carried_forward = 0;  ///< 结转下年度: received by the period's end, unanswered at its end
  std::map<std::string, int, std::less<>> by_applicant;  ///< received, by `applicant_type` (自然人, 法人或其他组织)
  std::map<std::string, int, std::less<>> by_result;  ///< answered, by `result` (予以公开, 部分公开, …)

  void add(const request_counts& other);
};

/// One row per unit with any request, in directory order, then a 合计 row over them all.
/// A request is identified by its `request_id`; a request without one stands alone.
std::vector<request_counts> request_statistics(const std::vector<fact>& facts,
                                               const std::vector<obligation>& obligations, const rule_set& rules,
                                               const unit_directory& units, const zone_offsets& zone, const period& p);

}  // namespace deadlined::rules
