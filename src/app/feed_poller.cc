#include "app/feed_poller.h"

#include <nlohmann/json.hpp>
#include <set>

#include "fetch/feed_parser.h"
#include "storage/record_codec.h"

namespace govmedia::app {

using core::Status;

core::Result<std::vector<FeedReport>> FeedPoller::PollAll(const fetch::FetchOptions& options) {
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  auto rows = db_.Query("SELECT id, record_json FROM accounts WHERE status = 'open'");
  if (!rows.ok()) return rows.status();
  std::vector<FeedReport> out;
  for (const auto& r : *rows) {
    core::AccountRecord rec;
    if (!storage::DecodeRecordExtras(r.Text(1), &rec).ok()) continue;
    for (const auto& url : rec.feed_urls) out.push_back(PollOne(r.Int(0), url, options));
  }
  return out;
}

FeedReport FeedPoller::PollOne(int64_t account_id, const std::string& url, const fetch::FetchOptions& options) {
  FeedReport rep{account_id, url, "failing"};
  std::string etag, last_modified;
  if (auto s = db_.Query("SELECT etag, last_modified FROM feed_state WHERE account_id = ? AND url = ?", {account_id, url});
      s.ok() && !s->empty()) {
    etag = s->front().Text(0);
    last_modified = s->front().Text(1);
  }
  const std::string now = clock_.NowRfc3339();
  auto fail = [&](const std::string& why) {
    rep.outcome = "failing";
    rep.error = why;
    (void)db_.Exec(
        "INSERT INTO feed_state (account_id, url, health, failures, last_error, checked_at) VALUES (?, ?, 'failing', 1, ?, ?) "
        "ON CONFLICT (account_id, url) DO UPDATE SET health = 'failing', failures = failures + 1, "
        "last_error = excluded.last_error, checked_at = excluded.checked_at",
        {account_id, url, why, now});
    return rep;
  };
  auto got = fetch::Fetch(url, etag, last_modified, options);
  if (!got.ok()) return fail(got.status().message());
  if (got->status == 304) {
    rep.outcome = "not_modified";
  } else if (got->status != 200) {
    return fail("HTTP " + std::to_string(got->status));
  } else {
    auto items = fetch::ParseFeed(got->body, &rep.skipped);
    if (!items.ok()) return fail(items.status().message());
    Status st = db_.Transaction([&]() -> Status {
      std::set<std::string> seen;
      int64_t oldest = INT64_MAX;
      for (const auto& it : *items) {
        storage::IncomingPost p;
        p.account_id = account_id;
        p.platform_post_id = it.id;
        p.published_at = it.published;
        p.published_epoch = it.published_epoch;
        p.text = it.text;
        p.url = it.link;
        auto a = posts_.Archive(p, now);
        if (!a.ok()) return a.status();
        if (Status m = monitor_.OnArchived(p, *a); !m.ok()) return m;
        rep.added += a->outcome == storage::ArchiveOutcome::kNew;
        rep.edited += a->outcome == storage::ArchiveOutcome::kEdited;
        seen.insert(it.id);
        oldest = std::min(oldest, it.published_epoch);
      }
      if (items->empty()) return Status::Ok();
      // A post inside the feed's window that the feed no longer lists was deleted at the source.
      auto inside = db_.Query(
          "SELECT id, platform_post_id FROM posts WHERE account_id = ? AND kind = 'post' AND published_epoch >= ? "
          "AND deleted_at IS NULL",
          {account_id, oldest});
      if (!inside.ok()) return inside.status();
      for (const auto& row : *inside) {
        if (seen.count(row.Text(1))) continue;
        if (Status s = db_.Exec("UPDATE posts SET deleted_at = ? WHERE id = ?", {now, row.Int(0)}); !s.ok()) return s;
        ++rep.deleted;
      }
      return Status::Ok();
    });
    if (!st.ok()) return fail(st.message());
    rep.outcome = "updated";
    etag = got->etag;
    last_modified = got->last_modified;
  }
  (void)db_.Exec(
      "INSERT INTO feed_state (account_id, url, etag, last_modified, health, failures, last_ok_at, last_error, checked_at) "
      "VALUES (?, ?, ?, ?, 'ok', 0, ?, '', ?) ON CONFLICT (account_id, url) DO UPDATE SET etag = excluded.etag, "
      "last_modified = excluded.last_modified, health = 'ok', failures = 0, last_ok_at = excluded.last_ok_at, "
      "last_error = '', checked_at = excluded.checked_at",
      {account_id, url, etag, last_modified, now, now});
  return rep;
}

}  // namespace govmedia::app
