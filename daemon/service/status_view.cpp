#include "deadlined/daemon/status_view.hpp"

#include <algorithm>

namespace deadlined::daemon {

const rules::obligation* status_view::find(std::string_view id) const {
  const auto it = std::lower_bound(obligations.begin(), obligations.end(), id,
                                   [](const rules::obligation& o, std::string_view key) { return o.id < key; });
  return it != obligations.end() && it->id == id ? &*it : nullptr;
}

}  // namespace deadlined::daemon
