// One fetch = up to six exchanges (the request and five redirects). A connection that
// answered in full is kept for the next request to the same origin for a few seconds: a
// poll pass fetches a portal's columns one after another, and a fresh connection for each
// cost a TLS handshake (or on loopback a tenth of the client's time) per column. Kept
// connections are direct ones only; through a proxy and for the IPv6 probe (which is
// about connecting) every exchange has a connection of its own and says `Connection: close`.

#include "deadlined/daemon/http_client.hpp"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <set>

#include "deadlined/daemon/content_coding.hpp"
#include "deadlined/daemon/proxy_bypass.hpp"
#include "deadlined/daemon/web_address.hpp"

#ifndef DEADLINED_VERSION
#define DEADLINED_VERSION "dev"
#endif

namespace deadlined::daemon {

namespace ssl = boost::asio::ssl;
using steady = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

constexpr std::size_t header_limit = 64 * 1024;
constexpr std::size_t read_buffer_bytes = 32 * 1024;
// How long a connection waits for the next request to its origin: under the 5 s after
// which Apache's default closes it, so a kept connection is rarely closed under a request.
constexpr auto idle_limit = std::chrono::seconds{4};
constexpr std::size_t most_idle_connections = 64;

/// A proxy to go through, with the Proxy-Authorization its credentials make (RFC 7617
/// Basic), if the URL names any: http://user:password@proxy.example:8080.
struct proxy_server {
  web_address address;
  std::string authorization;
};

/// `which`: the proxy's part, for the message when `url` is no use (its password never
/// shown: the message becomes every fetch's error, stored and logged).
std::optional<proxy_server> proxy_server_of(const std::string& url, const char* which, std::string& problem) {
  if (url.empty()) return std::nullopt;
  std::string why;
  auto address = parse_proxy_address(url, why);
  if (!address) {
    problem = std::string{which} + ": \"" + without_credentials(url) + "\": " + why;
    return std::nullopt;
  }
  proxy_server out{std::move(*address), {}};
  if (!out.address.userinfo.empty()) {
    const auto& credentials = out.address.userinfo;
    std::string encoded(4 * ((credentials.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                       reinterpret_cast<const unsigned char*>(credentials.data()),
                                       static_cast<int>(credentials.size()));
    encoded.resize(static_cast<std::size_t>(length));
    out.authorization = "Basic " + encoded;
  }
  return out;
}

/// A connection kept after a complete answer, for the next request to the same origin.
struct kept_connection {
  std::string origin;  ///< scheme, host and port, and whether TLS was verified
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;  ///< when the origin is https
  std::string remote_address;
  steady::time_point since;
};

/// Nothing has arrived on an idle connection since its last answer: neither bytes (a
/// server's stray data or a 408 before closing would be read as the next request's
/// answer) nor the end of the stream.
bool quiet(tcp::socket& socket) {
  error_code ec;
  if (socket.available(ec) > 0 || ec) return false;
  char byte = 0;
  const auto peeked = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::string origin_key(const web_address& address, const fetch_request& request) {
  return std::string{address.tls() ? "https://" : "http://"} + address.authority(true) +
         (address.tls() && !request.verify_tls ? " unverified" : "");
}

/// How an exchange ended, for what may become of its connection.
enum class exchange_end {
  done,               ///< answered or failed: the connection is closed
  keep,               ///< answered in full and the server keeps the connection open
  closed_unanswered,  ///< the server had closed the connection before any answer
};

std::string seconds_text(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/// What went wrong in `phase`, for the fetch log and availability evidence.
std::string describe(const error_code& ec, const std::string& phase, std::chrono::milliseconds limit,
                     std::size_t body_limit) {
  if (ec == beast::error::timeout) return phase + " timed out after " + seconds_text(limit);
  if (ec == http::error::body_limit) return "body larger than " + std::to_string(body_limit) + " bytes";
  if (ec == http::error::header_limit) return "response headers larger than " + std::to_string(header_limit) + " bytes";
  if (ec == http::error::partial_message || ec == asio::error::eof || ec == ssl::error::stream_truncated) {
    return phase + ": connection closed before the response was complete";
  }
  if (ec.category() == asio::error::get_ssl_category()) {
    return phase + ": TLS: " + ec.message();
  }
  return phase + ": " + ec.message();
}

}  // namespace

void proxy_from_environment(client_settings& settings) {
  const auto env = [](const char* name) {
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
    return std::string{v != nullptr ? v : ""};
  };
  const auto first_of = [&env](std::initializer_list<const char*> names) {
    for (const char* name : names) {
      if (auto v = env(name); !v.empty()) return v;
    }
    return std::string{};
  };
  if (settings.http_proxy.empty() && settings.https_proxy.empty()) {
    // As curl reads them: http_proxy in lower case only (HTTP_PROXY can be set by a CGI
    // request's Proxy header), all_proxy for either scheme without its own.
    settings.http_proxy = first_of({"http_proxy", "all_proxy", "ALL_PROXY"});
    settings.https_proxy = first_of({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
  }
  // Kept as one text: reached_directly splits entries at commas wherever they come from.
  if (settings.no_proxy.empty()) {
    if (auto list = first_of({"no_proxy", "NO_PROXY"}); !list.empty()) settings.no_proxy.push_back(std::move(list));
  }
}

struct http_client::impl {
  impl(asio::any_io_executor ex, const client_settings& s)
      : executor(ex),
        verified(ssl::context::tls_client),
        unverified(ssl::context::tls_client),
        gate(ex, s.max_in_flight, s.per_host, s.politeness_delay),
        lookup(s.resolve) {
    verified.set_verify_mode(ssl::verify_peer);
    // The operator's bundle (an office CA) is trusted besides the system's, so public
    // sites keep verifying.
    verified.set_default_verify_paths();
    if (!s.ca_file.empty()) verified.load_verify_file(s.ca_file);
    unverified.set_verify_mode(ssl::verify_none);
    http_proxy = proxy_server_of(s.http_proxy, "the proxy for http:// sites", proxy_problem);
    https_proxy = proxy_server_of(s.https_proxy, "the proxy for https:// sites", proxy_problem);
  }

  /// The proxy a request to `a` goes through, or none: the one for its scheme unless
  /// no_proxy reaches it directly. The IPv6 probe never uses one: it asks whether the
  /// site answers over IPv6, which only a direct connection can tell.
  const proxy_server* proxy_for(const web_address& a, bool ipv6_only, const client_settings& s) const {
    const auto& proxy = a.tls() ? https_proxy : http_proxy;
    if (!proxy || ipv6_only || reached_directly(a, s.no_proxy)) return nullptr;
    return &*proxy;
  }

  /// A kept connection to `origin`, the most recently used first; stale ones are closed,
  /// and so are ones the server has written to or closed since their last answer.
  std::optional<kept_connection> take_kept(const std::string& origin) {
    close_stale();
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
      if (it->origin != origin) continue;
      kept_connection found = std::move(*it);
      kept.erase(std::next(it).base());
      auto& socket = found.tls ? beast::get_lowest_layer(*found.tls).socket() : found.plain->socket();
      if (!quiet(socket)) return take_kept(origin);
      return found;
    }
    return std::nullopt;
  }

  void keep(kept_connection connection) {
    close_stale();
    if (kept.size() >= most_idle_connections) kept.erase(kept.begin());
    connection.since = steady::now();
    kept.push_back(std::move(connection));
  }

  /// Closes connections idle past the limit (they are looked at whenever one is taken or
  /// kept; a daemon polling rarely may hold one a while after its server closed it).
  void close_stale() {
    const auto now = steady::now();
    std::erase_if(kept, [now](const kept_connection& c) { return now - c.since > idle_limit; });
  }

  asio::any_io_executor executor;
  ssl::context verified;
  ssl::context unverified;
  fetch_gate gate;
  name_lookup lookup;
  std::optional<proxy_server> http_proxy;
  std::optional<proxy_server> https_proxy;
  std::string proxy_problem;
  std::vector<kept_connection> kept;  // after the TLS contexts its streams use
};

http_client::http_client(asio::any_io_executor executor, client_settings settings) : settings_(std::move(settings)) {
  if (settings_.user_agent.empty()) {
    settings_.user_agent = std::string{"deadlined/"} + DEADLINED_VERSION + " (government disclosure deadline monitor)";
  }
  impl_ = std::make_unique<impl>(executor, settings_);
}

http_client::~http_client() = default;

namespace {

/// One request and response on an open stream (plain or TLS). Fills status, headers and
/// body of `out`; `location` gets the Location header.
template <class Stream>
asio::awaitable<exchange_end> send_and_read(Stream& stream, const web_address& address, const std::string& target,
                                            const std::string& proxy_authorization, const fetch_request& request,
                                            const client_settings& settings, steady::time_point deadline,
                                            bool keep_alive, fetch_result& out, std::string& location) {
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, address.authority());
  req.set(http::field::user_agent, settings.user_agent);
  req.set(http::field::accept,
          "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8");
  req.set(http::field::accept_encoding, "gzip, deflate");
  req.set(http::field::accept_language, "zh-CN,zh;q=0.9");
  if (!keep_alive) req.set(http::field::connection, "close");  // HTTP/1.1 keeps it otherwise
  if (!proxy_authorization.empty()) req.set(http::field::proxy_authorization, proxy_authorization);
  if (!request.etag.empty()) req.set(http::field::if_none_match, request.etag);
  if (!request.last_modified.empty()) req.set(http::field::if_modified_since, request.last_modified);

  error_code ec;
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_at(deadline);
  co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = describe(ec, "sending the request", settings.request_timeout, settings.body_limit);
    co_return ec == beast::error::timeout ? exchange_end::done : exchange_end::closed_unanswered;
  }

  beast::flat_buffer buffer;
  // Beast reads as much as the buffer has room for, and the parser empties it into the
  // body as it goes: from an empty buffer a 20 KB page took ~40 reads of 512 bytes.
  buffer.reserve(read_buffer_bytes);
  std::optional<http::response_parser<http::string_body>> reading;
  const auto header_deadline = std::min(deadline, steady::now() + settings.header_timeout);
  lowest.expires_at(header_deadline);
  for (bool first = true;; first = false) {
    auto& parser = reading.emplace();  // a parser reads one message
    parser.header_limit(header_limit);
    parser.body_limit(settings.body_limit);
    co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      const bool whole = header_deadline == deadline;
      out.error = describe(ec, whole ? "the request" : "waiting for the response headers",
                           whole ? settings.request_timeout : settings.header_timeout, settings.body_limit);
      const bool closed = ec == http::error::end_of_stream || ec == asio::error::eof ||
                          ec == asio::error::connection_reset || ec == ssl::error::stream_truncated;
      const bool unanswered = closed && first && !parser.got_some();
      co_return unanswered ? exchange_end::closed_unanswered : exchange_end::done;
    }
    // Interim answers (100 Continue, 103 Early Hints) come before the answer itself.
    const auto status = parser.get().result_int();
    if (status < 100 || status >= 200 || status == 101) break;
  }
  auto& parser = *reading;
  const auto& head = parser.get();
  out.status = static_cast<int>(head.result_int());
  // The connection can take the next request only when this answer ended where it said
  // (not at the connection's close) and nothing followed it.
  const auto reusable = [&] { return parser.keep_alive() && out.status >= 200 && buffer.size() == 0; };
  if (is_redirect(out.status)) {
    location = std::string{head[http::field::location]};
    // The body of a redirect is of no interest: unread, it leaves the connection unusable.
    co_return parser.is_done() && reusable() ? exchange_end::keep : exchange_end::done;
  }
  lowest.expires_at(deadline);
  if (!parser.is_done()) {
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == ssl::error::stream_truncated && parser.need_eof()) {
      // A body that runs to the connection's close, closed without TLS close_notify (as
      // many sites do): complete, as browsers and curl take it. A body of stated length
      // cut short stays an error.
      ec = {};
      parser.put_eof(ec);
    }
  }
  if (ec) {
    out.error = describe(ec, "reading the body", settings.request_timeout, settings.body_limit);
    co_return exchange_end::done;
  }
  const auto& response = parser.get();
  out.content_type = std::string{response[http::field::content_type]};
  out.etag = std::string{response[http::field::etag]};
  out.last_modified = std::string{response[http::field::last_modified]};
  out.wire_bytes = response.body().size();
  const auto end = reusable() ? exchange_end::keep : exchange_end::done;
  if (out.status == 304) co_return end;
  if (auto problem =
          decode_content(response[http::field::content_encoding], response.body(), settings.body_limit, out.body)) {
    out.error = *problem;
    out.body.clear();
  }
  co_return end;
}

}  // namespace

asio::awaitable<void> http_client::fetch(const fetch_request& request, fetch_result& out) {
  out = fetch_result{};
  // The clock starts when the first request may go out: time spent queued behind this
  // daemon's own limits is neither the site's latency nor its timeout (availability
  // rules count slow and failed fetches against the site).
  std::optional<steady::time_point> started;
  const auto budget = request.timeout.count() > 0 ? request.timeout : settings_.request_timeout;
  std::string url = request.url;
  std::set<std::string> seen{url};
  // Once the first answer came from a public address, redirects may not lead inside.
  bool refuse_internal = false;
  if (!impl_->proxy_problem.empty()) {
    out.error = impl_->proxy_problem;
    out.final_url = url;
    co_return;
  }
  for (;;) {
    std::string why;
    const auto address = parse_web_address(url, why);
    if (!address) {
      out.error = why;
      break;
    }
    std::string location;
    {
      fetch_gate::ticket ticket;
      co_await impl_->gate.enter(address->host, ticket);
      if (!started) started = steady::now();
      out.status = 0;  // a hop that gets no answer does not report the previous hop's
      co_await exchange(*address, request, *started + budget, out, location, refuse_internal);
    }
    if (out.redirects == 0) {
      boost::system::error_code parse_error;
      const auto first = asio::ip::make_address(out.remote_address, parse_error);
      // Through a proxy the origin's address is unknown: taken as public, the safe side.
      refuse_internal = impl_->proxy_for(*address, request.ipv6_only, settings_) != nullptr ||
                        (!parse_error && !settings_.is_internal(first));
    }
    if (!out.error.empty() || !is_redirect(out.status)) break;
    if (location.empty()) {
      out.error = "redirect " + std::to_string(out.status) + " without a Location header";
      break;
    }
    const auto next = resolve_reference(url, location);
    if (next.empty()) {
      out.error = "redirect to an unreadable Location: \"" + location + "\"";
      break;
    }
    const auto scheme = url_scheme(next);
    if (scheme != "http" && scheme != "https") {
      out.error = "redirect to a non-HTTP URL refused: \"" + location + "\"";
      break;
    }
    if (++out.redirects > settings_.max_redirects) {
      out.error = "more than " + std::to_string(settings_.max_redirects) + " redirects";
      break;
    }
    if (!seen.insert(next).second) {
      out.error = "redirect loop at " + next;
      break;
    }
    url = next;
  }
  out.final_url = url;
  if (started) out.latency = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - *started);
}

asio::awaitable<void> http_client::exchange(const web_address& address, const fetch_request& request,
                                            steady::time_point deadline, fetch_result& out, std::string& location,
                                            bool refuse_internal) {
  const proxy_server* proxy = impl_->proxy_for(address, request.ipv6_only, settings_);
  const bool proxied = proxy != nullptr;
  const bool keep_alive = !proxied && !request.ipv6_only;
  const std::string origin = keep_alive ? origin_key(address, request) : std::string{};
  while (keep_alive) {
    auto kept = impl_->take_kept(origin);
    if (!kept) break;
    boost::system::error_code unparsed;
    const auto remote = asio::ip::make_address(kept->remote_address, unparsed);
    if (refuse_internal && (unparsed || settings_.is_internal(remote))) break;  // decided afresh below
    exchange_end end = exchange_end::done;
    if (kept->tls) {
      end = co_await send_and_read(*kept->tls, address, address.target, {}, request, settings_, deadline, true, out,
                                   location);
    } else {
      end = co_await send_and_read(*kept->plain, address, address.target, {}, request, settings_, deadline, true, out,
                                   location);
    }
    if (end == exchange_end::closed_unanswered) {
      out.error.clear();  // closed while it waited: the next kept one, or a new connection
      continue;
    }
    out.remote_address = kept->remote_address;
    if (end == exchange_end::keep) impl_->keep(std::move(*kept));
    co_return;
  }
  const web_address& peer = proxied ? proxy->address : address;
  const auto connect_deadline = std::min(deadline, steady::now() + settings_.connect_timeout);
  const std::string what = proxied ? std::string{"proxy "} + peer.authority(true) : address.authority(true);
  error_code ec;

  const auto port = std::to_string(peer.port);
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code not_numeric;
  const auto written = asio::ip::make_address(peer.host, not_numeric);
  if (!not_numeric) {
    // An address written in the URL needs no lookup (a thread per fetch was a tenth of
    // the client's time polling loopback hosts).
    if (!request.ipv6_only || written.is_v6()) endpoints.emplace_back(written, peer.port);
    if (endpoints.empty()) ec = asio::error::host_not_found;
  } else {
    const auto found = co_await impl_->lookup.find(peer.host, port, request.ipv6_only, connect_deadline);
    endpoints = found.endpoints;
    ec = found.error;
  }
  if (ec) {
    out.error = ec == asio::error::timed_out
                    ? "resolving " + peer.host + " timed out after " + seconds_text(settings_.connect_timeout)
                    : "resolving " + peer.host + ": " + ec.message();
    co_return;
  }
  // A public site redirecting here may not reach the machine itself or the office network
  // (the daemon's own API, an intranet service): such addresses are dropped before
  // connecting, so a name that resolves to both cannot be used to sneak in either.
  // Through a proxy only an address written in the URL can be checked; the proxy resolves names.
  std::vector<tcp::endpoint> allowed;
  for (const auto& endpoint : endpoints) {
    if (proxied || !refuse_internal || !settings_.is_internal(endpoint.address())) allowed.push_back(endpoint);
  }
  boost::system::error_code literal_error;
  const auto literal = asio::ip::make_address(address.host, literal_error);
  const bool literal_inside = proxied && !literal_error && settings_.is_internal(literal);
  if (refuse_internal && (allowed.empty() || literal_inside)) {
    const auto where = proxied || endpoints.empty() ? address.host : endpoints.front().address().to_string();
    out.error = "redirect from a public site to an internal address refused: " + address.url() + " (" + where + ")";
    co_return;
  }

  auto connection = std::make_unique<beast::tcp_stream>(impl_->executor);
  auto& stream = *connection;
  stream.expires_at(connect_deadline);
  const auto endpoint = co_await stream.async_connect(allowed, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = describe(ec, "connecting to " + what, settings_.connect_timeout, settings_.body_limit);
    co_return;
  }
  out.remote_address = endpoint.address().to_string();

  if (proxied && address.tls()) {
    // Tunnel through the proxy: CONNECT, then TLS end to end with the origin.
    http::request<http::empty_body> connect{http::verb::connect, address.authority(true), 11};
    connect.set(http::field::host, address.authority(true));
    connect.set(http::field::user_agent, settings_.user_agent);
    if (!proxy->authorization.empty()) connect.set(http::field::proxy_authorization, proxy->authorization);
    co_await http::async_write(stream, connect, asio::redirect_error(asio::use_awaitable, ec));
    beast::flat_buffer buffer;
    http::response_parser<http::empty_body> answer;
    answer.skip(true);  // a 2xx answer to CONNECT has no body
    if (!ec) co_await http::async_read_header(stream, buffer, answer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      out.error = describe(ec, "CONNECT through " + what, settings_.connect_timeout, settings_.body_limit);
      co_return;
    }
    if (answer.get().result_int() / 100 != 2) {
      out.error =
          what + " refused CONNECT to " + address.authority(true) + ": " + std::to_string(answer.get().result_int());
      co_return;
    }
  }

  if (!address.tls()) {
    const std::string target = proxied ? address.url() : address.target;
    const std::string authorization = proxied ? proxy->authorization : std::string{};
    const auto end = co_await send_and_read(stream, address, target, authorization, request, settings_, deadline,
                                            keep_alive, out, location);
    if (keep_alive && end == exchange_end::keep) {
      impl_->keep({origin, std::move(connection), nullptr, out.remote_address, {}});
      co_return;
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return;
  }

  auto secured = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(
      std::move(stream), request.verify_tls ? impl_->verified : impl_->unverified);
  auto& tls = *secured;
  SSL* handle = tls.native_handle();
  const bool ip = address.ipv6_literal || is_ip_literal(address.host);
  if (!ip) {
    // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
    SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(address.host.c_str()));
  }
  if (request.verify_tls) {
    X509_VERIFY_PARAM* param = SSL_get0_param(handle);
    if (ip) {
      X509_VERIFY_PARAM_set1_ip_asc(param, address.host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, address.host.c_str(), 0);
    }
  }
  beast::get_lowest_layer(tls).expires_at(connect_deadline);
  co_await tls.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    const long verify = SSL_get_verify_result(handle);
    out.error = verify != X509_V_OK ? "TLS with " + address.authority(true) +
                                          ": certificate not accepted: " + X509_verify_cert_error_string(verify)
                                    : describe(ec, "TLS handshake with " + address.authority(true),
                                               settings_.connect_timeout, settings_.body_limit);
    co_return;
  }
  const auto end =
      co_await send_and_read(tls, address, address.target, {}, request, settings_, deadline, keep_alive, out, location);
  if (keep_alive && end == exchange_end::keep) {
    impl_->keep({origin, nullptr, std::move(secured), out.remote_address, {}});
    co_return;
  }
  beast::get_lowest_layer(tls).socket().shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace deadlined::daemon
