// The report's tables for the terminal: columns aligned by display width (CJK characters
// take two columns).

#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

namespace {

/// Bytes of the UTF-8 sequence that starts with `lead`.
std::size_t sequence_length(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/// Terminal columns of UTF-8 `text`: East Asian wide and fullwidth characters count two.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = sequence_length(lead);
    char32_t cp = length == 1 ? lead : lead & (0x7FU >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      cp = (cp << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    i += length;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

/// Long cells (a task's full wording) cut to `limit` columns with an ellipsis; CSV and HTML
/// keep them whole.
std::string clipped(const std::string& text, std::size_t limit) {
  if (display_width(text) <= limit) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto length = sequence_length(static_cast<unsigned char>(text[i]));
    const auto next = text.substr(i, length);
    if (display_width(out) + display_width(next) > limit - 1) break;
    out += next;
    i += length;
  }
  return out + "…";
}

}  // namespace

std::string scorecard_text(const report_data& report, report_table table, const rules::zone_offsets& zone) {
  auto rows = table_rows(report, table, zone);
  for (auto& row : rows.rows)
    for (auto& cell : row)
      cell = clipped(cell, 40);
  std::vector<std::size_t> widths(rows.header.size(), 0);
  const auto measure = [&widths](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  };
  measure(rows.header);
  for (const auto& row : rows.rows)
    measure(row);
  std::string out = report_heading(report) + "\n";
  if (report.card.scored && table == report_table::units) out += "得分按配置的评分细则计算（scoring）\n";
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < row.size(); ++i) {
      text += row[i];
      if (i + 1 < row.size()) text += std::string(widths[i] - display_width(row[i]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text + "\n";
  };
  line(rows.header);
  for (const auto& row : rows.rows)
    line(row);
  if (rows.rows.empty()) out += "（无）\n";
  return out;
}

}  // namespace deadlined::daemon
