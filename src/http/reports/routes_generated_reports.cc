// 我的报表: reports built as jobs (app/reports/generated_report_service.h) — asked for, listed, downloaded by
// their requester.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

namespace {

json ReportJson(const app::GeneratedReport& x) {
  json j{{"id", x.id},
         {"kind", x.kind},
         {"year", x.year},
         {"requested_by", x.requested_by},
         {"requested_at", x.requested_at},
         {"status", x.status},
         {"filename", x.filename},
         {"bytes", x.bytes}};
  j["finished_at"] = x.finished_at.empty() ? json(nullptr) : json(x.finished_at);
  j["error"] = x.error.empty() ? json(nullptr) : json(x.error);
  return j;
}

}  // namespace

void RegisterGeneratedReportRoutes(Router& r, app::Node& node) {
  app::GeneratedReportService& reports = node.generated_reports();
  r.Get("/api/generated-reports", Access::kSession, [&reports](Ctx& c) -> core::Result<json> {
    auto list = reports.List(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& x : *list) items.push_back(ReportJson(x));
    return json{{"items", items}, {"total", items.size()}};
  });
  r.Post("/api/generated-reports", Access::kSession, [&reports](Ctx& c) -> core::Result<json> {
    auto kind = BodyString(c.body, "kind", true);
    if (!kind.ok()) return kind.status();
    auto year = BodyInt(c.body, "year");
    if (!year.ok()) return year.status();
    if (!*year) return core::Status::InvalidArgument("year", "应为年份");
    auto made = reports.Request(c.principal(), {*kind, static_cast<int>(**year)});
    if (!made.ok()) return made.status();
    c.status = 201;
    return ReportJson(*made);
  });
  r.Get("/api/generated-reports/{id}/file", Access::kSession, [&reports](Ctx& c) -> core::Result<json> {
    auto file = reports.File(c.principal(), c.PathId());
    if (!file.ok()) return file.status();
    c.res.set_header("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
    c.res.set_content(file->bytes, file->content_type);
    return json(nullptr);
  });
}

}  // namespace govmedia::http
