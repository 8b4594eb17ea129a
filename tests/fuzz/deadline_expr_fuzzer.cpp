// Deadline and reminder expressions as rule packs and `deadline --batch` take them: any text
// either parses or names its error; a parsed one prints back to the same expression, and
// its due date from a fixed trigger is computed or refused, never crashes or overflows.

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "deadlined/rules/calendar_spec.hpp"
#include "deadlined/rules/due_computation.hpp"
#include "deadlined/rules/working_calendar.hpp"

namespace {

using namespace deadlined::rules;

const working_calendar& calendar() {
  static const working_calendar cn{builtin_cn_calendar(), zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8})};
  return cn;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto expr = parse_deadline(text);
  if (const auto* parsed = std::get_if<deadline_expr>(&expr)) {
    // The canonical form is what `validate` and the explanations print: it must read back.
    const auto canonical = to_string(*parsed);
    const auto again = parse_deadline(canonical);
    if (!std::holds_alternative<deadline_expr>(again) || to_string(std::get<deadline_expr>(again)) != canonical) {
      std::abort();
    }
    (void)to_chinese(*parsed);
    const auto trigger = timestamp::at(instant{std::chrono::sys_days{std::chrono::year{2019} / 9 / 27}});
    const auto due = compute_due(trigger, *parsed, calendar(), due_options{.pauses = {}, .explain = true});
    if (const auto* result = std::get_if<due_result>(&due)) {
      for (const auto& step : result->explanation)
        (void)step;
    }
  }
  const auto reminder = parse_reminder(text);
  if (const auto* parsed = std::get_if<reminder_offset>(&reminder)) {
    const auto canonical = to_string(*parsed);
    if (!std::holds_alternative<reminder_offset>(parse_reminder(canonical))) std::abort();
    (void)reminder_time(instant{std::chrono::sys_days{std::chrono::year{2019} / 10 / 8}}, *parsed, calendar(),
                        std::chrono::minutes{9 * 60});
  }
  return 0;
}
