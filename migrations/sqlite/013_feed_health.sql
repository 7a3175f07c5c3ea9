-- 013: feeds as they really are. Every fetch's outcome is kept, so freshness knows day by day
-- whether an account's collection was healthy; posts without a readable date are marked; a post
-- missing from its feed is "not seen since" until its own page confirms the deletion, and the
-- page that confirmed it is kept as evidence.

CREATE TABLE feed_fetches (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  url TEXT NOT NULL,
  fetched_at TEXT NOT NULL,               -- RFC 3339
  fetched_epoch INTEGER NOT NULL,
  outcome TEXT NOT NULL,                  -- ok, not_modified, blind (数据源异常)
  reason TEXT NOT NULL DEFAULT '',        -- why blind, or what had to be mended
  http_status INTEGER NOT NULL DEFAULT 0,
  items INTEGER NOT NULL DEFAULT 0,       -- items read
  unreadable INTEGER NOT NULL DEFAULT 0,  -- items present that could not be read
  undated INTEGER NOT NULL DEFAULT 0      -- items read without a readable date
);
CREATE INDEX feed_fetches_account_time ON feed_fetches(account_id, fetched_epoch);

-- 1: the feed gave no readable date; published_at/published_epoch are the first-seen time.
ALTER TABLE posts ADD COLUMN date_missing INTEGER NOT NULL DEFAULT 0;
-- 未再出现: gone from the feed inside its window, deletion not confirmed (deleted_at stays NULL).
ALTER TABLE posts ADD COLUMN not_seen_since TEXT;

-- Each look at a missing post's own page. verdict: deleted (404/410 or the platform's
-- deleted-content page), present, unreachable, inconclusive, no_url.
CREATE TABLE post_deletion_checks (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  checked_at TEXT NOT NULL,
  url TEXT NOT NULL,
  verdict TEXT NOT NULL,
  http_status INTEGER NOT NULL DEFAULT 0,
  body_sha256 TEXT NOT NULL DEFAULT '',   -- of the response body as received
  excerpt TEXT NOT NULL DEFAULT '',       -- the body's text around the marker (or its start)
  marker TEXT NOT NULL DEFAULT '',        -- the deleted-content phrase that matched
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_deletion_checks_post ON post_deletion_checks(post_id);
