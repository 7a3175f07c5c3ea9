-- 019: the Q&A library (咨询答问库): answers a unit (or the city, unit_id NULL) gives to questions
-- netizens ask, each resting on a policy document, valid for a period and reviewed by someone;
-- which entry answered which correction is recorded and counted per entry.
CREATE TABLE qa_entries (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER REFERENCES units(id),  -- NULL: city-wide
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  policy_title TEXT NOT NULL DEFAULT '',
  policy_number TEXT NOT NULL DEFAULT '',
  policy_url TEXT NOT NULL DEFAULT '',
  valid_from TEXT,
  valid_to TEXT,
  reviewed_by TEXT,
  reviewed_on TEXT,
  used_count INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX qa_entries_unit ON qa_entries(unit_id);

CREATE TABLE qa_uses (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES qa_entries(id),
  subject TEXT NOT NULL,                -- correction
  subject_id INTEGER NOT NULL,
  used_by TEXT NOT NULL,
  used_at TEXT NOT NULL
);
CREATE INDEX qa_uses_entry ON qa_uses(entry_id);

ALTER TABLE corrections ADD COLUMN qa_entry_id INTEGER REFERENCES qa_entries(id);
