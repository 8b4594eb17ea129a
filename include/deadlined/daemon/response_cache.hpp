#pragma once
// Answers to repeated reads of one status view. Boards, dashboards and scrapers ask for the
// same few URLs over and over, and the view only changes when an evaluation finishes; the
// answers are rendered once instead of per request. An entry lives at most `ttl` (the
// board's remaining times are computed from now) and never outlives its view.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "deadlined/daemon/status_view.hpp"

namespace deadlined::daemon {

struct api_response;

class response_cache {
 public:
  using clock = std::chrono::steady_clock;

  explicit response_cache(std::chrono::milliseconds ttl = std::chrono::seconds{1}, std::size_t capacity = 256)
      : ttl_(ttl), capacity_(capacity) {}

  /// The answer kept for `key` under `view`, if it is still fresh.
  const api_response* find(const std::shared_ptr<const status_view>& view, const std::string& key,
                           clock::time_point now) const;
  /// Keeps `answer`; a new view drops every answer of the old one.
  void store(const std::shared_ptr<const status_view>& view, const std::string& key, const api_response& answer,
             clock::time_point now);

 private:
  struct entry;
  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  std::shared_ptr<const status_view> view_;  ///< held, so a new view cannot reuse its address
  std::map<std::string, std::shared_ptr<const entry>> entries_;
};

}  // namespace deadlined::daemon
