// The approved source units (稿源单位): the list, one entry, and the city office's additions,
// changes and removals (POST …/delete: the router takes no DELETE).
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

void RegisterApprovedSourceRoutes(Router& r, app::Node& node) {
  app::ApprovedSourceService& sources = node.approved_sources();

  r.Get("/api/approved-sources", Access::kSession, [&sources](Ctx& c) -> core::Result<json> {
    app::ApprovedSourceFilter f;
    f.q = c.Query("q");
    f.status = c.Query("status");
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = sources.List(c.principal(), f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& s : *rows) items.push_back(sources.ToJson(s));
    return json{{"items", items}, {"total", total}};
  });

  r.Get("/api/approved-sources/{id}", Access::kSession, [&sources](Ctx& c) -> core::Result<json> {
    auto s = sources.Get(c.principal(), c.PathId());
    if (!s.ok()) return s.status();
    return sources.ToJson(*s);
  });

  r.Post("/api/approved-sources", Access::kSession, [&sources](Ctx& c) -> core::Result<json> {
    auto s = sources.Create(c.principal(), c.body);
    if (!s.ok()) return s.status();
    c.status = 201;
    return sources.ToJson(*s);
  });

  r.Patch("/api/approved-sources/{id}", Access::kSession, [&sources](Ctx& c) -> core::Result<json> {
    auto s = sources.Update(c.principal(), c.PathId(), c.body);
    if (!s.ok()) return s.status();
    return sources.ToJson(*s);
  });

  r.Post("/api/approved-sources/{id}/delete", Access::kSession, [&sources](Ctx& c) -> core::Result<json> {
    if (core::Status s = sources.Delete(c.principal(), c.PathId()); !s.ok()) return s;
    return json{{"deleted", true}};
  });
}

}  // namespace govmedia::http
