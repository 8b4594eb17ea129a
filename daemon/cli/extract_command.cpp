// `deadlined extract`: what a source would extract from a page, without storing anything.

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>

#include "deadlined/daemon/cli.hpp"
#include "deadlined/daemon/cli_options.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/source_poller.hpp"

namespace deadlined::daemon {

namespace {

namespace json = boost::json;

std::string format_item_date(const std::optional<rules::timestamp>& date, const rules::zone_offsets& zone) {
  return date ? date->format(zone) : std::string{};
}

json::value to_json(const extracted_item& item, const rules::zone_offsets& zone) {
  json::object o;
  o["title"] = item.title;
  // json::value(…) with parentheses: braces would make a one-element array.
  o["url"] = item.url.empty() ? json::value(nullptr) : json::value(item.url);
  o["date"] = item.date ? json::value(format_item_date(item.date, zone)) : json::value(nullptr);
  o["date_source"] = item.date_source;
  o["pinned"] = item.pinned;
  o["status"] = item.status.empty() ? json::value(nullptr) : json::value(item.status);
  if (item.reply_date) o["reply_date"] = format_item_date(item.reply_date, zone);
  return o;
}

std::string text_line(const extracted_item& item, const rules::zone_offsets& zone) {
  std::string line = format_item_date(item.date, zone);
  if (item.date_source == "first_seen") line += "（首次发现）";
  line += "  ";
  if (item.pinned) line += "[置顶] ";
  line += item.title;
  if (!item.url.empty()) line += "  " + item.url;
  if (!item.status.empty()) line += "  " + std::string{chinese_status(item.status)};
  if (item.reply_date) line += "（回复 " + format_item_date(item.reply_date, zone) + "）";
  return line;
}

}  // namespace

int run_extract_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  visible.add_options()("source", po::value<std::string>()->value_name("ID"),
                        "read the page with a configured source's parser")(
      "auto", "find the list of dated links without selectors (the default)")(
      "base-url", po::value<std::string>()->value_name("U"), "URL the page was saved from, for relative links")(
      "format", po::value<std::string>()->value_name("json|text")->default_value("json"), "output format")(
      "now", po::value<std::string>()->value_name("T"),
      "the current time (first-seen dates, year-less dates); default: the wall clock");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("input", 1);
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "extract",
                                     "deadlined extract URL|FILE [--source ID | --auto] [--base-url U] "
                                     "[--format json|text]",
                                     visible, hidden, positional, io, exit);
  if (!vm) return exit;
  if (vm->count("input") == 0) {
    io.err << "deadlined extract: need a URL or a file\nTry 'deadlined extract --help'.\n";
    return exit_usage;
  }
  if (vm->count("source") != 0 && vm->count("auto") != 0) {
    io.err << "deadlined extract: give --source ID or --auto, not both\n";
    return exit_usage;
  }
  const auto format = (*vm)["format"].as<std::string>();
  if (format != "json" && format != "text") {
    io.err << "deadlined extract: --format must be json or text, found \"" << format << "\"\n";
    return exit_usage;
  }

  std::shared_ptr<const config_snapshot> config;
  if (vm->count("config") != 0 || vm->count("source") != 0) {
    const auto path = vm->count("config") != 0 ? (*vm)["config"].as<std::string>() : std::string{config_defaults::path};
    auto loaded = load_config(path);
    for (const auto& problem : loaded.problems)
      io.err << to_string(problem) << "\n";
    if (!loaded.snapshot) return exit_input_problems;
    config = loaded.snapshot;
  }
  const auto calendar = config ? config->calendar : default_calendar();
  const auto& zone = calendar.zone();

  parser_spec spec;
  const std::string given_base = vm->count("base-url") != 0 ? (*vm)["base-url"].as<std::string>() : "";
  std::string base_url = given_base;
  const source_settings* source = nullptr;
  if (vm->count("source") != 0) {
    const auto id = (*vm)["source"].as<std::string>();
    source = config->find_source(id);
    if (source == nullptr) {
      io.err << "deadlined extract: no source \"" << id << "\" in " << config->file << "\n";
      return exit_usage;
    }
    spec = source->parser;
    if (base_url.empty() && source->url.find("://") != std::string::npos && !source->url.starts_with("file://")) {
      base_url = source->url;
    }
  }

  rules::instant now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (vm->count("now") != 0) {
    const auto parsed = rules::parse_timestamp((*vm)["now"].as<std::string>(), zone);
    if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
      io.err << "deadlined extract: --now: col " << e->column << ": " << e->message << "\n";
      return exit_usage;
    }
    now = std::get<rules::timestamp>(parsed).counting_instant(zone);
  }

  std::string input = (*vm)["input"].as<std::string>();
  std::string body;
  std::string content_type;
  if (input.starts_with("http://") || input.starts_with("https://")) {
    // Fetched as the daemon would: same client, polling settings, proxy and CA bundle.
    asio::io_context net;
    http_client client{net.get_executor(), client_settings_of(config ? config->polling : polling_settings{})};
    fetch_request request;
    request.url = input;
    if (source != nullptr) {  // and as its source is: its TLS opt-out and timeout
      request.verify_tls = source->tls_verify;
      request.timeout = std::chrono::seconds{source->timeout_seconds};
    }
    fetch_result fetched;
    asio::co_spawn(net, client.fetch(request, fetched), asio::detached);
    net.run();
    if (!fetched.ok() || fetched.not_modified()) {
      io.err << "deadlined extract: " << input << ": "
             << (fetched.error.empty() ? "HTTP " + std::to_string(fetched.status) : fetched.error) << "\n";
      return exit_runtime;
    }
    body = std::move(fetched.body);
    content_type = fetched.content_type;
    // Links resolve against where the page was found, after redirects, as when polled.
    base_url = given_base.empty() ? fetched.final_url : given_base;
  } else {
    if (input.starts_with("file://")) {
      if (base_url.empty()) base_url = input;
      input = file_url_path(input);
    }
    std::ifstream file{input, std::ios::binary};
    if (!file) {
      io.err << "deadlined extract: cannot read " << input << "\n";
      return exit_runtime;
    }
    std::stringstream bytes;
    bytes << file.rdbuf();
    body = bytes.str();
  }

  std::vector<std::string> problems;
  const auto result = parse_page(body, content_type, spec, page_context{base_url, now, zone}, problems);
  for (const auto& problem : problems)
    io.err << "deadlined extract: " << problem << "\n";
  if (io.log) io.log->info("extract.done: {} items from {} ({})", result.items.size(), input, result.method);

  if (format == "json") {
    json::array items;
    for (const auto& item : result.items)
      items.push_back(to_json(item, zone));
    io.out << json::serialize(items) << "\n";
  } else {
    for (const auto& item : result.items)
      io.out << text_line(item, zone) << "\n";
  }
  return problems.empty() ? exit_ok : exit_input_problems;
}

}  // namespace deadlined::daemon
