-- 028: on SQLite the full-text index moves to a file of its own (storage/search_index.h).
-- PostgreSQL indexes post_versions.text itself (pg_trgm, 007): nothing changes here.
SELECT 1;
