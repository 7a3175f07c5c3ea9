-- foreign_keys: off
-- 018 (issue 11): images as evidence, and rectifications opened from an alert.
-- - A unit's rectification answer (整改回复) and a closure notice (停更公告) of a close filing may
--   carry images (PNG, JPEG, WebP) besides or instead of a link. They are kept like the quarterly
--   reports' attachments: the bytes in the database with their SHA-256, each row owned by a unit,
--   so that only those who may see that unit's records get them.
-- - The city office can open a rectification straight from an alert, without a notice: the table is
--   rebuilt (SQLite cannot drop NOT NULL) with notice_id optional, the alert it came from and the
--   day it was opened (a notice's rectifications are dated by the notice's publication).

CREATE TABLE rectifications_new (
  id INTEGER PRIMARY KEY,
  notice_id INTEGER REFERENCES notices(id),       -- the notice that raised it, or
  alert_id INTEGER UNIQUE REFERENCES alerts(id),  -- the alert it was opened from
  opened_on TEXT,                                 -- set when there is no notice
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
  closed_on TEXT,
  CHECK (notice_id IS NOT NULL OR (alert_id IS NOT NULL AND opened_on IS NOT NULL))
);
INSERT INTO rectifications_new (id, notice_id, account_id, unit_id, inspection_id, indicator, problem, due_on,
                                status, answer, evidence_url, answered_on, answered_by, review_note, reviewed_by,
                                reviewed_at, closed_on)
  SELECT id, notice_id, account_id, unit_id, inspection_id, indicator, problem, due_on, status, answer,
         evidence_url, answered_on, answered_by, review_note, reviewed_by, reviewed_at, closed_on
  FROM rectifications;
DROP TABLE rectifications;
ALTER TABLE rectifications_new RENAME TO rectifications;
CREATE INDEX rectifications_unit ON rectifications(unit_id, status);

CREATE TABLE evidence_images (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),  -- whose evidence: who may see it
  kind TEXT NOT NULL CHECK (kind IN ('rectification', 'closure_notice')),
  rectification_id INTEGER REFERENCES rectifications(id),  -- kind rectification
  account_id INTEGER REFERENCES accounts(id),              -- kind closure_notice
  filing_id INTEGER REFERENCES filings(id),                -- the close filing that took it; NULL until then
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX evidence_images_rectification ON evidence_images(rectification_id);
CREATE INDEX evidence_images_account ON evidence_images(account_id, filing_id);
