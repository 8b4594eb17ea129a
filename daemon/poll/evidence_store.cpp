// Layout: DIR/ab/abcdef….gz, two hex digits of fan-out so no directory grows huge; where
// the page came from (URL, content type, time) is JSON in the gzip header's comment, so a
// snapshot is one file (creating files was a fifth of the time spent polling a page). Files are written to a temporary
// name and renamed, so a crash never leaves half a snapshot under a real name. A snapshot used again has its
// modification time refreshed; retention prunes by that time.

#include "deadlined/daemon/evidence_store.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "deadlined/daemon/content_coding.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace fs = std::filesystem;

namespace {

bool is_hash(std::string_view hash) {
  return hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

fs::path page_path(const std::string& directory, std::string_view hash, const char* extension) {
  return fs::path{directory} / std::string{hash.substr(0, 2)} / (std::string{hash} + extension);
}

void write_atomically(const fs::path& path, std::string_view bytes) {
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out{temporary, std::ios::binary | std::ios::trunc};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, path);
}

std::string read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

packed_page evidence_store::pack(std::string_view bytes, const std::string& url, const std::string& content_type,
                                 rules::instant fetched_at) {
  const boost::json::object meta{{"url", url}, {"content_type", content_type}, {"fetched_at", utc_text(fetched_at)}};
  return {sha256_hex(bytes), gzip_compress(bytes, boost::json::serialize(meta))};
}

void evidence_store::store(const packed_page& packed) {
  const auto page = page_path(directory_, packed.hash, ".gz");
  std::error_code ec;
  if (fs::exists(page, ec)) {
    fs::last_write_time(page, fs::file_time_type::clock::now(), ec);
    return;
  }
  fs::create_directories(page.parent_path(), ec);
  write_atomically(page, packed.compressed);
}

std::string evidence_store::put(std::string_view bytes, const std::string& url, const std::string& content_type,
                                rules::instant fetched_at) {
  auto packed = pack(bytes, url, content_type, fetched_at);
  store(packed);
  return std::move(packed.hash);
}

std::optional<evidence_page> evidence_store::get(std::string_view hash) const {
  if (!is_hash(hash)) return std::nullopt;
  const auto page = page_path(directory_, hash, ".gz");
  std::error_code ec;
  if (!fs::exists(page, ec)) return std::nullopt;
  evidence_page out;
  out.hash = std::string{hash};
  const auto compressed = read_file(page);
  if (decode_content("gzip", compressed, std::size_t{1} << 30, out.bytes)) return std::nullopt;
  try {
    const auto meta = boost::json::parse(gzip_comment(compressed)).as_object();
    out.url = std::string{meta.at("url").as_string()};
    out.content_type = std::string{meta.at("content_type").as_string()};
    out.fetched_at = std::string{meta.at("fetched_at").as_string()};
  } catch (const std::exception&) {
    // The page itself is the evidence; lost metadata leaves it usable.
  }
  return out;
}

std::int64_t evidence_store::prune(rules::instant before) {
  std::error_code ec;
  if (!fs::is_directory(directory_, ec)) return 0;
  const auto cutoff_system = std::chrono::system_clock::time_point{before.time_since_epoch()};
  const auto cutoff = fs::file_time_type::clock::from_sys(cutoff_system);
  std::int64_t removed = 0;
  for (const auto& entry : fs::recursive_directory_iterator{directory_, ec}) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".gz") continue;
    if (entry.last_write_time(ec) >= cutoff) continue;
    fs::remove(entry.path(), ec);
    ++removed;
  }
  return removed;
}

}  // namespace deadlined::daemon
