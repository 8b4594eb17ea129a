#include "deadlined/daemon/name_lookup.hpp"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <thread>

namespace deadlined::daemon {

namespace {

/// What a lookup's thread and the fetch waiting for it share.
struct pending_lookup {
  std::mutex mutex;
  bool finished = false;
  lookup_result result;
};

}  // namespace

std::vector<tcp::endpoint> name_lookup::system_resolver(const std::string& host, const std::string& port,
                                                        bool ipv6_only, boost::system::error_code& error) {
  asio::io_context local;  // the synchronous lookup needs one; it never runs
  tcp::resolver resolver{local};
  // The IPv6 probe asks for AAAA records even on a machine without an IPv6 address of its
  // own (the default flags would hide them and blame the site).
  const auto results = ipv6_only ? resolver.resolve(tcp::v6(), host, port, tcp::resolver::flags{}, error)
                                 : resolver.resolve(host, port, error);
  std::vector<tcp::endpoint> out;
  for (const auto& entry : results)
    out.push_back(entry.endpoint());
  return out;
}

name_lookup::name_lookup(resolver resolve, int most_pending)
    : resolve_(std::move(resolve)), most_pending_(most_pending) {}

asio::awaitable<lookup_result> name_lookup::find(std::string host, std::string port, bool ipv6_only,
                                                 std::chrono::steady_clock::time_point deadline) const {
  if (pending_->fetch_add(1) >= most_pending_) {
    pending_->fetch_sub(1);
    co_return lookup_result{{}, asio::error::no_buffer_space};
  }
  auto state = std::make_shared<pending_lookup>();
  try {
    std::thread{[state, pending = pending_, resolve = resolve_, host, port, ipv6_only] {
      lookup_result found;
      found.endpoints = resolve(host, port, ipv6_only, found.error);
      const std::lock_guard lock{state->mutex};
      state->result = std::move(found);
      state->finished = true;
      pending->fetch_sub(1);
    }}.detach();
  } catch (const std::system_error& e) {  // no thread to be had
    pending_->fetch_sub(1);
    co_return lookup_result{{}, e.code()};
  }
  asio::steady_timer tick{co_await asio::this_coro::executor};
  auto interval = std::chrono::milliseconds{1};
  for (;;) {
    {
      const std::lock_guard lock{state->mutex};
      if (state->finished) co_return std::move(state->result);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) co_return lookup_result{{}, asio::error::timed_out};
    tick.expires_at(std::min(deadline, now + interval));
    boost::system::error_code ignored;
    co_await tick.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    interval = std::min(interval * 2, std::chrono::milliseconds{20});
  }
}

}  // namespace deadlined::daemon
