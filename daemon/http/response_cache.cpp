#include "deadlined/daemon/response_cache.hpp"

#include "deadlined/daemon/api_router.hpp"

namespace deadlined::daemon {

struct response_cache::entry {
  clock::time_point stored;
  api_response answer;
};

const api_response* response_cache::find(const std::shared_ptr<const status_view>& view, const std::string& key,
                                         clock::time_point now) const {
  if (view != view_) return nullptr;
  const auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second->stored >= ttl_) return nullptr;
  return &it->second->answer;
}

void response_cache::store(const std::shared_ptr<const status_view>& view, const std::string& key,
                           const api_response& answer, clock::time_point now) {
  if (view != view_) {
    entries_.clear();
    view_ = view;
  }
  // Many distinct URLs (filters, pages) are rare: starting over is simpler than evicting.
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[key] = std::make_shared<const entry>(entry{now, answer});
}

}  // namespace deadlined::daemon
