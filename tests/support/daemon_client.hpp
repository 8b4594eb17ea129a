#pragma once
// Talking to a `deadlined run` the test started: its port once ready, records posted to it.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "support/process.hpp"

namespace deadlined::testing {

/// The port a started daemon logged as listening on, once it is ready (0 if it never was).
inline int daemon_port(const std::filesystem::path& work) {
  const std::regex listening{R"(http\.listening: 127\.0\.0\.1:(\d+))"};
  for (int i = 0; i < 500; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
    const auto log = slurp(work / "stderr");
    std::smatch m;
    if (log.find("daemon.ready") != std::string::npos && std::regex_search(log, m, listening)) return std::stoi(m[1]);
  }
  return 0;
}

/// What the daemon answered; status 0 when nobody did (killed, say).
struct reply {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string disposition;
};

/// One request on its own connection, with a bearer token if given; a body goes as JSON.
inline reply request(int port, boost::beast::http::verb method, const std::string& target, const std::string& body = "",
                     const std::string& token = "") {
  namespace http = boost::beast::http;
  try {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream{io};
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return {res.result_int(), res.body(), std::string{res[http::field::content_type]},
            std::string{res[http::field::content_disposition]}};
  } catch (const boost::system::system_error&) {
    return {};
  }
}

/// GET `target` without a token (reads are open on loopback).
inline reply get(int port, const std::string& target) {
  return request(port, boost::beast::http::verb::get, target);
}

/// POSTs a JSON array of records with a unit's token; the status (0: nobody answered).
inline unsigned post_records(int port, const std::string& body, const std::string& token) {
  return request(port, boost::beast::http::verb::post, "/api/v1/records", body, token).status;
}

}  // namespace deadlined::testing
