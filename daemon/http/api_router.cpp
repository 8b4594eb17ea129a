#include "deadlined/daemon/api_router.hpp"

#include "deadlined/daemon/board_forms.hpp"

#include <boost/json.hpp>

#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/daemon/record_reader.hpp"
#include "deadlined/daemon/scorecard_report.hpp"
#include "deadlined/rules/report_period.hpp"

namespace deadlined::daemon {

namespace {

namespace json = boost::json;

api_response json_response(unsigned status, const json::value& body) {
  return {status, "application/json; charset=utf-8", json::serialize(body) + "\n"};
}

api_response error(unsigned status, std::string reason) {
  return json_response(status, json::object{{"error", std::move(reason)}});
}

/// An obligation not found: 410 Gone if it was withdrawn (a link from an earlier notice may
/// name one the facts no longer give), else 404.
api_response missing_obligation(const std::string& id, const std::optional<rules::instant>& withdrawn,
                                const rules::zone_offsets& zone) {
  if (!withdrawn) return error(404, "no obligation " + id);
  return error(410, "obligation " + id + " was withdrawn at " + zone.format(*withdrawn) +
                        ": the facts no longer give it (a corrected record or a retired rule)");
}

/// Compares secrets in time independent of where they differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

json::value report_json(const ingest_report& report) {
  json::array rejected;
  for (const auto& r : report.rejected)
    rejected.push_back(json::object{{"index", r.index}, {"field", r.field}, {"reason", r.reason}});
  return json::object{{"imported", report.imported},
                      {"duplicate", report.duplicate},
                      {"revised", report.revised},
                      {"rejected", std::move(rejected)}};
}

}  // namespace

void split_target(std::string_view target, api_request& request) {
  const auto q = target.find('?');
  request.path = url_decode(target.substr(0, q));
  if (q == std::string_view::npos) return;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    request.query[url_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

api_router::api_router(std::function<std::shared_ptr<const status_view>()> view, daemon_counters& counters,
                       db_worker& worker, std::function<rules::instant()> clock, std::function<void()> changed)
    : view_(std::move(view)),
      counters_(counters),
      worker_(worker),
      clock_(std::move(clock)),
      changed_(std::move(changed)) {}

const api_token* api_router::authenticate(const api_request& request, const config_snapshot& config) const {
  if (request.bearer.empty()) return nullptr;
  for (const auto& t : config.tokens) {
    if (same_secret(t.secret, request.bearer)) return &t;
  }
  return nullptr;
}

asio::awaitable<api_response> api_router::handle(api_request request) {
  const auto view = view_();
  // The pages boards, dashboards and scrapers poll: the same URL, token and view give the
  // same answer. /metrics too: a second-old scrape is as good, and counting the open
  // descriptors (/proc/self/fd) costs more the more clients are connected.
  const bool cacheable =
      request.method == http::verb::get && (request.path == "/api/v1/obligations" || request.path == "/" ||
                                            request.path == "/board" || request.path == "/metrics");
  // Arguments by reference to named locals: GCC 12 destroys temporaries in co_await twice.
  if (!cacheable) co_return co_await route(request, view);
  std::string key = request.path + '?';
  for (const auto& [name, value] : request.query)
    key += query_encode(name) + '=' + query_encode(value) + '&';
  key += (request.loopback ? "|loopback|" : "|remote|") + request.bearer;
  if (const auto* hit = cache_.find(view, key, response_cache::clock::now())) co_return *hit;
  auto answer = co_await route(request, view);
  if (answer.status == 200) cache_.store(view, key, answer, response_cache::clock::now());
  co_return answer;
}

asio::awaitable<api_response> api_router::route(const api_request& request,
                                                const std::shared_ptr<const status_view>& view) {
  const auto& config = *view->config;
  const auto& zone = config.calendar.zone();
  const api_token* token = authenticate(request, config);
  if (!request.bearer.empty() && token == nullptr) co_return error(401, "unknown token");
  const bool may_read = token != nullptr || (request.loopback && config.http.open_reads_on_loopback);
  const auto& path = request.path;
  const bool get = request.method == http::verb::get || request.method == http::verb::head;

  if (path == "/healthz") {
    if (!get) co_return error(405, "use GET");
    json::array degraded;
    for (const auto& d : view->degraded)
      degraded.emplace_back(d);
    co_return json_response(200, json::object{{"status", view->degraded.empty() ? "ok" : "degraded"},
                                              {"evaluated_at", zone.format(view->evaluated_at)},
                                              {"degraded", std::move(degraded)}});
  }
  if (path == "/metrics") {
    if (!get) co_return error(405, "use GET");
    if (!may_read) co_return error(401, "a read token is needed");
    co_return api_response{200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(*view, counters_, clock_())};
  }
  if (path == "/api/v1/alertmanager") {
    if (request.method != http::verb::post) co_return error(405, "use POST");
    if (token == nullptr || token->role == "read") co_return error(401, "a unit's or the office's token is needed");
    co_return co_await post_alertmanager(request, *token);
  }
  if (path == "/api/v1/records") {
    if (request.method != http::verb::post) co_return error(405, "use POST");
    if (token == nullptr || token->role == "read") co_return error(401, "a unit's or the office's token is needed");
    co_return co_await post_records(request, *token);
  }
  if (path.starts_with("/api/v1/obligations/") && path.ends_with("/waiver")) {
    if (request.method != http::verb::post) co_return error(405, "use POST");
    if (token == nullptr || token->role == "read") co_return error(401, "a unit's or the office's token is needed");
    const auto id =
        path.substr(std::string_view{"/api/v1/obligations/"}.size(),
                    path.size() - std::string_view{"/api/v1/obligations/"}.size() - std::string_view{"/waiver"}.size());
    co_return co_await post_waiver(request, *token, id);
  }
  if ((path == "/board/submit" || path == "/board/waiver") && request.method == http::verb::post) {
    co_return co_await post_board_form(request);
  }
  if (!get) co_return error(405, "use GET");
  if (!may_read) co_return error(401, "a read token is needed");

  if (path == "/api/v1/status") {
    // Built once per evaluation (the snapshot is immutable), not per request.
    co_return api_response{200, "application/json; charset=utf-8",
                           view->status_body.empty() ? status_body(*view) : view->status_body};
  }
  if (path == "/api/v1/obligations") {
    const auto filter = [&](const char* key) {
      return request.query.contains(key) ? request.query.at(key) : std::string{};
    };
    const auto unit = filter("unit");
    const auto state = filter("state");
    const auto rule = filter("rule");
    std::size_t page = 1;
    std::size_t per_page = 100;
    try {
      if (!filter("page").empty()) page = std::max<std::size_t>(1, std::stoul(filter("page")));
      if (!filter("per_page").empty()) per_page = std::clamp<std::size_t>(std::stoul(filter("per_page")), 1, 1000);
    } catch (const std::exception&) {
      co_return error(400, "page and per_page are whole numbers");
    }
    const auto* unit_entry = unit.empty() ? nullptr : config.units.find(unit);
    const std::string unit_name = unit_entry != nullptr ? unit_entry->name : unit;
    json::array items;
    std::size_t total = 0;
    for (const auto& o : view->obligations) {
      if (!unit.empty() && o.unit != unit_name) continue;
      if (!state.empty() && rules::to_string(o.state) != state) continue;
      if (!rule.empty() && o.rule != rule) continue;
      ++total;
      if (total > (page - 1) * per_page && total <= page * per_page) items.push_back(obligation_json(o, zone));
    }
    co_return json_response(
        200, json::object{{"total", total}, {"page", page}, {"per_page", per_page}, {"obligations", std::move(items)}});
  }
  if (path.starts_with("/api/v1/obligations/")) {
    const std::string id = path.substr(std::string_view{"/api/v1/obligations/"}.size());
    if (view->find(id) == nullptr) {
      const auto withdrawn = co_await worker_.run([this, &id] { return worker_.withdrawn_at(id); });
      co_return missing_obligation(id, withdrawn, zone);
    }
    const auto now = clock_();
    // Lambdas in co_await expressions capture only references and pointers: GCC 12 destroys
    // non-trivial temporaries of a co_await expression twice.
    const auto explained = co_await worker_.run([this, &id, now] { return worker_.explain(id, now); });
    if (!explained) co_return error(404, "no obligation " + id);
    auto body = obligation_json(*explained, zone).as_object();
    json::array lines;
    for (const auto& line : explained->explanation)
      lines.emplace_back(line);
    body["explanation"] = std::move(lines);
    co_return json_response(200, body);
  }
  if (path.starts_with("/api/v1/evidence/")) {
    const std::string hash = path.substr(std::string_view{"/api/v1/evidence/"}.size());
    const auto page = co_await worker_.run([this, &hash] { return worker_.evidence(hash); });
    if (!page) co_return error(404, "no evidence " + hash);
    api_response answer{200, page->content_type.empty() ? "text/html" : page->content_type, page->bytes};
    answer.sandboxed = true;
    co_return answer;
  }
  if (path == "/api/v1/scorecard" || path == "/board/report") {
    const auto param = [&request](const char* key, std::string fallback) {
      const auto it = request.query.find(key);
      return it == request.query.end() || it->second.empty() ? fallback : it->second;
    };
    const auto format = path == "/board/report" ? std::string{"html"} : param("format", "json");
    if (format != "json" && format != "csv" && format != "html") co_return error(400, "format is json, csv or html");
    const auto table = parse_report_table(param("table", "units"));
    if (!table) co_return error(400, "table is units, rules, ledger or requests");
    const auto now = clock_();
    auto period = rules::year_to_date(zone.local_date(now));
    if (const auto text = param("period", ""); !text.empty()) {
      const auto parsed = rules::parse_report_period(text);
      if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
        co_return error(400, "period: col " + std::to_string(e->column) + ": " + e->message);
      }
      period = std::get<rules::period>(parsed);
    }
    std::string unit;
    try {
      unit = report_unit(config, param("unit", ""));
    } catch (const std::invalid_argument& e) {
      co_return error(400, std::string{"unit: "} + e.what());
    }
    const auto* obligations = &view->obligations;
    const auto report = co_await worker_.run(
        [this, obligations, &period, &unit, now] { return worker_.report(*obligations, period, unit, now); });
    if (format == "json") co_return json_response(200, scorecard_json(*report, zone));
    if (format == "html") co_return api_response{200, "text/html; charset=utf-8", scorecard_html(*report, zone)};
    api_response csv{200, "text/csv; charset=utf-8", scorecard_csv(*report, *table, zone)};
    csv.download_name = config.district + unit + period.label + std::string{report_table_label(*table)} + ".csv";
    co_return csv;
  }
  if (path == "/" || path == "/board") {
    co_return api_response{200, "text/html; charset=utf-8", board_html(*view, clock_(), request.query)};
  }
  if (path == "/board/obligation") {
    const std::string id = request.query.contains("id") ? request.query.at("id") : "";
    const auto now = clock_();
    const auto explained = co_await worker_.run([this, &id, now] { return worker_.explain(id, now); });
    if (id.empty() || !explained) {
      const auto withdrawn = co_await worker_.run([this, &id] { return worker_.withdrawn_at(id); });
      co_return missing_obligation(id, withdrawn, zone);
    }
    co_return api_response{200, "text/html; charset=utf-8", obligation_page(*view, *explained)};
  }
  if (path == "/board/submit") {
    co_return api_response{200, "text/html; charset=utf-8", submission_form(*view, clock_())};
  }
  if (path == "/board/waivers") {
    co_return api_response{200, "text/html; charset=utf-8", waivers_page(*view)};
  }
  co_return error(404, "no such endpoint: " + path);
}

asio::awaitable<api_response> api_router::post_board_form(const api_request& request) {
  // A posted form is turned into the API request it stands for, so the same checks apply.
  api_request form;
  split_target("?" + request.body, form);
  const auto view = view_();
  api_request inner;
  inner.method = http::verb::post;
  inner.loopback = request.loopback;
  inner.bearer = form.query.contains("token") ? form.query.at("token") : "";
  std::string problem;
  std::string back;
  if (request.path == "/board/submit") {
    inner.path = "/api/v1/records";
    inner.body = record_json_from_form(form.query, *view, clock_(), problem);
    back = "/board/submit";
  } else {
    const std::string id = form.query.contains("id") ? form.query.at("id") : "";
    inner.path = "/api/v1/obligations/" + id + "/waiver";
    inner.body =
        json::serialize(json::object{{"action", form.query.contains("action") ? form.query.at("action") : ""},
                                     {"reason", form.query.contains("reason") ? form.query.at("reason") : ""}});
    back = "/board/obligation?id=" + query_encode(id);
  }
  unsigned status = 400;
  if (problem.empty()) {
    const auto answer = co_await handle(inner);
    status = answer.status;
    try {
      const auto body = json::parse(answer.body).as_object();
      if (const auto* e = body.if_contains("error")) {
        problem = std::string{e->as_string()};
      } else if (body.contains("imported")) {
        problem = "已报送：新增 " + json::serialize(body.at("imported")) + "，重复 " +
                  json::serialize(body.at("duplicate")) + "，更新 " + json::serialize(body.at("revised"));
        for (const auto& r : body.at("rejected").as_array())
          problem +=
              "；未接受 " + std::string{r.at("field").as_string()} + "：" + std::string{r.at("reason").as_string()};
      } else {
        problem = "已记录";
      }
    } catch (const std::exception&) {
      problem = "已提交";
    }
  }
  std::string html = page_start(*view, status < 300 ? "已提交" : "未能提交");
  html += "<p>" + html_escape(problem) + "</p><p><a href=\"" + html_escape(back) + "\">返回</a></p>" + page_end();
  co_return api_response{status, "text/html; charset=utf-8", html};
}

asio::awaitable<api_response> api_router::post_records(const api_request& request, const api_token& token) {
  auto batch = read_json_array(request.body);
  if (batch.records.empty() && !batch.rejected.empty() && batch.rejected.front().field == "body") {
    co_return error(400, batch.rejected.front().reason);
  }
  // A unit's token writes only that unit's records; the office's writes any.
  if (token.role == "unit") {
    const auto& units = worker_.config()->units;
    std::vector<raw_record> allowed;
    for (auto& r : batch.records) {
      const auto it = r.envelope.find("unit");
      const auto* u = it == r.envelope.end() ? nullptr : units.find(it->second);
      if (u != nullptr && u->name != token.unit) {
        batch.rejected.push_back({"", r.index, "unit", "this token writes records of " + token.unit + " only"});
        continue;
      }
      allowed.push_back(std::move(r));
    }
    batch.records = std::move(allowed);
  }
  co_return co_await ingest_records(batch, token);
}

asio::awaitable<api_response> api_router::ingest_records(const record_batch& batch, const api_token& token) {
  const auto now = clock_();
  const auto via = "api:" + token.name;
  const auto report = co_await worker_.run([this, &batch, &via, now] { return worker_.ingest(batch, via, now); });
  counters_.records["imported"] += report.imported;
  counters_.records["duplicate"] += report.duplicate;
  counters_.records["revised"] += report.revised;
  counters_.records["rejected"] += static_cast<std::int64_t>(report.rejected.size());
  const bool accepted = report.imported + report.duplicate + report.revised > 0;
  if (report.imported + report.revised > 0) changed_();
  co_return json_response(accepted ? 200 : 400, report_json(report));
}

/// Alertmanager's webhook (version 4): each firing alert is a failed probe at startsAt, each
/// resolved one a successful probe at endsAt, for the unit in its `unit` label.
asio::awaitable<api_response> api_router::post_alertmanager(const api_request& request, const api_token& token) {
  boost::system::error_code ec;
  const auto body = json::parse(request.body, ec);
  if (ec || !body.is_object()) co_return error(400, "expected Alertmanager's webhook JSON");
  const auto& message = body.as_object();
  if (!message.contains("version") || !message.at("version").is_string() || message.at("version").as_string() != "4") {
    co_return error(400, "only version 4 of Alertmanager's webhook is understood");
  }
  if (!message.contains("alerts") || !message.at("alerts").is_array()) co_return error(400, "alerts: expected a list");
  auto text = [](const json::object& o, const char* key) {
    return o.contains(key) && o.at(key).is_string() ? std::string{o.at(key).as_string()} : std::string{};
  };
  record_batch batch;
  int index = 0;
  for (const auto& item : message.at("alerts").as_array()) {
    raw_record record;
    record.index = index++;
    if (!item.is_object()) {
      batch.rejected.push_back({"", record.index, "alert", "expected an object"});
      continue;
    }
    const auto& alert = item.as_object();
    const auto status = text(alert, "status");
    const json::object no_labels;
    const auto& labels =
        alert.contains("labels") && alert.at("labels").is_object() ? alert.at("labels").as_object() : no_labels;
    const bool firing = status == "firing";
    const auto time = firing ? text(alert, "startsAt") : text(alert, "endsAt");
    record.envelope = {{"id", "alertmanager:" + text(alert, "fingerprint") + ":" + status + ":" + time},
                       {"type", "probe.result"},
                       {"unit", text(labels, "unit")},
                       {"time", time},
                       {"subject", text(labels, "alertname")}};
    for (const auto& [key, value] : labels) {
      if (value.is_string()) record.attrs[std::string{key}] = std::string{value.as_string()};
    }
    record.attrs["ok"] = firing ? "false" : "true";
    if (!record.attrs.contains("source")) record.attrs["source"] = text(labels, "instance");
    const auto* unit = worker_.config()->units.find(text(labels, "unit"));
    if (token.role == "unit" && (unit == nullptr || unit->name != token.unit)) {
      batch.rejected.push_back({"", record.index, "unit", "this token writes records of " + token.unit + " only"});
      continue;
    }
    batch.records.push_back(std::move(record));
  }
  co_return co_await ingest_records(batch, token);
}

asio::awaitable<api_response> api_router::post_waiver(const api_request& request, const api_token& token,
                                                      const std::string& id) {
  const auto view = view_();
  const auto* o = view->find(id);
  if (o == nullptr) co_return error(404, "no obligation " + id);
  boost::system::error_code ec;
  const auto body = json::parse(request.body, ec);
  if (ec || !body.is_object())
    co_return error(400, "expected {\"action\": \"request\"|\"approve\"|\"decline\", \"reason\": \"…\"}");
  const auto& fields = body.as_object();
  const std::string action =
      fields.contains("action") && fields.at("action").is_string() ? std::string{fields.at("action").as_string()} : "";
  const std::string reason =
      fields.contains("reason") && fields.at("reason").is_string() ? std::string{fields.at("reason").as_string()} : "";
  if (reason.empty()) co_return error(400, "a waiver step needs a reason");
  std::string type;
  if (action == "request") {
    if (token.role == "unit" && token.unit != o->unit)
      co_return error(403, "this token requests waivers for " + token.unit + " only");
    type = "waiver.requested";
  } else if (action == "approve" || action == "decline") {
    if (token.role != "office") co_return error(403, "only the office approves or declines waivers");
    type = action == "approve" ? "waiver.approved" : "waiver.declined";
  } else {
    co_return error(400, "action must be request, approve or decline");
  }
  const auto now = clock_();
  const auto& config = *worker_.config();
  raw_record record;
  record.envelope = {
      {"id", "waiver-" + id + "-" + action + "-" + std::to_string(now.time_since_epoch().count())},
      {"type", type},
      {"unit", token.role == "unit" ? token.unit : (config.office.empty() ? o->unit.str() : config.office)},
      {"time", config.calendar.zone().format(now)}};
  record.attrs = {{"obligation", id}, {"reason", reason}, {"by", token.name}};
  record_batch batch;
  batch.records.push_back(std::move(record));
  const std::string via = "api:" + token.name;
  const auto report = co_await worker_.run([this, &batch, &via, now] { return worker_.ingest(batch, via, now); });
  if (report.imported == 0) co_return json_response(400, report_json(report));
  changed_();
  co_return json_response(200, json::object{{"obligation", id}, {"step", type}, {"reason", reason}});
}

}  // namespace deadlined::daemon
