// Alerts for the duty officer (值班值守): list, acknowledge, handle, forward (转办), a rectification
// opened from one by the city office (一键整改); and the stored
// hits with their level, so that an inspector sees what waits for a decision (待研判) and why.
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

namespace {

// The indicator's name in the current set ("泄露国家秘密"), or the id when the set has none.
std::string IndicatorName(app::Node& node, const std::string& id) {
  auto set = node.scoring().CurrentSet();
  if (!set.ok()) return id;
  const auto* ind = set->set.inspection.Find(id);
  return ind ? ind->name : id;
}

json AlertJson(app::Node& node, const app::Alert& a) {
  json hits = json::array(), terms = json::array();
  for (const auto& h : a.hits) {
    hits.push_back({{"term", h.term}, {"start", h.start}, {"end", h.end}, {"matched", h.matched},
                    {"level", h.level}, {"suggestion", h.suggestion}, {"context", h.context}, {"note", h.note}});
    if (std::find(terms.begin(), terms.end(), h.term) == terms.end()) terms.push_back(h.term);
  }
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  // A hijack alert (疑似账号被盗用) carries its signals and posts; the post above is its first one.
  json evidence = a.evidence.empty() ? json(nullptr) : json::parse(a.evidence, nullptr, false);
  if (evidence.is_discarded()) evidence = nullptr;
  return {{"id", a.id},
          {"type", a.type},
          {"evidence", evidence},
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
          {"indicator_name", a.type == "hijack" ? std::string("疑似账号被盗用") : IndicatorName(node, a.indicator)},
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
          {"forwarded_to", opt(a.forwarded_to)},
          {"url", a.url},
          {"rectification_id", a.rectification_id ? json(*a.rectification_id) : json(nullptr)}};
}

}  // namespace

void RegisterAlertRoutes(Router& r, app::Node& node) {
  app::MonitorService& monitor = node.monitor();

  r.Get("/api/scan-hits", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    app::HitFilter f;
    f.level = c.Query("level");
    f.category = c.Query("category");
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    f.account_id = *account;
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto list = monitor.ListHits(c.principal(), f, &total);
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& h : *list) {
      items.push_back({{"id", h.id}, {"post_id", h.post_id}, {"account_id", h.account_id},
                       {"account_name", h.account_name}, {"unit_name", h.unit_name}, {"kind", h.kind},
                       {"platform_post_id", h.platform_post_id}, {"published_at", h.published_at},
                       {"url", h.url}, {"post_version", h.post_version}, {"category", h.category},
                       {"category_label", app::CategoryLabel(h.category)}, {"indicator", h.indicator},
                       {"indicator_name", IndicatorName(node, h.indicator)}, {"term", h.term},
                       {"matched", h.matched}, {"start", h.start}, {"end", h.end}, {"level", h.level},
                       {"suggestion", h.suggestion}, {"context", h.context}, {"note", h.note},
                       {"created_at", h.created_at}, {"text", h.text}});
    }
    return json{{"items", items}, {"total", total}};
  });

  r.Get("/api/alerts", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    auto list = monitor.ListAlerts(c.principal(), c.Query("status"), c.Query("type"));
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& a : *list) items.push_back(AlertJson(node, a));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/alerts/{id}/acknowledge", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    auto a = monitor.Acknowledge(c.principal(), c.PathId());
    if (!a.ok()) return a.status();
    return AlertJson(node, *a);
  });

  r.Post("/api/alerts/{id}/handle", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto a = monitor.Handle(c.principal(), c.PathId(), *note);
    if (!a.ok()) return a.status();
    return AlertJson(node, *a);
  });

  // 批量确认: acknowledge many new alerts at once; each on its own (and audited).
  r.Post("/api/alerts/acknowledge", Access::kSession, [&monitor](Ctx& c) -> core::Result<json> {
    auto ids = BodyIds(c.body, "alert_ids");
    if (!ids.ok()) return ids.status();
    return RunBatch(*ids, [&](int64_t id) { return monitor.Acknowledge(c.principal(), id).status(); });
  });

  // 一键整改: the city office opens a rectification of the alert's account with its evidence; the
  // alert is handled with a note naming it.
  r.Post("/api/alerts/{id}/rectification", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    auto t = node.rectifications().OpenFromAlert(c.principal(), monitor, c.PathId());
    if (!t.ok()) return t.status();
    auto a = monitor.Get(c.principal(), c.PathId());
    if (!a.ok()) return a.status();
    c.status = 201;
    return json{{"alert", AlertJson(node, *a)},
                {"rectification",
                 {{"id", t->id}, {"account_id", t->account_id}, {"unit_name", t->unit_name}, {"indicator", t->indicator},
                  {"problem", t->problem}, {"due_on", t->due_on}, {"status", t->status}}}};
  });

  r.Post("/api/alerts/{id}/forward", Access::kSession, [&monitor, &node](Ctx& c) -> core::Result<json> {
    auto dept = BodyString(c.body, "department", false);
    if (!dept.ok()) return dept.status();
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto a = monitor.Forward(c.principal(), c.PathId(), *dept, *note);
    if (!a.ok()) return a.status();
    return AlertJson(node, *a);
  });
}

}  // namespace govmedia::http
