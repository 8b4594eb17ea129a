#pragma once
// Page snapshots as evidence: each fetched page that produced or changed a fact is kept,
// gzip-compressed and named by the SHA-256 of its bytes, so the same page fetched twice is
// stored once and "published on day 4" can be shown later.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "deadlined/rules/timestamp.hpp"

namespace deadlined::daemon {

struct evidence_page {
  std::string hash;
  std::string url;
  std::string content_type;
  std::string fetched_at;  ///< when first stored, UTC
  std::string bytes;       ///< the page as fetched (decoded from gzip/deflate, original charset)
};

class evidence_store {
 public:
  explicit evidence_store(std::string directory) : directory_(std::move(directory)) {}

  /// Stores the page (once per content) and returns its hash (64 hex digits).
  std::string put(std::string_view bytes, const std::string& url, const std::string& content_type,
                  rules::instant fetched_at);
  /// The page with that hash; nullopt when unknown or not a hash.
  std::optional<evidence_page> get(std::string_view hash) const;
  /// Removes snapshots not stored or referenced since `before`; returns how many.
  std::int64_t prune(rules::instant before);

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

/// SHA-256 of `bytes` in lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace deadlined::daemon
