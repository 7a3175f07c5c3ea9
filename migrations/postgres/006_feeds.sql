-- 006: the state of every feed the poller reads: conditional-request validators and health.
CREATE TABLE feed_state (
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  url TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  health TEXT NOT NULL DEFAULT 'ok',   -- ok, failing (数据源异常)
  failures BIGINT NOT NULL DEFAULT 0,
  last_ok_at TEXT,
  last_error TEXT NOT NULL DEFAULT '',
  checked_at TEXT,
  PRIMARY KEY (account_id, url)
);
