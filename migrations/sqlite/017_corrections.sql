-- 017: the public correction entry (纠错入口, contracts/public-corrections.md).
-- A report from a netizen (or another system), routed to the unit that runs the account (the city
-- office when none is named), accepted and answered within working days, escalated when late.
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL UNIQUE,          -- JC20261129-0001
  code_hash TEXT NOT NULL,              -- SHA-256 (hex) of the code given to the netizen
  account_id INTEGER REFERENCES accounts(id),
  account_name TEXT NOT NULL DEFAULT '',  -- as named by the netizen when no account matched
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',     -- personal data: masked except for the unit and the office
  source TEXT NOT NULL DEFAULT 'public',  -- public | integration
  status TEXT NOT NULL,                 -- submitted | accepted | answered | rejected
  submitted_at TEXT NOT NULL,
  submitted_on TEXT NOT NULL,           -- Beijing day the deadlines count from
  accepted_at TEXT,
  accepted_on TEXT,
  accepted_by TEXT,
  answered_at TEXT,
  answered_on TEXT,
  answered_by TEXT,
  answer TEXT NOT NULL DEFAULT '',
  escalated_at TEXT,                    -- when a deadline passed before the unit acted
  escalated_step TEXT                   -- accept | answer
);
CREATE INDEX corrections_unit ON corrections(unit_id, submitted_on);
CREATE INDEX corrections_open ON corrections(status);

-- Proof-of-work challenges of the public form: each used once, valid for 10 minutes.
CREATE TABLE correction_challenges (
  id TEXT PRIMARY KEY,
  salt TEXT NOT NULL,
  difficulty INTEGER NOT NULL,
  expires_epoch INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);

-- Requests of the public routes per address, for their rate limits (kept in the database so
-- every node counts alike).
CREATE TABLE public_requests (
  bucket TEXT NOT NULL,                 -- submit | challenge | lookup
  address TEXT NOT NULL,
  epoch INTEGER NOT NULL
);
CREATE INDEX public_requests_key ON public_requests(bucket, address, epoch);
