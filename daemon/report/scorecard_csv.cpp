// The report's tables as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads
// GBK and the Chinese is garbled), CRLF line ends, RFC 4180 quoting, and scraped text that
// would start a formula (=, +, -, @) prefixed with an apostrophe so it stays text.

#include "deadlined/daemon/scorecard_report.hpp"

namespace deadlined::daemon {

namespace {

std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')) {
    value = "'";
  }
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string scorecard_csv(const report_data& report, report_table table, const rules::zone_offsets& zone) {
  const auto rows = table_rows(report, table, zone);
  std::string out = "\xEF\xBB\xBF";
  const auto line = [&out](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i)
      out += (i > 0 ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  };
  line(rows.header);
  for (const auto& row : rows.rows)
    line(row);
  return out;
}

}  // namespace deadlined::daemon
