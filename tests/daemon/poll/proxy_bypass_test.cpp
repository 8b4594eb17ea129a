// Which sites the poller and the notifications reach without the proxy: no_proxy read as
// curl reads it, the forms government networks' settings use.

#include "deadlined/daemon/proxy_bypass.hpp"

#include <gtest/gtest.h>

namespace deadlined::daemon {
namespace {

bool direct(const std::string& url, const std::vector<std::string>& no_proxy) {
  std::string why;
  const auto address = parse_web_address(url, why);
  EXPECT_TRUE(address) << why;
  return address && reached_directly(*address, no_proxy);
}

TEST(ProxyBypass, ANameMatchesItselfAndEveryNameBelowItHoweverWritten) {
  for (const std::string entry : {"conghua.gov.cn", ".conghua.gov.cn", "*.conghua.gov.cn", " .CONGHUA.gov.cn "}) {
    EXPECT_TRUE(direct("https://conghua.gov.cn/", {entry})) << entry;
    EXPECT_TRUE(direct("https://www.conghua.gov.cn/zwgk/", {entry})) << entry;
    EXPECT_FALSE(direct("https://notconghua.gov.cn/", {entry})) << entry;  // not a name below it
    EXPECT_FALSE(direct("https://www.gz.gov.cn/", {entry})) << entry;
  }
}

TEST(ProxyBypass, AddressesMatchThemselvesAndTheirBlocks) {
  EXPECT_TRUE(direct("http://127.0.0.1:8080/", {"127.0.0.1"}));
  EXPECT_FALSE(direct("http://127.0.0.10/", {"127.0.0.1"}));  // a whole address, not a prefix
  EXPECT_TRUE(direct("http://10.20.30.40/oa/", {"10.0.0.0/8"}));
  EXPECT_FALSE(direct("http://11.0.0.1/", {"10.0.0.0/8"}));
  EXPECT_TRUE(direct("http://172.16.5.1/", {"172.16.0.0/12"}));
  EXPECT_TRUE(direct("http://[::1]:8080/", {"::1"}));
  EXPECT_TRUE(direct("http://[::1]/", {"[::1]"}));
  EXPECT_TRUE(direct("http://[fd00::5]/", {"fd00::/8"}));
  EXPECT_FALSE(direct("http://[2001:db8::1]/", {"fd00::/8"}));
  EXPECT_FALSE(direct("http://intranet.gz/", {"10.0.0.0/8"}));  // a name is not looked up
}

TEST(ProxyBypass, APortLimitsTheEntryToIt) {
  EXPECT_TRUE(direct("http://oa.conghua.gov.cn:8080/", {"oa.conghua.gov.cn:8080"}));
  EXPECT_FALSE(direct("http://oa.conghua.gov.cn/", {"oa.conghua.gov.cn:8080"}));
  EXPECT_TRUE(direct("https://[::1]:8443/", {"[::1]:8443"}));
}

TEST(ProxyBypass, ListsStarsAndEmptyEntries) {
  EXPECT_TRUE(direct("https://www.gd.gov.cn/", {"*"}));
  EXPECT_TRUE(direct("https://www.gd.gov.cn/", {"localhost,gd.gov.cn"}));  // one configured text, two entries
  EXPECT_FALSE(direct("https://www.gd.gov.cn/", {"", " ", ",,", "localhost"}));
  EXPECT_FALSE(direct("https://www.gd.gov.cn/", {}));
  EXPECT_FALSE(direct("https://www.gd.gov.cn/", {"gd.gov.cn:notaport", "[::1"}));  // unreadable: ignored
}

}  // namespace
}  // namespace deadlined::daemon
