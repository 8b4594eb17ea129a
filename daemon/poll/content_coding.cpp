// zlib streaming inflate with an output cap; "deflate" is zlib-wrapped per RFC 9110, but
// some servers send raw deflate, so that is tried when the zlib header is missing.

#include "deadlined/daemon/content_coding.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <memory>
#include <new>

namespace deadlined::daemon {

namespace {

constexpr int gzip_window = 15 + 16;  // zlib: gzip wrapper only
constexpr int zlib_window = 15;
constexpr int raw_window = -15;

std::optional<std::string> inflate_with(int window_bits, std::string_view body, std::size_t limit, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return "zlib: cannot start decoding";
  out.clear();
  std::array<char, 64 * 1024> chunk{};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));  // zlib's API is not const-correct
  z.avail_in = static_cast<uInt>(body.size());
  int rc = Z_OK;
  std::optional<std::string> problem;
  // A gzip body may be several members one after another (RFC 1952 2.2; some servers
  // compress a page in pieces): each is decoded in turn, as browsers do. Anything else
  // after the end (padding) is ignored.
  const auto another_member = [&z, window_bits] {
    return window_bits == gzip_window && z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b;
  };
  while (rc != Z_STREAM_END || another_member()) {
    if (rc == Z_STREAM_END) inflateReset(&z);
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      problem = rc == Z_BUF_ERROR ? std::string{"compressed body is cut short"}
                                  : std::string{"compressed body is corrupt"} + (z.msg != nullptr ? ": " : "") +
                                        (z.msg != nullptr ? z.msg : "");
      break;
    }
    const std::size_t produced = chunk.size() - z.avail_out;
    if (out.size() + produced > limit) {
      problem = "decoded body larger than " + std::to_string(limit) + " bytes";
      break;
    }
    out.append(chunk.data(), produced);
    if (rc == Z_OK && z.avail_in == 0 && produced == 0) {
      problem = "compressed body is cut short";
      break;
    }
  }
  inflateEnd(&z);
  return problem;
}

}  // namespace

std::optional<std::string> decode_content(std::string_view encoding_raw, std::string_view body, std::size_t limit,
                                          std::string& out) {
  std::string encoding{encoding_raw};
  std::ranges::transform(encoding, encoding.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::erase_if(encoding, [](unsigned char c) { return std::isspace(c) != 0; });
  if (encoding.empty() || encoding == "identity") {
    if (body.size() > limit) return "body larger than " + std::to_string(limit) + " bytes";
    out.assign(body);
    return std::nullopt;
  }
  const bool compressed = encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate";
  if (compressed && body.empty()) {  // an empty answer labelled compressed (a HEAD-like 200)
    out.clear();
    return std::nullopt;
  }
  if (encoding == "gzip" || encoding == "x-gzip") return inflate_with(gzip_window, body, limit, out);
  if (encoding == "deflate") {
    auto problem = inflate_with(zlib_window, body, limit, out);
    if (problem && problem->starts_with("compressed body is corrupt"))
      problem = inflate_with(raw_window, body, limit, out);
    return problem;
  }
  return "unsupported Content-Encoding \"" + encoding + "\"";
}

namespace {

void append_le32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8)
    out += static_cast<char>((value >> shift) & 0xFF);
}

}  // namespace

std::string gzip_compress(std::string_view bytes, const std::string& comment) {
  // libdeflate, not zlib: a whole page compressed in one call, a quarter faster at a
  // slightly better ratio (snapshots are written on every change, thousands per poll pass). One
  // compressor per thread: allocating one per page faulted in more memory than the
  // compression itself touched.
  constexpr int level = 1;  // HTML shrinks 4–6× even so
  thread_local const std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor{
      libdeflate_alloc_compressor(level), &libdeflate_free_compressor};
  if (!compressor) throw std::bad_alloc{};
  // RFC 1952 member: ID1 ID2 CM=deflate FLG MTIME=0 XFL=fastest OS=Unix, the comment (up
  // to a NUL, as a C string), the deflate data, CRC-32 and length of the input.
  const std::string_view text{comment.data(), std::min(comment.size(), comment.find('\0'))};
  constexpr char fcomment = 0x10;
  std::string out{'\x1f', '\x8b', 8, text.empty() ? '\0' : fcomment, 0, 0, 0, 0, 4, 3};
  if (!text.empty()) {
    out += text;
    out += '\0';
  }
  const auto header = out.size();
  const auto bound = libdeflate_deflate_compress_bound(compressor.get(), bytes.size());
  out.resize(header + bound);
  const auto written =
      libdeflate_deflate_compress(compressor.get(), bytes.data(), bytes.size(), out.data() + header, bound);
  out.resize(header + written);
  append_le32(out, libdeflate_crc32(0, bytes.data(), bytes.size()));
  append_le32(out, static_cast<std::uint32_t>(bytes.size()));  // ISIZE: the length modulo 2^32
  return out;
}

std::string gzip_comment(std::string_view member) {
  // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS, then the optional fields in order.
  constexpr unsigned char fextra = 4;
  constexpr unsigned char fname = 8;
  constexpr unsigned char fcomment = 16;
  if (member.size() < 10 || static_cast<unsigned char>(member[0]) != 0x1f ||
      static_cast<unsigned char>(member[1]) != 0x8b) {
    return {};
  }
  const auto flags = static_cast<unsigned char>(member[3]);
  std::size_t at = 10;
  if ((flags & fextra) != 0) {
    if (at + 2 > member.size()) return {};
    at += 2 + static_cast<unsigned char>(member[at]) + 256U * static_cast<unsigned char>(member[at + 1]);
  }
  const auto skip_zero_terminated = [&member](std::size_t from) {
    const auto end = member.find('\0', from);
    return end == std::string_view::npos ? member.size() : end + 1;
  };
  if ((flags & fname) != 0) at = skip_zero_terminated(at);
  if ((flags & fcomment) == 0 || at >= member.size()) return {};
  const auto end = member.find('\0', at);
  if (end == std::string_view::npos) return {};
  return std::string{member.substr(at, end - at)};
}

}  // namespace deadlined::daemon
