#pragma once
// Host name lookups that a DNS server which does not answer cannot hold up.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
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
///
/// Fetches asking for a name already being looked up wait for that lookup, so a name that
/// gets no answer holds one thread, however many of its columns are polled. Used from one
/// event-loop thread (as the polling client is).
class name_lookup {
 public:
  /// Blocking getaddrinfo: what runs on a lookup's thread.
  using resolver = std::function<std::vector<tcp::endpoint>(const std::string& host, const std::string& port,
                                                            bool ipv6_only, boost::system::error_code& error)>;
  static std::vector<tcp::endpoint> system_resolver(const std::string& host, const std::string& port, bool ipv6_only,
                                                    boost::system::error_code& error);

  /// `most_threads`: lookup threads at once, abandoned ones included; a lookup beyond it
  /// waits for one to end (within its deadline).
  explicit name_lookup(resolver resolve = system_resolver, int most_threads = 64);

  /// The addresses of `host`. The loop looks for the answer every few milliseconds (at
  /// most 20 ms apart): the lookup's thread never touches the loop, so neither outlives the
  /// other's use.
  asio::awaitable<lookup_result> find(std::string host, std::string port, bool ipv6_only,
                                      std::chrono::steady_clock::time_point deadline);

  struct pending;  ///< one lookup, shared by its thread and the fetches waiting for it

 private:
  using key = std::tuple<std::string, std::string, bool>;
  std::shared_ptr<pending> start(const key& name);

  resolver resolve_;
  int most_threads_;
  std::shared_ptr<std::atomic<int>> threads_ = std::make_shared<std::atomic<int>>(0);
  std::map<key, std::weak_ptr<pending>> running_;
};

}  // namespace deadlined::daemon
