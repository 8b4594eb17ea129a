#include "deadlined/rules/obligation.hpp"

#include <cstdint>

namespace deadlined::rules {

std::string_view to_string(obligation_state state) {
  switch (state) {
    case obligation_state::pending:
      return "pending";
    case obligation_state::met:
      return "met";
    case obligation_state::met_late:
      return "met_late";
    case obligation_state::overdue:
      return "overdue";
    case obligation_state::waived:
      return "waived";
  }
  return "";
}

std::string_view chinese_label(obligation_state state) {
  switch (state) {
    case obligation_state::pending:
      return "待办";
    case obligation_state::met:
      return "按时完成";
    case obligation_state::met_late:
      return "逾期完成";
    case obligation_state::overdue:
      return "已逾期";
    case obligation_state::waived:
      return "已豁免";
  }
  return "";
}

std::uint64_t stable_hash(std::span<const std::string_view> parts) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  for (const auto part : parts) {
    for (const char c : part)
      mix(static_cast<unsigned char>(c));
    mix(0x1F);  // a separator no text contains, so ("ab","c") and ("a","bc") differ
  }
  return hash;
}

std::string stable_id(const std::vector<std::string_view>& parts) {
  return obligation_id{stable_hash(parts)}.str();
}

}  // namespace deadlined::rules
