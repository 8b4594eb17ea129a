// Waiters sleep on timers and are woken by cancelling them: a freed slot wakes the waiters
// of its host only, so 10,000 sources queued on 64 hosts do not all wake at every answer;
// the overall limit has its own timer, on which only waiters whose host is free sleep.

#include "deadlined/daemon/fetch_gate.hpp"

namespace deadlined::daemon {

fetch_gate::fetch_gate(asio::any_io_executor executor, int max_in_flight, int per_host,
                       std::chrono::milliseconds politeness_delay)
    : executor_(executor),
      max_in_flight_(std::max(1, max_in_flight)),
      per_host_(std::max(1, per_host)),
      politeness_delay_(politeness_delay),
      wake_(std::make_unique<asio::steady_timer>(executor, std::chrono::steady_clock::time_point::max())) {}

fetch_gate::ticket& fetch_gate::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    if (gate_ != nullptr) gate_->leave(host_);
    gate_ = std::exchange(other.gate_, nullptr);
    host_ = std::move(other.host_);
  }
  return *this;
}

fetch_gate::ticket::~ticket() {
  if (gate_ != nullptr) gate_->leave(host_);
}

asio::awaitable<void> fetch_gate::enter(const std::string& host, ticket& out) {
  auto& slot = hosts_[host];
  if (!slot) slot = std::make_unique<host_state>(executor_);
  auto& state = *slot;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (in_flight_ < max_in_flight_ && state.in_flight < per_host_ && now >= state.next_start) {
      ++in_flight_;
      ++state.in_flight;
      // The next request to this host may start after the pause, counted from this start.
      state.next_start = now + politeness_delay_;
      out = ticket{this, host};
      co_return;
    }
    boost::system::error_code ec;
    if (in_flight_ < max_in_flight_ && state.in_flight < per_host_) {
      // Only the politeness pause is in the way: sleep until it is over.
      asio::steady_timer pause{executor_, state.next_start};
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    } else if (state.in_flight >= per_host_) {
      co_await state.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await wake_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
}

void fetch_gate::leave(const std::string& host) {
  const bool was_full = in_flight_ >= max_in_flight_;
  --in_flight_;
  const auto it = hosts_.find(host);
  if (it != hosts_.end()) {
    --it->second->in_flight;
    it->second->wake.cancel();
  }
  if (was_full) wake_->cancel();
}

}  // namespace deadlined::daemon
