-- 027: several nodes, one database (issue 14 item 3). Background work as jobs any node may claim
-- under a lease; rounds scheduled once across nodes; webhook deliveries claimed before they are
-- sent; failed logins counted where every node sees them.

-- A unit of background work. (kind, key) is unique, so enqueueing the same work twice (two nodes
-- scheduling the same round) adds one row. A job is queued until run_after, running while a node
-- holds its lease (node, lease_until), then done or failed. `attempts` counts claims: with `node`
-- it names the current holder, and only that holder may finish the job (fencing).
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                   -- feed.poll, availability.check, engagement.detect, webhook.deliver, maintenance
  key TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',   -- JSON
  status TEXT NOT NULL DEFAULT 'queued',  -- queued | running | done | failed
  run_after INTEGER NOT NULL,           -- epoch seconds: not claimed before
  lease_until INTEGER,                  -- epoch seconds, while running
  node TEXT,                            -- hostname:pid of the holder (or the last one)
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  finished_epoch INTEGER,
  UNIQUE (kind, key)
);
CREATE INDEX jobs_queued ON jobs(status, run_after);
CREATE INDEX jobs_leases ON jobs(status, lease_until);

-- When each repeating round is next due. A node that finds a round due moves next_at on by
-- compare-and-set (UPDATE … WHERE next_at = the value it read); only the node that moved it
-- enqueues the round.
CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  next_at INTEGER NOT NULL,             -- epoch seconds
  last_round INTEGER,                   -- the start of the last round enqueued
  last_node TEXT,
  updated_at TEXT
);

-- A delivery is claimed (a token and a deadline) before it is sent, so two nodes delivering at
-- once never send the same alert twice.
ALTER TABLE webhook_outbox ADD COLUMN claim_token TEXT;
ALTER TABLE webhook_outbox ADD COLUMN claimed_until INTEGER;

-- Failed logins (app::LoginThrottle), in the database so that every node applies the same delays.
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  at_epoch INTEGER NOT NULL
);
CREATE INDEX login_failures_pair ON login_failures(username, address, at_epoch);
CREATE INDEX login_failures_address ON login_failures(address, at_epoch);
-- The last successful login of each (name, address) pair: known names are not slowed as spraying.
CREATE TABLE login_known (
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  at_epoch INTEGER NOT NULL,
  PRIMARY KEY (username, address)
);
