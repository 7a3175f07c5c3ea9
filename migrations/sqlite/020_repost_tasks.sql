-- 020: coordinated reposts (联动发声): the city office asks accounts or units to publish an
-- article by a deadline; the platform finds it in each account's archive.
CREATE TABLE repost_tasks (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,              -- posts from this Beijing day count
  due_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Who is expected to publish: a unit (any of its open accounts will do) or one account.
CREATE TABLE repost_targets (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES repost_tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  account_id INTEGER REFERENCES accounts(id)
);
CREATE INDEX repost_targets_task ON repost_targets(task_id);
CREATE INDEX repost_targets_unit ON repost_targets(unit_id);
