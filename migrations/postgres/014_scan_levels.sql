-- 014: what the scanner says about each hit (contracts/scan.md): its level (alert goes to the duty
-- officer at once, review waits for an inspector), the correct form of a wording error, the
-- mitigating context that made a veto-level hit review, and why a dated or leaders rule fired.
ALTER TABLE scan_hits ADD COLUMN level TEXT NOT NULL DEFAULT 'review';
ALTER TABLE scan_hits ADD COLUMN suggestion TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_hits ADD COLUMN context TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_hits ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- Hits stored before levels existed: a veto-level hit raised an alert then.
-- ILIKE: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not.
UPDATE scan_hits SET level = 'alert' WHERE indicator ILIKE 'veto.%';
