// `deadlined report`: the evaluation scorecard of a period — the table on stdout, and with
// --html the printable report with its charts.

#include <boost/json.hpp>

#include <fstream>
#include <ostream>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/scorecard_report.hpp"
#include "deadlined/rules/evaluation.hpp"
#include "deadlined/rules/report_period.hpp"

namespace deadlined::daemon {

int run_report_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  add_now_option(visible);
  visible.add_options()("period", po::value<std::string>()->value_name("P"),
                        "2019, 2019-H1, 2019-Q3, 2019-09 or 2019-01-01..2019-06-30 (default: this year to date)")(
      "unit", po::value<std::string>()->value_name("U"), "one unit (full name or alias); default: every unit")(
      "format", po::value<std::string>()->value_name("text|csv|json|html")->default_value("text"),
      "text: aligned table; csv: UTF-8 with BOM for Excel; json: everything; html: the printable page")(
      "table", po::value<std::string>()->value_name("units|rules|ledger|requests")->default_value("units"),
      "for text and csv: the ranking, per-rule detail, the obligations ledger (台账) or the 依申请公开 "
      "statistics")("html", po::value<std::string>()->value_name("FILE"),
                    "also write the printable HTML report (charts included) to FILE");
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "report",
                                     "deadlined report [--period P] [--unit U] [--format text|csv|json|html] "
                                     "[--table units|rules|ledger|requests] [--html FILE] [--now T]",
                                     visible, {}, {}, io, exit);
  if (!vm) return exit;
  const auto format = (*vm)["format"].as<std::string>();
  if (format != "text" && format != "csv" && format != "json" && format != "html") {
    io.err << "deadlined report: --format must be text, csv, json or html, found \"" << format << "\"\n";
    return exit_usage;
  }
  const auto table = parse_report_table((*vm)["table"].as<std::string>());
  if (!table) {
    io.err << "deadlined report: --table must be units, rules, ledger or requests, found \""
           << (*vm)["table"].as<std::string>() << "\"\n";
    return exit_usage;
  }
  std::optional<rules::period> period;
  if (vm->count("period") != 0) {
    auto parsed = rules::parse_report_period((*vm)["period"].as<std::string>());
    if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
      io.err << "deadlined report: --period: col " << e->column << ": " << e->message << "\n";
      return exit_usage;
    }
    period = std::get<rules::period>(parsed);
  }
  auto context = load_command_context(*vm, "report", true, io, exit);
  if (!context) return exit;
  const auto& config = *context->config;
  const auto& zone = config.calendar.zone();
  std::string unit;
  try {
    unit = report_unit(config, vm->count("unit") != 0 ? (*vm)["unit"].as<std::string>() : std::string{});
  } catch (const std::invalid_argument& e) {
    io.err << "deadlined report: --unit: " << e.what() << "\n";
    return exit_usage;
  }
  if (!period) period = rules::year_to_date(zone.local_date(context->now));
  try {
    // Evaluated afresh from the stored facts, as of --now, so the table matches what check says.
    const auto facts = context->db->facts();
    const rules::evaluation_context evaluation{config.rules, config.calendar, config.units, context->now};
    const auto obligations = rules::evaluate(facts, evaluation);
    const auto report = build_report(config, facts, obligations, *period, unit, context->now);
    if (format == "text") io.out << scorecard_text(report, *table, zone);
    if (format == "csv") io.out << scorecard_csv(report, *table, zone);
    if (format == "json") io.out << boost::json::serialize(scorecard_json(report, zone)) << "\n";
    if (format == "html") io.out << scorecard_html(report, zone);
    if (vm->count("html") != 0) {
      const auto target = (*vm)["html"].as<std::string>();
      std::ofstream file{target, std::ios::binary | std::ios::trunc};
      file << scorecard_html(report, zone);
      file.close();
      if (!file) {
        io.err << "deadlined report: cannot write " << target << "\n";
        return exit_runtime;
      }
      if (io.log) io.log->info("report.written: {}", target);
    }
  } catch (const std::exception& e) {
    io.err << "deadlined report: " << e.what() << "\n";
    return exit_runtime;
  }
  return exit_ok;
}

}  // namespace deadlined::daemon
