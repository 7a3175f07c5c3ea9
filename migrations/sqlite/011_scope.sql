-- 011: consolidation (清理整合) and scope: the office's decisions on groups of similar accounts,
-- and accounts found outside the registry (应纳入而未纳入).

-- A group is named by its accounts (ascending ids joined by commas); the office confirms or
-- rejects it. Groups are proposed by core::GroupSimilar; only decisions are stored.
CREATE TABLE consolidation_groups (
  group_key TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  platform TEXT NOT NULL,
  size INTEGER NOT NULL,
  status TEXT NOT NULL,        -- confirmed, rejected
  note TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  decided_on TEXT NOT NULL     -- the Beijing date, for the year it counts in
);

CREATE TABLE unregistered_accounts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER REFERENCES units(id),  -- the unit it belongs to, when known
  platform TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,        -- monitoring, import, report, inspection, other
  note TEXT NOT NULL DEFAULT '',
  found_on TEXT NOT NULL,
  found_by TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, registered, dismissed
  resolved_by TEXT,
  resolved_at TEXT,
  resolution TEXT NOT NULL DEFAULT ''
);
