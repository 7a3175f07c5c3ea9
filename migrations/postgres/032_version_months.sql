-- 032: the archive's versions partitioned by month (docs/postgres.md "The archive by month").
--
-- A version lives in the partition of its post's month of publication, Beijing time (UTC+8, no
-- daylight saving since 1991): published_epoch copies the post's, which never changes once the post
-- is archived, so every version of a post sits in one partition and a query that joins a post to
-- its versions on (post_id, version, published_epoch) reads one partition. The text and its trigram
-- index, the bulk of the archive, are split by month: a month's index stays small enough to be
-- cached, and an old month can be detached and archived as a table of its own.
--
-- The posts themselves stay one table: PostgreSQL enforces a unique key on a partitioned table only
-- when the key holds the partition key, and a post's identity (account, kind, platform id) and the
-- foreign keys of hits, alerts, checks, requests and engagement to posts(id) need keys without it.
-- On the province bench the posts table took 1.8 GB with its indexes, the versions 4.7 GB.
--
-- Rows of a month that has no partition yet (a post dated years back, or in the future) go to the
-- default partition; govmedia_archive_months() — run by every node at start and by the daily
-- maintenance job — makes the coming months' partitions and moves any month found in the default
-- partition into a partition of its own.

CREATE SEQUENCE post_versions_by_month_id_seq;
CREATE TABLE post_versions_by_month (
  id BIGINT NOT NULL DEFAULT nextval('post_versions_by_month_id_seq'),
  post_id BIGINT NOT NULL REFERENCES posts(id),
  version BIGINT NOT NULL,
  content_hash TEXT NOT NULL,       -- SHA-256 of the text and URL
  text TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  seen_at TEXT NOT NULL,
  published_epoch BIGINT NOT NULL,  -- the post's; the partition key
  PRIMARY KEY (id, published_epoch),
  UNIQUE (post_id, version, published_epoch)
) PARTITION BY RANGE (published_epoch);
CREATE TABLE post_versions_default PARTITION OF post_versions_by_month DEFAULT;

-- The partition of the Beijing month that holds at_epoch, made when missing, with the rows of that
-- month the default partition holds moved into it. Months outside 2000–2099 stay in the default
-- partition. Returns the partition's name, or NULL. Serialised by an advisory lock, so nodes that
-- start together do not race.
CREATE FUNCTION govmedia_version_month(at_epoch BIGINT) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  first DATE := date_trunc('month', to_timestamp(at_epoch + 28800) AT TIME ZONE 'UTC')::date;
  lo BIGINT;
  hi BIGINT;
  part TEXT;
BEGIN
  IF first < DATE '2000-01-01' OR first >= DATE '2100-01-01' THEN
    RETURN NULL;
  END IF;
  part := 'post_versions_' || to_char(first, 'YYYY_MM');
  IF to_regclass(part) IS NOT NULL THEN
    RETURN part;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('govmedia_version_month'));
  IF to_regclass(part) IS NOT NULL THEN
    RETURN part;
  END IF;
  lo := (first - DATE '1970-01-01') * 86400 - 28800;
  hi := ((first + INTERVAL '1 month')::date - DATE '1970-01-01') * 86400 - 28800;
  EXECUTE format('CREATE TABLE %I (LIKE post_versions INCLUDING DEFAULTS)', part);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (published_epoch >= %s AND published_epoch < %s)',
                 part, part || '_range', lo, hi);
  EXECUTE format('WITH moved AS (DELETE FROM post_versions_default WHERE published_epoch >= %s AND '
                 'published_epoch < %s RETURNING *) INSERT INTO %I SELECT * FROM moved', lo, hi, part);
  EXECUTE format('ALTER TABLE post_versions ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', part, lo, hi);
  -- The CHECK let the attach skip its scan of the new partition; the bound now says the same.
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_range');
  RETURN part;
END $$;

-- The upkeep: this month's and the next two months' partitions, and a partition for every month
-- the default partition holds. Returns the number of partitions made.
CREATE FUNCTION govmedia_archive_months() RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  had INTEGER;
  m BIGINT;
BEGIN
  SELECT count(*) INTO had FROM pg_inherits WHERE inhparent = 'post_versions'::regclass;
  FOR i IN 0..2 LOOP
    PERFORM govmedia_version_month(extract(epoch FROM now() + make_interval(months => i))::bigint);
  END LOOP;
  FOR m IN SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(published_epoch + 28800)
                                                            AT TIME ZONE 'UTC')))::bigint - 28800
           FROM post_versions_default LOOP
    PERFORM govmedia_version_month(m);
  END LOOP;
  RETURN (SELECT count(*) FROM pg_inherits WHERE inhparent = 'post_versions'::regclass) - had;
END $$;

-- The versions kept so far, moved into the partitioned table. The months are made first (the
-- default partition is empty then, so nothing moves), then the rows are copied once.
ALTER TABLE post_versions RENAME TO post_versions_unpartitioned;
ALTER TABLE post_versions_by_month RENAME TO post_versions;
DO $$
DECLARE
  m BIGINT;
BEGIN
  FOR m IN SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(published_epoch + 28800)
                                                            AT TIME ZONE 'UTC')))::bigint - 28800
           FROM posts LOOP
    PERFORM govmedia_version_month(m);
  END LOOP;
END $$;
INSERT INTO post_versions (id, post_id, version, content_hash, text, url, seen_at, published_epoch)
SELECT v.id, v.post_id, v.version, v.content_hash, v.text, v.url, v.seen_at, p.published_epoch
FROM post_versions_unpartitioned v JOIN posts p ON p.id = v.post_id;
SELECT setval('post_versions_by_month_id_seq', COALESCE((SELECT MAX(id) FROM post_versions), 0) + 1, false);
DROP TABLE post_versions_unpartitioned;
ALTER SEQUENCE post_versions_by_month_id_seq RENAME TO post_versions_id_seq;
ALTER SEQUENCE post_versions_id_seq OWNED BY post_versions.id;
ALTER TABLE post_versions RENAME CONSTRAINT post_versions_by_month_pkey TO post_versions_pkey;
ALTER TABLE post_versions RENAME CONSTRAINT post_versions_by_month_post_id_version_published_epoch_key
  TO post_versions_post_id_version_published_epoch_key;
ALTER TABLE post_versions RENAME CONSTRAINT post_versions_by_month_post_id_fkey TO post_versions_post_id_fkey;
CREATE INDEX post_versions_text_trgm ON post_versions USING gin (text gin_trgm_ops);
SELECT govmedia_archive_months();
