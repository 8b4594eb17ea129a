#pragma once
// Text that many obligations carry alike — their rule's id, title and clause, whom to
// escalate to: one immutable copy held by all of them. A city's year has 300,000
// obligations under some 100 rules; a string each made these four a third of the state.

#include <compare>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace deadlined::rules {

class shared_text {
 public:
  shared_text() = default;
  // Implicit, so that assigning a rule's string or a stored column reads as it did for
  // a std::string field.
  shared_text(std::string text)  // NOLINT(google-explicit-constructor)
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  shared_text(const char* text) : shared_text(std::string{text}) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const { return text_ ? *text_ : none(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)

  bool empty() const { return str().empty(); }
  std::size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }

  friend bool operator==(const shared_text& a, std::string_view b) { return std::string_view{a.str()} == b; }
  friend std::strong_ordering operator<=>(const shared_text& a, std::string_view b) {
    return std::string_view{a.str()} <=> b;
  }
  friend std::string operator+(std::string a, const shared_text& b) { return a.append(b.str()); }
  friend std::string operator+(const shared_text& a, std::string_view b) { return std::string{a.str()}.append(b); }
  friend std::ostream& operator<<(std::ostream& out, const shared_text& text) { return out << text.str(); }

 private:
  static const std::string& none() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
};

}  // namespace deadlined::rules
