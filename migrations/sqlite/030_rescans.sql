-- 030: 重新扫描存档 (app/monitoring/rescan_service.h): the archive scanned again with the lexicon in
-- use, for a period the city office chooses, in batches that any node runs as `scan.batch` jobs.

CREATE TABLE rescans (
  id INTEGER PRIMARY KEY,
  lexicon_version INTEGER NOT NULL,      -- in use when it was started
  from_day TEXT NOT NULL,                -- YYYY-MM-DD, Beijing, by the posts' published_at
  to_day TEXT NOT NULL,                  -- inclusive
  posts INTEGER NOT NULL,                -- posts and comments of the period when it was started
  batches INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A batch once run: its row is written in the batch's own transaction, so a batch redone after its
-- node died finds it and adds nothing.
CREATE TABLE rescan_batches (
  rescan_id INTEGER NOT NULL REFERENCES rescans(id),
  batch INTEGER NOT NULL,
  posts INTEGER NOT NULL,
  hits_added INTEGER NOT NULL,
  alerts_added INTEGER NOT NULL,
  lexicon_version INTEGER NOT NULL,      -- the version the batch scanned with
  done_at TEXT NOT NULL,
  PRIMARY KEY (rescan_id, batch)
);
