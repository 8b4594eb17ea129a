// URLs as the poller meets them: Location headers as servers send them, file:// mirrors,
// and proxy URLs shown in messages.

#include "deadlined/daemon/web_address.hpp"

#include <gtest/gtest.h>

namespace deadlined::daemon {
namespace {

TEST(WebAddress, ALocationIsResolvedWithWhatNoUrlMayHoldEscaped) {
  const std::string base = "http://www.conghua.gov.cn/zwgk/tzgg/index.html";
  EXPECT_EQ(resolve_reference(base, "../xxgk/list.html"), "http://www.conghua.gov.cn/zwgk/xxgk/list.html");
  EXPECT_EQ(resolve_reference(base, "/search?q=政务 公开"),
            "http://www.conghua.gov.cn/search?q=%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80");
  EXPECT_EQ(resolve_reference(base, "/s?q=%E6%94%BF"), "http://www.conghua.gov.cn/s?q=%E6%94%BF");  // kept
  EXPECT_EQ(resolve_reference(base, "/s?q=100%"), "http://www.conghua.gov.cn/s?q=100%25");          // a stray %
  EXPECT_EQ(resolve_reference(base, "..\\xxgk\\list.html"), "http://www.conghua.gov.cn/zwgk/xxgk/list.html");
  EXPECT_EQ(resolve_reference(base, "https://www.gz.gov.cn/#top"), "https://www.gz.gov.cn/");
}

TEST(WebAddress, AFileUrlNamesItsPathDecoded) {
  EXPECT_EQ(file_url_path("file:///srv/%E9%95%9C%E5%83%8F/a.html"), "/srv/镜像/a.html");
  EXPECT_EQ(file_url_path("file:///srv/mirror/list.html"), "/srv/mirror/list.html");
  EXPECT_EQ(file_url_path("file:///srv/镜像/a.html"), "/srv/镜像/a.html");  // raw text is no URL: as written
}

TEST(WebAddress, CredentialsNeverShowInMessages) {
  EXPECT_EQ(without_credentials("http://zwgk:pa/ss@proxy.gz.gov.cn:8080"), "http://***@proxy.gz.gov.cn:8080");
  EXPECT_EQ(without_credentials("zwgk:secret@10.1.1.1:3128"), "***@10.1.1.1:3128");
  EXPECT_EQ(without_credentials("http://proxy.gz.gov.cn:8080"), "http://proxy.gz.gov.cn:8080");
}

}  // namespace
}  // namespace deadlined::daemon
