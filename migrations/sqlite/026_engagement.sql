-- 026: engagement (互动数据) and fake engagement found (严禁购买"粉丝"等数据造假; 附件2 单项否决:
-- 存在购买"粉丝"、强制要求群众点赞等弄虚作假行为).
-- Counts a platform showed for a post when it was fetched or pushed; absent counts are NULL.
CREATE TABLE post_metrics (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  observed_at TEXT NOT NULL,
  observed_epoch INTEGER NOT NULL,
  reads INTEGER,
  likes INTEGER,
  reposts INTEGER,
  comments INTEGER,
  source TEXT NOT NULL                  -- push | import | feed | demo
);
CREATE INDEX post_metrics_post ON post_metrics(post_id, observed_epoch);
CREATE INDEX post_metrics_account ON post_metrics(account_id, observed_epoch);

-- An account's counts on a day (the latest of the day kept).
CREATE TABLE account_snapshots (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  observed_on TEXT NOT NULL,            -- Beijing day
  observed_at TEXT NOT NULL,
  followers INTEGER,
  reads INTEGER,
  likes INTEGER,
  reposts INTEGER,
  comments INTEGER,
  source TEXT NOT NULL,
  UNIQUE (account_id, observed_on)
);

-- Documents the city office records (a unit's notice, a work group's message) read for wording that
-- forces engagement (必须点赞, 每人转发, 截图上报 …).
CREATE TABLE engagement_documents (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  account_id INTEGER REFERENCES accounts(id),
  title TEXT NOT NULL,
  doc_number TEXT NOT NULL DEFAULT '',
  issued_on TEXT,
  text TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX engagement_documents_unit ON engagement_documents(unit_id);

-- What the detector found, for an inspector to confirm or dismiss (核减) with a reason; a confirmed
-- one is the veto finding (veto.fake_engagement) of the account's next inspection.
CREATE TABLE engagement_anomalies (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,                   -- follower_jump | post_outlier | peer_outlier | repeated_commenters | forced_wording
  subject TEXT NOT NULL,                -- what it is about: a day, a post's platform id, a document
  post_id INTEGER REFERENCES posts(id),
  document_id INTEGER REFERENCES engagement_documents(id),
  occurred_on TEXT NOT NULL,            -- Beijing day of the anomaly
  score REAL NOT NULL DEFAULT 0,
  summary TEXT NOT NULL,                -- one line in Chinese
  evidence TEXT NOT NULL,               -- JSON: the figures or the wording, and the baseline
  status TEXT NOT NULL DEFAULT 'open',  -- open | confirmed | dismissed
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (kind, subject, unit_id)
);
CREATE INDEX engagement_anomalies_unit ON engagement_anomalies(unit_id, status);
CREATE INDEX engagement_anomalies_account ON engagement_anomalies(account_id, occurred_on);
