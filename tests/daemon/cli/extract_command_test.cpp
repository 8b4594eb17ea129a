#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "deadlined/daemon/cli.hpp"
#include "support/scratch_dir.hpp"
#include "support/site_server.hpp"

namespace deadlined::daemon {
namespace {

struct run_result {
  int code;
  std::string out;
  std::string err;
};

run_result run(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  command_io io{in, out, err, nullptr};
  const int code = run_cli(args, io);
  return {code, out.str(), err.str()};
}

const std::string pages = std::string{DEADLINED_TEST_DATA} + "/pages/";

TEST(ExtractCommand, JsonIsAnArrayOfItemsInDocumentOrder) {
  const auto r = run({"extract", pages + "interaction.html", "--auto", "--base-url", "https://www.conghua.gov.cn/",
                      "--now", "2019-10-10 09:00"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_EQ(
      r.out,
      R"([{"title":"关于温泉镇路灯维修的咨询","url":"https://www.conghua.gov.cn/hdjl/xx/1003.html","date":"2019-09-20","date_source":"page","pinned":false,"status":"replied","reply_date":"2019-09-25"},)"
      R"({"title":"江埔街幼儿园学位问题","url":"https://www.conghua.gov.cn/hdjl/xx/1002.html","date":"2019-09-18","date_source":"page","pinned":false,"status":"processing"},)"
      R"({"title":"反映鳌头镇垃圾清运不及时","url":"https://www.conghua.gov.cn/hdjl/xx/1001.html","date":"2019-06-02","date_source":"page","pinned":false,"status":"unreplied"}])"
      "\n");
}

TEST(ExtractCommand, FileUrlsAreTheirOwnBase) {
  const auto r = run({"extract", "file://" + pages + "pinned.html", "--format", "text", "--now", "2019-10-10 09:00"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "2019-03-01  [置顶] 从化区2019年政务公开工作要点分工方案  file:///a/3.html");
}

TEST(ExtractCommand, AFileUrlsEscapesAreDecodedToFindTheFile) {
  const deadlined::testing::scratch_dir work{"deadlined-extract-file-test"};
  std::filesystem::copy_file(pages + "pinned.html", work.path() / "镜像.html");
  // 镜像 in UTF-8, %-escaped as a URL writes it
  const auto r =
      run({"extract", "file://" + work.path().string() + "/%E9%95%9C%E5%83%8F.html", "--now", "2019-10-10 09:00"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("从化区2019年政务公开工作要点分工方案"), std::string::npos) << r.out;
}

TEST(ExtractCommand, WithoutABaseRelativeLinksStayRelative) {
  const auto r = run({"extract", pages + "pinned.html", "--now", "2019-10-10 09:00"});
  EXPECT_NE(r.out.find(R"("url":"/a/9.html")"), std::string::npos) << r.out;
}

TEST(ExtractCommand, UsesAConfiguredSourcesSelectors) {
  const auto r = run({"extract", pages + "gb2312-table.html", "--config",
                      std::string{DEADLINED_TEST_DATA} + "/sources/sources.yaml", "--source", "gb-table", "--format",
                      "text", "--now", "2019-10-10 09:00"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_EQ(
      r.out,
      "2019-09-20  [置顶] 从化区2019年国庆节假期值班安排  http://www.conghua.gov.cn/tzgg/201910/t20191008_1.html\n"
      "2019-09-29  关于开展2019年政务公开培训的通知  http://www.conghua.gov.cn/tzgg/201909/t20190929_2.html\n"
      "2019-09-25  从化区政务服务中心窗口调整公告  http://www.conghua.gov.cn/tzgg/201909/t20190925_3.html\n");
}

TEST(ExtractCommand, FetchesHttpUrlsWithThePollingClient) {
  const deadlined::testing::scratch_dir work{"deadlined-extract-test"};
  const deadlined::testing::site_server site{work.path()};
  const auto r = run({"extract", site.url("/redirect/1"), "--format", "text"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  // Links resolve against the page's final URL, after the redirects.
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "2019-09-21  关于印发从化区政务公开工作要点的通知  " + site.url("/utf8/art/1.html"));
  const auto missing = run({"extract", site.url("/status/404")});
  EXPECT_EQ(missing.code, exit_runtime);
  EXPECT_EQ(missing.err, "deadlined extract: " + site.url("/status/404") + ": HTTP 404\n");
}

TEST(ExtractCommand, AFetchedPageOfAConfiguredSourceIsReadAsThePollerReadsIt) {
  // The source's TLS opt-out applies (its site's certificate is from a CA nobody trusts),
  // and links resolve against where the page was found, not the URL the configuration
  // still names for the source.
  const deadlined::testing::scratch_dir work{"deadlined-extract-source-test"};
  const deadlined::testing::test_ca ca{work.path() / "ca"};
  const deadlined::testing::site_server site{work.path(), {"--tls", ca.server_cert.string(), ca.server_key.string()}};
  std::ofstream{work.path() / "deadlined.yaml"}
      << "district: 测试区\nunits:\n  - {name: 区财政局}\npolling: {proxy: none}\nsources:\n"
      << "  - {id: old, unit: 区财政局, url: 'https://www.conghua.gov.cn/czj/old/', emits: item.published, tls_verify: "
         "false}\n";
  const auto r = run({"extract", site.url("/redirect/1", "https"), "--config",
                      (work.path() / "deadlined.yaml").string(), "--source", "old", "--format", "text"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "2019-09-21  关于印发从化区政务公开工作要点的通知  " + site.url("/utf8/art/1.html", "https"));
}

TEST(ExtractCommand, UsageErrors) {
  EXPECT_EQ(run({"extract"}).code, exit_usage);
  EXPECT_EQ(run({"extract", pages + "pinned.html", "--format", "xml"}).code, exit_usage);
  EXPECT_EQ(run({"extract", pages + "absent.html"}).code, exit_runtime);
  const auto unknown = run({"extract", pages + "pinned.html", "--config",
                            std::string{DEADLINED_TEST_DATA} + "/sources/sources.yaml", "--source", "nope"});
  EXPECT_EQ(unknown.code, exit_usage);
}

}  // namespace
}  // namespace deadlined::daemon
