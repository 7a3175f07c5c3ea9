-- 007: full-text search over every archived post version. The trigram tokenizer finds Chinese
-- substrings of three or more characters without a word segmenter; shorter queries fall back to
-- a scan (see storage/post_store.cc).
CREATE VIRTUAL TABLE post_search USING fts5(text, tokenize = 'trigram');
INSERT INTO post_search (rowid, text) SELECT id, text FROM post_versions;
