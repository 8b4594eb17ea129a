#pragma once
// The HTTP session: reads requests with deadlines and size limits, hands them to the router,
// writes the answers, keeps connections alive. It knows no routes.

#include "deadlined/daemon/api_router.hpp"
#include "deadlined/daemon/net.hpp"

namespace deadlined::daemon {

struct http_limits {
  std::chrono::seconds read_timeout{30};  ///< a request must arrive whole within this (slow clients)
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t max_connections = 10000;  ///< beyond this, new connections are closed at once
};

/// A request parser with the size limits applied.
void apply_limits(http::request_parser<http::string_body>& parser, const http_limits& limits);

/// The router's view of a parsed request (path, decoded query, body, bearer token).
api_request to_api_request(http::request<http::string_body>&& req, bool loopback);

/// Accepts connections until the acceptor is closed; one coroutine per connection.
asio::awaitable<void> serve_http(tcp::acceptor& acceptor, api_router& router, daemon_counters& counters,
                                 http_limits limits);

/// `127.0.0.1:8080`, `[::1]:8080` or `0.0.0.0:80` as an endpoint; throws std::invalid_argument.
tcp::endpoint parse_listen_address(const std::string& text);

}  // namespace deadlined::daemon
