// The feed poller: reads every feed URL of every open account (RSS 2.0 or Atom), archives new and
// edited posts, notices posts that vanished from a feed while still inside its window (deleted),
// and keeps a health state per feed — a failing source is 数据源异常, never "the account is silent".
// Thread-safety: one PollAll at a time (the serve loop and the CLI each call it in turn).
#pragma once

#include <string>
#include <vector>

#include "app/monitor_service.h"
#include "core/clock.h"
#include "fetch/http_fetcher.h"
#include "storage/post_store.h"

namespace govmedia::app {

struct FeedReport {
  int64_t account_id = 0;
  std::string url;
  std::string outcome;  // "updated", "not_modified", "failing"
  int added = 0, edited = 0, deleted = 0, skipped = 0;
  std::string error;
};

class FeedPoller final {
 public:
  FeedPoller(storage::Db& db, storage::PostStore& posts, MonitorService& monitor, const core::Clock& clock)
      : db_(db), posts_(posts), monitor_(monitor), clock_(clock) {}

  /// One round over every feed. Failures are recorded per feed, not returned.
  core::Result<std::vector<FeedReport>> PollAll(const fetch::FetchOptions& options = {});

 private:
  FeedReport PollOne(int64_t account_id, const std::string& url, const fetch::FetchOptions& options);
  storage::Db& db_;
  storage::PostStore& posts_;
  MonitorService& monitor_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
