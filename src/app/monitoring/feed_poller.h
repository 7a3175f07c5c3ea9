// The feed poller: reads every feed URL of every open account (RSS, RDF, Atom, JSON Feed in any
// encoding), archives new and edited posts, and records each fetch's outcome (app/monitoring/fetch_history.h)
// so that freshness knows, day by day, whether the account's collection was healthy.
//
// Never silently blind: a failed request, a document that is not a feed, items present but
// unreadable, or an empty feed of an account we hold posts of make the fetch `blind` and the
// source 数据源异常 with the reason.
//
// Deletions only when certain: a post missing from a new document is a candidate only when it is
// strictly newer than the oldest dated item the document still holds (a feed holds its newest N
// items; ties at that edge are batch pushes that merely rolled off). A candidate is confirmed by
// fetching its own page: 404/410 or the platform's deleted-content page (DeletionMarker) marks it
// deleted, with the response kept in `post_deletion_checks`; anything else leaves it 未再出现
// (`posts.not_seen_since`), never deleted — and its page is looked at again once a day for 30 days.
//
// Thread-safety: one PollAll at a time (the CLI calls it); PollFeed of different feeds may run at
// once (the jobs of a polling round, on any number of threads and nodes).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/monitoring/monitor_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "fetch/http_fetcher.h"
#include "storage/post_store.h"

namespace govmedia::app {

struct FeedReport {
  int64_t account_id = 0;
  std::string url;
  std::string outcome;  // "updated", "not_modified", "failing" (数据源异常)
  int added = 0, edited = 0;
  int deleted = 0;    // confirmed by the post's own page
  int not_seen = 0;   // missing from the feed, deletion not confirmed (未再出现)
  int skipped = 0;    // items present but unreadable
  int undated = 0;    // items archived with their first-seen time
  std::string error;  // why the source is 数据源异常; or what was mended, when it is not
  // The platform's own failure (the database busy or full while archiving): not the source's, so
  // no fetch is recorded against it; the poll is to be tried again (the job's retry).
  core::Status store_error;
};

/// The platform's own words for "this content was deleted", found in the body of a post's page.
/// Empty when none is found. Only phrases that say the content is gone count: a login wall, a
/// rate limit or a "no permission" page is not evidence of deletion.
std::string DeletionMarker(std::string_view page_text);

/// A feed of an open account as the platform last saw it (采集来源).
struct FeedSource {
  int64_t account_id = 0, unit_id = 0;
  std::string account_name, unit_name, platform, url;
  std::string health;  // ok, failing (数据源异常), never (not fetched yet)
  int64_t failures = 0;
  std::string last_error;
  std::optional<std::string> last_ok_at, checked_at;
  // The latest fetch: what it read and what it had to mend or why it was blind.
  std::string last_outcome, last_reason;
  int64_t last_items = 0, last_unreadable = 0, last_undated = 0, last_http_status = 0;
  int64_t blind_days_30 = 0;  // days of the last 30 with a blind fetch
};

class FeedPoller final {
 public:
  FeedPoller(storage::Db& db, storage::PostStore& posts, MonitorService& monitor, const core::Clock& clock)
      : db_(db), posts_(posts), monitor_(monitor), clock_(clock) {}

  /// One round over every feed. Failures are recorded per feed, not returned.
  /// Every feed of the open accounts the person may see, failing first.
  core::Result<std::vector<FeedSource>> Sources(const core::Principal& p);
  core::Result<std::vector<FeedReport>> PollAll(const fetch::FetchOptions& options = {});
  /// Every feed of the open accounts: (account id, URL), in account order.
  core::Result<std::vector<std::pair<int64_t, std::string>>> Feeds();
  /// Polls one feed (the job `feed.poll` of a round). NotFound when the account is no longer open
  /// or no longer lists the URL. Polling a feed again is harmless: posts are archived once by
  /// their platform id, an unchanged item adds no version.
  core::Result<FeedReport> PollFeed(int64_t account_id, const std::string& url, const fetch::FetchOptions& options = {});
  /// Called with the account after each healthy fetch is recorded (with the channel's title and
  /// image), outside the archive's transaction: the hijack detector judges the batch there. A
  /// failure is logged in the fetch's report, never stops the round. Set before serving.
  void SetFetchHook(std::function<core::Status(int64_t account_id)> hook) { on_fetched_ = std::move(hook); }

 private:
  FeedReport PollOne(int64_t account_id, const std::string& url, const fetch::FetchOptions& options);
  /// Looks at the page of a post missing from its feed; marks it deleted or not seen since.
  core::Result<bool> ConfirmDeletion(int64_t post_id, const fetch::FetchOptions& options);
  storage::Db& db_;
  storage::PostStore& posts_;
  MonitorService& monitor_;
  const core::Clock& clock_;
  std::function<core::Status(int64_t)> on_fetched_;
};

}  // namespace govmedia::app
