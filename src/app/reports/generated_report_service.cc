#include "app/reports/generated_report_service.h"

#include <nlohmann/json.hpp>

#include "app/jobs/job_queue.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using json = nlohmann::json;

namespace {

constexpr char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A failure that building the report again would not mend: kept on the report, not retried.
bool Final(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
    case Status::Code::kPermissionDenied:
    case Status::Code::kUnauthenticated:
    case Status::Code::kConflict:
    case Status::Code::kInternal:
      return true;
    default:
      return false;
  }
}

}  // namespace

core::Result<GeneratedReport> GeneratedReportService::Request(const core::Principal& p,
                                                              const GeneratedReportRequest& r) {
  if (r.kind != "assessment") return Status::InvalidArgument("kind", "未知的报表类型：" + r.kind);
  if (r.year < 2000 || r.year > 2100) return Status::InvalidArgument("year", "应为年份");
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  const std::string filename = "assessment-" + std::to_string(r.year) + ".xlsx";
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO generated_reports (kind, year, requested_by, requested_at, filename) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id",
        {r.kind, static_cast<int64_t>(r.year), p.user_id, now, filename});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    JobQueue queue(db_, clock_, NodeId());
    auto added = queue.Enqueue("report.build", std::to_string(id), json{{"report_id", id}}.dump(), clock_.NowSeconds());
    if (!added.ok()) return added.status();
    return audit_.Append({0, now, p.username, "report.generate", "generated_report", std::to_string(id), "",
                          json{{"kind", r.kind}, {"year", r.year}}.dump(), "", ""});
  });
  if (!st.ok()) return st;
  auto loaded = Load("r.id = ?", {id});
  if (!loaded.ok()) return loaded.status();
  if (loaded->empty()) return Status::Internal("report " + std::to_string(id) + " not found after insert");
  return loaded->front();
}

core::Result<std::vector<GeneratedReport>> GeneratedReportService::List(const core::Principal& p) {
  return Load("r.requested_by = ?", {p.user_id});
}

core::Result<GeneratedReportFile> GeneratedReportService::File(const core::Principal& p, int64_t id) {
  auto row = storage::QueryOne(
      db_, "SELECT status, filename, content FROM generated_reports WHERE id = ? AND requested_by = ?", {id, p.user_id});
  if (!row.ok()) return row.status().IsNotFound() ? Status::NotFound("报表不存在") : row.status();
  if (row->Text(0) != "done") return Status::Conflict(row->Text(0) == "failed" ? "报表生成失败" : "报表尚未生成");
  return GeneratedReportFile{row->Text(1), kXlsx, row->Text(2)};
}

Status GeneratedReportService::Build(int64_t id) {
  auto row =
      storage::QueryOne(db_, "SELECT kind, year, requested_by, status FROM generated_reports WHERE id = ?", {id});
  if (!row.ok()) return row.status().IsNotFound() ? Status::Ok() : row.status();  // gone: nothing to do
  if (row->Text(3) != "queued") return Status::Ok();
  const int year = static_cast<int>(row->Int(1));
  core::Result<std::string> built = Status::Internal("未知的报表类型：" + row->Text(0));
  auto user = users_.FindById(row->Int(2));
  if (!user.ok() && !user.status().IsNotFound()) return user.status();
  if (!user.ok() || user->disabled) {
    built = Status::PermissionDenied("申请人的账号已停用");
  } else if (row->Text(0) == "assessment") {
    const core::Principal requester{user->id, user->username, user->role, user->unit_id};
    built = assessment_.ExportXlsx(requester, year);
  }
  const std::string now = clock_.NowRfc3339();
  if (built.ok()) {
    return db_.Exec(
        "UPDATE generated_reports SET status = 'done', content = ?, bytes = ?, finished_at = ? "
        "WHERE id = ? AND status = 'queued'",
        {storage::Blob{*built}, static_cast<int64_t>(built->size()), now, id});
  }
  if (!Final(built.status())) return built.status();  // the store: the job is tried again
  return db_.Exec(
      "UPDATE generated_reports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'queued'",
      {built.status().message(), now, id});
}

core::Result<int64_t> GeneratedReportService::Prune() {
  auto rows = db_.Query("SELECT id, finished_at FROM generated_reports WHERE status <> 'queued'");
  if (!rows.ok()) return rows.status();
  const int64_t cutoff = clock_.NowSeconds() - kKeepDays * core::kSecondsPerDay;
  int64_t deleted = 0;
  for (const auto& r : *rows) {
    const auto finished = core::ParseRfc3339(r.Text(1));
    if (!finished || *finished >= cutoff) continue;
    if (Status s = db_.Exec("DELETE FROM generated_reports WHERE id = ? AND status <> 'queued'", {r.Int(0)}); !s.ok())
      return s;
    ++deleted;
  }
  return deleted;
}

core::Result<std::vector<GeneratedReport>> GeneratedReportService::Load(const std::string& where,
                                                                        const storage::Params& params) {
  storage::Params args = params;
  args.emplace_back(int64_t{kListed});
  auto rows = db_.Query(
      "SELECT r.id, r.kind, r.year, u.username, r.requested_at, r.status, r.finished_at, r.error, r.filename, r.bytes "
      "FROM generated_reports r JOIN users u ON u.id = r.requested_by WHERE " + where + " ORDER BY r.id DESC LIMIT ?",
      args);
  if (!rows.ok()) return rows.status();
  std::vector<GeneratedReport> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                   r.Text(7), r.Text(8), r.Int(9)});
  }
  return out;
}

}  // namespace govmedia::app
