-- 008: comments (留言) join posts in the archive. A comment is keyed by its account and the
-- platform's comment id, like a post, but ids of posts and comments are separate namespaces on
-- a platform, so the kind is part of the key. SQLite rebuilds the table (it cannot change a UNIQUE
-- constraint) with foreign keys off; PostgreSQL alters it in place, so this file must not start
-- with the "foreign_keys: off" marker (Migrate would send SQLite's PRAGMA). The new columns come
-- last here rather than after account_id: the application names every column it reads or writes.
-- Existing rows are posts: the DEFAULT fills kind with 'post' for them, as the copy did in SQLite.
ALTER TABLE posts ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'comment'));
ALTER TABLE posts ADD COLUMN parent_platform_id TEXT NOT NULL DEFAULT '';  -- a comment's post, by the platform's id
ALTER TABLE posts ADD COLUMN author TEXT NOT NULL DEFAULT '';              -- a comment's author as the platform shows it
-- The key of 003 (its default name), replaced by one that includes the kind.
ALTER TABLE posts DROP CONSTRAINT posts_account_id_platform_post_id_key;
ALTER TABLE posts ADD UNIQUE (account_id, kind, platform_post_id);
DROP INDEX posts_account_time;
CREATE INDEX posts_account_time ON posts(account_id, kind, published_epoch);
CREATE INDEX posts_parent ON posts(account_id, parent_platform_id) WHERE kind = 'comment';
