-- 015: evidence anyone can verify, and the leaders table the city office keeps.
--
-- The deployment's Ed25519 key pair that signs evidence packages of notices (证据包). The newest
-- row signs; older ones stay so that their packages can still be traced to this deployment.
-- (The fetch that saw a post version needs no column: a version's seen_at is the fetched_at of
-- the feed_fetches row of the same account that archived it.)
CREATE TABLE signing_keys (
  id INTEGER PRIMARY KEY,
  public_key TEXT NOT NULL UNIQUE,   -- hex, 32 bytes
  secret_key TEXT NOT NULL,          -- hex, 64 bytes (libsodium's seed + public key)
  created_at TEXT NOT NULL
);

-- The leaders table (领导职务表: name, titles, tenure; core::ParseLeaders) is kept with each
-- lexicon version, so a post is always read against the table of the version that scanned it.
ALTER TABLE lexicon_versions ADD COLUMN leaders TEXT NOT NULL DEFAULT '';
