// The security ledger (安全台账): an account's ledger and its handovers, the unit's emergency plan
// (应急预案), the warnings by unit and account. The bound phone, e-mail and hijack contact are
// masked in the ledger and the plan; their own GET routes reveal them (audited for roles outside
// the unit). See app/security/security_service.h.
#include <map>
#include <set>

#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

void RegisterSecurityRoutes(Router& r, app::Node& node) {
  app::SecurityService& sec = node.security();

  r.Get("/api/accounts/{id}/security", Access::kSession,
        [&sec](Ctx& c) -> core::Result<json> { return sec.Ledger(c.principal(), c.PathId()); });

  r.Patch("/api/accounts/{id}/security", Access::kSession,
          [&sec](Ctx& c) -> core::Result<json> { return sec.UpdateLedger(c.principal(), c.PathId(), c.body); });

  r.Get("/api/accounts/{id}/security/contacts", Access::kSession,
        [&sec](Ctx& c) -> core::Result<json> { return sec.RevealLedgerContacts(c.principal(), c.PathId()); });

  r.Post("/api/accounts/{id}/security/handovers", Access::kSession, [&sec](Ctx& c) -> core::Result<json> {
    auto out = sec.RecordHandover(c.principal(), c.PathId(), c.body);
    if (!out.ok()) return out.status();
    c.status = 201;
    return out;
  });

  r.Get("/api/units/{id}/emergency-plan", Access::kSession,
        [&sec](Ctx& c) -> core::Result<json> { return sec.Plan(c.principal(), c.PathId()); });

  r.Patch("/api/units/{id}/emergency-plan", Access::kSession,
          [&sec](Ctx& c) -> core::Result<json> { return sec.UpdatePlan(c.principal(), c.PathId(), c.body); });

  r.Post("/api/units/{id}/emergency-plan/document", Access::kSession, [&sec](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    return sec.UploadPlanDocument(c.principal(), c.PathId(), file->first, file->second);
  }, kUploadBody);

  r.Get("/api/units/{id}/emergency-plan/document", Access::kSession, [&sec](Ctx& c) -> core::Result<json> {
    auto doc = sec.ReadPlanDocument(c.principal(), c.PathId());
    if (!doc.ok()) return doc.status();
    c.res.set_header("Content-Disposition",
                     "attachment; filename*=UTF-8''" + httplib::detail::encode_query_param(doc->filename));
    c.res.set_header("X-Content-SHA256", doc->sha256);
    c.res.set_content(doc->data, doc->mime);
    return json(nullptr);
  });

  r.Get("/api/units/{id}/emergency-plan/contact", Access::kSession,
        [&sec](Ctx& c) -> core::Result<json> { return sec.RevealPlanContact(c.principal(), c.PathId()); });

  // Every warning within the person's scope, with counts by kind and by unit (the city office's
  // figures); `code` narrows the list (security_handover_missing: the inspector's candidates).
  r.Get("/api/security/warnings", Access::kSession, [&sec](Ctx& c) -> core::Result<json> {
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    const std::string code = c.Query("code");
    if (!code.empty() && core::SecurityWarningLabel(code).empty())
      return core::Status::InvalidArgument("code", "未知的预警类别：" + code);
    auto items = sec.Warnings(c.principal(), *unit);
    if (!items.ok()) return items.status();
    json list = json::array(), counts = json::object();
    std::map<int64_t, json> units;
    std::set<int64_t> accounts;
    for (const auto& i : *items) {
      counts[i.warning.code] = counts.value(i.warning.code, 0) + 1;
      json& u = units[i.unit_id];
      if (u.is_null()) u = {{"unit_id", i.unit_id}, {"unit_name", i.unit_name}, {"warnings", 0}, {"accounts", json::array()}};
      u["warnings"] = u["warnings"].get<int64_t>() + 1;
      if (i.account_id) {
        accounts.insert(*i.account_id);
        bool seen = false;
        for (const auto& a : u["accounts"]) seen |= a == *i.account_id;
        if (!seen) u["accounts"].push_back(*i.account_id);
      }
      if (!code.empty() && i.warning.code != code) continue;
      list.push_back(app::SecurityService::ItemJson(i));
    }
    json by_unit = json::array();
    for (auto& [id, u] : units) {
      u["account_count"] = u["accounts"].size();
      u.erase("accounts");
      by_unit.push_back(u);
    }
    return json{{"items", list},
                {"total", list.size()},
                {"counts", counts},
                {"accounts_with_warnings", accounts.size()},
                {"units", by_unit}};
  });
}

}  // namespace govmedia::http
