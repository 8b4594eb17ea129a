#pragma once
// What a parser of user text returns when the text is wrong: where, and why.

#include <string>
#include <string_view>
#include <variant>

namespace deadlined::rules {

struct parse_error {
  int column = 1;  ///< 1-based, counted in characters (code points), not bytes
  std::string message;

  friend bool operator==(const parse_error&, const parse_error&) = default;
};

/// The parsed value, or where and why the text could not be parsed.
template <class T>
using parsed = std::variant<T, parse_error>;

/// Characters (code points) in UTF-8 `text`: the unit columns are counted in.
int character_count(std::string_view text);

}  // namespace deadlined::rules
