// 后台作业: what every node's background work is doing (the city office's system administrator).
#include "app/jobs/jobs_overview.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

void RegisterJobRoutes(Router& r, app::Node& node) {
  r.Get("/api/jobs", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    app::JobsOverviewService service(node.db(), node.audit(), node.clock());
    auto o = service.Get(c.principal());
    if (!o.ok()) return o.status();
    json nodes = json::array(), kinds = json::array(), schedules = json::array(), failed = json::array();
    for (const auto& n : o->nodes)
      nodes.push_back({{"node", n.node}, {"running", n.running}, {"done_last_hour", n.done_last_hour},
                       {"last_active_at", n.last_active_at}});
    for (const auto& k : o->kinds)
      kinds.push_back({{"kind", k.kind}, {"queued", k.queued}, {"running", k.running}, {"done", k.done},
                       {"failed", k.failed}, {"overdue", k.overdue}, {"expired_leases", k.expired_leases}});
    for (const auto& s : o->schedules) {
      json j{{"name", s.name}, {"next_at", s.next_at}, {"last_node", s.last_node}};
      j["last_round"] = s.last_round ? json(*s.last_round) : json(nullptr);
      schedules.push_back(std::move(j));
    }
    for (const auto& f : o->failed)
      failed.push_back({{"id", f.id}, {"kind", f.kind}, {"key", f.key}, {"node", f.node}, {"attempts", f.attempts},
                        {"last_error", f.last_error}, {"finished_at", f.finished_at}});
    return json{{"nodes", nodes}, {"kinds", kinds}, {"schedules", schedules}, {"failed", failed}};
  });

  // 立即执行: a round (feed.poll, availability.check, engagement.detect, …) brought forward to now.
  r.Post("/api/jobs/schedules/{name}/run", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    app::JobsOverviewService service(node.db(), node.audit(), node.clock());
    const std::string name = c.PathText();
    if (Status s = service.RunNow(c.principal(), name); !s.ok()) return s;
    return json{{"name", name}, {"queued", true}};
  });
}

}  // namespace govmedia::http
