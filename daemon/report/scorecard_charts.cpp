// The report's charts as inline SVG: no script, no external assets, printable, every label
// escaped.

#include <fmt/format.h>

#include <algorithm>

#include "deadlined/daemon/html_text.hpp"
#include "deadlined/daemon/scorecard_charts.hpp"

namespace deadlined::daemon {

std::string on_time_rate_chart(const std::vector<rules::unit_scorecard>& units) {
  constexpr int label_width = 190;
  constexpr int bar_width = 360;
  constexpr int row_height = 22;
  const int height = static_cast<int>(units.size()) * row_height + 30;
  std::string svg = fmt::format(
      "<svg class=\"chart chart-rate\" role=\"img\" viewBox=\"0 0 {0} {1}\" width=\"100%\" "
      "style=\"max-width:{0}px\" xmlns=\"http://www.w3.org/2000/svg\"><title>各单位按时完成率</title>",
      label_width + bar_width + 70, height);
  // Grid lines at 0, 50 and 100 %.
  for (const int pct : {0, 50, 100}) {
    const int x = label_width + bar_width * pct / 100;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{1}\" stroke=\"#ccc\"/><text x=\"{0}\" y=\"{2}\" "
        "font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{3}%</text>",
        x, height - 20, height - 6, pct);
  }
  int y = 0;
  for (const auto& c : units) {
    const auto rate = c.totals.on_time_rate();
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>", label_width - 6,
                       y + 15, html_escape(c.unit));
    if (rate) {
      const int w = static_cast<int>(*rate * bar_width + 0.5);
      const char* colour = !c.vetoes.empty() ? "#c00" : *rate >= 0.9 ? "#2a7" : *rate >= 0.6 ? "#d90" : "#c40";
      svg += fmt::format(
          "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}</title></rect>",
          label_width, y + 4, w, row_height - 8, colour, html_escape(c.unit), percent(rate));
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", label_width + bar_width + 6, y + 15,
                       percent(rate));
    y += row_height;
  }
  return svg + "</svg>";
}

std::string overdue_by_month_chart(const std::vector<rules::month_count>& months) {
  constexpr int column_width = 44;
  constexpr int plot_height = 160;
  constexpr int top = 18;  // room for the tallest column's number
  const int width = std::max<int>(1, static_cast<int>(months.size())) * column_width + 40;
  int highest = 1;
  for (const auto& m : months)
    highest = std::max(highest, m.overdue);
  std::string svg = fmt::format(
      "<svg class=\"chart chart-months\" role=\"img\" viewBox=\"0 0 {0} {1}\" width=\"100%\" "
      "style=\"max-width:{0}px\" xmlns=\"http://www.w3.org/2000/svg\"><title>逾期事项按月分布</title>"
      "<line x1=\"30\" y1=\"{2}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#999\"/>",
      width, top + plot_height + 40, top + plot_height);
  int x = 36;
  for (const auto& m : months) {
    const int h = m.overdue * plot_height / highest;
    svg += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#c40\"><title>{} 逾期 "
        "{}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>"
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
        x, top + plot_height - h, column_width - 10, h, html_escape(m.month), m.overdue, x + (column_width - 10) / 2,
        top + plot_height - 4 - h, m.overdue, x + (column_width - 10) / 2, top + plot_height + 16,
        html_escape(m.month.substr(2)));
    x += column_width;
  }
  return svg + "</svg>";
}

}  // namespace deadlined::daemon
