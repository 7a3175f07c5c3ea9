#include "app/supervision/supervision_service.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/file_types.h"
#include "core/assessment_scoring.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {


core::Date QuarterStart(int year, int quarter) {
  return *core::Date::FromYmd(year, 3 * (quarter - 1) + 1, 1);
}

constexpr size_t kMaxReportChars = 20000;
constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

json AuditJson(const ReportRow& r) {
  return {{"unit_id", r.unit_id},
          {"year", r.year},
          {"quarter", r.quarter},
          {"status", r.status},
          {"checked", r.checked},
          {"problems", r.problems},
          {"rectification", r.rectification}};
}

}  // namespace

Status CheckQuarter(int year, int quarter) {
  if (year < 2019 || year > 2100) return Status::InvalidArgument("year", "年份应在 2019–2100 之间");
  if (quarter < 1 || quarter > 4) return Status::InvalidArgument("quarter", "季度应为 1–4");
  return Status::Ok();
}

core::Date ReportRow::due_on() const { return core::QuarterEnd(year, quarter - 1); }

bool ReportRow::late() const {
  if (!submitted_on) return false;
  auto d = core::Date::Parse(*submitted_on);
  return d && *d > due_on();
}

core::Result<std::vector<storage::AccountRow>> AccountsInScope(storage::RegistryStore& registry,
                                                               int64_t unit_id, core::Date until) {
  storage::AccountFilter af;
  af.unit_id = unit_id;
  af.limit = 100000;
  auto accounts = registry.ListAccounts(af, nullptr);
  if (!accounts.ok()) return accounts.status();
  std::vector<storage::AccountRow> out;
  for (auto& a : *accounts) {
    const bool running =
        a.status == core::AccountStatus::kOpen || a.status == core::AccountStatus::kClosed;
    if (running && (!a.record.opened_on || *a.record.opened_on <= until))
      out.push_back(std::move(a));
  }
  return out;
}

core::Result<UnitCoverage> SupervisionService::CoverageOf(const core::Unit& u, int year,
                                                          int quarter) {
  UnitCoverage c;
  c.unit_id = u.id;
  c.unit_name = u.name;
  const core::Date end = core::QuarterEnd(year, quarter - 1);
  auto accounts = AccountsInScope(registry_, u.id, end);
  if (!accounts.ok()) return accounts.status();
  storage::InspectionFilter f;
  f.unit_id = u.id;
  f.kind = "self";
  f.epoch_from = core::StartOfDay(*core::Date::FromYmd(year, 1, 1));
  f.epoch_to = core::StartOfDay(end.AddDays(1));
  auto inspections = scoring_.ListInspections(f);
  if (!inspections.ok()) return inspections.status();
  const int64_t quarter_from = core::StartOfDay(QuarterStart(year, quarter));
  std::set<int64_t> year_done;
  for (const auto& a : *accounts) {
    TaskItem item{a.id, a.record.name, std::string(core::PlatformId(a.record.platform)),
                  std::nullopt};
    for (const auto& i : *inspections) {
      if (i.account_id != a.id) continue;
      year_done.insert(a.id);
      if (i.monitoring_epoch >= quarter_from &&
          (!item.inspection || i.monitoring_epoch >= item.inspection->monitoring_epoch))
        item.inspection = i;
    }
    c.inspected += item.inspection.has_value();
    c.items.push_back(std::move(item));
  }
  // The year so far: accounts in scope at the year's end (or this quarter's), inspected at least
  // once.
  c.annual_in_scope = static_cast<int>(accounts->size());
  c.annual_inspected = static_cast<int>(year_done.size());
  return c;
}

core::Result<std::vector<UnitCoverage>> SupervisionService::Coverage(
    const core::Principal& p, int year, int quarter, std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (Status s = CheckQuarter(year, quarter); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<UnitCoverage>{};
    unit_id = scope;
  }
  auto units = registry_.ListUnits(false, unit_id);
  if (!units.ok()) return units.status();
  std::vector<UnitCoverage> out;
  for (const auto& u : *units) {
    if (u.unit.is_city_office) continue;
    auto c = CoverageOf(u.unit, year, quarter);
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  }
  return out;
}

namespace {
constexpr const char* kReportColumns =
    "r.id, r.unit_id, u.name, r.year, r.quarter, r.checked, r.problems, r.rectification, r.status, "
    "r.submitted_on, "
    "r.submitted_by, r.updated_by, r.updated_at FROM quarterly_reports r JOIN units u ON u.id = "
    "r.unit_id";

ReportRow FromRow(const storage::Row& r) {
  return {r.Int(0),
          r.Int(1),
          r.Text(2),
          static_cast<int>(r.Int(3)),
          static_cast<int>(r.Int(4)),
          r.Text(5),
          r.Text(6),
          r.Text(7),
          r.Text(8),
          r.OptText(9),
          r.OptText(10),
          r.Text(11),
          r.Text(12)};
}
}  // namespace

core::Result<ReportRow> SupervisionService::Load(int64_t id) {
  auto r =
      storage::QueryOne(db_, std::string("SELECT ") + kReportColumns + " WHERE r.id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("报告不存在") : r.status();
  return FromRow(*r);
}

core::Result<std::vector<ReportStatus>> SupervisionService::Reports(const core::Principal& p,
                                                                    int year, int quarter) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (Status s = CheckQuarter(year, quarter); !s.ok()) return s;
  auto units = registry_.ListUnits(false, core::ScopeUnit(p));
  if (!units.ok()) return units.status();
  auto rows =
      db_.Query(std::string("SELECT ") + kReportColumns + " WHERE r.year = ? AND r.quarter = ?",
                {static_cast<int64_t>(year), static_cast<int64_t>(quarter)});
  if (!rows.ok()) return rows.status();
  std::map<int64_t, ReportRow> by_unit;
  for (const auto& r : *rows) {
    ReportRow x = FromRow(r);
    by_unit.emplace(x.unit_id, std::move(x));
  }
  std::vector<ReportStatus> out;
  for (const auto& u : *units) {
    if (u.unit.is_city_office) continue;
    ReportStatus s{u.unit.id, u.unit.name, std::nullopt};
    if (auto it = by_unit.find(u.unit.id); it != by_unit.end()) s.report = it->second;
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<ReportRow> SupervisionService::Report(const core::Principal& p, int64_t id) {
  auto r = Load(id);
  if (!r.ok()) return r.status();
  if (Status s = core::Authorize(p, Action::kReadRegistry, r->unit_id); !s.ok()) return s;
  return r;
}

core::Result<ReportRow> SupervisionService::SaveReport(const core::Principal& p,
                                                       const ReportDraft& d) {
  if (Status s = core::Authorize(p, Action::kEditAccount, d.unit_id); !s.ok()) return s;
  if (Status s = CheckQuarter(d.year, d.quarter); !s.ok()) return s;
  auto unit = registry_.GetUnit(d.unit_id);
  if (!unit.ok()) return Status::InvalidArgument("unit_id", "单位不存在");
  for (const auto& [field, text] :
       {std::pair{"checked", &d.checked}, std::pair{"problems", &d.problems},
        std::pair{"rectification", &d.rectification}}) {
    if (core::Utf8Length(*text) > kMaxReportChars)
      return Status::InvalidArgument(field, "内容过长（最多 20000 字）");
  }
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto existing =
        db_.Query("SELECT id FROM quarterly_reports WHERE unit_id = ? AND year = ? AND quarter = ?",
                  {d.unit_id, static_cast<int64_t>(d.year), static_cast<int64_t>(d.quarter)});
    if (!existing.ok()) return existing.status();
    const std::string now = clock_.NowRfc3339();
    std::string before;
    if (existing->empty()) {
      auto made = db_.Insert(
          "INSERT INTO quarterly_reports (unit_id, year, quarter, checked, problems, "
          "rectification, updated_by, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {d.unit_id, static_cast<int64_t>(d.year), static_cast<int64_t>(d.quarter), d.checked,
           d.problems, d.rectification, p.username, now});
      if (!made.ok()) return made.status();
      id = *made;
    } else {
      id = existing->front().Int(0);
      auto old = Load(id);
      if (!old.ok()) return old.status();
      if (old->status == "submitted") return Status::Conflict("报告已报送，不能再修改");
      before = AuditJson(*old).dump();
      if (Status s = db_.Exec("UPDATE quarterly_reports SET checked = ?, problems = ?, "
                              "rectification = ?, updated_by = ?, "
                              "updated_at = ? WHERE id = ?",
                              {d.checked, d.problems, d.rectification, p.username, now, id});
          !s.ok())
        return s;
    }
    auto after = Load(id);
    if (!after.ok()) return after.status();
    return audit_.Append({0, now, p.username, "report.save", "quarterly_report", std::to_string(id),
                          before, AuditJson(*after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<ReportRow> SupervisionService::Submit(const core::Principal& p, int64_t id) {
  auto r = Load(id);
  if (!r.ok()) return r.status();
  if (Status s = core::Authorize(p, Action::kEditAccount, r->unit_id); !s.ok()) return s;
  if (r->status == "submitted") return Status::Conflict("报告已报送");
  if (core::Trim(r->checked).empty())
    return Status::InvalidArgument("checked", "请填写检查情况后再报送");
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Exec("UPDATE quarterly_reports SET status = 'submitted', submitted_on = ?, "
                            "submitted_by = ? WHERE id = ?",
                            {clock_.Today().ToString(), p.username, id});
        !s.ok())
      return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    json a = AuditJson(*after);
    a["submitted_on"] = *after->submitted_on;
    return audit_.Append({0, now, p.username, "report.submit", "quarterly_report",
                          std::to_string(id), AuditJson(*r).dump(), a.dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<AttachmentRow> SupervisionService::Attach(const core::Principal& p, int64_t report_id,
                                                       const std::string& filename,
                                                       const std::string& bytes) {
  auto r = Load(report_id);
  if (!r.ok()) return r.status();
  if (Status s = core::Authorize(p, Action::kEditAccount, r->unit_id); !s.ok()) return s;
  if (r->status == "submitted") return Status::Conflict("报告已报送，不能再添加附件");
  const std::string name(core::Trim(filename));
  if (name.empty() || core::Utf8Length(name) > 200)
    return Status::InvalidArgument("filename", "文件名应为 1–200 个字");
  if (bytes.empty() || bytes.size() > kMaxAttachmentBytes)
    return Status::InvalidArgument("content_base64", "附件应为 1 字节至 10 MB");
  const std::string mime = SniffDocument(bytes, name);
  if (mime.empty())
    return Status::InvalidArgument("content_base64",
                                   "只接受 PDF、Word（.doc、.docx）、WPS（.wps、.et）、Excel（.xls、.xlsx）、PNG 或 JPEG 文件");
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    auto made = db_.Insert(
        "INSERT INTO report_attachments (report_id, filename, mime, size, sha256, data, "
        "created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {report_id, name, mime, static_cast<int64_t>(bytes.size()), storage::Sha256Hex(bytes),
         storage::Blob{bytes}, p.username, now});
    if (!made.ok()) return made.status();
    id = *made;
    return audit_.Append(
        {0, now, p.username, "report.attach", "quarterly_report", std::to_string(report_id), "",
         json{{"attachment_id", id}, {"filename", name}, {"sha256", storage::Sha256Hex(bytes)}}
             .dump()});
  });
  if (!st.ok()) return st;
  return AttachmentRow{
      id, report_id, name, mime, storage::Sha256Hex(bytes), static_cast<int64_t>(bytes.size()), ""};
}

core::Result<std::vector<AttachmentRow>> SupervisionService::Attachments(int64_t report_id) {
  auto rows = db_.Query(
      "SELECT id, report_id, filename, mime, sha256, size FROM report_attachments WHERE report_id "
      "= ? ORDER BY id",
      {report_id});
  if (!rows.ok()) return rows.status();
  std::vector<AttachmentRow> out;
  for (const auto& r : *rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), ""});
  return out;
}

core::Result<AttachmentRow> SupervisionService::Attachment(const core::Principal& p, int64_t id) {
  auto r = storage::QueryOne(
      db_,
      "SELECT a.id, a.report_id, a.filename, a.mime, a.sha256, a.size, a.data, q.unit_id "
      "FROM report_attachments a JOIN quarterly_reports q ON q.id = a.report_id WHERE a.id = ?",
      {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("附件不存在") : r.status();
  if (Status s = core::Authorize(p, Action::kReadRegistry, r->Int(7)); !s.ok()) return s;
  return AttachmentRow{r->Int(0),  r->Int(1), r->Text(2), r->Text(3),
                       r->Text(4), r->Int(5), r->Text(6)};
}

core::Result<std::array<std::optional<core::Date>, 4>> SupervisionService::SubmittedOn(
    int64_t unit_id, int year) {
  std::array<std::optional<core::Date>, 4> out{};
  auto rows = db_.Query(
      "SELECT quarter, submitted_on FROM quarterly_reports WHERE unit_id = ? AND year = ? AND "
      "status = 'submitted'",
      {unit_id, static_cast<int64_t>(year)});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) out[r.Int(0) - 1] = core::Date::Parse(r.Text(1));
  return out;
}

}  // namespace govmedia::app
