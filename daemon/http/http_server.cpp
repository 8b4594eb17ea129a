#include "deadlined/daemon/http_server.hpp"

#include "deadlined/daemon/html_text.hpp"

#include <stdexcept>

namespace deadlined::daemon {

namespace {

http_response to_http(const api_response& answer, unsigned version, bool keep_alive) {
  http_response res{static_cast<http::status>(answer.status), version};
  res.set(http::field::server, "deadlined/" DEADLINED_VERSION);
  res.set(http::field::content_type, answer.content_type);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  if (answer.sandboxed) res.set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'none'");
  if (!answer.download_name.empty()) {
    // RFC 6266: an ASCII fallback, and the real (Chinese) name percent-encoded as UTF-8.
    res.set(http::field::content_disposition,
            "attachment; filename=\"report.csv\"; filename*=UTF-8''" + query_encode(answer.download_name));
  }
  res.body() = answer.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> serve_session(tcp::socket socket, api_router& router, daemon_counters& counters,
                                    http_limits limits) {
  beast::tcp_stream stream{std::move(socket)};
  boost::system::error_code ec;
  const auto remote = stream.socket().remote_endpoint(ec);
  const bool loopback = !ec && remote.address().is_loopback();
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    apply_limits(parser, limits);
    // The whole request must arrive within the timeout: a slow client cannot hold a connection.
    stream.expires_after(limits.read_timeout);
    auto [read_error, bytes] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    // The peer closed, went quiet, or the server is stopping: nothing to answer.
    if (read_error == http::error::end_of_stream || read_error == beast::error::timeout ||
        read_error == asio::error::operation_aborted || read_error == asio::error::connection_reset) {
      break;
    }
    if (read_error) {
      const bool too_large = read_error == http::error::body_limit || read_error == http::error::header_limit;
      api_response answer{
          too_large ? 413U : 400U, "application/json; charset=utf-8",
          std::string{"{\"error\":\""} + (too_large ? "request too large" : "malformed request") + "\"}\n"};
      ++counters.http_responses[static_cast<int>(answer.status)];
      auto res = to_http(answer, 11, false);
      co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      break;
    }
    auto& req = parser.get();
    const auto method = req.method();
    const auto version = req.version();
    const bool keep_alive = req.keep_alive();
    api_response answer;
    try {
      answer = co_await router.handle(to_api_request(std::move(req), loopback));
    } catch (const std::exception& e) {
      answer = {500, "application/json; charset=utf-8", std::string{"{\"error\":\"internal error\"}\n"}};
    }
    ++counters.http_responses[static_cast<int>(answer.status)];
    auto res = to_http(answer, version, keep_alive);
    if (method == http::verb::head) res.body().clear();
    stream.expires_after(limits.read_timeout);
    auto [write_error, written] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (write_error || !res.keep_alive()) break;
  }
  // The connection is done either way; a failed shutdown changes nothing.
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace

void apply_limits(http::request_parser<http::string_body>& parser, const http_limits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
}

api_request to_api_request(http::request<http::string_body>&& req, bool loopback) {
  api_request request;
  request.method = req.method();
  split_target(std::string_view{req.target().data(), req.target().size()}, request);
  request.body = std::move(req.body());
  request.loopback = loopback;
  const auto authorization = req[http::field::authorization];
  if (authorization.starts_with("Bearer ")) request.bearer = std::string{authorization.substr(7)};
  return request;
}

tcp::endpoint parse_listen_address(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("expected ADDR:PORT, found \"" + text + "\"");
  std::string host = text.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::invalid_argument("not an IP address: \"" + host + "\"");
  int port = -1;
  try {
    port = std::stoi(text.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535) throw std::invalid_argument("not a port: \"" + text.substr(colon + 1) + "\"");
  return {address, static_cast<unsigned short>(port)};
}

asio::awaitable<void> serve_http(tcp::acceptor& acceptor, api_router& router, daemon_counters& counters,
                                 http_limits limits) {
  const auto executor = co_await asio::this_coro::executor;
  // Sessions run on this one thread: a plain counter, shared with each session's guard.
  auto open = std::make_shared<std::size_t>(0);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted) co_return;  // the server is stopping
    if (ec) {
      // Out of descriptors or memory: the connection stays in the backlog. Retrying at once
      // would spin at full CPU; a short pause lets sessions finish and free some.
      ++counters.http_accept_errors;
      asio::steady_timer pause{executor, std::chrono::milliseconds{100}};
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    if (*open >= limits.max_connections) {
      // Full (slow clients holding connections, say): this one is closed rather than letting
      // clients take the descriptors polling, the database and delivery need.
      ++counters.http_connections_refused;
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    ++*open;
    asio::co_spawn(executor, serve_session(std::move(socket), router, counters, limits),
                   [open](const std::exception_ptr&) { --*open; });
  }
}

}  // namespace deadlined::daemon
