#pragma once
// Starts the tests' Python peers on loopback — tests/support/site_server.py (websites),
// webhook_receiver.py (webhooks and chat robots), smtp_server.py (mail) — and makes a test
// certificate authority with openssl for the TLS cases.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace deadlined::testing {

class site_server {
 public:
  /// `extra`: --tls CERT KEY, --proxy, --root DIR; `host`: 127.0.0.1 or ::1.
  explicit site_server(const std::filesystem::path& work, std::vector<std::string> extra = {},
                       std::string host = "127.0.0.1", const std::string& script = "site_server.py")
      : host_(std::move(host)) {
    std::filesystem::create_directories(work);
    const auto port_file = work / ("port-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove(port_file);
    std::vector<std::string> args{"/usr/bin/python3", std::string{DEADLINED_SOURCE_DIR} + "/tests/support/" + script,
                                  "--port-file",      port_file.string(),
                                  "--host",           host_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start site_server.py");
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in{port_file};
      if (in >> port_) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (port_ == 0) throw std::runtime_error(script + " did not start");
  }
  ~site_server() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  site_server(const site_server&) = delete;
  site_server& operator=(const site_server&) = delete;

  int port() const { return port_; }
  /// http(s)://127.0.0.1:PORT + path
  std::string url(const std::string& path, const std::string& scheme = "http") const {
    const auto host = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
    return scheme + "://" + host + ":" + std::to_string(port_) + path;
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string host_;
  pid_t pid_ = 0;
  int port_ = 0;
};

/// A throwaway CA and a server certificate for 127.0.0.1 and localhost signed by it, plus a
/// second server certificate for another name (to see host-name verification fail).
struct test_ca {
  std::filesystem::path ca_cert, server_cert, server_key, other_cert, other_key;

  explicit test_ca(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    ca_cert = dir / "ca.pem";
    server_cert = dir / "server.pem";
    server_key = dir / "server.key";
    other_cert = dir / "other.pem";
    other_key = dir / "other.key";
    const auto d = dir.string();
    const std::string quiet = " >/dev/null 2>&1";
    run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=deadlined-test-ca -keyout " + d + "/ca.key -out " +
        ca_cert.string() + quiet);
    sign("server", "IP:127.0.0.1,IP:::1,DNS:localhost", d);
    sign("other", "DNS:other.example", d);
  }

 private:
  static void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);  // NOLINT
  }
  void sign(const std::string& name, const std::string& san, const std::string& d) {
    const std::string quiet = " >/dev/null 2>&1";
    std::ofstream{d + "/" + name + ".ext"} << "subjectAltName=" << san << "\n";
    run("openssl req -newkey rsa:2048 -nodes -subj /CN=" + name + " -keyout " + d + "/" + name + ".key -out " + d +
        "/" + name + ".csr" + quiet);
    run("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + ca_cert.string() + " -CAkey " + d +
        "/ca.key -CAcreateserial -days 2 -extfile " + d + "/" + name + ".ext -out " + d + "/" + name + ".pem" + quiet);
  }
};

}  // namespace deadlined::testing
