// GET /metrics: the Prometheus text exposition format (version 0.0.4).

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "deadlined/daemon/api_router.hpp"

namespace deadlined::daemon {

namespace {

/// A label value with backslash, quote and newline escaped, as the format requires.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string{"# HELP "} + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

long resident_bytes() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6)) * 1024;
  }
  return 0;
}

long open_fds() {
  std::error_code ec;
  long n = 0;
  for (auto it = std::filesystem::directory_iterator{"/proc/self/fd", ec};
       !ec && it != std::filesystem::directory_iterator{}; ++it)
    ++n;
  return n;
}

}  // namespace

std::string metrics_text(const status_view& view, const daemon_counters& counters, rules::instant now) {
  std::string out;
  std::map<std::tuple<std::string, std::string, std::string>, long> by_key;
  long overdue = 0;
  for (const auto& o : view.obligations) {
    ++by_key[{o.unit, o.rule, std::string{rules::to_string(o.state)}}];
    if (o.state == rules::obligation_state::overdue) ++overdue;
  }
  family(out, "deadlined_obligations", "gauge", "Obligations by unit, rule and state.");
  for (const auto& [key, n] : by_key) {
    const auto& [unit, rule, state] = key;
    out += "deadlined_obligations{unit=\"" + label(unit) + "\",rule=\"" + label(rule) + "\",state=\"" + state + "\"} " +
           std::to_string(n) + "\n";
  }
  family(out, "deadlined_overdue_obligations", "gauge", "Obligations overdue now.");
  out += "deadlined_overdue_obligations " + std::to_string(overdue) + "\n";
  family(out, "deadlined_facts", "gauge", "Facts in the database.");
  out += "deadlined_facts " + std::to_string(view.fact_count) + "\n";
  family(out, "deadlined_last_evaluation_timestamp_seconds", "gauge", "When the obligations were last evaluated.");
  out += "deadlined_last_evaluation_timestamp_seconds " + std::to_string(view.evaluated_at.time_since_epoch().count()) +
         "\n";
  family(out, "deadlined_evaluation_duration_seconds", "gauge", "How long the last evaluation took.");
  out += "deadlined_evaluation_duration_seconds " + std::to_string(view.evaluation_seconds) + "\n";
  family(out, "deadlined_evaluations_total", "counter", "Evaluations run, and failed.");
  out += "deadlined_evaluations_total{result=\"ok\"} " + std::to_string(counters.evaluations) + "\n";
  out += "deadlined_evaluations_total{result=\"failed\"} " + std::to_string(counters.evaluation_failures) + "\n";
  family(out, "deadlined_config_reloads_total", "counter", "Configuration reloads (SIGHUP), and rejected ones.");
  out += "deadlined_config_reloads_total{result=\"ok\"} " + std::to_string(counters.reloads) + "\n";
  out += "deadlined_config_reloads_total{result=\"rejected\"} " + std::to_string(counters.reload_failures) + "\n";
  family(out, "deadlined_records_total", "counter", "Records received through the API, by outcome.");
  for (auto outcome : {"imported", "duplicate", "revised", "rejected"}) {
    const auto it = counters.records.find(outcome);
    out += std::string{"deadlined_records_total{outcome=\""} + outcome + "\"} " +
           std::to_string(it == counters.records.end() ? 0 : it->second) + "\n";
  }
  family(out, "deadlined_http_responses_total", "counter", "HTTP responses by status code.");
  for (const auto& [code, n] : counters.http_responses) {
    out += "deadlined_http_responses_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(n) + "\n";
  }
  family(out, "deadlined_http_connections_refused_total", "counter",
         "Client connections closed at once because http.max_connections were open.");
  out += "deadlined_http_connections_refused_total " + std::to_string(counters.http_connections_refused) + "\n";
  family(out, "deadlined_http_accept_errors_total", "counter",
         "Failed accepts (out of file descriptors or memory); the daemon pauses 100 ms after each.");
  out += "deadlined_http_accept_errors_total " + std::to_string(counters.http_accept_errors) + "\n";
  family(out, "deadlined_notifications", "gauge",
         "Outbox rows by state: queued, sent, dead (dead letters), suppressed (before notify_since), cancelled.");
  for (const char* state : {"queued", "sent", "dead", "suppressed", "cancelled"}) {
    const auto it = view.outbox.find(state);
    out += std::string{"deadlined_notifications{state=\""} + state + "\"} " +
           std::to_string(it == view.outbox.end() ? 0 : it->second) + "\n";
  }
  family(out, "deadlined_source_polls_total", "counter", "Polls of each source since the daemon started.");
  for (const auto& [source, n] : counters.source_polls)
    out += "deadlined_source_polls_total{source=\"" + label(source) + "\"} " + std::to_string(n.first) + "\n";
  family(out, "deadlined_source_poll_failures_total", "counter",
         "Failed polls of each source since the daemon started.");
  for (const auto& [source, n] : counters.source_polls)
    out += "deadlined_source_poll_failures_total{source=\"" + label(source) + "\"} " + std::to_string(n.second) + "\n";
  const auto& calendar = view.config->calendar;
  const auto today = calendar.zone().local_date(now);
  family(out, "deadlined_calendar_next_year_missing", "gauge",
         "1 from 1 December while next year's holiday schedule is missing.");
  out += std::string{"deadlined_calendar_next_year_missing "} + (calendar.next_year_missing(today) ? "1" : "0") + "\n";
  family(out, "deadlined_calendar_last_covered_year", "gauge", "The last year with a holiday schedule.");
  out +=
      "deadlined_calendar_last_covered_year " + std::to_string(static_cast<int>(calendar.last_covered_year())) + "\n";
  family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out += "process_resident_memory_bytes " + std::to_string(resident_bytes()) + "\n";
  family(out, "process_open_fds", "gauge", "Number of open file descriptors.");
  out += "process_open_fds " + std::to_string(open_fds()) + "\n";
  return out;
}

}  // namespace deadlined::daemon
