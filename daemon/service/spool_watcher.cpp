// inotify through an Asio stream descriptor, so the event loop sleeps until the kernel says
// a file arrived. The spool ingests only files older than its settle time, so the check is
// started a little after the last event.

#include "deadlined/daemon/spool_watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace deadlined::daemon {

namespace {

constexpr auto settle_delay = std::chrono::seconds{3};  // the spool's settle time plus a second

}  // namespace

spool_watcher::spool_watcher(asio::io_context& io, const std::string& directory, std::function<void()> on_file,
                             std::shared_ptr<spdlog::logger> log)
    : events_(io), settle_(io), on_file_(std::move(on_file)), log_(std::move(log)) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0 || ::inotify_add_watch(fd, directory.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
    if (fd >= 0) ::close(fd);
    log_->warn("spool.unwatched: cannot watch {} ({}); the spool is read at each check", directory,
               std::strerror(errno));
    return;
  }
  events_.assign(fd);
  asio::co_spawn(io, watch(), asio::detached);
}

spool_watcher::~spool_watcher() {
  stop();
}

void spool_watcher::stop() {
  boost::system::error_code ignored;
  events_.close(ignored);
  settle_.cancel();
}

asio::awaitable<void> spool_watcher::watch() {
  std::array<char, 4096> buffer{};
  for (;;) {
    boost::system::error_code ec;
    co_await events_.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;  // closed: stopping
    if (pending_) continue;
    pending_ = true;
    settle_.expires_after(settle_delay);
    co_await settle_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    pending_ = false;
    if (ec) co_return;
    on_file_();
  }
}

}  // namespace deadlined::daemon
