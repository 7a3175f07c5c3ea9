-- 010: the supervision loop: quarterly reports of the units, the city office's spot-check rounds
-- with their samples, notices (通报) frozen at publication, and the rectification tasks they raise.

-- 季度自查整改情况报告: one per unit and quarter; a draft until submitted, then frozen.
CREATE TABLE quarterly_reports (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  checked TEXT NOT NULL DEFAULT '',        -- 检查情况
  problems TEXT NOT NULL DEFAULT '',       -- 发现问题
  rectification TEXT NOT NULL DEFAULT '',  -- 整改情况
  status TEXT NOT NULL DEFAULT 'draft',    -- draft, submitted
  submitted_on TEXT,                       -- the Beijing date it was submitted
  submitted_by TEXT,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit_id, year, quarter)
);

CREATE TABLE report_attachments (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES quarterly_reports(id),
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- 市政府办公室季度抽查: a round draws a sample stratified by unit and platform from a recorded
-- seed, so the same seed and population give the same sample again.
CREATE TABLE spot_rounds (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  name TEXT NOT NULL,
  method TEXT NOT NULL,           -- ratio, count
  ratio REAL,
  count INTEGER,
  seed INTEGER NOT NULL,
  monitoring_time TEXT NOT NULL,  -- the round's 监测时间点 (RFC 3339)
  population_json TEXT NOT NULL,  -- the accounts the sample was drawn from, per stratum
  status TEXT NOT NULL DEFAULT 'open',  -- open, finished
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE spot_round_items (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES spot_rounds(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  source TEXT NOT NULL,           -- sample, manual
  inspector TEXT,                 -- the username assigned
  inspection_id INTEGER REFERENCES inspections(id),
  UNIQUE (round_id, account_id)
);

-- 通报: drafted from a finished round; publication freezes its body and raises the rectifications.
CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL UNIQUE REFERENCES spot_rounds(id),
  title TEXT NOT NULL,
  doc_number TEXT NOT NULL DEFAULT '',  -- 文号
  status TEXT NOT NULL DEFAULT 'draft', -- draft, published
  body_json TEXT NOT NULL DEFAULT '{}', -- frozen at publication
  published_on TEXT,
  published_by TEXT,
  published_at TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- 整改: one task per problem of a published notice, due 10 days after publication.
CREATE TABLE rectifications (
  id INTEGER PRIMARY KEY,
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  inspection_id INTEGER REFERENCES inspections(id),
  indicator TEXT NOT NULL,
  problem TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, answered, returned, closed
  answer TEXT NOT NULL DEFAULT '',
  evidence_url TEXT NOT NULL DEFAULT '',
  answered_on TEXT,
  answered_by TEXT,
  review_note TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT,
  reviewed_at TEXT,
  closed_on TEXT  -- the date of the answer the office accepted: when it was rectified
);
CREATE INDEX rectifications_unit ON rectifications(unit_id, status);
