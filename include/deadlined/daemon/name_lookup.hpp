#pragma once
// Host name lookups that a DNS server which does not answer cannot hold up.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "deadlined/daemon/net.hpp"

namespace deadlined::daemon {

struct lookup_result {
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code error;  ///< asio::error::timed_out when the deadline came first
};

/// Looks host names up on threads of their own, each fetch waiting until the answer or its
/// deadline, whichever comes first; a lookup past its deadline is abandoned (its thread
/// ends when the system's resolver gives up, and the answer is dropped). Asio's own
/// resolver runs the lookups of an event loop one after another on a single thread, and
/// cancelling does not interrupt one in progress: a county site whose DNS server is down
/// held up every new connection of the pass, past every timeout.
class name_lookup {
 public:
  /// getaddrinfo through Asio, blocking: what runs on a lookup's thread.
  using resolver = std::function<std::vector<tcp::endpoint>(const std::string& host, const std::string& port,
                                                            bool ipv6_only, boost::system::error_code& error)>;
  static std::vector<tcp::endpoint> system_resolver(const std::string& host, const std::string& port, bool ipv6_only,
                                                    boost::system::error_code& error);

  /// `most_pending`: lookups running at once (abandoned ones included); beyond it a lookup
  /// fails at once rather than start yet another thread waiting on a silent server.
  explicit name_lookup(resolver resolve = system_resolver, int most_pending = 32);

  /// The addresses of `host`. The executor's loop is polled for the answer (every few
  /// milliseconds, then every 20 ms): the lookup's thread never touches the loop, so
  /// neither outlives the other's use.
  asio::awaitable<lookup_result> find(std::string host, std::string port, bool ipv6_only,
                                      std::chrono::steady_clock::time_point deadline) const;

 private:
  resolver resolve_;
  int most_pending_;
  std::shared_ptr<std::atomic<int>> pending_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace deadlined::daemon
