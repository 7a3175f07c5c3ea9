-- 034: the job queue's claim takes the oldest due job from an index in its order (run_after, id)
-- instead of sorting every due job at each claim (a round of 5,000 polls sorted 5,000 rows 5,000
-- times: docs/benchmarks.md). It serves what jobs_queued served.
CREATE INDEX jobs_due ON jobs(status, run_after, id);
DROP INDEX jobs_queued;
