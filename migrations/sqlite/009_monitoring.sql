-- 009: what the city office manages of the monitoring: lexicon versions (词库), settings, URL
-- availability checks, and the outbox of alert webhooks.

-- Each version is whole: its terms, the category → indicator map and the allow-list. The newest
-- version is the one in use; version 1 is the built-in default, inserted by the node at start.
CREATE TABLE lexicon_versions (
  version INTEGER PRIMARY KEY,
  terms_tsv TEXT NOT NULL,
  categories TEXT NOT NULL,   -- JSON object: category → indicator id
  allow TEXT NOT NULL,        -- JSON array of phrases whose hits do not count
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Key/value settings of the deployment (JSON values), changed by the city office and audited.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per URL of an account that is checked; the state the last checks left.
CREATE TABLE availability (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  url TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- app_download, service
  state TEXT NOT NULL DEFAULT 'unchecked',  -- unchecked, ok, failing, broken
  failures INTEGER NOT NULL DEFAULT 0,   -- consecutive
  v4_ok INTEGER, v4_status INTEGER, v4_latency_ms INTEGER, v4_error TEXT NOT NULL DEFAULT '',
  v6_ok INTEGER, v6_status INTEGER, v6_latency_ms INTEGER, v6_error TEXT NOT NULL DEFAULT '',
  v6_failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failures over IPv6
  v6_broken INTEGER NOT NULL DEFAULT 0,    -- an app that stopped answering over IPv6 (IPv4 up)
  checked_at TEXT,
  broken_since TEXT,
  recovered_at TEXT,
  PRIMARY KEY (account_id, url)
);

-- Outages and recoveries, never removed: the evidence of function_broken / veto.app_unusable.
CREATE TABLE availability_events (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  url TEXT NOT NULL,
  kind TEXT NOT NULL,
  event TEXT NOT NULL,        -- broken, recovered, ipv6_broken, ipv6_recovered
  indicator TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL,
  at TEXT NOT NULL,
  at_epoch INTEGER NOT NULL
);
CREATE INDEX availability_events_account ON availability_events(account_id, at_epoch);

-- Alerts to deliver to the deployment's webhook; written in the transaction that raised the
-- alert, so a crash between the two cannot lose one.
CREATE TABLE webhook_outbox (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id),
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_epoch INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at TEXT,
  created_at TEXT NOT NULL
);
