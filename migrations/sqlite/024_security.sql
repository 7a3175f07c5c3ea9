-- 024: the security ledger (安全台账). 加强对账号密码的安全管理，防止账号被盗用或被恶意攻击: per account,
-- who holds the credentials and where they are kept (never the password itself), the bound phone and
-- e-mail (personal data, masked like the contacts), two-factor, the last password change and the
-- rotation interval, the devices and tools with access; handovers when a custodian leaves; and per
-- unit the emergency plan (应急预案) with its last drill. Rules in core/security_ledger.h.
CREATE TABLE security_ledgers (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  two_factor INTEGER NOT NULL DEFAULT 0,
  bound_phone TEXT NOT NULL DEFAULT '',
  bound_email TEXT NOT NULL DEFAULT '',
  last_password_change TEXT,              -- YYYY-MM-DD
  rotation_days INTEGER NOT NULL DEFAULT 90,
  devices TEXT NOT NULL DEFAULT '[]',     -- JSON [{name, kind: device|tool, note}]
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The people holding an account's credentials. A custodian ends (ended_on) when handed over or
-- removed; rows are kept, so the ledger's history stays.
CREATE TABLE security_custodians (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  storage TEXT NOT NULL,                  -- where the credentials are kept (safe, sealed envelope, vault reference)
  user_id INTEGER REFERENCES users(id),   -- their login on this platform, when they have one
  listed INTEGER NOT NULL DEFAULT 0,      -- the name was among the account's people when recorded
  since TEXT NOT NULL,
  ended_on TEXT,
  handover_id INTEGER,                    -- the handover that ended it
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX security_custodians_account ON security_custodians(account_id, ended_on);

-- 交接: from whom, to whom, when; the password must have been changed at the handover.
CREATE TABLE security_handovers (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  from_custodian_id INTEGER NOT NULL REFERENCES security_custodians(id),
  from_name TEXT NOT NULL,
  to_name TEXT NOT NULL,
  to_role TEXT NOT NULL DEFAULT '',
  handed_over_on TEXT NOT NULL,
  password_changed INTEGER NOT NULL CHECK (password_changed = 1),
  reason TEXT NOT NULL,                   -- staff_change, user_disabled, other
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX security_handovers_account ON security_handovers(account_id);

-- The unit's emergency plan: the document (bytes with their SHA-256) or a reference to where it
-- is kept, the last drill, the contact for a hijacked account (personal data, masked).
CREATE TABLE emergency_plans (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  reference TEXT NOT NULL DEFAULT '',
  filename TEXT,
  mime TEXT,
  size INTEGER,
  sha256 TEXT,
  data BLOB,
  last_drill_on TEXT,
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
