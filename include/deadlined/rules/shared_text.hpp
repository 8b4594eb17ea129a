#pragma once
// Text that many obligations carry alike — their rule's id, title and clause, whom to
// escalate to: one immutable copy held by all of them. A city's year has 300,000
// obligations under some 100 rules; a string each made these four a third of the state.
// One pointer wide (the count lives beside the text), not a shared_ptr's two: four of
// them in every obligation.

#include <atomic>
#include <compare>
#include <concepts>
#include <cstddef>
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
      : block_(text.empty() ? nullptr : new block{std::move(text)}) {}
  shared_text(const char* text) : shared_text(std::string{text}) {}  // NOLINT(google-explicit-constructor)

  shared_text(const shared_text& other) noexcept : block_(other.block_) { hold(); }
  shared_text(shared_text&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  shared_text& operator=(shared_text other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~shared_text() { release(); }

  const std::string& str() const { return block_ ? block_->text : none(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)

  bool empty() const { return str().empty(); }
  std::size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }

  friend bool operator==(const shared_text& a, std::string_view b) { return std::string_view{a.str()} == b; }
  /// Two shared texts: usually the same block, compared without reading the text. A
  /// template, so that a shared_text beside a std::string or a literal still picks the
  /// overload above rather than finding two conversions equally good.
  template <std::same_as<shared_text> T>
  friend bool operator==(const T& a, const T& b) {
    return a.block_ == b.block_ || a.str() == b.str();
  }
  friend std::strong_ordering operator<=>(const shared_text& a, std::string_view b) {
    return std::string_view{a.str()} <=> b;
  }
  friend std::string operator+(std::string a, const shared_text& b) { return a.append(b.str()); }
  friend std::string operator+(const shared_text& a, std::string_view b) { return std::string{a.str()}.append(b); }
  friend std::ostream& operator<<(std::ostream& out, const shared_text& text) { return out << text.str(); }

 private:
  struct block {
    std::string text;
    // Obligations are copied and dropped on the daemon's threads alike.
    std::atomic<std::size_t> holders{1};
  };

  void hold() const noexcept {
    if (block_) block_->holders.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (block_ && block_->holders.fetch_sub(1, std::memory_order_acq_rel) == 1) delete block_;
  }
  static const std::string& none() {
    static const std::string empty;
    return empty;
  }

  block* block_ = nullptr;
};

}  // namespace deadlined::rules
