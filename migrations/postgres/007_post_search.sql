-- 007: full-text search over every archived post version. SQLite keeps an FTS5 table post_search
-- with the trigram tokenizer; here a GIN trigram index (pg_trgm) on post_versions(text) does the
-- same work for `text ILIKE '%…%'`: it finds Chinese substrings of three or more characters without
-- a word segmenter (pg_trgm treats CJK characters as word characters in a cluster with locale
-- C.UTF-8); shorter queries fall back to a scan, as in SQLite (see storage/post_store.cc and the
-- figures in docs/postgres.md). There is no post_search table: the index follows post_versions by
-- itself, so nothing is inserted next to a new version, and the existing versions are indexed here.
-- pg_trgm is a trusted extension: the database's owner may create it without being superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX post_versions_text_trgm ON post_versions USING gin (text gin_trgm_ops);
