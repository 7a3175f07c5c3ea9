-- 033: reports generated as jobs (app/reports/generated_report_service.h): a report a person asks for (the year's
-- assessment workbook of every unit in their scope) is built by whichever node claims its
-- `report.build` job and kept here for its requester to download.

CREATE TABLE generated_reports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('assessment')),
  year INTEGER NOT NULL,                  -- the assessment year
  requested_by INTEGER NOT NULL REFERENCES users(id),  -- who may download it; built in their scope
  requested_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done', 'failed')),
  finished_at TEXT,
  error TEXT,                             -- why it failed, for the requester
  filename TEXT NOT NULL,
  content BLOB,                           -- the file, once built
  bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX generated_reports_by_requester ON generated_reports(requested_by, id);
