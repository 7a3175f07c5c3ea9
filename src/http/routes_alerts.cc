// Alerts for the duty officer (值班值守): list, acknowledge, handle, forward (转办).
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

namespace {

json AlertJson(const app::Alert& a) {
  json hits = json::array(), terms = json::array();
  for (const auto& h : a.hits) {
    hits.push_back({{"term", h.term}, {"start", h.start}, {"end", h.end}, {"matched", h.matched}});
    if (std::find(terms.begin(), terms.end(), h.term) == terms.end()) terms.push_back(h.term);
  }
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", a.id},
          {"account_id", a.account_id},
          {"account_name", a.account_name},
          {"unit_name", a.unit_name},
          {"post_id", a.post_id},
          {"platform_post_id", a.platform_post_id},
          {"kind", a.kind},
          {"post_version", a.post_version},
          {"category", a.category},
          {"category_label", app::CategoryLabel(a.category)},
          {"indicator", a.indicator},
          {"terms", terms},
          {"text", a.text},
          {"hits", hits},
          {"status", a.status},
          {"created_at", a.created_at},
          {"acknowledged_by", opt(a.acknowledged_by)},
          {"acknowledged_at", opt(a.acknowledged_at)},
          {"handled_by", opt(a.handled_by)},
          {"handled_at", opt(a.handled_at)},
          {"note", a.note},
          {"forwarded_to", opt(a.forwarded_to)}};
}

}  // namespace

void RegisterAlertRoutes(Router& r, app::Node& node) {
  app::MonitorService& monitor = node.monitor();

  r.Get("/api/alerts", Access::kSession, [&monitor](Ctx& c) -> core::Result<json> {
    auto list = monitor.ListAlerts(c.principal(), c.Query("status"));
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& a : *list) items.push_back(AlertJson(a));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/alerts/{id}/acknowledge", Access::kSession, [&monitor](Ctx& c) -> core::Result<json> {
    auto a = monitor.Acknowledge(c.principal(), c.PathId());
    if (!a.ok()) return a.status();
    return AlertJson(*a);
  });

  r.Post("/api/alerts/{id}/handle", Access::kSession, [&monitor](Ctx& c) -> core::Result<json> {
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto a = monitor.Handle(c.principal(), c.PathId(), *note);
    if (!a.ok()) return a.status();
    return AlertJson(*a);
  });

  r.Post("/api/alerts/{id}/forward", Access::kSession, [&monitor](Ctx& c) -> core::Result<json> {
    auto dept = BodyString(c.body, "department", false);
    if (!dept.ok()) return dept.status();
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto a = monitor.Forward(c.principal(), c.PathId(), *dept, *note);
    if (!a.ok()) return a.status();
    return AlertJson(*a);
  });
}

}  // namespace govmedia::http
