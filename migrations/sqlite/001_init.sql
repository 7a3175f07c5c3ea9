-- 001: registry, filings, users and sessions, audit log, calendar years.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0,
  is_city_office INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Earlier states of a unit: one row per change, holding the values valid until changed_at.
CREATE TABLE unit_history (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  retired INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Only a hash of the session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  platform TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_on TEXT,
  opened_without_application INTEGER NOT NULL DEFAULT 0,
  closure_notice_url TEXT NOT NULL DEFAULT '',
  closure_notice_on TEXT,
  record_json TEXT NOT NULL,      -- the remaining fields of the record (附件4 and platform fields)
  warnings_json TEXT NOT NULL DEFAULT '[]',
  demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX accounts_unit ON accounts(unit_id, platform);
CREATE INDEX accounts_status ON accounts(status);

CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  applied_on TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT 'pending',
  decided_on TEXT,
  decided_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL
);
CREATE INDEX applications_account ON applications(account_id);

CREATE TABLE filings (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  event_on TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  forwarded_on TEXT,
  forwarded_by TEXT,
  reason TEXT NOT NULL DEFAULT '',
  closure_notice_url TEXT NOT NULL DEFAULT '',
  closure_notice_on TEXT,
  changes_json TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX filings_account ON filings(account_id);
CREATE INDEX filings_pending ON filings(forwarded_on);

-- Append-only: rows are chained by SHA-256 (see core/audit.h); the triggers refuse edits so a
-- change needs deliberate tampering, which `govmedia audit verify` then detects.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Holiday years imported after the build (`govmedia calendar import`); they override the
-- built-in data for the same year.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  data_json TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
