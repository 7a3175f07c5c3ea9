-- 016: 催办 — the city office asks a unit to update an account that is close to the 2-week veto.
-- The reminder is on the unit's home (我的任务) until the account publishes again.
CREATE TABLE urges (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  note TEXT NOT NULL DEFAULT '',
  due_on TEXT,                        -- the day the account would hit the veto, when known
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_epoch INTEGER NOT NULL
);
CREATE INDEX urges_account ON urges(account_id);
