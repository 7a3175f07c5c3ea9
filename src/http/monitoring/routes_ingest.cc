// Integrations and the push API for posts.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

json IntegrationJson(const app::Integration& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"created_by", i.created_by},
          {"created_at", i.created_at},
          {"revoked_at", i.revoked_at ? json(*i.revoked_at) : json(nullptr)},
          {"last_used_at", i.last_used_at ? json(*i.last_used_at) : json(nullptr)}};
}

}  // namespace

void RegisterIngestRoutes(Router& r, app::Node& node) {
  app::IngestService& ingest = node.ingest();

  r.Get("/api/integrations", Access::kSession, [&ingest](Ctx& c) -> core::Result<json> {
    auto list = ingest.List(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& i : *list) items.push_back(IntegrationJson(i));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/integrations", Access::kSession, [&ingest](Ctx& c) -> core::Result<json> {
    auto name = BodyString(c.body, "name", true);
    if (!name.ok()) return name.status();
    auto made = ingest.Create(c.principal(), *name);
    if (!made.ok()) return made.status();
    c.status = 201;
    json out = IntegrationJson(made->first);
    out["token"] = made->second;  // shown once
    return out;
  });

  r.Post("/api/integrations/{id}/revoke", Access::kSession, [&ingest](Ctx& c) -> core::Result<json> {
    auto i = ingest.Revoke(c.principal(), c.PathId());
    if (!i.ok()) return i.status();
    return IntegrationJson(*i);
  });

  // 采集来源: every feed of the open accounts with its health and its latest fetch.
  r.Get("/api/feeds", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    auto list = node.feeds().Sources(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
    for (const auto& f : *list) {
      items.push_back({{"account_id", f.account_id}, {"account_name", f.account_name}, {"unit_id", f.unit_id},
                       {"unit_name", f.unit_name}, {"platform", f.platform}, {"url", f.url}, {"health", f.health},
                       {"failures", f.failures}, {"last_error", f.last_error}, {"last_ok_at", opt(f.last_ok_at)},
                       {"checked_at", opt(f.checked_at)}, {"last_outcome", f.last_outcome},
                       {"last_reason", f.last_reason}, {"last_items", f.last_items},
                       {"last_unreadable", f.last_unreadable}, {"last_undated", f.last_undated},
                       {"last_http_status", f.last_http_status}, {"blind_days_30", f.blind_days_30}});
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  for (std::string_view kind : {storage::kKindPost, storage::kKindComment}) {
    const std::string list = kind == storage::kKindComment ? "comments" : "posts";
    r.Post("/api/ingest/" + list, Access::kIntegration, [&ingest, kind, list](Ctx& c) -> core::Result<json> {
      if (!c.body.contains(list)) return Status::InvalidArgument(list, "缺少 " + list + " 数组");
      auto counts = ingest.Ingest(*c.integration, c.body[list], kind);
      if (!counts.ok()) return counts.status();
      return json{{"added", counts->added}, {"edited", counts->edited}, {"unchanged", counts->unchanged}};
    }, kUploadBody);
  }
}

}  // namespace govmedia::http
