// The fuzz entry points on every fixture, cut at every length, and on noise: no crash,
// no hang (the sanitizer build catches memory errors), and cut pages yield no more items
// than whole ones.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "deadlined/daemon/parser_fuzz_entry.hpp"

namespace deadlined::daemon {
namespace {

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator{std::string{DEADLINED_TEST_DATA} + "/pages"}) {
    if (entry.path().extension() == ".md") continue;
    std::ifstream in{entry.path(), std::ios::binary};
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

TEST(ParserRobustness, TruncatedFixturesNeverYieldMoreThanTheWhole) {
  const auto pages = fixtures();
  ASSERT_GE(pages.size(), 14U);
  for (const auto& page : pages) {
    const std::size_t whole = fuzz_page_parser(page);
    for (std::size_t cut = 0; cut < page.size(); cut += 7) {
      EXPECT_LE(fuzz_page_parser(std::string_view{page}.substr(0, cut)), whole) << "cut at " << cut;
      fuzz_feed_parser(std::string_view{page}.substr(0, cut));
    }
  }
}

TEST(ParserRobustness, NoiseAndHostileMarkupParseToNothingHarmful) {
  std::mt19937 random{20191001};
  for (int i = 0; i < 200; ++i) {
    std::string noise(static_cast<std::size_t>(random() % 2048), '\0');
    for (auto& c : noise)
      c = static_cast<char>(random() % 256);
    fuzz_page_parser(noise);
    fuzz_feed_parser(noise);
    fuzz_page_dates(noise);
  }
  std::string deep;
  for (int i = 0; i < 5000; ++i)
    deep += "<div>";
  deep += "<a href='/x'>从化区深层嵌套的页面标题</a> 2019-09-27";
  EXPECT_LE(fuzz_page_parser(deep), 1U);
  EXPECT_EQ(fuzz_page_dates("2019-09-27 2019年9月27日 [09-27] 2019/9/27"), 4U + 1U);
}

}  // namespace
}  // namespace deadlined::daemon
