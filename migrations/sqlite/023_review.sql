-- 023 (issue 12 item 4): review before publication (先审后发). A unit names its review levels
-- (初审, 复审, 终审 …, each a reviewer of the unit), for all its accounts or for one; an editor's
-- draft goes through them in order; the approved text is kept with its SHA-256; each archived post
-- of an account under review is matched to the approved drafts (app/review/review_match.cc).

-- From which day the unit's accounts publish only after review; none: not enabled.
CREATE TABLE review_settings (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  enabled_from TEXT,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The levels of a unit's chain (account_id NULL) or of one account's own chain.
CREATE TABLE review_levels (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  account_id INTEGER REFERENCES accounts(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  name TEXT NOT NULL,
  reviewer_id INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX review_levels_unit ON review_levels(unit_id, account_id, level);

-- A draft: the text under review (the latest submission), the chain it goes through this round
-- (a copy taken at submission, so a change of the levels does not move a draft under way), the
-- pre-scan's hits, and once approved the time and the SHA-256 of the exact approved text.
CREATE TABLE review_drafts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('reviewing', 'returned', 'approved')),
  round INTEGER NOT NULL DEFAULT 1,
  current_level INTEGER,               -- the level waiting, while reviewing
  chain_json TEXT NOT NULL,
  hits_json TEXT NOT NULL DEFAULT '[]',
  created_by TEXT NOT NULL,
  created_by_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  approved_at TEXT,
  approved_epoch INTEGER,
  approved_sha256 TEXT
);
CREATE INDEX review_drafts_account ON review_drafts(account_id, status, approved_epoch);
CREATE INDEX review_drafts_unit ON review_drafts(unit_id, status);

-- Every step: submit, resubmit, approve, return — with the SHA-256 of the text it concerned.
CREATE TABLE review_steps (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES review_drafts(id),
  round INTEGER NOT NULL,
  level INTEGER,
  level_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  text_sha256 TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_steps_draft ON review_steps(draft_id);

-- A draft's images (PNG, JPEG, WebP), kept like the evidence images.
CREATE TABLE review_images (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES review_drafts(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_images_draft ON review_images(draft_id);

-- Each archived version of a post of an account under review, and what it was matched to:
-- same (its approved draft), differs (发布内容与审核稿不一致), unreviewed (未经审核发布) or
-- undecidable (无法判定: too short, or truncated too early).
CREATE TABLE review_matches (
  post_id INTEGER NOT NULL REFERENCES posts(id),
  post_version INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  draft_id INTEGER REFERENCES review_drafts(id),
  verdict TEXT NOT NULL,
  similarity REAL NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (post_id, post_version)
);
CREATE INDEX review_matches_account ON review_matches(account_id, verdict);
