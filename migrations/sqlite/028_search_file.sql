-- 028: the archive's full-text index leaves the database for a file of its own beside it
-- (storage/search_index.h, issue 14 item 4), built behind the archive up to a watermark instead of
-- inside every archiving transaction. The new file starts empty and is filled by the node's
-- `search.index` job; searches scan what it has not reached yet, so none misses a post meanwhile.
DROP TABLE post_search;
