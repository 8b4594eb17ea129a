#pragma once
// The HTTP API's routes: transport-free handlers over the current status view, with writes
// handed to the database worker. The session that carries requests knows no routes.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "deadlined/daemon/db_worker.hpp"
#include "deadlined/daemon/net.hpp"
#include "deadlined/daemon/response_cache.hpp"
#include "deadlined/daemon/status_view.hpp"

namespace deadlined::daemon {

struct api_request {
  http::verb method = http::verb::get;
  std::string path;                          ///< without the query
  std::map<std::string, std::string> query;  ///< decoded
  std::string body;
  std::string bearer;  ///< the Authorization: Bearer token, if any
  bool loopback = false;
};

struct api_response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  /// Scraped pages are served sandboxed: no script of theirs runs on the daemon's origin.
  bool sandboxed = false;
  /// Offered as a download under this name (Content-Disposition), when set.
  std::string download_name{};
};

/// Parses a request target into path and decoded query.
void split_target(std::string_view target, api_request& request);

class api_router {
 public:
  /// `changed` is called after records or waiver steps were stored, to re-evaluate soon.
  api_router(
      std::function<std::shared_ptr<const status_view>()> view, daemon_counters& counters, db_worker& worker,
      std::function<rules::instant()> clock, std::function<void()> changed = [] {});

  asio::awaitable<api_response> handle(api_request request);

 private:
  /// Every route; `handle` adds the cache in front of the read-only pages.
  asio::awaitable<api_response> route(const api_request& request, const std::shared_ptr<const status_view>& view);
  const api_token* authenticate(const api_request& request, const config_snapshot& config) const;
  asio::awaitable<api_response> post_records(const api_request& request, const api_token& token);
  asio::awaitable<api_response> post_waiver(const api_request& request, const api_token& token, const std::string& id);
  asio::awaitable<api_response> post_alertmanager(const api_request& request, const api_token& token);
  /// The board's forms (submission, waiver steps), posted as application/x-www-form-urlencoded.
  asio::awaitable<api_response> post_board_form(const api_request& request);
  /// Stores records through the one ingest path and answers with the counts.
  asio::awaitable<api_response> ingest_records(const record_batch& batch, const api_token& token);

  std::function<std::shared_ptr<const status_view>()> view_;
  daemon_counters& counters_;
  db_worker& worker_;
  std::function<rules::instant()> clock_;
  std::function<void()> changed_;
  response_cache cache_;
};

/// The Prometheus text exposition of a view and the counters.
std::string metrics_text(const status_view& view, const daemon_counters& counters, rules::instant now);

/// The status board: units as rows with traffic lights, in Chinese, no external assets.
/// `query`: unit, state and rule filters for a unit's list.
std::string board_html(const status_view& view, rules::instant now, const std::map<std::string, std::string>& query);

}  // namespace deadlined::daemon
