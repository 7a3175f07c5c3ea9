// Netizen requests answered in time (限时办理): the list with its counts and filters, the on-time
// figures per account and unit, a request entered by the unit, its reply, kind and dismissal, and
// the push API for other systems.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

json FiguresJson(const std::vector<app::RequestFigures>& rows) {
  json out = json::array();
  for (const auto& x : rows) {
    const auto rate = x.rate();
    out.push_back({{"id", x.id},
                   {"name", x.name},
                   {"unit_name", x.unit_name},
                   {"total", x.total},
                   {"on_time", x.on_time},
                   {"late", x.late},
                   {"overdue", x.overdue},
                   {"pending", x.pending},
                   {"undetermined", x.undetermined},
                   {"dismissed", x.dismissed},
                   {"on_time_rate", rate ? json(*rate) : json(nullptr)}});
  }
  return out;
}

core::Result<app::RequestFilter> FilterOf(Ctx& c) {
  app::RequestFilter f;
  f.status = c.Query("status");
  f.kind = c.Query("kind");
  f.source = c.Query("source");
  f.q = c.Query("q");
  auto unit = QueryInt(c.Query("unit_id"), "unit_id");
  if (!unit.ok()) return unit.status();
  f.unit_id = *unit;
  auto account = QueryInt(c.Query("account_id"), "account_id");
  if (!account.ok()) return account.status();
  f.account_id = *account;
  auto year = QueryInt(c.Query("year"), "year");
  if (!year.ok()) return year.status();
  if (*year && (**year < 2000 || **year > 2100)) return Status::InvalidArgument("year", "应为四位年份");
  if (*year) f.year = static_cast<int>(**year);
  auto page = QueryPage(c.Query("page"), c.Query("page_size"));
  if (!page.ok()) return page.status();
  f.limit = page->limit;
  f.offset = page->offset;
  return f;
}

}  // namespace

void RegisterRequestRoutes(Router& r, app::Node& node) {
  app::RequestService& requests = node.requests();

  r.Get("/api/netizen-requests", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto f = FilterOf(c);
    if (!f.ok()) return f.status();
    int64_t total = 0;
    auto rows = requests.List(c.principal(), *f, &total);
    if (!rows.ok()) return rows.status();
    auto counts = requests.Counts(c.principal(), *f);
    if (!counts.ok()) return counts.status();
    json items = json::array();
    for (const auto& x : *rows) items.push_back(requests.ToJson(x));
    return json{{"items", items}, {"total", total}, {"counts", *counts}};
  });

  r.Get("/api/netizen-requests/figures", Access::kSession, [&requests, &node](Ctx& c) -> core::Result<json> {
    auto year = QueryInt(c.Query("year"), "year");
    if (!year.ok()) return year.status();
    const int y = *year ? static_cast<int>(**year) : node.clock().Today().year();
    auto figures = requests.Figures(c.principal(), y);
    if (!figures.ok()) return figures.status();
    return json{{"year", y}, {"accounts", FiguresJson(figures->first)}, {"units", FiguresJson(figures->second)}};
  });

  r.Get("/api/netizen-requests/{id}", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto x = requests.Get(c.principal(), c.PathId());
    if (!x.ok()) return x.status();
    return requests.ToJson(*x);
  });

  r.Post("/api/netizen-requests", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto x = requests.Create(c.principal(), c.body);
    if (!x.ok()) return x.status();
    c.status = 201;
    return requests.ToJson(*x);
  });

  r.Post("/api/netizen-requests/{id}/reply", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto x = requests.Reply(c.principal(), c.PathId(), c.body);
    if (!x.ok()) return x.status();
    return requests.ToJson(*x);
  });

  r.Post("/api/netizen-requests/{id}/dismiss", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto x = requests.Dismiss(c.principal(), c.PathId(), *reason);
    if (!x.ok()) return x.status();
    return requests.ToJson(*x);
  });

  r.Patch("/api/netizen-requests/{id}", Access::kSession, [&requests](Ctx& c) -> core::Result<json> {
    auto kind = BodyString(c.body, "kind", true);
    if (!kind.ok()) return kind.status();
    auto x = requests.SetKind(c.principal(), c.PathId(), *kind);
    if (!x.ok()) return x.status();
    return requests.ToJson(*x);
  });

  r.Post("/api/ingest/requests", Access::kIntegration, [&requests](Ctx& c) -> core::Result<json> {
    if (!c.body.contains("requests")) return Status::InvalidArgument("requests", "缺少 requests 数组");
    auto counts = requests.Push(*c.integration, c.body["requests"]);
    if (!counts.ok()) return counts.status();
    return json{{"added", counts->added}, {"answered", counts->edited}, {"unchanged", counts->unchanged}};
  }, kUploadBody);
}

}  // namespace govmedia::http
