-- 035: PostgreSQL partitions the posts by month beside their versions, and moves a post's identity
-- (account, kind, platform id) and the id other tables reference to a table of its own, post_keys
-- (migrations/postgres/035, docs/postgres.md "The archive by month"). SQLite keeps one posts table,
-- which holds the identity itself: nothing changes here.
SELECT 1;
