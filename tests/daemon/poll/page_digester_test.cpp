// Pages are read on the digest threads and the poller resumes on its own thread (where it
// writes the database); a failed fetch or a 304 has nothing to read.

#include "deadlined/daemon/page_digester.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/cn_calendar.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

std::string test_page(const char* name) {
  std::ifstream in{fs::path{DEADLINED_TEST_DATA} / "pages" / name, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

fetched_page fetched(std::string body, int status = 200) {
  fetched_page page;
  page.at = rules::instant{std::chrono::sys_days{std::chrono::year{2019} / 10 / 8}} + std::chrono::hours{1};
  page.result.status = status;
  page.result.body = std::move(body);
  page.result.content_type = "text/html; charset=utf-8";
  page.result.final_url = "http://127.0.0.1/zwgk/tzgg/";
  return page;
}

/// Digests `pages` at once from a coroutine on an io_context of this thread; `resumed_on`
/// gets the thread each digest's caller continued on.
std::vector<page_digest> digest_all(page_digester& digester, const std::vector<fetched_page>& pages,
                                    std::vector<std::thread::id>& resumed_on) {
  asio::io_context io;
  const source_settings source;  // parser: auto
  std::vector<page_digest> out(pages.size());
  resumed_on.assign(pages.size(), {});
  for (std::size_t i = 0; i < pages.size(); ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          out[i] = co_await digester.digest(source, pages[i], testing::cn_calendar().zone());
          resumed_on[i] = std::this_thread::get_id();
        },
        asio::detached);
  }
  io.run();
  return out;
}

TEST(PageDigester, PagesAreReadAndTheirCallersResumeOnTheirOwnThread) {
  page_digester digester{2};
  std::vector<fetched_page> pages;
  for (int i = 0; i < 40; ++i)
    pages.push_back(fetched(test_page(i % 2 == 0 ? "pinned.html" : "interaction.html")));
  std::vector<std::thread::id> resumed_on;
  const auto digests = digest_all(digester, pages, resumed_on);
  for (std::size_t i = 0; i < digests.size(); ++i) {
    ASSERT_TRUE(digests[i].page) << i;
    EXPECT_EQ(digests[i].page->hash, sha256_hex(pages[i].result.body)) << i;
    EXPECT_EQ(digests[i].extracted.items.size(), 3U) << i;
    EXPECT_EQ(digests[i].fill, column_fill::filled) << i;
    EXPECT_EQ(resumed_on[i], std::this_thread::get_id()) << i;
  }
  EXPECT_EQ(digests[0].extracted.items[0].title, "从化区2019年政务公开工作要点分工方案");
  EXPECT_EQ(digests[1].extracted.items[0].title, "关于温泉镇路灯维修的咨询");
  EXPECT_NE(digests[0].page->hash, digests[1].page->hash);
}

TEST(PageDigester, AFailedFetchOrANotModifiedPageHasNothingToRead) {
  page_digester digester{1};
  const std::vector<fetched_page> pages{fetched(test_page("pinned.html"), 503), fetched("", 304)};
  std::vector<std::thread::id> resumed_on;
  for (const auto& digest : digest_all(digester, pages, resumed_on)) {
    EXPECT_FALSE(digest.page);
    EXPECT_TRUE(digest.extracted.items.empty());
    EXPECT_EQ(digest.fill, column_fill::unknown);
  }
}

}  // namespace
}  // namespace deadlined::daemon
