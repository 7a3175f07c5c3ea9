// Coordinated reposts (联动发声): tasks issued by the city office and who published the article.
#include "http/routes.h"

namespace govmedia::http {

void RegisterRepostRoutes(Router& r, app::Node& node) {
  app::RepostService& reposts = node.reposts();

  r.Get("/api/repost-tasks", Access::kSession, [&reposts](Ctx& c) -> core::Result<json> {
    auto tasks = reposts.List(c.principal());
    if (!tasks.ok()) return tasks.status();
    json items = json::array();
    for (const auto& t : *tasks) items.push_back(reposts.ToJson(t));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/repost-tasks", Access::kSession, [&reposts](Ctx& c) -> core::Result<json> {
    auto t = reposts.Create(c.principal(), c.body);
    if (!t.ok()) return t.status();
    c.status = 201;
    return reposts.ToJson(*t);
  });

  r.Get("/api/repost-tasks/{id}", Access::kSession, [&reposts](Ctx& c) -> core::Result<json> {
    auto t = reposts.Get(c.principal(), c.PathId());
    if (!t.ok()) return t.status();
    return reposts.ToJson(*t);
  });
}

}  // namespace govmedia::http
