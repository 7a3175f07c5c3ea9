-- 022: netizen requests answered in time (限时办理). A comment that asks the account something or
-- asks it for something (found by core::ClassifyComment among the ingested comments), or a request
-- the unit entered or another system pushed; its deadline in working days by kind, fixed when it
-- was asked; its reply, matched from the account's own reply in the archive or entered.
CREATE TABLE netizen_requests (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  source TEXT NOT NULL,                 -- comment | entered | pushed
  comment_post_id INTEGER UNIQUE REFERENCES posts(id),  -- the archived comment it was found in
  platform_id TEXT NOT NULL DEFAULT '', -- the comment's or message's id where it was asked
  parent_platform_id TEXT NOT NULL DEFAULT '',  -- the post it was left under
  channel TEXT NOT NULL DEFAULT '',     -- where an entered request came (私信, 留言板 …)
  author TEXT NOT NULL DEFAULT '',      -- the netizen's public name on the platform
  kind TEXT NOT NULL,                   -- question | request | complaint
  cues TEXT NOT NULL DEFAULT '[]',      -- JSON: the classifier's phrases (its evidence)
  text TEXT NOT NULL,
  asked_at TEXT NOT NULL,
  asked_epoch INTEGER NOT NULL,
  asked_on TEXT NOT NULL,               -- Beijing day the deadline counts from
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,                 -- open | answered | dismissed (not a request)
  reply_text TEXT NOT NULL DEFAULT '',
  replied_at TEXT,
  replied_on TEXT,
  reply_source TEXT,                    -- matched (the account's reply in the archive) | entered | pushed
  reply_post_id INTEGER UNIQUE REFERENCES posts(id),
  reply_match TEXT NOT NULL DEFAULT '', -- how the archived reply was matched
  reply_vent TEXT NOT NULL DEFAULT '[]',  -- JSON: phrases of an entered reply that vent (互动回应失当)
  qa_entry_id INTEGER REFERENCES qa_entries(id),
  dismissed_reason TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_by TEXT,
  updated_at TEXT
);
CREATE INDEX netizen_requests_account ON netizen_requests(account_id, asked_on);
CREATE INDEX netizen_requests_unit ON netizen_requests(unit_id, status);
CREATE INDEX netizen_requests_thread ON netizen_requests(account_id, parent_platform_id, status);
CREATE UNIQUE INDEX netizen_requests_pushed ON netizen_requests(account_id, platform_id) WHERE source = 'pushed';
