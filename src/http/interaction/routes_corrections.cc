// The public correction entry (纠错入口, contracts/public-corrections.md): the form, the report
// and its status page for anyone; the list, acceptance, rejection, answer and figures for the
// units and the city office.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

// A public route over its limit: 429 with the seconds to wait.
core::Result<json> Limited(Ctx& c, const Status& s, const app::RateLimited& limited) {
  if (s.code() == Status::Code::kTooManyRequests && limited.retry_after > 0)
    c.res.set_header("Retry-After", std::to_string(limited.retry_after));
  return s;
}

}  // namespace

void RegisterCorrectionRoutes(Router& r, app::Node& node) {
  app::CorrectionService& corrections = node.corrections();

  // ---- The public face: no session, no CSRF ----
  r.Get("/api/public/correction-form", Access::kPublic, [&corrections](Ctx& c) -> core::Result<json> {
    app::RateLimited limited;
    auto form = corrections.Form(c.client_address, &limited);
    if (!form.ok()) return Limited(c, form.status(), limited);
    return form;
  });

  r.Post(
      "/api/public/corrections", Access::kPublic,
      [&corrections, &node](Ctx& c) -> core::Result<json> {
        // Another system (the city's portal, a provincial platform) may file with its token; it
        // is not asked for a proof of work.
        std::string integration;
        const std::string auth = c.req.get_header_value("Authorization");
        if (!auth.empty()) {
          auto who = node.ingest().Authenticate(auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "");
          if (!who.ok()) return who.status();
          integration = who->name;
        }
        app::RateLimited limited;
        auto receipt = corrections.Submit(c.body, c.client_address, integration, &limited);
        if (!receipt.ok()) return Limited(c, receipt.status(), limited);
        c.status = 201;
        return json{{"ticket", receipt->ticket}, {"code", receipt->code}};
      },
      16 << 10);

  r.Get("/api/public/corrections/{ticket}", Access::kPublic, [&corrections](Ctx& c) -> core::Result<json> {
    app::RateLimited limited;
    auto out = corrections.PublicStatus(c.PathText(), c.Query("code"), c.client_address, &limited);
    if (!out.ok()) return Limited(c, out.status(), limited);
    return out;
  });

  // ---- Handling ----
  r.Get("/api/corrections", Access::kSession, [&corrections](Ctx& c) -> core::Result<json> {
    app::CorrectionFilter f;
    f.status = c.Query("status");
    f.q = c.Query("q");
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    if (!c.Query("year").empty()) {
      auto year = YearOf(c.Query("year"), 0);
      if (!year.ok()) return year.status();
      f.year = *year;
    }
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = corrections.List(c.principal(), f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& x : *rows) items.push_back(corrections.ToJson(x, false));
    auto counts = corrections.Counts(c.principal());
    if (!counts.ok()) return counts.status();
    return json{{"items", items}, {"total", total}, {"counts", *counts}};
  });

  r.Get("/api/corrections/figures", Access::kSession, [&corrections, &node](Ctx& c) -> core::Result<json> {
    auto year = YearOf(c.Query("year"), node.clock().Today().year());
    if (!year.ok()) return year.status();
    return corrections.Figures(c.principal(), *year);
  });

  r.Get("/api/corrections/{id}", Access::kSession, [&corrections](Ctx& c) -> core::Result<json> {
    bool visible = false;
    auto x = corrections.Get(c.principal(), c.PathId(), &visible);
    if (!x.ok()) return x.status();
    return corrections.ToJson(*x, visible);
  });

  r.Post("/api/corrections/{id}/accept", Access::kSession, [&corrections](Ctx& c) -> core::Result<json> {
    auto x = corrections.Accept(c.principal(), c.PathId());
    if (!x.ok()) return x.status();
    return corrections.ToJson(*x, true);
  });

  r.Post("/api/corrections/{id}/reject", Access::kSession, [&corrections](Ctx& c) -> core::Result<json> {
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto x = corrections.Reject(c.principal(), c.PathId(), *reason);
    if (!x.ok()) return x.status();
    return corrections.ToJson(*x, true);
  });

  r.Post("/api/corrections/{id}/answer", Access::kSession, [&corrections](Ctx& c) -> core::Result<json> {
    auto answer = BodyString(c.body, "answer", false);
    if (!answer.ok()) return answer.status();
    auto entry = BodyInt(c.body, "qa_entry_id");
    if (!entry.ok()) return entry.status();
    auto x = corrections.Answer(c.principal(), c.PathId(), *answer, *entry);
    if (!x.ok()) return x.status();
    return corrections.ToJson(*x, true);
  });
}

}  // namespace govmedia::http
