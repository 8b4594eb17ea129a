#include "deadlined/daemon/charset.hpp"

#include <gtest/gtest.h>

namespace deadlined::daemon {
namespace {

// "政务公开" in GBK.
const std::string gbk_words = "\xD5\xFE\xCE\xF1\xB9\xAB\xBF\xAA";

TEST(Charset, ByteOrderMarkWins) {
  const auto d = decode_page("\xEF\xBB\xBF<meta charset=\"gbk\">政务公开", "text/html; charset=gbk");
  EXPECT_EQ(d.reason, "bom");
  EXPECT_EQ(d.utf8, "<meta charset=\"gbk\">政务公开");
}

TEST(Charset, TheHttpHeaderComesBeforeTheDocument) {
  const auto d = decode_page("<meta charset=\"utf-8\">" + gbk_words, "text/html; charset=GBK");
  EXPECT_EQ(d.reason, "header");
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.utf8, "<meta charset=\"utf-8\">政务公开");
}

TEST(Charset, MetaHttpEquivAndMetaCharsetAndXmlDeclaration) {
  EXPECT_EQ(decode_page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">" + gbk_words).reason,
            "meta");
  EXPECT_EQ(decode_page("<META CHARSET=GBK>" + gbk_words).utf8, "<META CHARSET=GBK>政务公开");
  const auto xml = decode_page("<?xml version=\"1.0\" encoding=\"gb2312\"?><rss>" + gbk_words + "</rss>");
  EXPECT_EQ(xml.reason, "xml-declaration");
  EXPECT_EQ(xml.charset, "gb18030");
}

TEST(Charset, WithoutDeclarationValidUtf8StaysElseGb18030) {
  EXPECT_EQ(decode_page("<p>政务公开</p>").reason, "valid-utf8");
  const auto d = decode_page("<p>" + gbk_words + "</p>");
  EXPECT_EQ(d.reason, "fallback");
  EXPECT_EQ(d.utf8, "<p>政务公开</p>");
}

TEST(Charset, DeclaredUtf8ThatIsNotIsReadAsGb18030) {
  const auto d = decode_page("<meta charset=\"utf-8\">" + gbk_words);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.utf8, "<meta charset=\"utf-8\">政务公开");
}

TEST(Charset, Gb18030OnlyCharactersAndBrokenBytes) {
  // U+20AC € is 0x80 in GBK/GB18030 (browsers' mapping); a lone lead byte becomes U+FFFD.
  EXPECT_EQ(decode_page(std::string{"\x80"} + gbk_words, "text/html; charset=gbk").utf8, "€政务公开");
  EXPECT_EQ(decode_page(gbk_words + "\xD5", "text/html; charset=gbk").utf8, "政务公开\xEF\xBF\xBD");
}

TEST(Charset, Utf8ValidationAtEveryEdgeOfTheWellFormedRanges) {
  // Unicode table 3-7: the first and last code point of each range pass, their neighbours
  // outside do not.
  for (const char* good :
       {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEC\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80", "\xF3\xBF\xBF\xBF", "\xF4\x8F\xBF\xBF", "从化区2019年政务公开", "abcdefgh政"}) {
    EXPECT_TRUE(is_valid_utf8(good)) << good;
  }
  for (const char* bad :
       {"\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\x80",
        "\xBF", "\xFE", "\xE6\x94\x41", "\xF0\x90\x80", "abcdefgh\xE6\x94", "\xE6\x94\xBF\xE5"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << ::testing::PrintToString(std::string{bad});
  }
}

TEST(Charset, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("政务 abc"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xE6\x94"));      // cut short
}

}  // namespace
}  // namespace deadlined::daemon
