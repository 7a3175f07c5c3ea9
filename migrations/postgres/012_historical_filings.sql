-- 012: 历史补录. An account that was already open before the platform knew it is registered with its
-- opening date; the "open" filing recorded then is history, not a filing made late: it is never
-- late, never waits to be forwarded to the provincial system and never counts in the assessment.
ALTER TABLE filings ADD COLUMN historical BIGINT NOT NULL DEFAULT 0;
UPDATE filings SET historical = 1 WHERE kind = 'open' AND reason = '已开设账号补录';
