#include "deadlined/daemon/page_digester.hpp"

#include <libxml/parser.h>

#include <algorithm>
#include <thread>

namespace deadlined::daemon {

namespace {

unsigned thread_count(unsigned asked) {
  return asked > 0 ? asked : std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

page_digester::page_digester(unsigned threads) : pool_(thread_count(threads)) {
  xmlInitParser();  // libxml2 sets up its global state once, before threads parse
}

page_digester::~page_digester() {
  pool_.join();  // callers have had their digests: nothing is left but idle threads
}

asio::awaitable<page_digest> page_digester::digest(const source_settings& source, const fetched_page& page,
                                                   const rules::zone_offsets& zone) {
  if (!has_page_to_read(page.result)) co_return page_digest{};  // no trip to the pool
  co_return co_await asio::co_spawn(
      pool_.get_executor(), [&]() -> asio::awaitable<page_digest> { co_return digest_page(source, page, zone); },
      asio::use_awaitable);
}

}  // namespace deadlined::daemon
