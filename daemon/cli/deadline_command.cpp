// `deadlined deadline`: one due instant from --from and an expression, or many from stdin.

#include <istream>
#include <ostream>
#include <set>
#include <unordered_map>

#include "deadlined/daemon/cli.hpp"
#include "deadlined/daemon/cli_options.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/rules/due_computation.hpp"

namespace deadlined::daemon {

namespace {

using namespace deadlined::rules;

/// Logs once per missing year that a deadline was counted weekends-only.
class provisional_warnings {
 public:
  explicit provisional_warnings(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}

  void note(const working_calendar& calendar, instant from, instant due) {
    const auto& zone = calendar.zone();
    const int first = static_cast<int>(std::chrono::year_month_day{zone.local_date(from)}.year());
    const int last = static_cast<int>(std::chrono::year_month_day{zone.local_date(due)}.year());
    for (int y = first; y <= last; ++y) {
      if (calendar.covers(std::chrono::year{y}) || !warned_.insert(y).second) continue;
      if (log_) {
        log_->warn(
            "calendar.provisional: no holiday schedule for {} in calendar \"{}\"; deadlines in {} "
            "are counted with weekends only and marked provisional",
            y, calendar.name(), y);
      }
    }
  }

 private:
  std::shared_ptr<spdlog::logger> log_;
  std::set<int> warned_;
};

/// Parses expressions once: a batch repeats the same few thousand texts.
class expression_cache {
 public:
  const parsed<deadline_expr>& get(std::string_view text) {
    auto it = cache_.find(std::string{text});
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= capacity) cache_.clear();
    return cache_.emplace(std::string{text}, parse_deadline(text)).first->second;
  }

 private:
  static constexpr std::size_t capacity = 4096;
  std::unordered_map<std::string, parsed<deadline_expr>> cache_;
};

/// One `FROM<TAB>EXPR` line → the output line (without newline).
void answer_batch_line(std::string_view line, const working_calendar& calendar, expression_cache& expressions,
                       provisional_warnings& warnings, std::string& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const auto tab = line.find('\t');
  if (tab == std::string_view::npos) {
    out += "error: col " + std::to_string(character_count(line) + 1) + ": expected FROM<TAB>EXPR";
    return;
  }
  const auto from_text = line.substr(0, tab);
  const auto trigger = parse_timestamp(from_text, calendar.zone());
  if (const auto* e = std::get_if<parse_error>(&trigger)) {
    out += "error: col " + std::to_string(e->column) + ": " + e->message;
    return;
  }
  const auto& expr = expressions.get(line.substr(tab + 1));
  if (const auto* e = std::get_if<parse_error>(&expr)) {
    out += "error: col " + std::to_string(character_count(from_text) + 1 + e->column) + ": " + e->message;
    return;
  }
  const auto& ts = std::get<timestamp>(trigger);
  const auto result = compute_due(ts, std::get<deadline_expr>(expr), calendar);
  if (const auto* message = std::get_if<std::string>(&result)) {
    out += "error: col 1: " + *message;
    return;
  }
  const auto& due = std::get<due_result>(result);
  out += calendar.zone().format(due.due);
  if (due.provisional) {
    out += " provisional";
    warnings.note(calendar, ts.counting_instant(calendar.zone()), due.due);
  }
}

int run_batch(const working_calendar& calendar, command_io& io) {
  expression_cache expressions;
  provisional_warnings warnings{io.log};
  std::string out;
  constexpr std::size_t flush_at = 1 << 20;
  out.reserve(flush_at + 4096);
  std::string pending;  // a line split across two reads
  std::string chunk(1 << 20, '\0');
  while (io.in) {
    io.in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(io.in.gcount());
    if (got == 0) break;
    std::string_view data{chunk.data(), got};
    std::size_t start = 0;
    for (std::size_t nl = data.find('\n'); nl != std::string_view::npos; nl = data.find('\n', start)) {
      if (pending.empty()) {
        answer_batch_line(data.substr(start, nl - start), calendar, expressions, warnings, out);
      } else {
        pending.append(data.substr(start, nl - start));
        answer_batch_line(pending, calendar, expressions, warnings, out);
        pending.clear();
      }
      out.push_back('\n');
      start = nl + 1;
      if (out.size() >= flush_at) {
        io.out.write(out.data(), static_cast<std::streamsize>(out.size()));
        out.clear();
      }
    }
    pending.append(data.substr(start));
  }
  if (io.in.bad()) {
    io.err << "deadlined deadline: cannot read standard input\n";
    return exit_runtime;
  }
  if (!pending.empty()) {
    answer_batch_line(pending, calendar, expressions, warnings, out);
    out.push_back('\n');
  }
  io.out.write(out.data(), static_cast<std::streamsize>(out.size()));
  io.out.flush();
  return exit_ok;
}

}  // namespace

int run_deadline_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  visible.add_options()("from", po::value<std::string>()->value_name("T"),
                        "trigger time: ISO 8601 with or without offset, YYYY-MM-DD HH:MM, or a date alone")(
      "explain", "also print how the due instant was counted, day by day")(
      "batch", "read FROM<TAB>EXPR lines from standard input, answer one line each");
  po::options_description hidden;
  hidden.add_options()("expr", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("expr", -1);
  int exit = exit_ok;
  const auto vm =
      parse_command_line(args, "deadline",
                         "deadlined deadline --from T [--explain] EXPR\n       deadlined deadline --batch < LINES\n\n"
                         "EXPR: 3 working days, 5 days, 48 hours, by 20:00 same day, by 01-31 next year, 2 weeks,\n"
                         "      or in Chinese: 3个工作日, 5日内, 48小时, 当天20:00前, 次年1月31日前, 6个月",
                         visible, hidden, positional, io, exit);
  if (!vm) return exit;

  auto calendar = default_calendar();
  if (vm->count("config") != 0) {
    const auto loaded = load_config((*vm)["config"].as<std::string>());
    for (const auto& problem : loaded.problems)
      io.err << to_string(problem) << "\n";
    if (!loaded.snapshot) return exit_input_problems;
    calendar = loaded.snapshot->calendar;
  }

  if (vm->count("batch") != 0) {
    if (vm->count("from") != 0 || vm->count("expr") != 0 || vm->count("explain") != 0) {
      io.err << "deadlined deadline: --batch reads FROM and EXPR from standard input; give no --from, "
                "--explain or EXPR\n";
      return exit_usage;
    }
    return run_batch(calendar, io);
  }
  if (vm->count("from") == 0 || vm->count("expr") == 0) {
    io.err << "deadlined deadline: need --from T and an expression (or --batch)\n"
           << "Try 'deadlined deadline --help'.\n";
    return exit_usage;
  }

  const auto trigger = parse_timestamp((*vm)["from"].as<std::string>(), calendar.zone());
  if (const auto* e = std::get_if<parse_error>(&trigger)) {
    io.err << "deadlined deadline: --from: col " << e->column << ": " << e->message << "\n";
    return exit_usage;
  }
  std::string text;
  for (const auto& word : (*vm)["expr"].as<std::vector<std::string>>())
    text += (text.empty() ? "" : " ") + word;
  const auto expr = parse_deadline(text);
  if (const auto* e = std::get_if<parse_error>(&expr)) {
    io.err << "deadlined deadline: col " << e->column << ": " << e->message << "\n";
    return exit_usage;
  }
  const bool explain = vm->count("explain") != 0;
  const auto& ts = std::get<timestamp>(trigger);
  const auto result = compute_due(ts, std::get<deadline_expr>(expr), calendar, {.explain = explain});
  if (const auto* message = std::get_if<std::string>(&result)) {
    io.err << "deadlined deadline: " << *message << "\n";
    return exit_usage;
  }
  const auto& due = std::get<due_result>(result);
  io.out << calendar.zone().format(due.due) << (due.provisional ? " provisional" : "") << "\n";
  for (const auto& line : due.explanation)
    io.out << line << "\n";
  if (due.provisional) provisional_warnings{io.log}.note(calendar, ts.counting_instant(calendar.zone()), due.due);
  return exit_ok;
}

}  // namespace deadlined::daemon
