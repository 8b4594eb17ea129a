#pragma once
// The polling client: HTTP/1.1 GET over TCP or TLS (verified against the system CA store or
// an operator bundle), through an HTTP proxy when configured, with redirects, gzip/deflate,
// conditional requests, timeouts and a body cap. Runs on the daemon's event loop.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "deadlined/daemon/address_scope.hpp"
#include "deadlined/daemon/fetch_gate.hpp"
#include "deadlined/daemon/name_lookup.hpp"
#include "deadlined/daemon/net.hpp"
#include "deadlined/daemon/web_address.hpp"

namespace deadlined::daemon {

struct client_settings {
  int max_in_flight = 16;
  int per_host = 2;
  std::chrono::milliseconds politeness_delay{1000};
  std::chrono::milliseconds connect_timeout{10'000};  ///< name lookup, TCP connect, proxy CONNECT, TLS handshake
  std::chrono::milliseconds header_timeout{15'000};   ///< from the request sent to the response headers
  /// The whole fetch, redirects included, from when the first request may go out (not
  /// while it waits behind the concurrency and per-host limits).
  std::chrono::milliseconds request_timeout{60'000};
  std::size_t body_limit = 16 * 1024 * 1024;  ///< decoded and on the wire
  int max_redirects = 5;
  std::string user_agent;             ///< default: deadlined/VERSION
  std::string ca_file;                ///< an operator CA bundle (PEM), trusted besides the system store
  std::string http_proxy;             ///< for http:// sites: http://[user:password@]host:port; empty: none
  std::string https_proxy;            ///< for https:// sites (CONNECT); empty: none
  std::vector<std::string> no_proxy;  ///< sites reached directly, as curl reads them (proxy_bypass.hpp)
  /// Addresses a redirect from a public site may not lead to (tests widen or narrow it).
  std::function<bool(const asio::ip::address&)> is_internal = is_internal_address;
  /// How host names are looked up (tests answer them themselves).
  name_lookup::resolver resolve = name_lookup::system_resolver;
};

/// The proxy settings of the usual environment variables, for when the configuration names
/// none, as curl reads them: http_proxy for http:// sites, https_proxy for https:// ones
/// (either also in upper case), no_proxy or NO_PROXY.
void proxy_from_environment(client_settings& settings);

struct fetch_request {
  std::string url;
  std::string etag;           ///< sent as If-None-Match
  std::string last_modified;  ///< sent as If-Modified-Since
  bool verify_tls = true;
  bool ipv6_only = false;                ///< connect over IPv6 only (the portal's IPv6 probe)
  std::chrono::milliseconds timeout{0};  ///< overrides request_timeout when positive
};

struct fetch_result {
  int status = 0;  ///< the last response's status; 0 when none came
  std::string final_url;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;   ///< decoded
  std::string error;  ///< empty when a response came and was read whole
  std::size_t wire_bytes = 0;
  std::chrono::milliseconds latency{0};  ///< from the first request out (not queued time) to the answer
  int redirects = 0;
  std::string remote_address;  ///< the address the last response came from

  bool not_modified() const { return error.empty() && status == 304; }
  bool ok() const { return error.empty() && ((status >= 200 && status < 300) || status == 304); }
};

class http_client {
 public:
  http_client(asio::any_io_executor executor, client_settings settings);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Fetches `request.url`, following redirects. Never throws for network problems: they
  /// end up in `out.error`. `request` and `out` must outlive the call (GCC 12: no
  /// temporaries in co_await expressions).
  asio::awaitable<void> fetch(const fetch_request& request, fetch_result& out);

  const client_settings& settings() const { return settings_; }

 private:
  struct impl;
  /// One request and its answer. `refuse_internal`: the fetch began at a public address, so
  /// this hop (a redirect) may not connect to an internal one.
  asio::awaitable<void> exchange(const web_address& address, const fetch_request& request,
                                 std::chrono::steady_clock::time_point deadline, fetch_result& out,
                                 std::string& location, bool refuse_internal);
  client_settings settings_;
  std::unique_ptr<impl> impl_;
};

}  // namespace deadlined::daemon
