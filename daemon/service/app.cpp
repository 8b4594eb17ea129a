#include "deadlined/daemon/app.hpp"

#include <systemd/sd-daemon.h>

#include "deadlined/daemon/api_router.hpp"
#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/db_worker.hpp"
#include "deadlined/daemon/http_server.hpp"
#include "deadlined/daemon/poll_scheduler.hpp"
#include "deadlined/daemon/spool_watcher.hpp"
#include "deadlined/daemon/wake_plan.hpp"

namespace deadlined::daemon {

namespace {

/// The daemon's state on the event loop thread.
struct daemon_state {
  asio::io_context io;
  std::shared_ptr<spdlog::logger> log;
  app_options options;
  std::unique_ptr<db_worker> worker;
  std::unique_ptr<poll_scheduler> polling;
  std::unique_ptr<spool_watcher> spool;
  std::shared_ptr<const status_view> view;
  daemon_counters counters;
  tcp::acceptor acceptor{io};
  asio::steady_timer next_check{io};
  asio::steady_timer watchdog{io};
  bool stopping = false;
  /// Records arrived: evaluate as soon as the check in progress (if any) is done.
  bool recheck = false;
};

asio::awaitable<void> check_once(daemon_state& d) {
  try {
    const auto now = wall_now();
    d.view = co_await d.worker->run([&d, now] { return d.worker->check(now); });
    ++d.counters.evaluations;
    const auto overdue =
        std::count_if(d.view->obligations.begin(), d.view->obligations.end(),
                      [](const rules::obligation& o) { return o.state == rules::obligation_state::overdue; });
    d.log->info("check.evaluated: {} facts, {} obligations ({} overdue) in {:.2f} s", d.view->fact_count,
                d.view->obligations.size(), overdue, d.view->evaluation_seconds);
    for (const auto& reason : d.view->degraded)
      d.log->warn("health.degraded: {}", reason);
    sd_notifyf(0, "STATUS=%zu obligations, %ld overdue", d.view->obligations.size(), static_cast<long>(overdue));
  } catch (const std::exception& e) {
    ++d.counters.evaluation_failures;
    d.log->error("check.failed: {}", e.what());
  }
}

/// Wait, evaluate, record, compute the next wake-up.
asio::awaitable<void> run_timers(daemon_state& d) {
  while (!d.stopping) {
    if (!d.recheck) {
      // Wake at the check interval, or earlier at the next notice's instant (a 20:00
      // deadline is noticed at 20:00) or the nightly check. The wait runs on the steady
      // clock but is recomputed from the wall clock at every check, so a clock jump or a
      // suspend delays a check by at most one interval.
      const auto& http = d.view->config->http;
      d.next_check.expires_after(next_wake_delay(wall_now(), d.view->next_notice_at,
                                                 std::chrono::minutes{http.check_interval_minutes},
                                                 d.view->config->calendar.zone(), http.nightly_check));
      // A cancelled wait (new records, or stopping) is not an error: the loop decides what next.
      co_await d.next_check.async_wait(asio::as_tuple(asio::use_awaitable));
      if (d.stopping) co_return;
    }
    // Records that arrive while this check runs set the flag again and get their own check.
    d.recheck = false;
    co_await check_once(d);
  }
}

asio::awaitable<void> reload(daemon_state& d) {
  const auto path = d.options.config_path;
  const auto db = d.options.database_override;
  auto loaded = co_await d.worker->run([&path, &db] { return load_config(path, db); });
  if (!loaded.snapshot) {
    ++d.counters.reload_failures;
    for (const auto& problem : loaded.problems)
      d.log->error("config.reload_failed: {}", rules::to_string(problem));
    d.log->error("config.reload_failed: keeping the configuration in use");
    co_return;
  }
  auto snapshot = loaded.snapshot;
  co_await d.worker->run([&d, &snapshot] {
    d.worker->use_config(snapshot);
    return 0;
  });
  ++d.counters.reloads;
  d.log->info("config.reloaded: {}", path);
  d.polling->start(snapshot);
  co_await check_once(d);
}

/// Tells systemd the event loop is alive, at half the WatchdogSec interval. Only the loop's
/// liveness: a long evaluation or a slow mail server on the worker thread is not a hang.
asio::awaitable<void> feed_watchdog(daemon_state& d, std::chrono::microseconds interval) {
  while (!d.stopping) {
    sd_notify(0, "WATCHDOG=1");
    d.watchdog.expires_after(interval / 2);
    co_await d.watchdog.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> handle_signals(daemon_state& d) {
  asio::signal_set signals{d.io, SIGTERM, SIGINT, SIGHUP};
  for (;;) {
    auto [ec, signal] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (signal == SIGHUP) {
      sd_notify(0, "RELOADING=1");
      co_await reload(d);
      sd_notify(0, "READY=1");
      continue;
    }
    d.log->info("daemon.stopping: signal {}", signal);
    sd_notify(0, "STOPPING=1");
    d.stopping = true;
    boost::system::error_code ignored;
    d.acceptor.close(ignored);  // no new connections; open ones finish their request
    d.next_check.cancel();
    d.watchdog.cancel();
    d.polling->stop();
    d.spool->stop();
    co_return;
  }
}

}  // namespace

int run_daemon(const app_options& options, std::shared_ptr<spdlog::logger> log) {
  auto loaded = load_config(options.config_path, options.database_override);
  for (const auto& problem : loaded.problems)
    log->error("config.invalid: {}", rules::to_string(problem));
  if (!loaded.snapshot) return exit_input_problems;

  daemon_state d;
  d.log = log;
  d.options = options;
  d.worker = std::make_unique<db_worker>(loaded.snapshot);
  d.worker->use_logger(log);
  auto view = std::make_shared<status_view>();
  view->config = loaded.snapshot;
  d.view = view;

  const auto listen = options.listen_override.empty() ? loaded.snapshot->http.listen : options.listen_override;
  const auto endpoint = parse_listen_address(listen);
  d.acceptor.open(endpoint.protocol());
  d.acceptor.set_option(tcp::acceptor::reuse_address(true));
  d.acceptor.bind(endpoint);
  d.acceptor.listen(asio::socket_base::max_listen_connections);
  const auto bound = d.acceptor.local_endpoint();
  log->info("http.listening: {}:{}", bound.address().to_string(), bound.port());

  // New records re-evaluate at once: the timer's wait is cut short.
  api_router router{[&d] { return d.view; }, d.counters, *d.worker, [] { return wall_now(); },
                    [&d] {
                      d.recheck = true;
                      d.next_check.cancel();
                    }};
  // New facts from a poll are evaluated like new records: at once.
  d.polling = std::make_unique<poll_scheduler>(d.io, *d.worker, log, d.counters, [&d] {
    d.recheck = true;
    d.next_check.cancel();
  });
  // A file dropped into the spool is ingested at once (after it settles).
  d.spool = std::make_unique<spool_watcher>(
      d.io, loaded.snapshot->spool,
      [&d] {
        d.recheck = true;
        d.next_check.cancel();
      },
      log);
  asio::co_spawn(d.io, handle_signals(d), asio::detached);
  if (std::uint64_t usec = 0; sd_watchdog_enabled(0, &usec) > 0) {
    log->info("daemon.watchdog: every {} s", static_cast<double>(usec) / 2e6);
    asio::co_spawn(d.io, feed_watchdog(d, std::chrono::microseconds{usec}), asio::detached);
  }
  asio::co_spawn(
      d.io,
      [&d, &router]() -> asio::awaitable<void> {
        co_await check_once(d);
        sd_notify(0, "READY=1");
        d.log->info("daemon.ready: serving {} obligations", d.view->obligations.size());
        asio::co_spawn(d.io, run_timers(d), asio::detached);
        d.polling->start(d.view->config);
        http_limits limits;
        limits.read_timeout = std::chrono::seconds{d.view->config->http.request_timeout_seconds};
        limits.max_connections = static_cast<std::size_t>(d.view->config->http.max_connections);
        co_await serve_http(d.acceptor, router, d.counters, limits);
      },
      asio::detached);
  d.io.run();
  d.worker->stop();
  log->info("daemon.stopped");
  return exit_ok;
}

}  // namespace deadlined::daemon
