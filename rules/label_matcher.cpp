#include "deadlined/rules/label_matcher.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "text_scan.hpp"

namespace deadlined::rules {

namespace {

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

}  // namespace

label_matcher::label_matcher(std::string name, op how, std::string value, std::shared_ptr<const re2::RE2> regex)
    : name_(std::move(name)), op_(how), value_(std::move(value)), regex_(std::move(regex)) {}

bool label_matcher::matches(std::string_view text) const {
  switch (op_) {
    case op::equal:
      return text == value_;
    case op::not_equal:
      return text != value_;
    case op::regex:
      return re2::RE2::FullMatch(re2::StringPiece{text.data(), text.size()}, *regex_);
    case op::not_regex:
      return !re2::RE2::FullMatch(re2::StringPiece{text.data(), text.size()}, *regex_);
  }
  return false;
}

std::string label_matcher::to_string() const {
  static constexpr const char* ops[] = {"=", "!=", "=~", "!~"};
  std::string out = name_ + ops[static_cast<int>(op_)] + "\"";
  for (char c : value_) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

parsed<label_matcher> parse_label_matcher(std::string_view raw) {
  const std::string_view text = detail::trim(raw);
  const int lead = detail::column_at(raw, static_cast<std::size_t>(text.data() - raw.data())) - 1;
  auto fail = [lead, text](std::size_t at, std::string message) -> parsed<label_matcher> {
    return parse_error{lead + detail::column_at(text, at), std::move(message)};
  };
  std::size_t i = 0;
  if (text.empty() || !name_start(text[0])) {
    return fail(0,
                "expected a label name (letters, digits, _ and .), found \"" + std::string{text.substr(0, 20)} + "\"");
  }
  while (i < text.size() && name_char(text[i]))
    ++i;
  std::string name{text.substr(0, i)};
  while (i < text.size() && text[i] == ' ')
    ++i;

  label_matcher::op how = label_matcher::op::equal;
  const auto rest = text.substr(i);
  if (rest.starts_with("=~")) {
    how = label_matcher::op::regex;
    i += 2;
  } else if (rest.starts_with("!~")) {
    how = label_matcher::op::not_regex;
    i += 2;
  } else if (rest.starts_with("!=")) {
    how = label_matcher::op::not_equal;
    i += 2;
  } else if (rest.starts_with("=")) {
    i += 1;
  } else {
    return fail(i, "expected =, !=, =~ or !~ after \"" + name + "\"");
  }
  while (i < text.size() && text[i] == ' ')
    ++i;

  std::string value;
  const std::size_t value_start = i;
  if (i < text.size() && text[i] == '"') {
    const std::size_t open = i++;
    bool closed = false;
    while (i < text.size()) {
      const char c = text[i++];
      if (c == '"') {
        closed = true;
        break;
      }
      if (c == '\\' && i < text.size()) {
        const char e = text[i++];
        value.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        continue;
      }
      value.push_back(c);
    }
    if (!closed) return fail(open, "unterminated quoted value");
    if (i != text.size()) return fail(i, "unexpected \"" + std::string{text.substr(i)} + "\" after the value");
  } else {
    value = std::string{text.substr(i)};
    if (value.find_first_of("\" ,") != std::string::npos) {
      return fail(i, "a value with spaces, quotes or commas must be in double quotes");
    }
  }

  std::shared_ptr<const re2::RE2> regex;
  if (how == label_matcher::op::regex || how == label_matcher::op::not_regex) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto compiled = std::make_shared<const re2::RE2>(value, options);
    if (!compiled->ok()) return fail(value_start, "invalid regular expression: " + compiled->error());
    regex = std::move(compiled);
  }
  return label_matcher{std::move(name), how, std::move(value), std::move(regex)};
}

bool matches_all(const std::vector<label_matcher>& matchers, const fact& f) {
  return std::all_of(matchers.begin(), matchers.end(), [&f](const label_matcher& m) { return m.matches(f); });
}

}  // namespace deadlined::rules
