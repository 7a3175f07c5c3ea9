-- foreign_keys: off
-- 008: comments (留言) join posts in the archive. A comment is keyed by its account and the
-- platform's comment id, like a post, but ids of posts and comments are separate namespaces on
-- a platform, so the kind is part of the key. The table is rebuilt (SQLite cannot change a
-- UNIQUE constraint); Migrate runs this with foreign keys off and checks them before commit.
CREATE TABLE posts_new (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'comment')),
  platform_post_id TEXT NOT NULL,
  parent_platform_id TEXT NOT NULL DEFAULT '',  -- a comment's post, by the platform's id
  author TEXT NOT NULL DEFAULT '',              -- a comment's author as the platform shows it
  published_at TEXT NOT NULL,
  published_epoch INTEGER NOT NULL,
  current_version INTEGER NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  deleted_at TEXT,
  UNIQUE (account_id, kind, platform_post_id)
);
INSERT INTO posts_new (id, account_id, platform_post_id, published_at, published_epoch, current_version, first_seen,
                       last_seen, deleted_at)
  SELECT id, account_id, platform_post_id, published_at, published_epoch, current_version, first_seen, last_seen,
         deleted_at FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
CREATE INDEX posts_account_time ON posts(account_id, kind, published_epoch);
CREATE INDEX posts_parent ON posts(account_id, parent_platform_id) WHERE kind = 'comment';
