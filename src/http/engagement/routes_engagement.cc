// Fake engagement found: the anomalies the detector proposes and the inspectors' decisions, the
// documents the office records, an account's engagement series, and the snapshot push API.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

void RegisterEngagementRoutes(Router& r, app::Node& node) {
  app::EngagementService& engagement = node.engagement();

  r.Get("/api/engagement/anomalies", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    app::AnomalyFilter f;
    f.status = c.Query("status");
    f.kind = c.Query("kind");
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    f.account_id = *account;
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = engagement.List(c.principal(), f, &total);
    if (!rows.ok()) return rows.status();
    auto counts = engagement.Counts(c.principal(), f);
    if (!counts.ok()) return counts.status();
    json items = json::array();
    for (const auto& a : *rows) items.push_back(engagement.ToJson(a));
    return json{{"items", items}, {"total", total}, {"counts", *counts}};
  });

  r.Get("/api/engagement/anomalies/{id}", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    auto a = engagement.Get(c.principal(), c.PathId());
    if (!a.ok()) return a.status();
    return engagement.ToJson(*a);
  });

  r.Post("/api/engagement/anomalies/{id}/decision", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    auto decision = BodyString(c.body, "decision", true);
    if (!decision.ok()) return decision.status();
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto a = engagement.Decide(c.principal(), c.PathId(), *decision, *reason);
    if (!a.ok()) return a.status();
    return engagement.ToJson(*a);
  });

  r.Post("/api/engagement/detect", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    if (Status s = core::Authorize(c.principal(), core::Action::kInspect); !s.ok()) return s;
    std::optional<int64_t> account;
    if (c.body.contains("account_id") && !c.body["account_id"].is_null()) {
      if (!c.body["account_id"].is_number_integer()) return Status::InvalidArgument("account_id", "应为账号编号");
      account = c.body["account_id"].get<int64_t>();
    }
    auto added = engagement.Detect(account);
    if (!added.ok()) return added.status();
    return json{{"added", *added}};
  });

  r.Post("/api/engagement/documents", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    auto found = engagement.RecordDocument(c.principal(), c.body);
    if (!found.ok()) return found.status();
    c.status = 201;
    json items = json::array();
    for (const auto& a : *found) items.push_back(engagement.ToJson(a));
    return json{{"anomalies", items}};
  }, kUploadBody);

  r.Get("/api/accounts/{id}/engagement", Access::kSession, [&engagement](Ctx& c) -> core::Result<json> {
    return engagement.Series(c.principal(), c.PathId());
  });

  r.Post("/api/ingest/snapshots", Access::kIntegration, [&engagement](Ctx& c) -> core::Result<json> {
    if (!c.body.contains("snapshots")) return Status::InvalidArgument("snapshots", "缺少 snapshots 数组");
    auto counts = engagement.PushSnapshots(c.body["snapshots"], "push", "接口：" + c.integration->name);
    if (!counts.ok()) return counts.status();
    return json{{"added", counts->added}, {"edited", counts->edited}, {"unchanged", counts->unchanged}};
  }, kUploadBody);
}

}  // namespace govmedia::http
