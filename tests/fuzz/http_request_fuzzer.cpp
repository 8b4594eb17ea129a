// The HTTP request path as a client on the network drives it: raw bytes through Beast's
// parser with the daemon's limits, then the router over a real database and status view
// (the daemon tests' district, with its tokens). Any request is answered without a crash,
// and never with 500: an internal error on some input is a finding.

#include <cstdint>
#include <cstdlib>
#include <memory>

#include "deadlined/daemon/api_router.hpp"
#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/db_worker.hpp"
#include "deadlined/daemon/http_server.hpp"
#include "fuzz/scratch_file.hpp"

namespace {

using namespace deadlined;
using namespace deadlined::daemon;

// A fixed clock keeps runs reproducible.
const rules::instant fixed_now{std::chrono::sys_days{std::chrono::year{2019} / 10 / 10} + std::chrono::hours{2}};

struct harness;
asio::awaitable<void> first_check(harness& self);
// Named coroutines, not coroutine lambdas: GCC 12 mangles two of those in one function alike.
asio::awaitable<void> answer_into(api_router& router, api_request request, api_response& out) {
  out = co_await router.handle(std::move(request));
}

struct harness {
  asio::io_context io;
  std::unique_ptr<db_worker> worker;
  std::shared_ptr<const status_view> view;
  daemon_counters counters;
  std::unique_ptr<api_router> router;

  harness() {
    const auto loaded = load_config(std::string{DEADLINED_TEST_DATA} + "/daemon/daemon.yaml",
                                    (fuzzing::scratch_directory() / "state.db").string());
    if (!loaded.snapshot) std::abort();
    worker = std::make_unique<db_worker>(loaded.snapshot);
    asio::co_spawn(io, first_check(*this), asio::detached);
    io.run();
    io.restart();
    if (!view) std::abort();
    router = std::make_unique<api_router>([this] { return view; }, counters, *worker, [] { return fixed_now; });
  }
  ~harness() { worker->stop(); }
};

asio::awaitable<void> first_check(harness& self) {
  auto* w = self.worker.get();
  self.view = co_await w->run([w] { return w->check(fixed_now); });
}

harness& the_harness() {
  static harness h;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& h = the_harness();
  http::request_parser<http::string_body> parser;
  apply_limits(parser, http_limits{});
  parser.eager(true);
  boost::system::error_code ec;
  const auto used = parser.put(asio::buffer(data, size), ec);
  (void)used;
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;  // answered 400/413 by the session, closed
  // Clients on loopback may read without a token (open_reads_on_loopback): try both.
  const bool loopback = size % 2 == 1;
  api_response answer;
  asio::co_spawn(h.io, answer_into(*h.router, to_api_request(parser.release(), loopback), answer),
                 // The session turns an exception into a 500: just as much a finding.
                 [](const std::exception_ptr& failure) {
                   if (failure) std::abort();
                 });
  h.io.run();
  h.io.restart();
  if (answer.status >= 500) std::abort();
  return 0;
}
