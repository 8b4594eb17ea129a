#pragma once
// Label matchers in Alertmanager's syntax (`category="normative"`, `title=~".*解读.*"`,
// `answered!="true"`) over a fact's fields and attributes. Regexes are RE2, anchored at
// both ends, so no rule can make matching take more than linear time.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/parse_error.hpp"

namespace re2 {
class RE2;
}

namespace deadlined::rules {

class label_matcher {
 public:
  enum class op { equal, not_equal, regex, not_regex };

  label_matcher(std::string name, op how, std::string value, std::shared_ptr<const re2::RE2> regex);

  const std::string& name() const { return name_; }
  op how() const { return op_; }
  const std::string& value() const { return value_; }

  bool matches(std::string_view text) const;
  bool matches(const fact& f) const { return matches(f.label(name_)); }

  /// `name="value"` back in Alertmanager's syntax.
  std::string to_string() const;

 private:
  std::string name_;
  op op_;
  std::string value_;
  std::shared_ptr<const re2::RE2> regex_;
};

/// One matcher: `name OP "value"` with OP one of `=`, `!=`, `=~`, `!~`; the value may be
/// unquoted when it has no spaces, quotes or commas.
parsed<label_matcher> parse_label_matcher(std::string_view text);

/// Every matcher must match (an empty list matches everything).
bool matches_all(const std::vector<label_matcher>& matchers, const fact& f);

}  // namespace deadlined::rules
