#pragma once
// Politeness for polling: at most N requests in flight overall, at most M per host, and a
// pause between two requests to the same host. Single-threaded (one io_context thread).

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "deadlined/daemon/net.hpp"

namespace deadlined::daemon {

class fetch_gate {
 public:
  fetch_gate(asio::any_io_executor executor, int max_in_flight, int per_host,
             std::chrono::milliseconds politeness_delay);

  /// Waits for a slot for `host`; the returned ticket frees it when destroyed.
  class ticket {
   public:
    ticket() = default;
    ticket(fetch_gate* gate, std::string host) : gate_(gate), host_(std::move(host)) {}
    ticket(ticket&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)), host_(std::move(other.host_)) {}
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();

   private:
    fetch_gate* gate_ = nullptr;
    std::string host_;
  };

  /// Fills `out` with a ticket once a slot is free (by reference: see db_worker.hpp on GCC 12).
  asio::awaitable<void> enter(const std::string& host, ticket& out);

  int in_flight() const { return in_flight_; }

 private:
  struct host_state {
    explicit host_state(const asio::any_io_executor& executor)
        : wake(executor, std::chrono::steady_clock::time_point::max()) {}
    int in_flight = 0;
    std::chrono::steady_clock::time_point next_start{};
    asio::steady_timer wake;  ///< waiters for this host sleep here
  };
  void leave(const std::string& host);

  asio::any_io_executor executor_;
  int max_in_flight_;
  int per_host_;
  std::chrono::milliseconds politeness_delay_;
  int in_flight_ = 0;
  std::map<std::string, std::unique_ptr<host_state>, std::less<>> hosts_;
  // Waiters whose host is free but the overall limit is reached sleep here.
  std::unique_ptr<asio::steady_timer> wake_;
};

}  // namespace deadlined::daemon
