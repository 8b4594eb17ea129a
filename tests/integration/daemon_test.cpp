// `deadlined run` in a subprocess on 127.0.0.1, asked over HTTP: every endpoint and error,
// tokens, waivers, reload and stop.

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <filesystem>
#include <regex>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <date/date.h>
#include <array>
#include <cstring>

#include <fstream>

#include "support/chromium.hpp"
#include "support/daemon_client.hpp"
#include "support/process.hpp"
#include "support/site_server.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

using testing::reply;

class Daemon : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::temp_directory_path() / ("deadlined-daemon-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    fs::copy(fs::path{DEADLINED_TEST_DATA} / "daemon", work_ / "config");
    pid_ = testing::start_deadlined({"run", "--config", (work_ / "config" / "daemon.yaml").string(), "--db",
                                     (work_ / "state" / "deadlined.db").string(), "--listen", "127.0.0.1:0"},
                                    work_);
    // The daemon logs the port it bound; wait until it is ready.
    const std::regex listening{R"(http\.listening: 127\.0\.0\.1:(\d+))"};
    for (int i = 0; i < 500 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
      const auto log = testing::slurp(work_ / "stderr");
      std::smatch m;
      if (log.find("daemon.ready") != std::string::npos && std::regex_search(log, m, listening))
        port_ = std::stoi(m[1]);
    }
    ASSERT_NE(port_, 0) << testing::slurp(work_ / "stderr");
  }
  static void TearDownTestSuite() {
    ::kill(pid_, SIGTERM);
    const auto result = testing::finish(pid_, work_);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_NE(result.err.find("daemon.stopped"), std::string::npos);
    fs::remove_all(work_);
  }

  static reply request(http::verb method, const std::string& target, const std::string& body = "",
                       const std::string& token = "") {
    return testing::request(port_, method, target, body, token);
  }

  static boost::json::value json(const reply& r) { return boost::json::parse(r.body); }

  /// A request announcing a 5 MB body: refused from its header, before any body is read.
  static unsigned oversized_request_status() {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream{io};
    stream.connect(tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
    const std::string head =
        "POST /api/v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer office-token-0123456789\r\n"
        "Content-Type: application/json\r\nContent-Length: 5242880\r\n\r\n";
    boost::asio::write(stream, boost::asio::buffer(head));
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res.result_int();
  }

  /// Waits until the daemon has re-evaluated and `check` holds on /api/v1/obligations.
  static boost::json::array obligations_when(const std::function<bool(const boost::json::array&)>& check) {
    boost::json::array list;
    for (int i = 0; i < 300; ++i) {
      list = json(request(http::verb::get, "/api/v1/obligations")).as_object().at("obligations").as_array();
      if (check(list)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return list;
  }

  static inline fs::path work_;
  static inline pid_t pid_ = 0;
  static inline int port_ = 0;
};

const std::string call =
    R"([{"id":"C1","type":"call.made","unit":"财政局","time":"2026-11-27T10:00:00+08:00","attrs":{"hotline":"020-1","answered":false}}])";

TEST_F(Daemon, HealthzAnswersWhileServing) {
  const auto r = request(http::verb::get, "/healthz");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_TRUE(json(r).as_object().contains("degraded"));
}

TEST_F(Daemon, WritesNeedAToken) {
  EXPECT_EQ(request(http::verb::post, "/api/v1/records", call).status, 401U);
  EXPECT_EQ(request(http::verb::post, "/api/v1/records", call, "not-a-token-at-all").status, 401U);
}

TEST_F(Daemon, AUnitPostsItsRecordAndTheObligationAppears) {
  const auto r = request(http::verb::post, "/api/v1/records", call, "czj-token-0123456789");
  ASSERT_EQ(r.status, 200U) << r.body;
  EXPECT_EQ(json(r), boost::json::parse(R"({"imported":1,"duplicate":0,"revised":0,"rejected":[]})"));
  const auto list = obligations_when([](const boost::json::array& l) { return !l.empty(); });
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].as_object().at("unit").as_string(), "区财政局");
  EXPECT_EQ(list[0].as_object().at("state").as_string(), "overdue");

  // One obligation with its explanation.
  const auto id = std::string{list[0].as_object().at("id").as_string()};
  const auto one = json(request(http::verb::get, "/api/v1/obligations/" + id)).as_object();
  EXPECT_EQ(one.at("rule").as_string(), "hotline-unanswered");
  EXPECT_FALSE(one.at("explanation").as_array().empty());

  // The unit requests a waiver, the office approves it.
  EXPECT_EQ(request(http::verb::post, "/api/v1/obligations/" + id + "/waiver", R"({"action":"approve","reason":"x"})",
                    "czj-token-0123456789")
                .status,
            403U);
  EXPECT_EQ(request(http::verb::post, "/api/v1/obligations/" + id + "/waiver",
                    R"({"action":"request","reason":"线路检修"})", "czj-token-0123456789")
                .status,
            200U);
  EXPECT_EQ(request(http::verb::post, "/api/v1/obligations/" + id + "/waiver",
                    R"({"action":"approve","reason":"属实"})", "office-token-0123456789")
                .status,
            200U);
  const auto waived = obligations_when(
      [](const boost::json::array& l) { return !l.empty() && l[0].as_object().at("state").as_string() == "waived"; });
  EXPECT_EQ(waived[0].as_object().at("state").as_string(), "waived");
}

TEST_F(Daemon, AnObligationWithdrawnByACorrectedRecordAnswersGone) {
  ASSERT_EQ(request(http::verb::post, "/api/v1/records", call, "czj-token-0123456789").status, 200U);
  const auto list = obligations_when([](const boost::json::array& l) { return !l.empty(); });
  ASSERT_EQ(list.size(), 1U);
  const auto id = std::string{list[0].as_object().at("id").as_string()};

  // The unit corrects the record: the call was answered.
  auto corrected = call;
  corrected.replace(corrected.find(R"("answered":false)"), 16, R"("answered":true)");
  const auto revised = request(http::verb::post, "/api/v1/records", corrected, "czj-token-0123456789");
  ASSERT_EQ(json(revised), boost::json::parse(R"({"imported":0,"duplicate":0,"revised":1,"rejected":[]})"));
  EXPECT_TRUE(obligations_when([](const boost::json::array& l) { return l.empty(); }).empty());

  // A link in an earlier notice still names it: 410 with when and why, not a bare 404.
  const auto gone = request(http::verb::get, "/api/v1/obligations/" + id);
  EXPECT_EQ(gone.status, 410U) << gone.body;
  const std::string reason{json(gone).as_object().at("error").as_string()};
  EXPECT_TRUE(reason.starts_with("obligation " + id + " was withdrawn at 20")) << reason;
  EXPECT_NE(reason.find("the facts no longer give it"), std::string::npos) << reason;
  EXPECT_EQ(request(http::verb::get, "/board/obligation?id=" + id).status, 410U);
  EXPECT_EQ(request(http::verb::get, "/api/v1/obligations/ffffffffffffffff").status, 404U);
}

TEST_F(Daemon, AUnitTokenCannotWriteAnotherUnitsRecords) {
  const auto r = request(
      http::verb::post, "/api/v1/records",
      R"([{"id":"S1","type":"call.made","unit":"区司法局","time":"2026-11-27","attrs":{"hotline":"1","answered":"false"}}])",
      "czj-token-0123456789");
  EXPECT_EQ(r.status, 400U);
  EXPECT_EQ(
      json(r),
      boost::json::parse(
          R"({"imported":0,"duplicate":0,"revised":0,"rejected":[{"index":0,"field":"unit","reason":"this token writes records of 区财政局 only"}]})"));
}

TEST_F(Daemon, BadRequestsGetClearErrors) {
  EXPECT_EQ(request(http::verb::post, "/api/v1/records", "{not json", "office-token-0123456789").status, 400U);
  const auto bad = request(
      http::verb::post, "/api/v1/records",
      R"([{"id":"B1","type":"call.made","unit":"区财政局","time":"someday","attrs":{"hotline":"1","answered":"false"}}])",
      "office-token-0123456789");
  EXPECT_EQ(bad.status, 400U);
  EXPECT_EQ(json(bad).as_object().at("rejected").as_array()[0].as_object().at("reason").as_string(), "not a date");
  EXPECT_EQ(request(http::verb::get, "/no/such/path").status, 404U);
  EXPECT_EQ(request(http::verb::delete_, "/api/v1/status").status, 405U);
  EXPECT_EQ(oversized_request_status(), 413U);
  EXPECT_EQ(request(http::verb::get, "/api/v1/obligations/ffffffffffffffff").status, 404U);
}

TEST_F(Daemon, StatusMetricsAndBoard) {
  EXPECT_EQ(request(http::verb::get, "/api/v1/status").status, 200U);
  const auto metrics = request(http::verb::get, "/metrics");
  EXPECT_EQ(metrics.status, 200U);
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics.body.find("# TYPE deadlined_overdue_obligations gauge\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("deadlined_calendar_next_year_missing "), std::string::npos);
  EXPECT_NE(metrics.body.find("deadlined_notifications{state=\"dead\"} "), std::string::npos);
  // Prometheus's own linter accepts the exposition.
  const auto file = work_ / "metrics.txt";
  std::ofstream{file} << metrics.body;
  const auto lint = work_ / "promtool.txt";
  const int rc =
      std::system(("promtool check metrics < " + file.string() + " > " + lint.string() + " 2>&1").c_str());  // NOLINT
  EXPECT_EQ(rc, 0) << testing::slurp(lint);
  const auto board = request(http::verb::get, "/");
  EXPECT_EQ(board.status, 200U);
  EXPECT_NE(board.body.find("测试区 政务公开期限看板"), std::string::npos);
}

TEST_F(Daemon, ASlowClientIsCutOffAndOthersAreServedMeanwhile) {
  boost::asio::io_context io;
  tcp::socket slow{io};
  slow.connect(tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
  // Half a request, then nothing (slowloris).
  boost::asio::write(slow, boost::asio::buffer(std::string{"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "}));
  EXPECT_EQ(request(http::verb::get, "/healthz").status, 200U);
  // The daemon closes the slow connection after its request timeout (1 s in this config).
  const auto started = std::chrono::steady_clock::now();
  char byte = 0;
  boost::system::error_code ec;
  slow.read_some(boost::asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) << ec.message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{5});
}

TEST_F(Daemon, AlertmanagerWebhooksBecomeProbeResults) {
  const std::string webhook = R"({"version":"4","status":"resolved","receiver":"deadlined","alerts":[
    {"status":"firing","labels":{"alertname":"PortalDown","instance":"https://www.conghua.gov.cn/","unit":"区财政局"},
     "startsAt":"2026-11-20T02:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"a1"},
    {"status":"resolved","labels":{"alertname":"PortalDown","instance":"https://www.conghua.gov.cn/","unit":"区财政局"},
     "startsAt":"2026-11-20T02:00:00Z","endsAt":"2026-11-20T02:05:00Z","fingerprint":"a1"},
    {"status":"firing","labels":{"alertname":"PortalDown","unit":"区农业厅"},"startsAt":"2026-11-20T02:00:00Z","fingerprint":"b2"}]})";
  EXPECT_EQ(request(http::verb::post, "/api/v1/alertmanager", webhook).status, 401U);
  const auto r = request(http::verb::post, "/api/v1/alertmanager", webhook, "office-token-0123456789");
  EXPECT_EQ(r.status, 200U) << r.body;
  EXPECT_EQ(
      json(r),
      boost::json::parse(
          R"({"imported":2,"duplicate":0,"revised":0,"rejected":[{"index":2,"field":"unit","reason":"unknown unit \"区农业厅\""}]})"));
  EXPECT_EQ(
      request(http::verb::post, "/api/v1/alertmanager", R"({"version":"3","alerts":[]})", "office-token-0123456789")
          .status,
      400U);
}

TEST(DaemonOnIpv6, ListensOnTheIpv6Loopback) {
  const auto work = fs::temp_directory_path() / ("deadlined-ipv6-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const pid_t pid =
      testing::start_deadlined({"run", "--config", std::string{DEADLINED_TEST_DATA} + "/daemon/daemon.yaml", "--db",
                                (work / "d.db").string(), "--listen", "[::1]:0"},
                               work);
  const std::regex listening{R"(http\.listening: ::1:(\d+))"};
  int port = 0;
  for (int i = 0; i < 500 && port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
    const auto log = testing::slurp(work / "stderr");
    std::smatch m;
    if (log.find("daemon.ready") != std::string::npos && std::regex_search(log, m, listening)) port = std::stoi(m[1]);
  }
  ASSERT_NE(port, 0) << testing::slurp(work / "stderr");
  boost::asio::io_context io;
  boost::beast::tcp_stream stream{io};
  stream.connect(tcp::endpoint{boost::asio::ip::make_address("::1"), static_cast<unsigned short>(port)});
  http::request<http::string_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "[::1]");
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200U);
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  fs::remove_all(work);
}

TEST_F(Daemon, ABrokenConfigOnReloadKeepsTheOldOneRunning) {
  fs::copy_file(work_ / "config" / "broken.yaml", work_ / "config" / "daemon.yaml",
                fs::copy_options::overwrite_existing);
  ::kill(pid_, SIGHUP);
  for (int i = 0;
       i < 300 && testing::slurp(work_ / "stderr").find("config.reload_failed: keeping") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_NE(testing::slurp(work_ / "stderr").find("tokens.2.role: expected unit, office or read"), std::string::npos);
  EXPECT_EQ(request(http::verb::get, "/healthz").status, 200U);
  fs::copy_file(fs::path{DEADLINED_TEST_DATA} / "daemon" / "daemon.yaml", work_ / "config" / "daemon.yaml",
                fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using testing::daemon_port;
using testing::post_records;

TEST(DaemonPolling, TheDaemonPollsItsSourcesAndStoresTheirItems) {
  const auto work = fs::temp_directory_path() / ("deadlined-polling-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  testing::site_server site{work / "site"};
  fs::copy(fs::path{DEADLINED_TEST_DATA} / "daemon", work / "config");
  {
    std::ofstream config{work / "config" / "daemon.yaml", std::ios::app};
    config << "polling: {politeness_delay_ms: 0, proxy: none}\n"
           << "sources:\n"
           << "  - {id: column, unit: 区财政局, url: '" << site.url("/utf8/list.html")
           << "', column: 通知公告, emits: item.published}\n"
           << "  - {id: mirror, unit: 区司法局, url: '" << DEADLINED_TEST_DATA
           << "/pages/gb2312-table.html', column: 通知公告, emits: item.published}\n";
  }
  const pid_t pid = testing::start_deadlined({"run", "--config", (work / "config" / "daemon.yaml").string(), "--db",
                                              (work / "d.db").string(), "--listen", "127.0.0.1:0"},
                                             work);
  std::string log;
  for (int i = 0; i < 1000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    log = testing::slurp(work / "stderr");
    if (log.find("source.polled: column") != std::string::npos &&
        log.find("source.polled: mirror") != std::string::npos)
      break;
  }
  // The page the items were seen on is served as evidence, sandboxed (it is someone else's HTML).
  std::string hash;
  {
    SQLite::Database live{(work / "d.db").string()};
    hash = live.execAndGet("SELECT json_extract(attrs, '$.evidence') FROM facts WHERE source = 'column' LIMIT 1")
               .getString();
  }
  const int port = daemon_port(work);
  ASSERT_NE(port, 0);
  boost::asio::io_context io;
  boost::beast::tcp_stream stream{io};
  stream.connect(tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  http::request<http::string_body> req{http::verb::get, "/api/v1/evidence/" + hash, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200U);
  EXPECT_NE(res.body().find("关于印发从化区政务公开工作要点的通知"), std::string::npos);
  EXPECT_TRUE(std::string{res["Content-Security-Policy"]}.starts_with("sandbox"));
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");

  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  EXPECT_NE(log.find("source.polled: column: 5 items (auto), 5 new, 0 revised"), std::string::npos) << log;
  EXPECT_NE(log.find("source.polled: mirror"), std::string::npos) << log;
  SQLite::Database db{(work / "d.db").string()};
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM facts WHERE source = 'column'").getInt(), 5);
  EXPECT_GT(db.execAndGet("SELECT count(*) FROM facts WHERE source = 'mirror'").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM fetches").getInt(), 2);
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST(DaemonNotifications, AnUnansweredHotlineIsAnnouncedAtOnceAndOnlyOnceAcrossARestart) {
  const auto work = fs::temp_directory_path() / ("deadlined-notify-daemon-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  testing::site_server receiver{work / "receiver", {}, "127.0.0.1", "webhook_receiver.py"};
  fs::copy(fs::path{DEADLINED_TEST_DATA} / "daemon", work / "config");
  {
    std::ofstream config{work / "config" / "daemon.yaml", std::ios::app};
    config << "notifications:\n"
           << "  channels:\n"
           << "    - {id: hook, type: webhook, url: '" << receiver.url("/hook/czj") << "', secret: hook-secret-123}\n"
           << "  contacts:\n"
           << "    区财政局:\n"
           << "      - {name: 联络员, channels: [hook]}\n";
  }
  std::system(("curl -s -X POST -d '{\"czj\": {\"secret\": \"hook-secret-123\"}}' " +
               receiver.url("/_config") +  // NOLINT
               " >/dev/null")
                  .c_str());
  const std::vector<std::string> args{
      "run",      "--config",   (work / "config" / "daemon.yaml").string(), "--db", (work / "d.db").string(),
      "--listen", "127.0.0.1:0"};
  pid_t pid = testing::start_deadlined(args, work);
  int port = daemon_port(work);
  ASSERT_NE(port, 0) << testing::slurp(work / "stderr");

  // A call made now, not answered: a violation, overdue at once and hour-scale, so it is
  // sent at once rather than in the morning digest.
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto time = date::format("%FT%TZ", now + std::chrono::seconds{1});
  const auto record = R"([{"id":"CALL-1","type":"call.made","unit":"财政局","time":")" + time +
                      R"(","attrs":{"hotline":"020-87654321","answered":false}}])";
  std::this_thread::sleep_for(std::chrono::seconds{2});  // the call lies after notify_since (the first start)
  ASSERT_EQ(post_records(port, record, "czj-token-0123456789"), 200U);
  const auto log_path = work / "hooks.json";
  std::string hooks;
  for (int i = 0; i < 300; ++i) {
    std::system(("curl -s " + receiver.url("/_log") + " > " + log_path.string()).c_str());  // NOLINT
    hooks = testing::slurp(log_path);
    if (hooks.find("CALL") != std::string::npos || hooks.find("政务热线") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  auto log = boost::json::parse(hooks).as_array();
  ASSERT_EQ(log.size(), 1U) << testing::slurp(work / "stderr");
  EXPECT_TRUE(log[0].at("signature_ok").as_bool());
  const std::string text{log[0].at("json").at("text").as_string()};
  EXPECT_NE(text.find("【逾期】区财政局：政务热线电话打不通、无回应（四、（四）3）"), std::string::npos) << text;

  // Restart: the outbox remembers the notice was sent; nothing goes out twice.
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  pid = testing::start_deadlined(args, work);
  port = daemon_port(work);
  ASSERT_NE(port, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds{500});
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  std::system(("curl -s " + receiver.url("/_log") + " > " + log_path.string()).c_str());  // NOLINT
  EXPECT_EQ(boost::json::parse(testing::slurp(log_path)).as_array().size(), 1U);
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST(DaemonSystemd, TellsSystemdItIsReadyAndFeedsTheWatchdog) {
  const auto work = fs::temp_directory_path() / ("deadlined-sd-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  // A stand-in for systemd's notification socket.
  const auto socket_path = (work / "notify").string();
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  timeval timeout{0, 100'000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ::setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "200000", 1);  // ping every 0.1 s
  const pid_t pid =
      testing::start_deadlined({"run", "--config", std::string{DEADLINED_TEST_DATA} + "/daemon/daemon.yaml", "--db",
                                (work / "d.db").string(), "--listen", "127.0.0.1:0"},
                               work);
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  std::string messages;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{3};
  while (std::chrono::steady_clock::now() < until) {
    std::array<char, 512> buffer{};
    const auto n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n > 0) messages += std::string{buffer.data(), static_cast<std::size_t>(n)} + "\n";
  }
  ::kill(pid, SIGTERM);
  const auto result = testing::finish(pid, work);
  EXPECT_EQ(result.code, 0);
  for (;;) {
    std::array<char, 512> buffer{};
    const auto n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    messages += std::string{buffer.data(), static_cast<std::size_t>(n)} + "\n";
  }
  ::close(fd);
  EXPECT_NE(messages.find("READY=1"), std::string::npos) << messages;
  EXPECT_NE(messages.find("STATUS="), std::string::npos) << messages;
  EXPECT_NE(messages.find("STOPPING=1"), std::string::npos) << messages;
  std::size_t pings = 0;
  for (auto at = messages.find("WATCHDOG=1"); at != std::string::npos; at = messages.find("WATCHDOG=1", at + 1))
    ++pings;
  EXPECT_GE(pings, 10U) << messages;  // about 30 in 3 s
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using testing::chromium;

TEST_F(Daemon, TheScorecardIsServedAsJsonCsvAndAPrintablePage) {
  const auto posted = request(http::verb::post, "/api/v1/records",
                              R"([{"id":"SC1","type":"call.made","unit":"财政局","time":"2026-11-26T10:00:00+08:00",)"
                              R"("attrs":{"hotline":"020-2","answered":false}}])",
                              "czj-token-0123456789");
  ASSERT_EQ(posted.status, 200U) << posted.body;
  obligations_when([](const boost::json::array& list) {
    for (const auto& o : list)
      if (o.at("opened_at").as_string() == "2026-11-26T10:00:00+08:00") return true;
    return false;
  });

  const auto r = request(http::verb::get, "/api/v1/scorecard?period=2026-11");
  ASSERT_EQ(r.status, 200U) << r.body;
  const auto card = json(r).as_object();
  EXPECT_EQ(card.at("period").at("label").as_string(), "2026-11");
  EXPECT_EQ(card.at("previous_period").at("label").as_string(), "2026-10");
  bool finance_seen = false;
  for (const auto& u : card.at("units").as_array()) {
    if (u.at("unit").as_string() != "区财政局") continue;
    finance_seen = true;
    EXPECT_GE(u.at("totals").at("overdue").as_int64(), 1);
    EXPECT_EQ(u.at("totals").at("on_time_rate").as_double(), 0.0);
  }
  EXPECT_TRUE(finance_seen) << r.body;

  const auto csv = request(http::verb::get,
                           "/api/v1/scorecard?period=2026-11&format=csv&table=ledger&unit=%E8%B4%A2%E6%94%BF%E5%B1%80");
  ASSERT_EQ(csv.status, 200U) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF单位,编号,规则"));
  EXPECT_NE(csv.body.find("政务热线电话打不通、无回应"), std::string::npos);
  EXPECT_TRUE(csv.disposition.starts_with("attachment; filename=\"report.csv\"; filename*=UTF-8''")) << csv.disposition;

  const auto page = request(http::verb::get, "/board/report?period=2026-11");
  ASSERT_EQ(page.status, 200U);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("class=\"chart chart-rate\""), std::string::npos);
  EXPECT_NE(request(http::verb::get, "/").body.find("href=\"/board/report\""), std::string::npos);

  const auto bad_period = request(http::verb::get, "/api/v1/scorecard?period=2026-Q7");
  EXPECT_EQ(bad_period.status, 400U);
  EXPECT_EQ(json(bad_period).at("error").as_string(), "period: col 7: a quarter is Q1 to Q4");
  const auto bad_unit = request(http::verb::get, "/api/v1/scorecard?unit=X%E5%B1%80");
  EXPECT_EQ(bad_unit.status, 400U);
  EXPECT_EQ(json(bad_unit).at("error").as_string(), "unit: unknown unit \"X局\"");
  EXPECT_EQ(request(http::verb::get, "/api/v1/scorecard?format=xml").status, 400U);
  EXPECT_EQ(request(http::verb::post, "/api/v1/scorecard", "[]", "czj-token-0123456789").status, 405U);
}

TEST_F(Daemon, TheBoardRendersInChromiumOnAPhoneSizedScreen) {
  ASSERT_EQ(std::system("command -v chromium >/dev/null"), 0)
      << "chromium is installed by scripts/install-deps.sh";  // NOLINT
  // A unit posts an unanswered call through the board's form (no JSON), then the board shows it.
  const auto form =
      "type=call.made&unit=%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80&time=2026-11-27+10%3A00&subject="
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E&attrs=hotline%3D020-1%0D%0Aanswered%3Dfalse"
      "&token=czj-token-0123456789";
  boost::asio::io_context io;
  boost::beast::tcp_stream stream{io};
  stream.connect(tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
  http::request<http::string_body> req{http::verb::post, "/board/submit", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = form;
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200U) << res.body();
  EXPECT_NE(res.body().find("已报送"), std::string::npos) << res.body();
  obligations_when([](const boost::json::array& list) {
    for (const auto& o : list)
      if (o.at("subject").as_string() == "<script>alert(1)</script>") return true;
    return false;
  });

  const auto base = "http://127.0.0.1:" + std::to_string(port_);
  const auto dom = chromium({"--dump-dom", base + "/"}, work_);
  EXPECT_NE(dom.find("测试区 政务公开期限看板"), std::string::npos) << dom;
  EXPECT_NE(dom.find("区财政局"), std::string::npos);
  EXPECT_NE(dom.find("● 逾期"), std::string::npos);
  const auto unit_dom = chromium({"--dump-dom", base + "/?unit=%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80"}, work_);
  // The scraped or submitted text is shown, never run: it arrives escaped.
  EXPECT_NE(unit_dom.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << unit_dom;
  EXPECT_NE(unit_dom.find("政务热线电话打不通、无回应"), std::string::npos);

  // The screenshot is kept as a test artefact beside the test binary.
  const auto png = testing::artefact_directory() / "board.png";
  fs::remove(png);
  chromium(
      {"--window-size=412,915", "--screenshot=" + png.string(), base + "/?unit=%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80"},
      work_);
  ASSERT_TRUE(fs::exists(png));
  const auto bytes = testing::slurp(png);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_GT(bytes.size(), 5000U);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST(DaemonSpool, AFileDroppedIntoTheSpoolIsIngestedWithoutWaitingForTheNextCheck) {
  const auto work = fs::temp_directory_path() / ("deadlined-spool-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const pid_t pid =
      testing::start_deadlined({"run", "--config", std::string{DEADLINED_TEST_DATA} + "/daemon/daemon.yaml", "--db",
                                (work / "d.db").string(), "--listen", "127.0.0.1:0"},
                               work);
  const int port = daemon_port(work);
  ASSERT_NE(port, 0) << testing::slurp(work / "stderr");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  // Written under another name and moved in, as senders should (the daemon checks every 5 minutes).
  std::ofstream{work / "spool" / ".calls.tmp"} << R"({"id":"SPOOL-1","type":"call.made","unit":"区司法局","time":")"
                                               << date::format("%FT%TZ", now - std::chrono::minutes{1})
                                               << R"(","attrs":{"hotline":"020-1","answered":false}})"
                                               << "\n";
  fs::rename(work / "spool" / ".calls.tmp", work / "spool" / "calls.jsonl");
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
    const auto out = work / "obligations.json";
    std::system(("curl -s 'http://127.0.0.1:" + std::to_string(port) +
                 "/api/v1/obligations?unit=%E5%8C%BA%E5%8F%B8%E6%B3%95%E5%B1%80' > " +  // NOLINT
                 out.string())
                    .c_str());
    seen = testing::slurp(out).find("hotline-unanswered") != std::string::npos;
  }
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  EXPECT_TRUE(seen) << testing::slurp(work / "stderr");
  EXPECT_TRUE(fs::exists(work / "spool" / "done" / "calls.jsonl"));
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined
