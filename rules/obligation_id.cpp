#include "deadlined/rules/obligation_id.hpp"

#include <charconv>

namespace deadlined::rules {

std::optional<obligation_id> obligation_id::parse(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number, 16);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return obligation_id{number};
}

bool operator==(obligation_id id, std::string_view text) {
  const auto parsed = obligation_id::parse(text);
  return parsed && *parsed == id;
}

std::string obligation_id::str() const {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  std::uint64_t rest = number_;
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = hex[rest & 0xF];
    rest >>= 4;
  }
  return out;
}

}  // namespace deadlined::rules
