// Intervals run on the steady clock (a wall-clock jump does not bunch or stall polls); the
// time a poll is recorded at is the wall clock, as facts need it.

#include "deadlined/daemon/poll_scheduler.hpp"

#include <random>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/poll_pass.hpp"

namespace deadlined::daemon {

poll_scheduler::poll_scheduler(asio::io_context& io, db_worker& worker, std::shared_ptr<spdlog::logger> log,
                               daemon_counters& counters, std::function<void()> on_new_facts)
    : io_(io), worker_(worker), log_(std::move(log)), on_new_facts_(std::move(on_new_facts)), counters_(counters) {}

void poll_scheduler::start(std::shared_ptr<const config_snapshot> config) {
  ++generation_;
  for (auto& timer : timers_)
    timer->cancel();
  timers_.clear();
  // Client settings (limits, proxy, CA) take effect at a reload too: a new client per generation.
  auto client = std::make_shared<http_client>(io_.get_executor(), client_settings_of(config->polling));
  for (std::size_t i = 0; i < config->sources.size(); ++i) {
    timers_.push_back(std::make_shared<asio::steady_timer>(io_));
    asio::co_spawn(io_, poll_loop(config, client, timers_.back(), i, generation_), asio::detached);
  }
  if (!config->sources.empty()) log_->info("poll.started: {} sources", config->sources.size());
}

void poll_scheduler::stop() {
  stopping_ = true;
  for (auto& timer : timers_)
    timer->cancel();
}

asio::awaitable<void> poll_scheduler::poll_loop(std::shared_ptr<const config_snapshot> config,
                                                std::shared_ptr<http_client> client,
                                                std::shared_ptr<asio::steady_timer> timer, std::size_t index,
                                                std::uint64_t generation) {
  const auto& source = config->sources[index];
  const auto interval =
      std::chrono::minutes{source.interval_minutes > 0 ? source.interval_minutes : config->polling.interval_minutes};
  std::mt19937_64 random{std::hash<std::string>{}(source.id) ^ generation};
  const auto interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(interval).count();
  std::uniform_int_distribution<std::int64_t> jitter(-interval_ms / 10, interval_ms / 10);
  // A source polled before continues its rhythm (a restart does not re-poll everything at
  // once); one never polled, or overdue for a poll, starts within a few seconds.
  std::uniform_int_distribution<std::int64_t> soon(0, 3000);
  std::int64_t first_ms = soon(random);
  // A reload while the previous generation's loop of this source is polling: that poll is
  // recorded first, so the state read here has its attempt.
  while (polls_in_progress_[source.id] > 0 && !stopping_ && generation == generation_) {
    timer->expires_after(std::chrono::milliseconds{100});
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (stopping_ || generation != generation_) co_return;
  try {
    const auto started = wall_now();
    const auto [state, ipv6_due] =
        co_await worker_.run([this, &source, started] { return worker_.poll_state_for(source, started); });
    if (state.last_attempt_at) {
      const auto next = *state.last_attempt_at + std::chrono::duration_cast<std::chrono::seconds>(interval);
      if (next > started) first_ms += std::chrono::duration_cast<std::chrono::milliseconds>(next - started).count();
    }
  } catch (const std::exception& e) {
    log_->error("source.failed: {}: {}", source.id, e.what());
  }
  timer->expires_after(std::chrono::milliseconds{first_ms});
  for (;;) {
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopping_ || generation != generation_) co_return;
    const auto now = wall_now();
    // Counted until recorded; a reload meanwhile does not stop it (see the header). Not
    // by a guard object: a frame destroyed with the event loop must not touch this.
    auto& in_progress = polls_in_progress_[source.id];
    ++in_progress;
    try {
      auto [state, ipv6_due] =
          co_await worker_.run([this, &source, now] { return worker_.poll_state_for(source, now); });
      fetched_page page;
      co_await fetch_source(*client, source, state, now, ipv6_due, page);
      if (stopping_) co_return;
      const auto& snapshot = *config;
      // Read on the digest threads, so the database thread only writes.
      auto digest = co_await digester_.digest(source, page, snapshot.calendar.zone());
      if (stopping_) co_return;
      const auto report = co_await worker_.run([this, &snapshot, &source, &page, &digest] {
        return worker_.record(snapshot, source, page, std::move(digest));
      });
      auto& mine = counters_.source_polls[source.id];
      ++mine.first;
      if (!report.ok) ++mine.second;
      log_poll(*log_, source, report);
      if (report.new_facts + report.revised > 0) on_new_facts_();
    } catch (const std::exception& e) {
      ++counters_.source_polls[source.id].second;
      log_->error("source.failed: {}: {}", source.id, e.what());
    }
    --in_progress;
    if (stopping_ || generation != generation_) co_return;
    timer->expires_after(std::chrono::milliseconds{interval_ms + jitter(random)});
  }
}

}  // namespace deadlined::daemon
