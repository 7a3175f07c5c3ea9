-- 032: every version carries its post's time of publication (published_epoch, which never changes
-- once a post is archived). PostgreSQL partitions the versions by its month (migrations/postgres/032,
-- docs/postgres.md "The archive by month"); SQLite keeps one table, and the column is there so that
-- both stores take the same statements.
ALTER TABLE post_versions ADD COLUMN published_epoch INTEGER NOT NULL DEFAULT 0;
UPDATE post_versions SET published_epoch = (SELECT p.published_epoch FROM posts p WHERE p.id = post_versions.post_id);
