#include "storage/scoring_store.h"

namespace govmedia::storage {
namespace {

constexpr const char* kSetColumns = "id, set_id, version, body_json, note, published_at, published_by";

SetVersionRow SetFromRow(const Row& r) {
  return {r.Int(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

constexpr const char* kInspectionColumns =
    "i.id, i.account_id, a.name, a.unit_id, u.name, a.platform, i.kind, i.level, i.monitoring_time, "
    "i.monitoring_epoch, i.indicator_set_row, i.status, i.result_json, i.verdict, i.score, i.created_by, "
    "i.created_at, i.closed_at, i.closed_by";
constexpr const char* kInspectionFrom =
    " FROM inspections i JOIN accounts a ON a.id = i.account_id JOIN units u ON u.id = a.unit_id";

InspectionRow InspectionFromRow(const Row& r) {
  InspectionRow x;
  x.id = r.Int(0);
  x.account_id = r.Int(1);
  x.account_name = r.Text(2);
  x.unit_id = r.Int(3);
  x.unit_name = r.Text(4);
  x.platform = r.Text(5);
  x.kind = r.Text(6);
  x.level = r.OptText(7);
  x.monitoring_time = r.Text(8);
  x.monitoring_epoch = r.Int(9);
  x.indicator_set_row = r.Int(10);
  x.status = r.Text(11);
  x.result_json = r.Text(12);
  x.verdict = r.OptText(13);
  if (!r.IsNull(14)) x.score = r.Int(14);
  x.created_by = r.Text(15);
  x.created_at = r.Text(16);
  x.closed_at = r.OptText(17);
  x.closed_by = r.OptText(18);
  return x;
}

constexpr const char* kFindingColumns =
    "id, inspection_id, indicator, count, evidence, evidence_url, created_by, created_at, withdrawn, withdraw_reason";

FindingRow FindingFromRow(const Row& r) {
  return {r.Int(0), r.Int(1), r.Text(2), static_cast<int>(r.Int(3)), r.Text(4), r.Text(5), r.Text(6), r.Text(7),
          r.Bool(8), r.Text(9)};
}

constexpr const char* kDismissalColumns = "id, inspection_id, indicator, reason, created_by, created_at, withdrawn";

DismissalRow DismissalFromRow(const Row& r) {
  return {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Bool(6)};
}

Result<std::optional<std::string>> OptionalText(Db& db, const std::string& sql, const Params& p) {
  auto rows = db.Query(sql, p);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->front().Text(0));
}

}  // namespace

Result<std::vector<SetVersionRow>> ScoringStore::ListSetVersions() {
  auto rows = db_.Query(std::string("SELECT ") + kSetColumns + " FROM indicator_sets ORDER BY id DESC");
  if (!rows.ok()) return rows.status();
  std::vector<SetVersionRow> out;
  for (const auto& r : *rows) out.push_back(SetFromRow(r));
  return out;
}

Result<SetVersionRow> ScoringStore::GetSetVersion(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kSetColumns + " FROM indicator_sets WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("指标体系版本不存在") : r.status();
  return SetFromRow(*r);
}

Result<SetVersionRow> ScoringStore::CurrentSetVersion() {
  auto r = QueryOne(db_, std::string("SELECT ") + kSetColumns + " FROM indicator_sets ORDER BY id DESC LIMIT 1");
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("尚未发布指标体系") : r.status();
  return SetFromRow(*r);
}

Result<int64_t> ScoringStore::InsertSetVersion(const SetVersionRow& r) {
  return db_.Insert(
      "INSERT INTO indicator_sets (set_id, version, body_json, note, published_at, published_by) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {r.set_id, static_cast<int64_t>(r.version), r.body_json, r.note, r.published_at, r.published_by});
}

Result<int64_t> ScoringStore::InsertInspection(const InspectionRow& r) {
  return db_.Insert(
      "INSERT INTO inspections (account_id, kind, level, monitoring_time, monitoring_epoch, indicator_set_row, "
      "status, result_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', '{}', ?, ?) RETURNING id",
      {r.account_id, r.kind, r.level ? Value(*r.level) : Value(nullptr), r.monitoring_time, r.monitoring_epoch,
       r.indicator_set_row, r.created_by, r.created_at});
}

Result<InspectionRow> ScoringStore::GetInspection(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kInspectionColumns + kInspectionFrom + " WHERE i.id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("检查不存在") : r.status();
  return InspectionFromRow(*r);
}

Result<std::vector<InspectionRow>> ScoringStore::ListInspections(const InspectionFilter& f) {
  std::string sql = std::string("SELECT ") + kInspectionColumns + kInspectionFrom + " WHERE 1=1";
  Params p;
  if (f.account_id) sql += " AND i.account_id = ?", p.emplace_back(*f.account_id);
  if (f.unit_id) sql += " AND a.unit_id = ?", p.emplace_back(*f.unit_id);
  if (!f.kind.empty()) sql += " AND i.kind = ?", p.emplace_back(f.kind);
  if (!f.status.empty()) sql += " AND i.status = ?", p.emplace_back(f.status);
  if (f.epoch_from) sql += " AND i.monitoring_epoch >= ?", p.emplace_back(*f.epoch_from);
  if (f.epoch_to) sql += " AND i.monitoring_epoch < ?", p.emplace_back(*f.epoch_to);
  sql += " ORDER BY i.id DESC";
  auto rows = db_.Query(sql, p);
  if (!rows.ok()) return rows.status();
  std::vector<InspectionRow> out;
  for (const auto& r : *rows) out.push_back(InspectionFromRow(r));
  return out;
}

Status ScoringStore::SaveResult(int64_t id, int64_t set_row, const std::string& result_json,
                                const std::optional<std::string>& verdict, std::optional<int64_t> score) {
  return db_.Exec("UPDATE inspections SET indicator_set_row = ?, result_json = ?, verdict = ?, score = ? WHERE id = ?",
                  {set_row, result_json, verdict ? Value(*verdict) : Value(nullptr),
                   score ? Value(*score) : Value(nullptr), id});
}

Status ScoringStore::Close(int64_t id, const std::string& at, const std::string& by) {
  return db_.Exec("UPDATE inspections SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?", {at, by, id});
}

Result<int64_t> ScoringStore::InsertFinding(const FindingRow& f) {
  return db_.Insert(
      "INSERT INTO inspection_findings (inspection_id, indicator, count, evidence, evidence_url, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {f.inspection_id, f.indicator, static_cast<int64_t>(f.count), f.evidence, f.evidence_url, f.created_by,
       f.created_at});
}

Result<FindingRow> ScoringStore::GetFinding(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kFindingColumns + " FROM inspection_findings WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("检查发现不存在") : r.status();
  return FindingFromRow(*r);
}

Result<std::vector<FindingRow>> ScoringStore::Findings(int64_t inspection_id) {
  auto rows = db_.Query(std::string("SELECT ") + kFindingColumns +
                            " FROM inspection_findings WHERE inspection_id = ? ORDER BY id",
                        {inspection_id});
  if (!rows.ok()) return rows.status();
  std::vector<FindingRow> out;
  for (const auto& r : *rows) out.push_back(FindingFromRow(r));
  return out;
}

Status ScoringStore::WithdrawFinding(int64_t id, const std::string& reason, const std::string& by) {
  return db_.Exec("UPDATE inspection_findings SET withdrawn = 1, withdraw_reason = ?, withdrawn_by = ? WHERE id = ?",
                  {reason, by, id});
}

Result<int64_t> ScoringStore::InsertScreenshot(const ScreenshotRow& s, const std::string& by, const std::string& at) {
  return db_.Insert(
      "INSERT INTO screenshots (finding_id, filename, mime, size, sha256, data, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {s.finding_id, s.filename, s.mime, s.size, s.sha256, Blob{s.data}, by, at});
}

Result<std::vector<ScreenshotRow>> ScoringStore::Screenshots(int64_t finding_id) {
  auto rows = db_.Query("SELECT id, finding_id, filename, mime, sha256, size FROM screenshots WHERE finding_id = ? ORDER BY id",
                        {finding_id});
  if (!rows.ok()) return rows.status();
  std::vector<ScreenshotRow> out;
  for (const auto& r : *rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), ""});
  return out;
}

Result<ScreenshotRow> ScoringStore::GetScreenshot(int64_t id, int64_t* inspection_id) {
  auto r = QueryOne(db_,
                    "SELECT s.id, s.finding_id, s.filename, s.mime, s.sha256, s.size, s.data, f.inspection_id "
                    "FROM screenshots s JOIN inspection_findings f ON f.id = s.finding_id WHERE s.id = ?",
                    {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("截图不存在") : r.status();
  *inspection_id = r->Int(7);
  return ScreenshotRow{r->Int(0), r->Int(1), r->Text(2), r->Text(3), r->Text(4), r->Int(5), r->Text(6)};
}

Result<int64_t> ScoringStore::InsertDismissal(const DismissalRow& d) {
  return db_.Insert(
      "INSERT INTO inspection_dismissals (inspection_id, indicator, reason, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {d.inspection_id, d.indicator, d.reason, d.created_by, d.created_at});
}

Result<DismissalRow> ScoringStore::GetDismissal(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kDismissalColumns + " FROM inspection_dismissals WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("核减记录不存在") : r.status();
  return DismissalFromRow(*r);
}

Result<std::vector<DismissalRow>> ScoringStore::Dismissals(int64_t inspection_id) {
  auto rows = db_.Query(std::string("SELECT ") + kDismissalColumns +
                            " FROM inspection_dismissals WHERE inspection_id = ? ORDER BY id",
                        {inspection_id});
  if (!rows.ok()) return rows.status();
  std::vector<DismissalRow> out;
  for (const auto& r : *rows) out.push_back(DismissalFromRow(r));
  return out;
}

Status ScoringStore::WithdrawDismissal(int64_t id, const std::string& by) {
  return db_.Exec("UPDATE inspection_dismissals SET withdrawn = 1, withdrawn_by = ? WHERE id = ?", {by, id});
}

Result<std::optional<std::string>> ScoringStore::AssessmentInputs(int64_t unit_id, int year) {
  return OptionalText(db_, "SELECT inputs_json FROM assessment_inputs WHERE unit_id = ? AND year = ?",
                      {unit_id, static_cast<int64_t>(year)});
}

Status ScoringStore::SaveAssessmentInputs(int64_t unit_id, int year, const std::string& json, const std::string& at,
                                          const std::string& by) {
  return db_.Exec(
      "INSERT INTO assessment_inputs (unit_id, year, inputs_json, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (unit_id, year) DO UPDATE SET inputs_json = excluded.inputs_json, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {unit_id, static_cast<int64_t>(year), json, at, by});
}

Result<std::optional<std::string>> ScoringStore::FinalResult(int64_t unit_id, int year) {
  return OptionalText(db_, "SELECT result_json FROM assessment_results WHERE unit_id = ? AND year = ?",
                      {unit_id, static_cast<int64_t>(year)});
}

Status ScoringStore::SaveFinalResult(int64_t unit_id, int year, int64_t set_row, const std::string& json,
                                     const std::string& at, const std::string& by) {
  return db_.Exec(
      "INSERT INTO assessment_results (unit_id, year, indicator_set_row, result_json, finalized_at, finalized_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {unit_id, static_cast<int64_t>(year), set_row, json, at, by});
}

}  // namespace govmedia::storage
