// A reload of the daemon while a site is slow to answer: the poll in progress is finished
// and recorded, and the source's new loop does not fetch the page a second time meanwhile.

#include "deadlined/daemon/poll_scheduler.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "deadlined/daemon/config.hpp"
#include "support/facts.hpp"
#include "support/site_server.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path work = fs::temp_directory_path() / ("deadlined-poll-scheduler-test-" + std::to_string(::getpid()));

/// How many requests for `path` the site has logged.
std::size_t requests_for(const deadlined::testing::site_server& site, const std::string& path) {
  asio::io_context io;
  http_client client{io.get_executor(), {}};
  fetch_request request;
  request.url = site.url("/_log");
  fetch_result out;
  asio::co_spawn(io, client.fetch(request, out), asio::detached);
  io.run();
  std::size_t count = 0;
  const auto log = boost::json::parse(out.body);
  for (const auto& entry : log.as_array())
    count += entry.at("path").as_string() == path ? 1 : 0;
  return count;
}

TEST(PollSchedulerTest, AReloadDuringASlowFetchRecordsItAndFetchesNothingTwice) {
  fs::remove_all(work);
  fs::create_directories(work);
  const deadlined::testing::site_server site{work};
  const std::string slow = "/delay/1500/list.html";
  std::ofstream{work / "deadlined.yaml"} << "district: 测试区\nunits:\n  - {name: 区财政局}\n"
                                         << "polling: {politeness_delay_ms: 0, proxy: none, interval_minutes: 60}\n"
                                         << "sources:\n  - {id: slow, unit: 区财政局, url: '" << site.url(slow)
                                         << "', emits: item.published}\n";
  const auto config = testing::load_or_fail((work / "deadlined.yaml").string(), (work / "state.sqlite").string());
  db_worker worker{config};
  daemon_counters counters;
  asio::io_context io;
  const auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  poll_scheduler polling{io, worker, log, counters, [] {}};
  auto guard = asio::make_work_guard(io);
  std::thread loop{[&io] { io.run(); }};

  asio::post(io, [&] { polling.start(config); });
  // The first poll goes out within 3 s; reload while the site takes its 1.5 s to answer.
  for (int i = 0; i < 100 && requests_for(site, slow) == 0; ++i)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(requests_for(site, slow), 1U);
  asio::post(io, [&] { polling.start(config); });  // SIGHUP with the same configuration
  std::this_thread::sleep_for(4500ms);             // past the answer, and past a new loop's first 3 s

  EXPECT_EQ(requests_for(site, slow), 1U);  // not fetched again by the new loop
  asio::post(io, [&] { polling.stop(); });
  guard.reset();
  io.stop();
  loop.join();
  const store db{(work / "state.sqlite").string()};
  EXPECT_EQ(db.fetches_of("slow", rules::instant{}).size(), 1U);  // the answer was recorded, not dropped
  EXPECT_EQ(db.facts_of_source("slow").size(), 5U);
  fs::remove_all(work);
}

}  // namespace
}  // namespace deadlined::daemon
