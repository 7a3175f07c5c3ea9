// The Q&A library (咨询答问库): list and search, create and edit, 复核, and the entries suggested
// for a correction being answered.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

void RegisterQaRoutes(Router& r, app::Node& node) {
  app::QaService& qa = node.qa();

  r.Get("/api/qa-entries", Access::kSession, [&qa](Ctx& c) -> core::Result<json> {
    app::QaFilter f;
    f.q = c.Query("q");
    f.stale_only = c.Query("stale") == "true" || c.Query("stale") == "1";
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = qa.List(c.principal(), f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& e : *rows) items.push_back(qa.ToJson(e));
    return json{{"items", items}, {"total", total}};
  });

  // Suggestions while answering a correction or a netizen request: the entries its text matches.
  r.Get("/api/qa-entries/suggest", Access::kSession, [&qa, &node](Ctx& c) -> core::Result<json> {
    auto id = QueryInt(c.Query("correction_id"), "correction_id");
    if (!id.ok()) return id.status();
    auto request = QueryInt(c.Query("request_id"), "request_id");
    if (!request.ok()) return request.status();
    if (!*id && !*request) return Status::InvalidArgument("correction_id", "请指定纠错记录或网民诉求");
    std::string text;
    int64_t unit_id = 0;
    if (*id) {
      auto corr = node.corrections().Get(c.principal(), **id, nullptr);
      if (!corr.ok()) return corr.status();
      text = corr->description;
      unit_id = corr->unit_id;
    } else {
      auto req = node.requests().Get(c.principal(), **request);
      if (!req.ok()) return req.status();
      text = req->text;
      unit_id = req->unit_id;
    }
    auto rows = qa.Suggest(c.principal(), text, unit_id);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& e : *rows) items.push_back(qa.ToJson(e));
    return json{{"items", items}};
  });

  r.Get("/api/qa-entries/{id}", Access::kSession, [&qa](Ctx& c) -> core::Result<json> {
    auto e = qa.Get(c.principal(), c.PathId());
    if (!e.ok()) return e.status();
    return qa.ToJson(*e);
  });

  r.Post("/api/qa-entries", Access::kSession, [&qa](Ctx& c) -> core::Result<json> {
    auto e = qa.Create(c.principal(), c.body);
    if (!e.ok()) return e.status();
    c.status = 201;
    return qa.ToJson(*e);
  });

  r.Patch("/api/qa-entries/{id}", Access::kSession, [&qa](Ctx& c) -> core::Result<json> {
    auto e = qa.Update(c.principal(), c.PathId(), c.body);
    if (!e.ok()) return e.status();
    return qa.ToJson(*e);
  });

  r.Post("/api/qa-entries/{id}/review", Access::kSession, [&qa](Ctx& c) -> core::Result<json> {
    auto e = qa.Review(c.principal(), c.PathId());
    if (!e.ok()) return e.status();
    return qa.ToJson(*e);
  });
}

}  // namespace govmedia::http
