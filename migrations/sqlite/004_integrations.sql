-- 004: integrations that push posts (POST /api/ingest/posts), each with its own token, issued and
-- revoked by the city office. Only the token's SHA-256 is stored.
CREATE TABLE integrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  last_used_at TEXT
);
