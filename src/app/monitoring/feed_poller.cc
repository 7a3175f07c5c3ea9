#include "app/monitoring/feed_poller.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "app/monitoring/fetch_history.h"
#include "app/system_clock.h"
#include "core/timestamp.h"
#include "fetch/feed_encoding.h"
#include "fetch/feed_parser.h"
#include "storage/audit_log.h"
#include "storage/record_codec.h"

namespace govmedia::app {

using core::Status;

namespace {

// How much of a post's page is kept as the excerpt of the evidence (bytes of UTF-8, cut on a
// character boundary).
constexpr size_t kExcerptBytes = 600;

std::string CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

}  // namespace

std::string DeletionMarker(std::string_view text) {
  // What each platform shows on the page of deleted content. WeChat: the article page of a deleted
  // article (RSSHub's wechat-mp util treats "已被发布者删除" as deletion); a takedown for a violation
  // is deletion too. Weibo: the status page of a deleted weibo. Douyin: the video page of a deleted
  // video. Phrases that only say "not accessible" (权限, 登录, 验证) are deliberately absent.
  static const char* kMarkers[] = {
      "该内容已被发布者删除", "此内容因违规无法查看", "此内容被投诉且经审核涉嫌侵权，无法查看",  // WeChat
      "此微博已被作者删除",   "此微博已被删除",       "该微博已被删除",                           // Weibo
      "你要观看的视频不存在", "作品已删除",           "该作品已被作者删除",                       // Douyin
  };
  for (const char* m : kMarkers)
    if (text.find(m) != std::string_view::npos) return m;
  return "";
}

core::Result<std::vector<FeedReport>> FeedPoller::PollAll(const fetch::FetchOptions& options) {
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  auto feeds = Feeds();
  if (!feeds.ok()) return feeds.status();
  std::vector<FeedReport> out;
  for (const auto& [account_id, url] : *feeds) out.push_back(PollOne(account_id, url, options));
  return out;
}

core::Result<std::vector<std::pair<int64_t, std::string>>> FeedPoller::Feeds() {
  auto rows = db_.Query("SELECT id, record_json FROM accounts WHERE status = 'open' ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : *rows) {
    core::AccountRecord rec;
    if (!storage::DecodeRecordExtras(r.Text(1), &rec).ok()) continue;
    for (const auto& url : rec.feed_urls) out.emplace_back(r.Int(0), url);
  }
  return out;
}

core::Result<FeedReport> FeedPoller::PollFeed(int64_t account_id, const std::string& url,
                                              const fetch::FetchOptions& options) {
  auto row = db_.Query("SELECT record_json FROM accounts WHERE id = ? AND status = 'open'", {account_id});
  if (!row.ok()) return row.status();
  core::AccountRecord rec;
  if (row->empty() || !storage::DecodeRecordExtras(row->front().Text(0), &rec).ok() ||
      std::find(rec.feed_urls.begin(), rec.feed_urls.end(), url) == rec.feed_urls.end())
    return Status::NotFound("账号 " + std::to_string(account_id) + " 已不再订阅该数据源");
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  FeedReport rep = PollOne(account_id, url, options);
  if (!rep.store_error.ok()) return rep.store_error;
  return rep;
}

core::Result<std::vector<FeedSource>> FeedPoller::Sources(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  const auto scope = core::ScopeUnit(p);
  auto rows = scope ? db_.Query("SELECT a.id, a.record_json, a.name, a.unit_id, u.name, a.platform FROM accounts a "
                                "JOIN units u ON u.id = a.unit_id WHERE a.status = 'open' AND a.unit_id = ? ORDER BY a.id",
                                {*scope})
                    : db_.Query("SELECT a.id, a.record_json, a.name, a.unit_id, u.name, a.platform FROM accounts a "
                                "JOIN units u ON u.id = a.unit_id WHERE a.status = 'open' ORDER BY a.id");
  if (!rows.ok()) return rows.status();
  const int64_t since = clock_.NowSeconds() - 30 * core::kSecondsPerDay;
  std::vector<FeedSource> out;
  for (const auto& r : *rows) {
    core::AccountRecord rec;
    if (!storage::DecodeRecordExtras(r.Text(1), &rec).ok()) continue;
    for (const auto& url : rec.feed_urls) {
      FeedSource f{r.Int(0), r.Int(3), r.Text(2), r.Text(4), r.Text(5), url, "never"};
      auto st = db_.Query("SELECT health, failures, last_error, last_ok_at, checked_at FROM feed_state "
                          "WHERE account_id = ? AND url = ?",
                          {f.account_id, url});
      if (!st.ok()) return st.status();
      if (!st->empty()) {
        const auto& x = st->front();
        f.health = x.Text(0);
        f.failures = x.Int(1);
        f.last_error = x.Text(2);
        f.last_ok_at = x.OptText(3);
        f.checked_at = x.OptText(4);
      }
      auto last = db_.Query("SELECT outcome, reason, items, unreadable, undated, http_status FROM feed_fetches "
                            "WHERE account_id = ? AND url = ? ORDER BY id DESC LIMIT 1",
                            {f.account_id, url});
      if (!last.ok()) return last.status();
      if (!last->empty()) {
        const auto& x = last->front();
        f.last_outcome = x.Text(0);
        f.last_reason = x.Text(1);
        f.last_items = x.Int(2);
        f.last_unreadable = x.Int(3);
        f.last_undated = x.Int(4);
        f.last_http_status = x.Int(5);
      }
      auto blind = storage::QueryOne(
          db_,
          "SELECT COUNT(DISTINCT (fetched_epoch + 28800) / 86400) FROM feed_fetches "
          "WHERE account_id = ? AND url = ? AND outcome = 'blind' AND fetched_epoch > ?",
          {f.account_id, url, since});
      if (!blind.ok()) return blind.status();
      f.blind_days_30 = blind->Int(0);
      out.push_back(std::move(f));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FeedSource& a, const FeedSource& b) {
    auto rank = [](const std::string& h) { return h == "failing" ? 0 : h == "never" ? 1 : 2; };
    return rank(a.health) < rank(b.health);
  });
  return out;
}

core::Result<bool> FeedPoller::ConfirmDeletion(int64_t post_id, const fetch::FetchOptions& options) {
  auto row = storage::QueryOne(
      db_,
      "SELECT v.url, p.account_id FROM posts p JOIN post_versions v ON v.post_id = p.id AND v.version = p.current_version AND v.published_epoch = p.published_epoch "
      "WHERE p.id = ?",
      {post_id});
  if (!row.ok()) return row.status();
  const std::string url = row->Text(0);
  const int64_t account_id = row->Int(1);
  const std::string now = clock_.NowRfc3339();
  std::string verdict = "no_url", detail, sha, excerpt, marker;
  int64_t status = 0;
  if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    fetch::FetchOptions o = options;
    o.attempts = std::min(o.attempts, 2);
    auto got = fetch::Fetch(url, "", "", o);
    if (!got.ok()) {
      verdict = "unreachable";
      detail = got.status().message();
    } else {
      status = got->status;
      sha = storage::Sha256Hex(got->body);
      auto text = fetch::DecodeToUtf8(got->body, got->content_type);
      const std::string page = text.ok() ? fetch::StripHtml(text->utf8) : "";
      marker = DeletionMarker(page);
      const size_t at = marker.empty() ? 0 : page.find(marker);
      excerpt = CutUtf8(std::string_view(page).substr(at > 200 ? at - 200 : 0), kExcerptBytes);
      if (status == 404 || status == 410) {
        verdict = "deleted";
        detail = "HTTP " + std::to_string(status);
      } else if (status == 200 && !marker.empty()) {
        verdict = "deleted";
        detail = "页面显示「" + marker + "」";
      } else if (status == 200) {
        verdict = "present";
        detail = "页面仍可访问";
      } else {
        verdict = "inconclusive";
        detail = "HTTP " + std::to_string(status);
      }
    }
  }
  const bool deleted = verdict == "deleted";
  // The account's write turn, as the poll's own writes: other accounts' polls go on beside it.
  Status st = db_.TransactionFor(account_id, [&]() -> Status {
    if (Status s = db_.Exec(
            "INSERT INTO post_deletion_checks (post_id, checked_at, url, verdict, http_status, body_sha256, excerpt, "
            "marker, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {post_id, now, url, verdict, status, sha, excerpt, marker, detail});
        !s.ok())
      return s;
    if (deleted) return db_.Exec("UPDATE posts SET deleted_at = ?, not_seen_since = NULL WHERE id = ?", {now, post_id});
    return db_.Exec("UPDATE posts SET not_seen_since = COALESCE(not_seen_since, ?) WHERE id = ?", {now, post_id});
  });
  if (!st.ok()) return st;
  return deleted;
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
  const int64_t now_epoch = clock_.NowSeconds();
  int64_t http_status = 0;
  int items_read = 0;
  std::string channel_title, channel_image;  // the channel's name and avatar (hijack detection)
  // Every fetch leaves a row: the day-by-day health that freshness reads.
  auto record = [&](const std::string& outcome, const std::string& reason) {
    return RecordFetch(db_, {account_id, url, now, now_epoch, outcome, reason, http_status,
                             static_cast<int64_t>(items_read), static_cast<int64_t>(rep.skipped),
                             static_cast<int64_t>(rep.undated), channel_title, channel_image});
  };
  auto fail = [&](const std::string& why) {
    rep.outcome = "failing";
    rep.error = why;
    rep.store_error = db_.TransactionFor(account_id, [&]() -> Status {
      if (Status s = record("blind", why); !s.ok()) return s;
      return db_.Exec(
          "INSERT INTO feed_state (account_id, url, health, failures, last_error, checked_at) VALUES (?, ?, 'failing', 1, ?, ?) "
          "ON CONFLICT (account_id, url) DO UPDATE SET health = 'failing', failures = feed_state.failures + 1, "
          "last_error = excluded.last_error, checked_at = excluded.checked_at",
          {account_id, url, why, now});
    });
    return rep;
  };
  auto got = fetch::Fetch(url, etag, last_modified, options);
  if (!got.ok()) return fail(got.status().message());
  http_status = got->status;
  std::vector<int64_t> candidates;
  std::string note;  // what was mended, for a healthy fetch
  if (got->status == 304) {
    rep.outcome = "not_modified";
  } else if (got->status != 200) {
    return fail("HTTP " + std::to_string(got->status));
  } else {
    auto feed = fetch::ParseFeed(got->body, got->content_type);
    if (!feed.ok()) return fail(feed.status().message());
    rep.skipped = feed->unreadable;
    rep.undated = feed->undated;
    items_read = static_cast<int>(feed->items.size());
    channel_title = feed->title.substr(0, 500);
    channel_image = feed->image.substr(0, 2000);
    std::string blind;
    if (feed->unreadable > 0) {
      blind = "文档含 " + std::to_string(feed->present) + " 条，其中 " + std::to_string(feed->unreadable) +
              " 条无法读取（无标识、链接、标题和正文）";
    } else if (feed->present == 0) {
      // A feed that rolls forward is never empty once the account has posted: an empty one is a
      // bridge that lost the account, not an account that deleted everything.
      auto held = posts_.CountPosts(account_id);
      if (held.ok() && *held > 0) blind = "文档中没有任何条目（此前已收录 " + std::to_string(*held) + " 条）";
    }
    for (size_t i = 0; i < feed->repairs.size(); ++i) note += (i ? "；" : "") + feed->repairs[i];
    // One account's rows: other accounts' polls (other runners, other nodes) write beside it.
    Status st = db_.TransactionFor(account_id, [&]() -> Status {
      std::set<std::string> seen;
      std::optional<int64_t> oldest;  // of the dated items: the feed's window starts there
      for (const auto& it : feed->items) {
        storage::IncomingPost p;
        p.account_id = account_id;
        p.platform_post_id = it.id;
        p.author = it.author;
        // An undated item is archived at its first-seen time (an existing post keeps its own).
        p.published_at = it.date_known ? it.published : now;
        p.published_epoch = it.date_known ? it.published_epoch : now_epoch;
        p.text = it.text;
        p.url = it.link;
        auto a = posts_.Archive(p, now);
        if (!a.ok()) return a.status();
        if (Status m = monitor_.OnArchived(p, *a); !m.ok()) return m;
        rep.added += a->outcome == storage::ArchiveOutcome::kNew;
        rep.edited += a->outcome == storage::ArchiveOutcome::kEdited;
        if (a->outcome == storage::ArchiveOutcome::kNew && !it.date_known) {
          if (Status s = db_.Exec("UPDATE posts SET date_missing = 1 WHERE id = ? AND published_epoch = ?",
                                  {a->post_id, a->published_epoch});
              !s.ok())
            return s;
        }
        // Seen again: whatever made it missing is over. The post's whole key, so that PostgreSQL
        // reads only the partition of its month.
        if (Status s = db_.Exec("UPDATE posts SET not_seen_since = NULL WHERE id = ? AND published_epoch = ? AND "
                                "not_seen_since IS NOT NULL",
                                {a->post_id, a->published_epoch});
            !s.ok())
          return s;
        seen.insert(it.id);
        if (it.date_known) oldest = std::min(oldest.value_or(it.published_epoch), it.published_epoch);
      }
      // Only a healthy document is evidence of absence, and only above its oldest dated item:
      // several items of one push share a timestamp, and those at the edge drop off together.
      if (!blind.empty() || !oldest) return Status::Ok();
      auto inside = db_.Query(
          "SELECT id, platform_post_id FROM posts WHERE account_id = ? AND kind = 'post' AND published_epoch > ? "
          "AND deleted_at IS NULL AND not_seen_since IS NULL AND date_missing = 0",
          {account_id, *oldest});
      if (!inside.ok()) return inside.status();
      for (const auto& row : *inside)
        if (!seen.count(row.Text(1))) candidates.push_back(row.Int(0));
      return Status::Ok();
    });
    if (!st.ok()) {
      // Nothing of this fetch was kept: it is not evidence about the source either way.
      rep.error = st.message();
      rep.store_error = st;
      return rep;
    }
    if (!blind.empty()) return fail(blind);
    rep.outcome = "updated";
    etag = got->etag;
    last_modified = got->last_modified;
  }
  // Each candidate's own page decides, outside the archive's transaction (it is network I/O).
  for (int64_t id : candidates) {
    auto gone = ConfirmDeletion(id, options);
    if (!gone.ok()) continue;
    (*gone ? rep.deleted : rep.not_seen)++;
  }
  // A post 未再出现 is looked at again once a day for 30 days after it went missing: a deletion made
  // after the first look is found too, with its page as evidence. A few a poll, the oldest look first.
  constexpr int64_t kDay = core::kSecondsPerDay;
  auto again = db_.Query(
      "SELECT p.id FROM posts p WHERE p.account_id = ? AND p.deleted_at IS NULL AND p.not_seen_since > ? "
      "AND NOT EXISTS (SELECT 1 FROM post_deletion_checks c WHERE c.post_id = p.id AND c.checked_at > ?) "
      "ORDER BY p.id LIMIT 10",
      {account_id, Rfc3339Utc(now_epoch - 30 * kDay), Rfc3339Utc(now_epoch - kDay)});
  if (again.ok()) {
    for (const auto& r : *again) {
      auto gone = ConfirmDeletion(r.Int(0), options);
      if (gone.ok() && *gone) rep.deleted++;
    }
  }
  rep.error = note;
  rep.store_error = db_.TransactionFor(account_id, [&]() -> Status {
    if (Status s = record(rep.outcome == "not_modified" ? "not_modified" : "ok", note); !s.ok()) return s;
    return db_.Exec(
        "INSERT INTO feed_state (account_id, url, etag, last_modified, health, failures, last_ok_at, last_error, checked_at) "
        "VALUES (?, ?, ?, ?, 'ok', 0, ?, '', ?) ON CONFLICT (account_id, url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, health = 'ok', failures = 0, last_ok_at = excluded.last_ok_at, "
        "last_error = '', checked_at = excluded.checked_at",
        {account_id, url, etag, last_modified, now, now});
  });
  if (!rep.store_error.ok()) return rep;
  if (on_fetched_ && rep.outcome == "updated") {
    if (Status s = on_fetched_(account_id); !s.ok()) rep.error += (rep.error.empty() ? "" : "；") + s.message();
  }
  return rep;
}

}  // namespace govmedia::app
