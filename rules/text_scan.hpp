#pragma once
// A cursor over UTF-8 text for the core's small hand-written parsers: reports columns in
// characters, matches ASCII words case-insensitively.

#include <cstddef>
#include <string>
#include <string_view>

namespace deadlined::rules::detail {

/// 1-based column, in code points, of `byte_offset` within `text`.
int column_at(std::string_view text, std::size_t byte_offset);

/// Removes ASCII whitespace and U+3000 (ideographic space) from both ends.
std::string_view trim(std::string_view text);

/// ASCII lower-case copy with runs of whitespace collapsed to one space.
std::string fold_ascii(std::string_view text);

class text_scan {
 public:
  explicit text_scan(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  std::size_t pos() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }
  std::string_view rest() const { return text_.substr(pos_); }
  int column() const { return column_at(text_, pos_); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  void skip_spaces();
  /// Consumes `word` if the text continues with it (ASCII case-insensitive).
  bool take(std::string_view word);
  /// Consumes one of ASCII `0-9`, full-width `０-９`; returns -1 if none.
  int take_digit();
  /// Consumes a run of digits (at most `max_digits`); -1 if none. `digits` receives the count.
  long take_number(int max_digits, int* digits = nullptr);
  /// Consumes a number written in digits or Chinese numerals (三, 十五, 二十, 一百二十); -1 if none.
  long take_count();

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace deadlined::rules::detail
