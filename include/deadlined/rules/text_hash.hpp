#pragma once
// A hash for string-keyed unordered containers that also finds by string_view, so a
// look-up does not copy its key (with std::equal_to<>).

#include <cstddef>
#include <functional>
#include <string_view>

namespace deadlined::rules {

struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

}  // namespace deadlined::rules
