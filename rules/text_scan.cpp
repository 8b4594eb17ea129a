#include "text_scan.hpp"

#include "deadlined/rules/parse_error.hpp"

#include <array>
#include <cctype>

namespace deadlined::rules::detail {

namespace {

constexpr std::string_view ideographic_space = "\u3000";

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct chinese_digit {
  std::string_view text;
  int value;
};
constexpr std::array<chinese_digit, 11> chinese_digits{{{"〇", 0},
                                                        {"零", 0},
                                                        {"一", 1},
                                                        {"二", 2},
                                                        {"两", 2},
                                                        {"三", 3},
                                                        {"四", 4},
                                                        {"五", 5},
                                                        {"六", 6},
                                                        {"七", 7},
                                                        {"八", 8}}};
constexpr chinese_digit chinese_nine{"九", 9};

}  // namespace

int column_at(std::string_view text, std::size_t byte_offset) {
  int column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  if (byte_offset > text.size()) column += static_cast<int>(byte_offset - text.size());
  return column;
}

std::string_view trim(std::string_view text) {
  for (;;) {
    if (!text.empty() && is_ascii_space(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(ideographic_space)) {
      text.remove_prefix(ideographic_space.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && is_ascii_space(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(ideographic_space)) {
      text.remove_suffix(ideographic_space.size());
    } else {
      break;
    }
  }
  return text;
}

std::string fold_ascii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : trim(text)) {
    if (is_ascii_space(c)) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace deadlined::rules::detail

namespace deadlined::rules {

int character_count(std::string_view text) {
  return detail::column_at(text, text.size()) - 1;
}

}  // namespace deadlined::rules

namespace deadlined::rules::detail {

void text_scan::skip_spaces() {
  for (;;) {
    if (!done() && is_ascii_space(text_[pos_])) {
      ++pos_;
    } else if (rest().starts_with(ideographic_space)) {
      pos_ += ideographic_space.size();
    } else {
      return;
    }
  }
}

bool text_scan::take(std::string_view word) {
  if (rest().size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto a = static_cast<unsigned char>(text_[pos_ + i]);
    const auto b = static_cast<unsigned char>(word[i]);
    if (std::tolower(a) != std::tolower(b)) return false;
  }
  pos_ += word.size();
  return true;
}

int text_scan::take_digit() {
  const char c = peek();
  if (c >= '0' && c <= '9') {
    ++pos_;
    return c - '0';
  }
  // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
  const auto r = rest();
  if (r.size() >= 3 && static_cast<unsigned char>(r[0]) == 0xEF && static_cast<unsigned char>(r[1]) == 0xBC &&
      static_cast<unsigned char>(r[2]) >= 0x90 && static_cast<unsigned char>(r[2]) <= 0x99) {
    pos_ += 3;
    return static_cast<unsigned char>(r[2]) - 0x90;
  }
  return -1;
}

long text_scan::take_number(int max_digits, int* digits) {
  long value = 0;
  int n = 0;
  while (n < max_digits) {
    const auto saved = pos_;
    const int d = take_digit();
    if (d < 0) {
      pos_ = saved;
      break;
    }
    value = value * 10 + d;
    ++n;
  }
  if (digits != nullptr) *digits = n;
  return n == 0 ? -1 : value;
}

long text_scan::take_count() {
  const long digits = take_number(9);
  if (digits >= 0) return digits;

  // Chinese numerals up to 九百九十九: [d]百[d十][d] / [d]十[d] / d.
  auto take_chinese_digit = [this]() -> int {
    for (const auto& d : chinese_digits) {
      if (rest().starts_with(d.text)) {
        pos_ += d.text.size();
        return d.value;
      }
    }
    if (rest().starts_with(chinese_nine.text)) {
      pos_ += chinese_nine.text.size();
      return chinese_nine.value;
    }
    return -1;
  };
  const auto start = pos_;
  long value = 0;
  long pending = take_chinese_digit();
  if (take("百")) {
    value += (pending < 0 ? 1 : pending) * 100;
    pending = take_chinese_digit();
    if (pending == 0) pending = take_chinese_digit();  // 一百零五
  }
  if (take("十")) {
    value += (pending < 0 ? 1 : pending) * 10;
    pending = take_chinese_digit();
  }
  if (pending > 0) value += pending;
  if (pos_ == start) return -1;
  return value;
}

}  // namespace deadlined::rules::detail
