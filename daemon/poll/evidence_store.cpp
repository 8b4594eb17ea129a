// Snapshots are rows of DIR/evidence.db: hash, where the page came from, when it was last
// used (retention prunes by that) and the gzip member — which also carries its origin as
// JSON in the header comment, so a snapshot taken out of the database explains itself.
// One file per page was the layout before; creating a file per page was a tenth of the
// CPU spent polling one, so those files are only read and pruned now.

#include "deadlined/daemon/evidence_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <openssl/evp.h>

#include <boost/json.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "deadlined/daemon/checkpoint_thread.hpp"
#include "deadlined/daemon/content_coding.hpp"
#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t largest_page = std::size_t{1} << 30;

constexpr const char* schema = R"(
CREATE TABLE IF NOT EXISTS pages (
  hash TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  content_type TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  used_at INTEGER NOT NULL,
  snapshot BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_used_at ON pages (used_at);
)";

bool is_hash(std::string_view hash) {
  return hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

/// Where an earlier version kept the snapshot: DIR/ab/abcdef….gz.
fs::path legacy_path(const std::string& directory, std::string_view hash) {
  return fs::path{directory} / std::string{hash.substr(0, 2)} / (std::string{hash} + ".gz");
}

std::string read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::int64_t seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<evidence_page> legacy_page(const std::string& directory, std::string_view hash) {
  const auto path = legacy_path(directory, hash);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  evidence_page out;
  out.hash = std::string{hash};
  const auto compressed = read_file(path);
  if (decode_content("gzip", compressed, largest_page, out.bytes)) return std::nullopt;
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

std::int64_t prune_legacy_files(const std::string& directory, rules::instant before) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return 0;
  const auto cutoff =
      fs::file_time_type::clock::from_sys(std::chrono::system_clock::time_point{before.time_since_epoch()});
  std::int64_t removed = 0;
  for (const auto& entry : fs::recursive_directory_iterator{directory, ec}) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".gz") continue;
    if (entry.last_write_time(ec) >= cutoff) continue;
    fs::remove(entry.path(), ec);
    ++removed;
  }
  return removed;
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

evidence_store::evidence_store(std::string directory) : directory_(std::move(directory)) {}

evidence_store::~evidence_store() = default;  // an uncommitted batch is rolled back

SQLite::Database* evidence_store::database(bool create) const {
  if (db_ && (writable_ || !create)) return db_.get();
  const auto path = database_file();
  std::error_code ec;
  if (!create && !fs::exists(path, ec)) return nullptr;
  try {
    if (!create) {
      // Reading (`deadlined evidence`, the API) needs no write access to the directory.
      db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
      db_->setBusyTimeout(5000);
      return db_.get();
    }
    fs::create_directories(directory_);
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->setBusyTimeout(5000);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec(schema);
    if (checkpoint_elsewhere_) db->exec(writer_checkpoints(false));
    db_ = std::move(db);
    writable_ = true;
  } catch (const std::exception& e) {
    throw store_error("cannot open evidence store " + path + ": " + e.what());
  }
  return db_.get();
}

std::string evidence_store::database_file() const {
  return (fs::path{directory_} / "evidence.db").string();
}

void evidence_store::checkpoint_elsewhere(bool elsewhere) {
  checkpoint_elsewhere_ = elsewhere;
  if (db_ && writable_) db_->exec(writer_checkpoints(!elsewhere));
}

packed_page evidence_store::pack(std::string_view bytes, const std::string& url, const std::string& content_type,
                                 rules::instant fetched_at) {
  const boost::json::object meta{{"url", url}, {"content_type", content_type}, {"fetched_at", utc_text(fetched_at)}};
  return {sha256_hex(bytes), url, content_type, fetched_at, gzip_compress(bytes, boost::json::serialize(meta))};
}

void evidence_store::store(const packed_page& page) {
  auto& db = *database(true);
  if (batching_ && !batch_) batch_ = std::make_unique<SQLite::Transaction>(db);
  if (!insert_) {
    insert_ = std::make_unique<SQLite::Statement>(
        db,
        "INSERT INTO pages (hash, url, content_type, fetched_at, used_at, snapshot) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT (hash) DO UPDATE SET used_at = excluded.used_at");
  }
  const auto fetched_at = utc_text(page.fetched_at);
  auto& insert = *insert_;
  insert.reset();
  insert.bindNoCopy(1, page.hash);
  insert.bindNoCopy(2, page.url);
  insert.bindNoCopy(3, page.content_type);
  insert.bindNoCopy(4, fetched_at);
  insert.bind(5, seconds_now());
  insert.bindNoCopy(6, page.compressed.data(), static_cast<int>(page.compressed.size()));
  insert.exec();
}

std::string evidence_store::put(std::string_view bytes, const std::string& url, const std::string& content_type,
                                rules::instant fetched_at) {
  auto packed = pack(bytes, url, content_type, fetched_at);
  store(packed);
  return std::move(packed.hash);
}

std::optional<evidence_page> evidence_store::get(std::string_view hash) const {
  if (!is_hash(hash)) return std::nullopt;
  if (auto* db = database(false)) {
    SQLite::Statement query{*db, "SELECT url, content_type, fetched_at, snapshot FROM pages WHERE hash = ?"};
    query.bind(1, std::string{hash});
    if (query.executeStep()) {
      evidence_page out;
      out.hash = std::string{hash};
      out.url = query.getColumn(0).getString();
      out.content_type = query.getColumn(1).getString();
      out.fetched_at = query.getColumn(2).getString();
      const auto snapshot = query.getColumn(3);
      const std::string_view compressed{static_cast<const char*>(snapshot.getBlob()),
                                        static_cast<std::size_t>(snapshot.getBytes())};
      if (decode_content("gzip", compressed, largest_page, out.bytes)) return std::nullopt;
      return out;
    }
  }
  return legacy_page(directory_, hash);
}

std::int64_t evidence_store::prune(rules::instant before) {
  std::int64_t removed = prune_legacy_files(directory_, before);
  if (database(false) != nullptr) {
    SQLite::Statement remove{*database(true), "DELETE FROM pages WHERE used_at < ?"};
    remove.bind(1, std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count());
    removed += remove.exec();
  }
  return removed;
}

void evidence_store::begin_batch() {
  batching_ = true;
}

void evidence_store::commit_batch() {
  batching_ = false;
  if (!batch_) return;
  auto batch = std::move(batch_);
  batch->commit();
}

void evidence_store::rollback_batch() {
  batching_ = false;
  batch_.reset();  // SQLiteCpp's Transaction rolls back when destroyed uncommitted
}

}  // namespace deadlined::daemon
