-- 002: indicator sets (versions), inspections with findings, evidence and 核减, annual assessments.

-- Every published version of an indicator set; never updated. The newest row is current.
CREATE TABLE indicator_sets (
  id INTEGER PRIMARY KEY,
  set_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  UNIQUE (set_id, version)
);

CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,               -- self 自查, city 抽查, higher 上级抽查
  level TEXT,                       -- for higher: state_council, province, suzhou
  monitoring_time TEXT NOT NULL,    -- RFC 3339 as given
  monitoring_epoch INTEGER NOT NULL,
  indicator_set_row INTEGER NOT NULL REFERENCES indicator_sets(id),
  status TEXT NOT NULL DEFAULT 'open',
  result_json TEXT NOT NULL DEFAULT '{}',
  verdict TEXT,
  score INTEGER,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT
);
CREATE INDEX inspections_account ON inspections(account_id);

-- Manual findings; withdrawn ones stay, marked.
CREATE TABLE inspection_findings (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  indicator TEXT NOT NULL,
  count INTEGER NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  evidence_url TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  withdrawn_by TEXT
);
CREATE INDEX inspection_findings_inspection ON inspection_findings(inspection_id);

-- Screenshots kept as evidence, identified by their SHA-256.
CREATE TABLE screenshots (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES inspection_findings(id),
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX screenshots_finding ON screenshots(finding_id);

-- 核减: a derived finding dismissed as a false positive, with the reason; withdrawn ones stay.
CREATE TABLE inspection_dismissals (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  indicator TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  withdrawn_by TEXT
);
CREATE INDEX inspection_dismissals_inspection ON inspection_dismissals(inspection_id);

-- What the city office enters per unit and year for 附件3 (the rest comes from the registry).
CREATE TABLE assessment_inputs (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  inputs_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (unit_id, year)
);

-- Finalised (frozen) results.
CREATE TABLE assessment_results (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  indicator_set_row INTEGER NOT NULL REFERENCES indicator_sets(id),
  result_json TEXT NOT NULL,
  finalized_at TEXT NOT NULL,
  finalized_by TEXT NOT NULL,
  PRIMARY KEY (unit_id, year)
);
