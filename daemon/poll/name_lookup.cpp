#include "deadlined/daemon/name_lookup.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace deadlined::daemon {

struct name_lookup::pending {
  std::mutex mutex;
  bool finished = false;
  lookup_result result;
};

namespace {

/// getaddrinfo's answer as Asio reports it (its messages: "Host not found (authoritative)").
boost::system::error_code lookup_error(int code) {
  switch (code) {
    case EAI_AGAIN:
      return asio::error::host_not_found_try_again;
    case EAI_NONAME:
      return asio::error::host_not_found;
    case EAI_FAMILY:
      return asio::error::address_family_not_supported;
    case EAI_MEMORY:
      return asio::error::no_memory;
    case EAI_SERVICE:
      return asio::error::service_not_found;
    case EAI_SOCKTYPE:
      return asio::error::socket_type_not_supported;
    case EAI_SYSTEM:
      return {errno, boost::system::system_category()};
    default:
      return asio::error::no_recovery;
  }
}

}  // namespace

std::vector<tcp::endpoint> name_lookup::system_resolver(const std::string& host, const std::string& port,
                                                        bool ipv6_only, boost::system::error_code& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_family = ipv6_only ? AF_INET6 : AF_UNSPEC;
  // Addresses of a family the machine has none of are left out, as Asio does by default —
  // but not for the IPv6 probe, which asks for AAAA records even on a machine without IPv6
  // of its own (hiding them would blame the site).
  hints.ai_flags = ipv6_only ? 0 : AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const int code = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  std::vector<tcp::endpoint> out;
  if (code != 0) {
    error = lookup_error(code);
    return out;
  }
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (a->ai_family == AF_INET || a->ai_family == AF_INET6) {
      tcp::endpoint endpoint;
      const auto size = std::min<std::size_t>(a->ai_addrlen, endpoint.capacity());
      std::memcpy(endpoint.data(), a->ai_addr, size);
      endpoint.resize(size);
      out.push_back(endpoint);
    }
  }
  ::freeaddrinfo(found);
  if (out.empty()) error = asio::error::host_not_found;
  return out;
}

name_lookup::name_lookup(resolver resolve, int most_threads)
    : resolve_(std::move(resolve)), most_threads_(most_threads) {}

std::shared_ptr<name_lookup::pending> name_lookup::start(const key& name) {
  if (threads_->fetch_add(1) >= most_threads_) {
    threads_->fetch_sub(1);
    return nullptr;
  }
  auto state = std::make_shared<pending>();
  const auto& [host, port, ipv6_only] = name;
  try {
    std::thread{[state, threads = threads_, resolve = resolve_, host, port, ipv6_only] {
      lookup_result found;
      try {
        found.endpoints = resolve(host, port, ipv6_only, found.error);
      } catch (const std::exception&) {
        found.error = asio::error::no_recovery;
      }
      const std::lock_guard lock{state->mutex};
      state->result = std::move(found);
      state->finished = true;
      threads->fetch_sub(1);
    }}.detach();
  } catch (const std::system_error&) {  // no thread to be had now: like a full pool
    threads_->fetch_sub(1);
    return nullptr;
  }
  running_[name] = state;
  return state;
}

asio::awaitable<lookup_result> name_lookup::find(std::string host, std::string port, bool ipv6_only,
                                                 std::chrono::steady_clock::time_point deadline) {
  const key name{std::move(host), std::move(port), ipv6_only};
  std::shared_ptr<pending> state;
  asio::steady_timer tick{co_await asio::this_coro::executor};
  auto interval = std::chrono::milliseconds{1};
  for (;;) {
    if (!state) {
      if (const auto it = running_.find(name); it != running_.end()) state = it->second.lock();
      if (state) {
        const std::lock_guard lock{state->mutex};
        if (state->finished) state.reset();  // an answer from before this fetch asked: ask again
      }
      if (!state) state = start(name);
    }
    if (state) {
      const std::lock_guard lock{state->mutex};
      if (state->finished) {
        std::erase_if(running_, [](const auto& entry) { return entry.second.expired(); });
        if (const auto it = running_.find(name); it != running_.end() && it->second.lock() == state) running_.erase(it);
        co_return state->result;
      }
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
