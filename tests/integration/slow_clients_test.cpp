// Slowloris: hundreds of clients that open a connection and trickle a request byte by byte.
// The daemon cuts each at its request timeout however it trickles, closes connections beyond
// http.max_connections at once, never holds more descriptors than that, and answers
// ordinary requests again as soon as the slow ones are gone.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "support/daemon_client.hpp"
#include "support/process.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

int open_descriptors(pid_t pid) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator{"/proc/" + std::to_string(pid) + "/fd"})
    ++n;
  return n;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

double metric(int port, const std::string& name) {
  const auto metrics = testing::get(port, "/metrics");
  std::smatch m;
  if (metrics.status != 200 || !std::regex_search(metrics.body, m, std::regex{"\n" + name + " ([0-9.e+]+)\n"})) {
    return -1;
  }
  return std::stod(m[1]);
}

TEST(SlowClients, HundredsOfTricklingClientsCannotExhaustTheDaemon) {
  constexpr int cap = 50;
  constexpr int slow_count = 200;
  const auto work = fs::temp_directory_path() / ("deadlined-slow-clients-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  fs::copy(fs::path{DEADLINED_TEST_DATA} / "daemon", work / "config");
  {
    auto text = testing::slurp(work / "config" / "daemon.yaml");
    const std::string timeout = "request_timeout_seconds: 1";
    text.insert(text.find(timeout) + timeout.size(), "\n  max_connections: " + std::to_string(cap));
    std::ofstream{work / "config" / "daemon.yaml"} << text;
  }
  const pid_t pid = testing::start_deadlined({"run", "--config", (work / "config" / "daemon.yaml").string(), "--db",
                                              (work / "d.db").string(), "--listen", "127.0.0.1:0"},
                                             work);
  const int port = testing::daemon_port(work);
  ASSERT_NE(port, 0) << testing::slurp(work / "stderr");
  const int baseline = open_descriptors(pid);

  // Each slow client sends a request line, then one header byte every 100 ms, for 3 s:
  // three times the request timeout.
  std::vector<int> slow;
  std::vector<std::chrono::steady_clock::time_point> cut(slow_count);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < slow_count; ++i) {
    const int fd = connect_to(port);
    ASSERT_GE(fd, 0);
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  int peak = 0;
  while (std::chrono::steady_clock::now() - started < 3s) {
    for (int i = 0; i < slow_count; ++i) {
      if (cut[i] != std::chrono::steady_clock::time_point{}) continue;
      char byte = 'x';
      if (::send(slow[i], &byte, 1, MSG_NOSIGNAL) != 1) cut[i] = std::chrono::steady_clock::now();
    }
    peak = std::max(peak, open_descriptors(pid));
    std::this_thread::sleep_for(100ms);
  }
  int still_open = 0;
  for (int i = 0; i < slow_count; ++i) {
    // A write may still succeed on a socket the peer has closed; a read tells for sure.
    char byte = 0;
    if (cut[i] == std::chrono::steady_clock::time_point{} && ::recv(slow[i], &byte, 1, MSG_DONTWAIT) < 0 &&
        (errno == EAGAIN || errno == EWOULDBLOCK)) {
      ++still_open;
    }
    ::close(slow[i]);
  }
  EXPECT_EQ(still_open, 0) << "slow clients the daemon did not cut off";
  EXPECT_LE(peak, baseline + cap + 5) << "descriptors held at the peak of the attack";
  EXPECT_GE(metric(port, "deadlined_http_connections_refused_total"), slow_count - cap);

  // The slow ones are gone: ordinary requests are answered at once.
  const auto health = testing::get(port, "/healthz");
  EXPECT_EQ(health.status, 200U) << health.body;
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work).code, 0);
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined
