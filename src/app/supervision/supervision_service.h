// The units' side of the quarterly cycle: the self-inspection (季度自查) task list of every unit —
// each account in scope, and its self-inspection of the quarter if made — with coverage per
// quarter and year, and the quarterly report (季度自查整改情况报告), due on the quarter's last day.
// Thread-safety: safe to call concurrently.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/date.h"
#include "storage/audit_log.h"
#include "storage/registry_store.h"
#include "storage/scoring_store.h"

namespace govmedia::app {

struct TaskItem {
  int64_t account_id = 0;
  std::string account_name, platform;
  std::optional<storage::InspectionRow> inspection;  // the quarter's latest self-inspection
};

struct UnitCoverage {
  int64_t unit_id = 0;
  std::string unit_name;
  std::vector<TaskItem> items;
  int inspected = 0;                  // accounts of `items` with a self-inspection in the quarter
  int annual_in_scope = 0, annual_inspected = 0;
  double coverage() const { return items.empty() ? 1.0 : static_cast<double>(inspected) / items.size(); }
  double annual_coverage() const { return annual_in_scope == 0 ? 1.0 : static_cast<double>(annual_inspected) / annual_in_scope; }
};

/// Accounts of a unit that count for a period ending on `until`: open, or closed but not cancelled,
/// and opened (when the date is known) on or before `until`.
core::Result<std::vector<storage::AccountRow>> AccountsInScope(storage::RegistryStore& registry, int64_t unit_id,
                                                              core::Date until);

struct ReportRow {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name;
  int year = 0, quarter = 0;
  std::string checked, problems, rectification, status;
  std::optional<std::string> submitted_on, submitted_by;
  std::string updated_by, updated_at;
  core::Date due_on() const;
  bool late() const;  // submitted after the due date
};

struct ReportStatus {
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<ReportRow> report;
};

struct AttachmentRow {
  int64_t id = 0;
  int64_t report_id = 0;
  std::string filename, mime, sha256;
  int64_t size = 0;
  std::string data;  // empty in listings
};

struct ReportDraft {
  int64_t unit_id = 0;
  int year = 0, quarter = 0;
  std::string checked, problems, rectification;
};

class SupervisionService final {
 public:
  SupervisionService(storage::Db& db, storage::RegistryStore& registry, storage::ScoringStore& scoring,
                     storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), registry_(registry), scoring_(scoring), audit_(audit), clock_(clock) {}

  /// The task list and coverage of every unit the principal may see (one unit when given).
  core::Result<std::vector<UnitCoverage>> Coverage(const core::Principal& p, int year, int quarter,
                                                   std::optional<int64_t> unit_id);
  /// The same for one unit, without an access check (the assessment's facts).
  core::Result<UnitCoverage> CoverageOf(const core::Unit& u, int year, int quarter);

  core::Result<std::vector<ReportStatus>> Reports(const core::Principal& p, int year, int quarter);
  core::Result<ReportRow> Report(const core::Principal& p, int64_t id);
  /// Creates or updates the draft of the unit's quarter. Conflict once submitted.
  core::Result<ReportRow> SaveReport(const core::Principal& p, const ReportDraft& d);
  /// Submits a draft (dated today, Beijing). InvalidArgument naming "checked" when empty.
  core::Result<ReportRow> Submit(const core::Principal& p, int64_t id);
  core::Result<AttachmentRow> Attach(const core::Principal& p, int64_t report_id, const std::string& filename,
                                     const std::string& bytes);
  core::Result<std::vector<AttachmentRow>> Attachments(int64_t report_id);
  core::Result<AttachmentRow> Attachment(const core::Principal& p, int64_t id);
  /// The submission dates of a unit's four reports of a year (nullopt: not submitted).
  core::Result<std::array<std::optional<core::Date>, 4>> SubmittedOn(int64_t unit_id, int year);

 private:
  core::Result<ReportRow> Load(int64_t id);
  storage::Db& db_;
  storage::RegistryStore& registry_;
  storage::ScoringStore& scoring_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

/// 1–4 and the year must be sensible: InvalidArgument naming "year" or "quarter".
core::Status CheckQuarter(int year, int quarter);

}  // namespace govmedia::app
