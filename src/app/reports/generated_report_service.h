// Reports built as jobs (issue 14 item 3): a report a person asks for is built in the background
// by whichever node claims its `report.build` job (app/jobs), not in the request — a province's
// year of assessments takes longer than a request should wait, and a node killed mid-build loses
// nothing (the job's lease expires and another node builds it again). The finished file is kept in
// the database for its requester, who downloads it from 我的报表.
//
// - Built in the requester's scope as it is when the job runs: their user is read again (a user
//   disabled meanwhile gets a failed report, not a file); a unit operator's workbook holds their
//   unit only, like the direct export.
// - Idempotent: a report already built or failed is not built again; the file is written in the
//   same statement that marks it done.
// - Only the requester sees a report and its file; others get NotFound.
//
// Kinds: `assessment` — the year's assessment workbook (AssessmentService::ExportXlsx).
//
// Thread-safety: safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/scoring/assessment_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/user_store.h"

namespace govmedia::app {

struct GeneratedReportRequest {
  std::string kind;  // "assessment"
  int year = 0;
};

struct GeneratedReport {
  int64_t id = 0;
  std::string kind;
  int year = 0;
  std::string requested_by, requested_at;
  std::string status;  // queued, done, failed
  std::string finished_at, error, filename;
  int64_t bytes = 0;
};

struct GeneratedReportFile {
  std::string filename, content_type, bytes;
};

class GeneratedReportService final {
 public:
  /// The most reports a person's list shows.
  static constexpr int kListed = 20;

  GeneratedReportService(storage::Db& db, storage::UserStore& users, AssessmentService& assessment, storage::AuditLog& audit,
                const core::Clock& clock)
      : db_(db), users_(users), assessment_(assessment), audit_(audit), clock_(clock) {}

  /// Records the request, enqueues its job and audits it (`report.generate`). InvalidArgument naming
  /// "kind" (not a kind above) or "year" (outside 2000–2100); PermissionDenied when the requester
  /// could not read the report now.
  core::Result<GeneratedReport> Request(const core::Principal& p, const GeneratedReportRequest& r);
  /// The requester's reports, newest first (kListed at most), without their files.
  core::Result<std::vector<GeneratedReport>> List(const core::Principal& p);
  /// A built report's file: NotFound when it is not the requester's, Conflict while not built.
  core::Result<GeneratedReportFile> File(const core::Principal& p, int64_t id);
  /// Builds a report (the `report.build` job); nothing when it was built or failed before. A
  /// failure of the report itself (a refusal, bad data) is recorded on it; a failure of the store
  /// is returned, so the job is tried again.
  core::Status Build(int64_t id);
  /// How long a built or failed report is kept for its requester, in days.
  static constexpr int64_t kKeepDays = 30;
  /// Deletes the reports finished more than kKeepDays ago (the daily `maintenance` job): a
  /// province's workbooks are megabytes each. Returns how many.
  core::Result<int64_t> Prune();

 private:
  core::Result<std::vector<GeneratedReport>> Load(const std::string& where, const storage::Params& params);
  storage::Db& db_;
  storage::UserStore& users_;
  AssessmentService& assessment_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
