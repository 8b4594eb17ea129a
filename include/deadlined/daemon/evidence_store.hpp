#pragma once
// Page snapshots as evidence: each fetched page that produced or changed a fact is kept,
// gzip-compressed and keyed by the SHA-256 of its bytes, so the same page fetched twice is
// stored once and "published on day 4" can be shown later.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "deadlined/rules/timestamp.hpp"

namespace SQLite {
class Database;
class Statement;
class Transaction;
}  // namespace SQLite

namespace deadlined::daemon {

struct evidence_page {
  std::string hash;
  std::string url;
  std::string content_type;
  std::string fetched_at;  ///< when first stored, UTC
  std::string bytes;       ///< the page as fetched (decoded from gzip/deflate, original charset)
};

/// A page ready to store: hashed and compressed, which is most of the work and needs no
/// store, so pollers do it on any thread and leave the writing to the database's.
struct packed_page {
  std::string hash;  ///< SHA-256 of the page as fetched, 64 hex digits
  std::string url;
  std::string content_type;
  rules::instant fetched_at{};
  std::string compressed;  ///< a gzip member, its origin as JSON in the header comment
};

/// The snapshots live in DIR/evidence.db (SQLite, WAL), one row per page. Snapshots of
/// earlier versions, one file per page (DIR/ab/abcd….gz), are still read and pruned.
/// Used from one thread at a time.
class evidence_store {
 public:
  explicit evidence_store(std::string directory);
  ~evidence_store();
  evidence_store(const evidence_store&) = delete;
  evidence_store& operator=(const evidence_store&) = delete;

  /// Hashes and compresses a page with where it came from.
  static packed_page pack(std::string_view bytes, const std::string& url, const std::string& content_type,
                          rules::instant fetched_at);
  /// Stores a packed page unless a snapshot with its hash exists (whose use is refreshed).
  void store(const packed_page& page);
  /// Stores the page (once per content) and returns its hash (64 hex digits).
  std::string put(std::string_view bytes, const std::string& url, const std::string& content_type,
                  rules::instant fetched_at);
  /// The page with that hash; nullopt when unknown or not a hash.
  std::optional<evidence_page> get(std::string_view hash) const;
  /// Removes snapshots not stored or referenced since `before`; returns how many.
  std::int64_t prune(rules::instant before);

  /// Stores from here to `commit_batch` go in one transaction, begun at the first store (a
  /// poll pass stores thousands of pages; a commit each would be most of the work). Commit
  /// the batch before the facts citing its pages, so no committed fact cites a lost page.
  void begin_batch();
  void commit_batch();
  /// Drops the batch's stores (its facts are not kept either). Never throws.
  void rollback_batch();

  const std::string& directory() const { return directory_; }
  /// DIR/evidence.db.
  std::string database_file() const;
  /// As store::checkpoint_elsewhere, also for the database opened later.
  void checkpoint_elsewhere(bool elsewhere);

 private:
  SQLite::Database* database(bool create) const;

  std::string directory_;
  mutable std::unique_ptr<SQLite::Database> db_;  // opened on first use
  mutable bool writable_ = false;                 // opened to write (else read-only)
  std::unique_ptr<SQLite::Statement> insert_;
  bool batching_ = false;
  bool checkpoint_elsewhere_ = false;
  std::unique_ptr<SQLite::Transaction> batch_;
};

/// SHA-256 of `bytes` in lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace deadlined::daemon
