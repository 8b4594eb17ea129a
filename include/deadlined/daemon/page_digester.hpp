#pragma once
// Polled pages read on worker threads. Reading a column page (HTML parse, list detection,
// hashing and compressing the snapshot) costs far more than fetching it; done on the
// thread that also writes to the database it made every poll wait for the one before.
// The workers touch no database: the caller records the digest on its own thread.

#include <boost/asio/thread_pool.hpp>

#include "deadlined/daemon/net.hpp"
#include "deadlined/daemon/source_poller.hpp"

namespace deadlined::daemon {

class page_digester {
 public:
  /// `threads` 0: one per core.
  explicit page_digester(unsigned threads = 0);
  ~page_digester();
  page_digester(const page_digester&) = delete;
  page_digester& operator=(const page_digester&) = delete;

  /// The page's digest, made on a worker thread; the caller resumes on its own executor.
  /// A failed fetch or a 304 has nothing to read and is answered at once. `source`, `page`
  /// and `zone` must outlive the call.
  asio::awaitable<page_digest> digest(const source_settings& source, const fetched_page& page,
                                      const rules::zone_offsets& zone);

 private:
  asio::thread_pool pool_;
};

}  // namespace deadlined::daemon
