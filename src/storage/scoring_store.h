// SQL for scoring: indicator set versions, inspections with their findings, screenshots and
// 核减 (dismissals), and the annual assessment's inputs and frozen results.
// Thread-safety: as the Db it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace govmedia::storage {

struct SetVersionRow {
  int64_t id = 0;
  std::string set_id;
  int version = 0;
  std::string body_json;
  std::string note;
  std::string published_at;
  std::string published_by;
};

struct InspectionRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name;
  std::string platform;
  std::string kind;
  std::optional<std::string> level;
  std::string monitoring_time;
  int64_t monitoring_epoch = 0;
  int64_t indicator_set_row = 0;
  std::string status;
  std::string result_json;
  std::optional<std::string> verdict;
  std::optional<int64_t> score;
  std::string created_by, created_at;
  std::optional<std::string> closed_at, closed_by;
};

struct FindingRow {
  int64_t id = 0;
  int64_t inspection_id = 0;
  std::string indicator;
  int count = 1;
  std::string evidence, evidence_url;
  std::string created_by, created_at;
  bool withdrawn = false;
  std::string withdraw_reason;
};

struct ScreenshotRow {
  int64_t id = 0;
  int64_t finding_id = 0;
  std::string filename, mime, sha256;
  int64_t size = 0;
  std::string data;  // bytes; empty in listings
};

struct DismissalRow {
  int64_t id = 0;
  int64_t inspection_id = 0;
  std::string indicator, reason, created_by, created_at;
  bool withdrawn = false;
};

struct InspectionFilter {
  std::optional<int64_t> account_id, unit_id;
  std::string kind, status;
  std::optional<int64_t> epoch_from, epoch_to;  // monitoring time in [from, to)
};

class ScoringStore final {
 public:
  explicit ScoringStore(Db& db) : db_(db) {}

  Result<std::vector<SetVersionRow>> ListSetVersions();
  Result<SetVersionRow> GetSetVersion(int64_t id);
  /// The newest published version, NotFound when none.
  Result<SetVersionRow> CurrentSetVersion();
  Result<int64_t> InsertSetVersion(const SetVersionRow& r);

  Result<int64_t> InsertInspection(const InspectionRow& r);
  Result<InspectionRow> GetInspection(int64_t id);
  Result<std::vector<InspectionRow>> ListInspections(const InspectionFilter& f);
  Status SaveResult(int64_t id, int64_t set_row, const std::string& result_json,
                    const std::optional<std::string>& verdict, std::optional<int64_t> score);
  Status Close(int64_t id, const std::string& at, const std::string& by);

  Result<int64_t> InsertFinding(const FindingRow& f);
  Result<FindingRow> GetFinding(int64_t id);
  Result<std::vector<FindingRow>> Findings(int64_t inspection_id);
  Status WithdrawFinding(int64_t id, const std::string& reason, const std::string& by);

  Result<int64_t> InsertScreenshot(const ScreenshotRow& s, const std::string& by, const std::string& at);
  /// Screenshots of a finding, without their bytes.
  Result<std::vector<ScreenshotRow>> Screenshots(int64_t finding_id);
  /// One screenshot with its bytes and the inspection it belongs to.
  Result<ScreenshotRow> GetScreenshot(int64_t id, int64_t* inspection_id);

  Result<int64_t> InsertDismissal(const DismissalRow& d);
  Result<DismissalRow> GetDismissal(int64_t id);
  Result<std::vector<DismissalRow>> Dismissals(int64_t inspection_id);
  Status WithdrawDismissal(int64_t id, const std::string& by);

  Result<std::optional<std::string>> AssessmentInputs(int64_t unit_id, int year);
  Status SaveAssessmentInputs(int64_t unit_id, int year, const std::string& json, const std::string& at,
                              const std::string& by);
  /// The frozen result of a unit's year, if finalised.
  Result<std::optional<std::string>> FinalResult(int64_t unit_id, int year);
  Status SaveFinalResult(int64_t unit_id, int year, int64_t set_row, const std::string& json, const std::string& at,
                         const std::string& by);

 private:
  Db& db_;
};

}  // namespace govmedia::storage
