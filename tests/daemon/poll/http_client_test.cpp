// The polling client against a real server on 127.0.0.1 (tests/support/site_server.py):
// charsets, feeds, redirects, conditional GET, compression, slow and endless servers, TLS
// with a test CA, a proxy, politeness limits and IPv6.

#include "deadlined/daemon/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/json.hpp>

#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/proxy_bypass.hpp"
#include "support/cn_calendar.hpp"
#include "support/scratch_dir.hpp"
#include "support/site_server.hpp"

namespace deadlined::daemon {
namespace {

using namespace std::chrono_literals;
using deadlined::testing::site_server;
using deadlined::testing::test_ca;

const deadlined::testing::scratch_dir scratch{"deadlined-http-client-test"};
const std::filesystem::path& work_dir = scratch.path();

client_settings quick_settings() {
  client_settings s;
  s.politeness_delay = 0ms;
  s.max_in_flight = 16;
  s.per_host = 8;
  s.connect_timeout = 3s;
  s.header_timeout = 3s;
  s.request_timeout = 10s;
  return s;
}

fetch_result fetch(const client_settings& settings, const fetch_request& request) {
  asio::io_context io;
  http_client client{io.get_executor(), settings};
  fetch_result out;
  asio::co_spawn(io, client.fetch(request, out), asio::detached);
  io.run();
  return out;
}

/// Fetches the URLs at once through one client, as a poll pass does.
std::vector<fetch_result> fetch_together(const client_settings& settings, const std::vector<std::string>& urls) {
  asio::io_context io;
  http_client client{io.get_executor(), settings};
  std::vector<fetch_request> requests(urls.size());
  std::vector<fetch_result> results(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    requests[i].url = urls[i];
    asio::co_spawn(io, client.fetch(requests[i], results[i]), asio::detached);
  }
  io.run();
  return results;
}

fetch_result fetch(const std::string& url, const client_settings& settings = quick_settings()) {
  fetch_request request;
  request.url = url;
  return fetch(settings, request);
}

boost::json::value server_json(const site_server& server, const std::string& path) {
  const auto r = fetch(server.url(path));
  EXPECT_EQ(r.status, 200) << r.error;
  return boost::json::parse(r.body);
}

extraction items_of(const fetch_result& r) {
  std::vector<std::string> problems;
  return parse_page(r.body, r.content_type, parser_spec{},
                    page_context{r.final_url, rules::instant{}, deadlined::testing::cn_calendar().zone()}, problems);
}

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<site_server>(work_dir); }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override { fetch(server_->url("/_log/clear")); }
  static std::unique_ptr<site_server> server_;
};
std::unique_ptr<site_server> HttpClientTest::server_;

TEST_F(HttpClientTest, FetchesAUtf8ColumnPageNamingItselfInTheUserAgent) {
  const auto r = fetch(server_->url("/utf8/list.html"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("关于印发从化区政务公开工作要点的通知"), std::string::npos);
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  const auto log = server_json(*server_, "/_log").as_array();
  ASSERT_GE(log.size(), 1U);
  const auto& headers = log[0].at("headers").as_object();
  EXPECT_TRUE(std::string{headers.at("User-Agent").as_string()}.starts_with("deadlined/"));
  EXPECT_NE(std::string{headers.at("Accept-Encoding").as_string()}.find("gzip"), std::string::npos);
  EXPECT_EQ(items_of(r).items.size(), 5U);
}

TEST_F(HttpClientTest, GbkPageArrivesAsBytesAndParsesWithCharactersOutsideGb2312) {
  const auto r = fetch(server_->url("/gbk/list.html"));
  ASSERT_TRUE(r.ok()) << r.error;
  const auto items = items_of(r).items;
  ASSERT_EQ(items.size(), 5U);
  bool found = false;
  for (const auto& item : items)
    found = found || item.title == "镕金大道改造工程施工期间交通管制的通告";
  EXPECT_TRUE(found);
}

TEST_F(HttpClientTest, FeedsAreFetchedAndRead) {
  const auto rss = fetch(server_->url("/feed.xml"));
  ASSERT_TRUE(rss.ok()) << rss.error;
  EXPECT_EQ(items_of(rss).method, "rss2");
  EXPECT_EQ(items_of(rss).items.size(), 3U);
  const auto atom = fetch(server_->url("/atom.xml"));
  ASSERT_TRUE(atom.ok()) << atom.error;
  EXPECT_EQ(items_of(atom).items.size(), 2U);
}

TEST_F(HttpClientTest, FollowsUpToFiveRedirectsAndNoMore) {
  const auto three = fetch(server_->url("/redirect/3"));
  ASSERT_TRUE(three.ok()) << three.error;
  EXPECT_EQ(three.redirects, 4);  // /redirect/3 → 2 → 1 → 0 → the page
  EXPECT_EQ(three.final_url, server_->url("/utf8/list.html"));
  const auto absolute = fetch(server_->url("/redirect-abs/1"));
  EXPECT_TRUE(absolute.ok()) << absolute.error;
  const auto six = fetch(server_->url("/redirect/5"));
  EXPECT_FALSE(six.ok());
  EXPECT_EQ(six.error, "more than 5 redirects");
}

TEST_F(HttpClientTest, ARedirectLoopIsNamed) {
  const auto r = fetch(server_->url("/loop/a"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "redirect loop at " + server_->url("/loop/a"));
}

TEST_F(HttpClientTest, RedirectsToNonHttpSchemesAreRefused) {
  const auto ftp = fetch(server_->url("/to-ftp"));
  EXPECT_EQ(ftp.error, "redirect to a non-HTTP URL refused: \"ftp://127.0.0.1/file\"");
  const auto file = fetch(server_->url("/to-file"));
  EXPECT_EQ(file.error, "redirect to a non-HTTP URL refused: \"file:///etc/passwd\"");
}

TEST_F(HttpClientTest, ALocationWithRawBytesAndSpacesIsFollowedEscaped) {
  const auto r = fetch(server_->url("/to-raw"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.final_url, server_->url("/utf8/list.html?q=%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80"));
}

TEST_F(HttpClientTest, APublicSiteMayNotRedirectToAnInternalAddress) {
  // Here the test network stands in for the Internet: 127.0.0.1 counts as public and
  // 127.0.0.2 as the inside (the machine itself, the office network).
  auto settings = quick_settings();
  settings.is_internal = [](const asio::ip::address& a) { return a.to_string() == "127.0.0.2"; };
  site_server inside{work_dir / "inside", {}, "127.0.0.2"};
  const auto target = inside.url("/utf8/list.html");
  const auto refused = fetch(server_->url("/to/" + target), settings);
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(refused.error, "redirect from a public site to an internal address refused: " + target + " (127.0.0.2)");
  // An operator may still configure a source inside; redirects within the public side go on.
  EXPECT_TRUE(fetch(target, settings).ok());
  const auto outside = fetch(server_->url("/to/" + server_->url("/utf8/list.html")), settings);
  EXPECT_TRUE(outside.ok()) << outside.error;
}

TEST(AddressScope, LoopbackPrivateLinkLocalAndSharedAddressesAreInternal) {
  for (const char* inside : {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                             "100.64.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1",
                             "::", "fe80::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:192.168.0.1"}) {
    EXPECT_TRUE(is_internal_address(asio::ip::make_address(inside))) << inside;
  }
  for (const char* outside : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "61.144.56.101", "223.5.5.5", "2400:3200::1",
                              "240e::1", "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(is_internal_address(asio::ip::make_address(outside))) << outside;
  }
}

TEST_F(HttpClientTest, ConditionalGetWithEtagAndLastModifiedGets304) {
  const auto first = fetch(server_->url("/etag/list.html"));
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.etag, "\"v1\"");
  fetch_request again;
  again.url = server_->url("/etag/list.html");
  again.etag = first.etag;
  const auto second = fetch(quick_settings(), again);
  EXPECT_TRUE(second.not_modified()) << second.status << " " << second.error;
  EXPECT_TRUE(second.body.empty());

  const auto dated = fetch(server_->url("/lastmod/list.html"));
  EXPECT_EQ(dated.last_modified, "Wed, 25 Sep 2019 08:00:00 GMT");
  fetch_request since;
  since.url = server_->url("/lastmod/list.html");
  since.last_modified = dated.last_modified;
  EXPECT_TRUE(fetch(quick_settings(), since).not_modified());
}

TEST_F(HttpClientTest, GzipAndDeflateBodiesAreDecoded) {
  for (const auto* path : {"/gzip/list.html", "/deflate/list.html"}) {
    const auto r = fetch(server_->url(path));
    ASSERT_TRUE(r.ok()) << path << ": " << r.error;
    EXPECT_LT(r.wire_bytes, r.body.size()) << path;
    EXPECT_EQ(items_of(r).items.size(), 5U) << path;
  }
}

TEST_F(HttpClientTest, ACompressionBombStopsAtTheBodyLimit) {
  auto settings = quick_settings();
  settings.body_limit = 4 * 1024 * 1024;
  const auto r = fetch(server_->url("/bomb.html"), settings);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "decoded body larger than 4194304 bytes");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HttpClientTest, AnEndlessBodyStopsAtTheBodyLimit) {
  auto settings = quick_settings();
  settings.body_limit = 1024 * 1024;
  const auto r = fetch(server_->url("/endless"), settings);
  EXPECT_EQ(r.error, "body larger than 1048576 bytes");
}

TEST_F(HttpClientTest, ASlowServerTimesOutWithThePhaseNamed) {
  auto settings = quick_settings();
  settings.header_timeout = 500ms;
  const auto headers = fetch(server_->url("/slow-headers?seconds=3"), settings);
  EXPECT_EQ(headers.error, "waiting for the response headers timed out after 500 ms");
  EXPECT_EQ(headers.status, 0);

  settings.request_timeout = 1s;
  const auto body = fetch(server_->url("/slow-body?seconds=3"), settings);
  EXPECT_EQ(body.error, "reading the body timed out after 1 s");
  EXPECT_EQ(body.status, 200);  // the headers came; the fetch still failed
  EXPECT_FALSE(body.ok());
}

TEST_F(HttpClientTest, ErrorStatusesAndRefusedConnectionsAreReported) {
  const auto r = fetch(server_->url("/status/503"));
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(r.error.empty());
  EXPECT_FALSE(r.ok());
  const auto refused = fetch("http://127.0.0.1:1/");
  EXPECT_EQ(refused.status, 0);
  EXPECT_EQ(refused.error, "connecting to 127.0.0.1:1: Connection refused");
}

TEST_F(HttpClientTest, MalformedHtmlStillYieldsItsList) {
  const auto r = fetch(server_->url("/malformed.html"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(items_of(r).items.size(), 4U);
}

TEST(HttpClientLimitTest, APerHostLimitOfTwoKeepsTwoRequestsInFlight) {
  // Its own server: slow requests of other tests would count. Each answer takes a second,
  // so two granted requests overlap even on a loaded machine.
  const site_server server{work_dir};
  auto settings = quick_settings();
  settings.per_host = 2;
  const auto results = fetch_together(settings, std::vector(6, server.url("/delay/1000/utf8/list.html")));
  for (const auto& r : results)
    EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(server_json(server, "/_stats").at("max_concurrent").as_int64(), 2);
}

TEST_F(HttpClientTest, APolitenessDelaySpacesRequestsToOneHost) {
  auto settings = quick_settings();
  settings.per_host = 1;
  settings.politeness_delay = 400ms;
  fetch_together(settings, std::vector(3, server_->url("/utf8/list.html")));
  const auto log = server_json(*server_, "/_log").as_array();
  ASSERT_GE(log.size(), 3U);
  for (std::size_t i = 1; i < 3; ++i) {
    // The server stamps a request when it gets round to it: on a loaded machine one stamp
    // can lag tens of milliseconds behind the other. Without the delay the gap is ~0.
    const double gap = log[i].at("time").as_double() - log[i - 1].at("time").as_double();
    EXPECT_GE(gap, 0.3) << "request " << i;
  }
}

/// The TCP connection (the server's serial number) each request the server logged came on.
std::vector<std::int64_t> connections_seen(const site_server& server, const std::string& scheme = "http",
                                           const client_settings& settings = quick_settings()) {
  const auto answer = fetch(server.url("/_log", scheme), settings);
  EXPECT_TRUE(answer.ok()) << answer.error;
  std::vector<std::int64_t> out;
  if (!answer.ok()) return out;
  const auto log = boost::json::parse(answer.body);  // named: a range-for over a temporary's member dangles
  for (const auto& entry : log.as_array())
    out.push_back(entry.at("connection").as_int64());
  return out;
}

TEST_F(HttpClientTest, AConnectionIsKeptForTheNextRequestToItsHost) {
  auto settings = quick_settings();
  settings.per_host = 1;  // one after another, as a portal's columns are polled
  const auto results = fetch_together(
      settings, {server_->url("/utf8/list.html"), server_->url("/feed.xml"), server_->url("/etag/list.html")});
  for (const auto& r : results)
    EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(results[1].remote_address, "127.0.0.1");
  const auto connections = connections_seen(*server_);
  ASSERT_EQ(connections.size(), 3U);
  EXPECT_EQ(connections[1], connections[0]);
  EXPECT_EQ(connections[2], connections[0]);
  EXPECT_FALSE(server_json(*server_, "/_log").at(0).at("headers").as_object().contains("Connection"));
}

TEST_F(HttpClientTest, AKeptConnectionTheServerClosedMeanwhileIsReplacedUnnoticed) {
  auto settings = quick_settings();
  settings.per_host = 1;
  const auto results =
      fetch_together(settings, {server_->url("/then-close/utf8/list.html"), server_->url("/utf8/list.html")});
  ASSERT_EQ(results.size(), 2U);
  EXPECT_TRUE(results[0].ok()) << results[0].error;
  ASSERT_TRUE(results[1].ok()) << results[1].error;
  EXPECT_EQ(items_of(results[1]).items.size(), 5U);
  const auto connections = connections_seen(*server_);
  ASSERT_EQ(connections.size(), 2U);
  EXPECT_NE(connections[1], connections[0]);
}

TEST_F(HttpClientTest, BytesArrivingOnAnIdleConnectionAreNeverTakenForTheNextAnswer) {
  auto settings = quick_settings();
  settings.per_host = 1;
  settings.politeness_delay = 1000ms;  // the stray answer (50 ms after) is there before the next request
  const auto results =
      fetch_together(settings, {server_->url("/stray-after/utf8/list.html"), server_->url("/feed.xml")});
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(items_of(results[0]).items.size(), 5U);
  ASSERT_TRUE(results[1].ok()) << results[1].error;
  EXPECT_NE(results[1].body, "WRONG");
  EXPECT_EQ(items_of(results[1]).method, "rss2");
  const auto connections = connections_seen(*server_);
  ASSERT_EQ(connections.size(), 2U);
  EXPECT_NE(connections[1], connections[0]);
}

TEST_F(HttpClientTest, AnInterimAnswerIsPassedOverForTheAnswerItself) {
  auto settings = quick_settings();
  settings.per_host = 1;
  const auto results =
      fetch_together(settings, {server_->url("/early-hints/utf8/list.html"), server_->url("/feed.xml")});
  ASSERT_EQ(results.size(), 2U);
  ASSERT_TRUE(results[0].ok()) << results[0].error;
  EXPECT_EQ(results[0].status, 200);
  EXPECT_EQ(items_of(results[0]).items.size(), 5U);
  ASSERT_TRUE(results[1].ok()) << results[1].error;
  EXPECT_EQ(items_of(results[1]).method, "rss2");
  const auto connections = connections_seen(*server_);
  ASSERT_EQ(connections.size(), 2U);
  EXPECT_EQ(connections[1], connections[0]);
}

class HttpsClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_ = std::make_unique<test_ca>(work_dir / "ca");
    good_ = std::make_unique<site_server>(
        work_dir, std::vector<std::string>{"--tls", ca_->server_cert.string(), ca_->server_key.string()});
    wrong_name_ = std::make_unique<site_server>(
        work_dir, std::vector<std::string>{"--tls", ca_->other_cert.string(), ca_->other_key.string()});
    proxy_ = std::make_unique<site_server>(work_dir, std::vector<std::string>{"--proxy"});
    plain_ = std::make_unique<site_server>(work_dir);
  }
  static void TearDownTestSuite() {
    good_.reset();
    wrong_name_.reset();
    proxy_.reset();
    plain_.reset();
  }
  static client_settings trusting() {
    auto s = quick_settings();
    s.ca_file = ca_->server_cert.parent_path() / "ca.pem";
    return s;
  }
  static std::unique_ptr<test_ca> ca_;
  static std::unique_ptr<site_server> good_, wrong_name_, proxy_, plain_;
};
std::unique_ptr<test_ca> HttpsClientTest::ca_;
std::unique_ptr<site_server> HttpsClientTest::good_, HttpsClientTest::wrong_name_, HttpsClientTest::proxy_,
    HttpsClientTest::plain_;

TEST_F(HttpsClientTest, VerifiesTheCertificateAgainstTheConfiguredCa) {
  const auto r = fetch(good_->url("/utf8/list.html", "https"), trusting());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(items_of(r).items.size(), 5U);
}

TEST_F(HttpsClientTest, RefusesACertificateFromAnUnknownCa) {
  const auto r = fetch(good_->url("/utf8/list.html", "https"), quick_settings());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "TLS with 127.0.0.1:" + std::to_string(good_->port()) +
                         ": certificate not accepted: unable to get local issuer certificate");
}

TEST_F(HttpsClientTest, RefusesACertificateForAnotherHost) {
  const auto r = fetch(wrong_name_->url("/utf8/list.html", "https"), trusting());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "TLS with 127.0.0.1:" + std::to_string(wrong_name_->port()) +
                         ": certificate not accepted: IP address mismatch");
}

TEST_F(HttpsClientTest, ASourceMayOptOutOfVerification) {
  fetch_request request;
  request.url = wrong_name_->url("/utf8/list.html", "https");
  request.verify_tls = false;
  const auto r = fetch(quick_settings(), request);
  EXPECT_TRUE(r.ok()) << r.error;
}

TEST_F(HttpsClientTest, HttpGoesThroughTheProxyInAbsoluteForm) {
  auto settings = quick_settings();
  settings.http_proxy = proxy_->url("");
  fetch(proxy_->url("/_log/clear"));
  const auto r = fetch(plain_->url("/utf8/list.html"), settings);
  ASSERT_TRUE(r.ok()) << r.error;
  const auto log = server_json(*proxy_, "/_log").as_array();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].at("method").as_string(), "GET");
  EXPECT_EQ(log[0].at("path").as_string(), plain_->url("/utf8/list.html"));
  // Connections through a proxy are not kept: each request says so.
  EXPECT_EQ(log[0].at("headers").at("Connection").as_string(), "close");
}

TEST_F(HttpsClientTest, TlsConnectionsAreKeptToo) {
  auto settings = trusting();
  settings.per_host = 1;
  fetch(good_->url("/_log/clear", "https"), trusting());
  const auto results =
      fetch_together(settings, {good_->url("/utf8/list.html", "https"), good_->url("/feed.xml", "https")});
  for (const auto& r : results)
    EXPECT_TRUE(r.ok()) << r.error;
  const auto connections = connections_seen(*good_, "https", trusting());
  ASSERT_EQ(connections.size(), 2U);
  EXPECT_EQ(connections[1], connections[0]);
}

TEST_F(HttpsClientTest, AKeptTlsConnectionTheServerClosedIsReplacedUnnoticed) {
  auto settings = trusting();
  settings.per_host = 1;
  fetch(good_->url("/_log/clear", "https"), trusting());
  const auto results =
      fetch_together(settings, {good_->url("/then-close/utf8/list.html", "https"), good_->url("/feed.xml", "https")});
  ASSERT_EQ(results.size(), 2U);
  EXPECT_TRUE(results[0].ok()) << results[0].error;
  ASSERT_TRUE(results[1].ok()) << results[1].error;
  EXPECT_EQ(items_of(results[1]).method, "rss2");
  const auto connections = connections_seen(*good_, "https", trusting());
  ASSERT_EQ(connections.size(), 2U);
  EXPECT_NE(connections[1], connections[0]);
}

TEST_F(HttpsClientTest, HttpsTunnelsThroughTheProxyWithConnect) {
  auto settings = trusting();
  settings.https_proxy = proxy_->url("");
  fetch(proxy_->url("/_log/clear"));
  const auto r = fetch(good_->url("/feed.xml", "https"), settings);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(items_of(r).items.size(), 3U);
  const auto log = server_json(*proxy_, "/_log").as_array();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].at("method").as_string(), "CONNECT");
  EXPECT_EQ(log[0].at("path").as_string(), "127.0.0.1:" + std::to_string(good_->port()));
}

TEST_F(HttpsClientTest, NoProxyHostsAreReachedDirectly) {
  auto settings = quick_settings();
  settings.http_proxy = proxy_->url("");
  settings.no_proxy = {"127.0.0.1"};
  fetch(proxy_->url("/_log/clear"));
  ASSERT_TRUE(fetch(plain_->url("/utf8/list.html"), settings).ok());
  EXPECT_TRUE(server_json(*proxy_, "/_log").as_array().empty());
}

TEST_F(HttpsClientTest, TheProxysCredentialsGoWithEveryRequestThroughIt) {
  auto settings = trusting();
  settings.http_proxy = "http://zwgk%40gz:p%3Ass@127.0.0.1:" + std::to_string(proxy_->port());
  settings.https_proxy = settings.http_proxy;
  fetch(proxy_->url("/_log/clear"));
  ASSERT_TRUE(fetch(plain_->url("/utf8/list.html"), settings).ok());
  ASSERT_TRUE(fetch(good_->url("/feed.xml", "https"), settings).ok());
  const auto log = server_json(*proxy_, "/_log").as_array();
  ASSERT_EQ(log.size(), 2U);
  for (const auto& entry : log)  // base64 of "zwgk@gz:p:ss", the URL's escapes decoded
    EXPECT_EQ(entry.at("headers").at("Proxy-Authorization").as_string(), "Basic endna0BnejpwOnNz");
}

TEST_F(HttpsClientTest, EachSchemeGoesThroughItsOwnProxyOrNone) {
  auto settings = trusting();
  settings.https_proxy = proxy_->url("");  // as https_proxy alone in the environment
  fetch(proxy_->url("/_log/clear"));
  ASSERT_TRUE(fetch(plain_->url("/utf8/list.html"), settings).ok());
  EXPECT_TRUE(server_json(*proxy_, "/_log").as_array().empty());  // http: direct
  ASSERT_TRUE(fetch(good_->url("/feed.xml", "https"), settings).ok());
  EXPECT_EQ(server_json(*proxy_, "/_log").as_array().size(), 1U);
}

TEST_F(HttpsClientTest, ABodyEndingWithTheConnectionIsWholeWithoutTlsCloseNotify) {
  // Many sites answer without a length and close without TLS close_notify: the page is
  // the bytes up to the close, as browsers and curl take it.
  const auto r = fetch(good_->url("/until-close/list.html", "https"), trusting());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(items_of(r).items.size(), 5U);
}

TEST_F(HttpsClientTest, TheIpv6ProbeNeverGoesThroughTheProxy) {
  // Whether a site answers over IPv6 only a direct connection can tell.
  site_server v6{work_dir, {}, "::1"};
  auto settings = quick_settings();
  settings.http_proxy = proxy_->url("");
  fetch(proxy_->url("/_log/clear"));
  fetch_request request;
  request.url = v6.url("/utf8/list.html");
  request.ipv6_only = true;
  const auto r = fetch(settings, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.remote_address, "::1");
  EXPECT_TRUE(server_json(*proxy_, "/_log").as_array().empty());
}

/// Sets environment variables for one test and puts back what was there after it, so that
/// no later test in the process goes through a proxy that is not there.
class environment_variables {
 public:
  explicit environment_variables(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const auto& [name, value] : values) {
      const char* before = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): tests set it single-threaded
      saved_.emplace_back(name, before == nullptr ? std::nullopt : std::optional<std::string>{before});
      ::setenv(name, value, 1);
    }
  }
  environment_variables(const environment_variables&) = delete;
  environment_variables& operator=(const environment_variables&) = delete;
  ~environment_variables() {
    for (const auto& [name, before] : saved_) {
      if (before) {
        ::setenv(name, before->c_str(), 1);
      } else {
        ::unsetenv(name);
      }
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(HttpClientProxyEnvironmentTest, HttpAndHttpsProxiesComeFromTheirOwnVariablesAsCurlReadsThem) {
  const environment_variables set{{"http_proxy", "http://proxy.gz.gov.cn:8080"},
                                  {"HTTPS_PROXY", "http://tunnel.gz.gov.cn:3128"},
                                  {"NO_PROXY", ".conghua.gov.cn, 10.0.0.0/8"}};
  client_settings settings;
  proxy_from_environment(settings);
  EXPECT_EQ(settings.http_proxy, "http://proxy.gz.gov.cn:8080");
  EXPECT_EQ(settings.https_proxy, "http://tunnel.gz.gov.cn:3128");
  std::string why;
  EXPECT_TRUE(reached_directly(*parse_web_address("https://www.conghua.gov.cn/", why), settings.no_proxy));
  EXPECT_TRUE(reached_directly(*parse_web_address("http://10.20.30.40/oa/", why), settings.no_proxy));
  EXPECT_FALSE(reached_directly(*parse_web_address("https://www.gd.gov.cn/", why), settings.no_proxy));
}

TEST(HttpClientProxyEnvironmentTest, UpperCaseHttpProxyIsIgnoredAndAllProxyServesTheRest) {
  // HTTP_PROXY may come from a CGI request's Proxy header (httpoxy): curl ignores it.
  const environment_variables set{{"HTTP_PROXY", "http://attacker.example:8080"},
                                  {"ALL_PROXY", "http://proxy.gz.gov.cn:8080"}};
  client_settings settings;
  proxy_from_environment(settings);
  EXPECT_EQ(settings.http_proxy, "http://proxy.gz.gov.cn:8080");
  EXPECT_EQ(settings.https_proxy, "http://proxy.gz.gov.cn:8080");
}

TEST(HttpClientProxyEnvironmentTest, AProxyUrlThatIsNoUseIsNamedWithoutItsPassword) {
  auto settings = quick_settings();
  settings.http_proxy = "http://zwgk:pa/ss@127.0.0.1:3128";  // an unescaped / in the password
  const auto r = fetch("http://127.0.0.1:1/", settings);
  EXPECT_EQ(r.error,
            "the proxy for http:// sites: \"http://***@127.0.0.1:3128\": a proxy URL has no path (a / in the password "
            "is written %2F)");
}

TEST(HttpClientLookupTest, ASiteWhoseDnsServerIsSilentTimesOutAndHoldsUpNoOtherSite) {
  // One county site's name server does not answer (the system's resolver would give up
  // after tens of seconds): its fetches fail at the connect timeout, sharing one lookup,
  // and a site polled alongside is fetched meanwhile, not after them.
  const site_server server{work_dir};
  auto settings = quick_settings();
  settings.connect_timeout = 400ms;
  auto silent_lookups = std::make_shared<std::atomic<int>>(0);
  settings.resolve = [silent_lookups](const std::string& host, const std::string& port, bool,
                                      boost::system::error_code& error) {
    if (host == "silent.example") {
      ++*silent_lookups;
      std::this_thread::sleep_for(5s);
      error = asio::error::host_not_found;
      return std::vector<tcp::endpoint>{};
    }
    return std::vector<tcp::endpoint>{
        {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(port))}};
  };
  const auto port = std::to_string(server.port());
  const auto silent = "http://silent.example:" + port;
  const auto started = std::chrono::steady_clock::now();
  const auto results = fetch_together(settings, {silent + "/utf8/list.html", silent + "/feed.xml", silent + "/atom.xml",
                                                 "http://answering.example:" + port + "/delay/200/list.html"});
  const auto took = std::chrono::steady_clock::now() - started;
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(results[i].error, "resolving silent.example timed out after 400 ms") << i;
  EXPECT_TRUE(results[3].ok()) << results[3].error;
  EXPECT_LT(took, 2s);                   // not the silent lookup's 5 s
  EXPECT_EQ(silent_lookups->load(), 1);  // one thread waits on the silent server, not three
}

TEST(HttpClientLookupTest, ANameIsLookedUpByTheSystemsResolver) {
  const site_server server{work_dir};
  const auto r = fetch("http://localhost:" + std::to_string(server.port()) + "/utf8/list.html");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.remote_address, "127.0.0.1");                    // ::1 first where /etc/hosts says so: refused, then this
  const auto unknown = fetch("http://no-such-host.invalid/");  // RFC 6761: never resolves
  EXPECT_EQ(unknown.error.rfind("resolving no-such-host.invalid", 0), 0U) << unknown.error;  // or timed out
}

TEST(HttpClientIpv6Test, FetchesOverIpv6FromTheLoopback) {
  site_server server{work_dir, {}, "::1"};
  fetch_request request;
  request.url = server.url("/utf8/list.html");
  request.ipv6_only = true;
  const auto r = fetch(quick_settings(), request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.remote_address, "::1");
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST(HttpClientLimitTest, TimeQueuedBehindTheLimitsIsNotTheSitesLatencyNorItsTimeout) {
  // Per host 1: three answers of 0.5 s each go one after another. The last waits 1 s in
  // the daemon's own queue; with a 1.2 s request timeout it must still succeed, and its
  // latency (what availability rules judge the site by) is its own 0.5 s.
  const site_server server{work_dir};
  auto settings = quick_settings();
  settings.per_host = 1;
  settings.request_timeout = 1200ms;
  for (const auto& r : fetch_together(settings, std::vector(3, server.url("/delay/500/utf8/list.html")))) {
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_GE(r.latency, 500ms);
    EXPECT_LT(r.latency, 1200ms);
  }
}

}  // namespace
}  // namespace deadlined::daemon
