// Evidence snapshots are gzip members with their origin in the header comment. The
// compressor's state is kept per thread and reset between pages, so these check what that
// could break: every page reads back exactly, a comment never leaks into the next page,
// zcat reads the member, and threads compressing at once do not mix their pages.

#include "deadlined/daemon/content_coding.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string test_page(const char* name) {
  auto page = read_file(fs::path{DEADLINED_TEST_DATA} / "pages" / name);
  EXPECT_FALSE(page.empty()) << name;
  return page;
}

std::string gunzip(std::string_view member) {
  std::string out;
  const auto problem = decode_content("gzip", member, std::size_t{1} << 24, out);
  EXPECT_FALSE(problem) << *problem;
  return out;
}

TEST(GzipSnapshot, APageReadsBackExactlyWithItsOriginInTheComment) {
  const auto page = test_page("gb2312-table.html");  // GB2312 bytes, stored as fetched
  const std::string origin = R"({"url":"http://127.0.0.1/zwgk/","content_type":"text/html; charset=gb2312"})";
  const auto member = gzip_compress(page, origin);
  EXPECT_LT(member.size(), page.size());
  EXPECT_EQ(gunzip(member), page);
  EXPECT_EQ(gzip_comment(member), origin);
}

TEST(GzipSnapshot, ACommentDoesNotCarryOverToTheNextPage) {
  const auto first = gzip_compress(test_page("pinned.html"), R"({"url":"http://127.0.0.1/a/"})");
  const auto second = gzip_compress(test_page("interaction.html"));
  EXPECT_EQ(gzip_comment(first), R"({"url":"http://127.0.0.1/a/"})");
  EXPECT_EQ(gzip_comment(second), "");
  EXPECT_EQ(gunzip(second), test_page("interaction.html"));
  EXPECT_EQ(gunzip(gzip_compress("")), "");
}

TEST(GzipSnapshot, ZcatReadsTheSnapshot) {
  const auto page = test_page("commented-list.html");
  const fs::path file = fs::temp_directory_path() / ("deadlined-gzip-test-" + std::to_string(::getpid()) + ".gz");
  {
    std::ofstream out{file, std::ios::binary};
    const auto member = gzip_compress(page, R"({"url":"http://127.0.0.1/"})");
    out.write(member.data(), static_cast<std::streamsize>(member.size()));
  }
  std::string shown;
  if (FILE* pipe = ::popen(("gzip -dc " + file.string()).c_str(), "r")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
      shown.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0);
  }
  fs::remove(file);
  EXPECT_EQ(shown, page);
}

TEST(GzipSnapshot, ThreadsCompressingAtOnceKeepTheirOwnPages) {
  const std::vector<std::string> pages{test_page("pinned.html"), test_page("interaction.html"),
                                       test_page("malformed.html"), test_page("inline-json.html")};
  std::vector<int> mismatches(pages.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < pages.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const auto comment = "page " + std::to_string(t) + " round " + std::to_string(round);
        const auto member = gzip_compress(pages[t], comment);
        std::string back;
        if (decode_content("gzip", member, std::size_t{1} << 24, back) || back != pages[t] ||
            gzip_comment(member) != comment) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(pages.size(), 0));
}

TEST(GzipSnapshot, ABodyInflatingPastTheLimitIsRefused) {
  const std::string zeros(1 << 20, '\0');
  std::string out;
  const auto problem = decode_content("gzip", gzip_compress(zeros), 64 * 1024, out);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("larger than 65536 bytes"), std::string::npos) << *problem;
}

TEST(ContentCoding, AGzipBodyOfSeveralMembersIsDecodedWhole) {
  // A page a server compressed in two pieces reads back whole; padding after the last
  // member is ignored.
  const auto page = test_page("pinned.html");
  const auto half = page.size() / 2;
  const auto body = gzip_compress(page.substr(0, half)) + gzip_compress(page.substr(half)) + std::string(8, '\0');
  std::string out;
  const auto problem = decode_content("gzip", body, 16 << 20, out);
  EXPECT_FALSE(problem) << *problem;
  EXPECT_EQ(out, page);
}

TEST(ContentCoding, AnEmptyBodyLabelledCompressedIsEmpty) {
  for (const char* coding : {"gzip", "deflate"}) {
    std::string out = "left over";
    EXPECT_FALSE(decode_content(coding, "", 1024, out)) << coding;
    EXPECT_EQ(out, "") << coding;
  }
}

TEST(ContentCoding, AMemberCutShortIsStillAnError) {
  const auto body = gzip_compress(test_page("pinned.html"));
  std::string out;
  const auto problem = decode_content("gzip", std::string_view{body}.substr(0, body.size() / 2), 16 << 20, out);
  ASSERT_TRUE(problem);
  EXPECT_EQ(*problem, "compressed body is cut short");
}

}  // namespace
}  // namespace deadlined::daemon
