-- 005: hits of the compliance scanner on archived post versions, and the duty officer's alerts.
CREATE TABLE scan_hits (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  post_version INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  category TEXT NOT NULL,
  indicator TEXT NOT NULL,
  term TEXT NOT NULL,
  start_cp INTEGER NOT NULL,
  end_cp INTEGER NOT NULL,
  matched TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (post_id, post_version, category, term, start_cp)
);
CREATE INDEX scan_hits_account ON scan_hits(account_id);

-- One alert per post at most: the same post never alerts twice (an edit adds its hits to it).
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id),
  post_version INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  category TEXT NOT NULL,
  indicator TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  created_at TEXT NOT NULL,
  acknowledged_by TEXT, acknowledged_at TEXT,
  handled_by TEXT, handled_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  forwarded_to TEXT
);
