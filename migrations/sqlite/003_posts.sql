-- 003: the archive of posts. A post is keyed by its account and the platform's id; every
-- distinct content is a version; nothing is ever removed (a deletion is a time noticed).
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  platform_post_id TEXT NOT NULL,
  published_at TEXT NOT NULL,       -- RFC 3339 as received
  published_epoch INTEGER NOT NULL,
  current_version INTEGER NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  deleted_at TEXT,
  UNIQUE (account_id, platform_post_id)
);
CREATE INDEX posts_account_time ON posts(account_id, published_epoch);

CREATE TABLE post_versions (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,       -- SHA-256 of the text and URL
  text TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  seen_at TEXT NOT NULL,
  UNIQUE (post_id, version)
);

-- How far an import of a file has committed, so an interrupted run resumes where it stopped.
CREATE TABLE import_progress (
  file_hash TEXT PRIMARY KEY,       -- SHA-256 of the file's first 1 MiB and its size
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  committed_lines INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
