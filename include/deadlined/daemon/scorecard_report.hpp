#pragma once
// The evaluators' tables (评价): scorecard, ranking, obligations ledger (台账) and the
// 依申请公开 statistics of one period, gathered once and written as text, CSV (UTF-8 with
// BOM, opens cleanly in Excel), JSON or a printable HTML page with inline SVG charts.

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

#include "deadlined/daemon/config.hpp"
#include "deadlined/rules/request_statistics.hpp"
#include "deadlined/rules/scorecard.hpp"

namespace deadlined::daemon {

struct report_data {
  std::string district;
  rules::instant generated_at{};
  std::string unit;       ///< the unit asked for; empty: the whole district
  rules::scorecard card;  ///< ranked across the district; only `unit`'s card when one is asked for
  std::vector<rules::request_counts> requests;               ///< per unit and a 合计 row
  std::vector<rules::obligation> ledger;                     ///< obligations due in the period: unit, then due time
  std::map<std::string, rules::fact, std::less<>> evidence;  ///< the facts the ledger's evidence names
  std::string board_url;  ///< prefix of links to snapshots and obligation pages; empty: relative links
};

/// The unit's full name for `name_or_alias`; throws std::invalid_argument naming an unknown one.
std::string report_unit(const config_snapshot& config, const std::string& name_or_alias);

/// Gathers the report of `period` (for `unit`, or every unit when empty) from evaluated
/// obligations and the facts they were evaluated from.
report_data build_report(const config_snapshot& config, const std::vector<rules::fact>& facts,
                         const std::vector<rules::obligation>& obligations, const rules::period& period,
                         const std::string& unit, rules::instant now);

/// Where one fact behind an obligation can be seen, as every format shows it.
struct evidence_place {
  std::string fact_id;
  std::string role;      ///< trigger, closing, …
  std::string url;       ///< the page it was found on; empty for records
  std::string record;    ///< the record's own id (or the fact id), for facts without a page
  std::string source;    ///< api, spool, cli or the website source
  std::string snapshot;  ///< link to the stored page snapshot; empty when none was kept
  bool known = false;    ///< the fact is still in the database
};

/// The places of `o`'s evidence facts, in the obligation's order.
std::vector<evidence_place> evidence_places(const report_data& report, const rules::obligation& o);

/// Which table a text or CSV report holds.
enum class report_table { units, rules, ledger, requests };

/// `units`, `rules`, `ledger`, `requests`; nullopt for anything else.
std::optional<report_table> parse_report_table(std::string_view name);
/// 排名, 分项, 台账, 依申请公开统计: the table's name in file names.
std::string_view report_table_label(report_table table);

/// A table's cells, as every format writes them (Chinese headers).
struct report_rows {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
report_rows table_rows(const report_data& report, report_table table, const rules::zone_offsets& zone);

/// `从化区 政务公开评价 2019（2019-01-01 至 2019-12-31），对比 2018`
std::string report_heading(const report_data& report);

/// A table for the terminal, in Chinese, columns aligned.
std::string scorecard_text(const report_data& report, report_table table, const rules::zone_offsets& zone);
/// A table as CSV: UTF-8 with BOM, CRLF, every field that could start a formula made inert.
std::string scorecard_csv(const report_data& report, report_table table, const rules::zone_offsets& zone);
/// Everything as JSON.
boost::json::value scorecard_json(const report_data& report, const rules::zone_offsets& zone);
/// The printable page: ranking, charts (on-time rate per unit, overdue by month), per-unit
/// tables, the statistics and the ledger; no external assets, every string escaped.
std::string scorecard_html(const report_data& report, const rules::zone_offsets& zone);

/// `87.5%`, or `—` when nothing was judged.
std::string percent(std::optional<double> rate);
/// 起始 / 完成 / 延期 …: how the ledger names the role an evidence fact plays.
std::string evidence_role_label(std::string_view role);

}  // namespace deadlined::daemon
