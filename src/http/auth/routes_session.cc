// Session, users, metadata, calendar and audit routes.
#include <spdlog/spdlog.h>

#include "core/account.h"
#include "core/lifecycle.h"
#include "core/unit.h"
#include "http/json_body.h"
#include "http/routes.h"
#include "storage/embedded.h"
#include "storage/row_json.h"

namespace govmedia::http {

using core::Status;

namespace {

json SessionJson(const app::SessionInfo& s, const std::string& calendar_warning) {
  return {{"user", storage::UserJson(s.user)},
          {"csrf_token", s.csrf_token},
          {"calendar_warning", calendar_warning.empty() ? json(nullptr) : json(calendar_warning)}};
}

std::string SessionCookie(const std::string& token, int64_t max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

json MetaJson() {
  json platforms = json::array(), statuses = json::array(), categories = json::array(),
       roles = json::array(), kinds = json::array();
  for (auto p : core::AllPlatforms()) platforms.push_back({{"value", core::PlatformId(p)}, {"label", core::PlatformLabel(p)}});
  for (auto s : core::AllAccountStatuses())
    statuses.push_back({{"value", core::AccountStatusId(s)}, {"label", core::AccountStatusLabel(s)}});
  for (auto c : core::UnitCategories()) categories.push_back({{"value", c}, {"label", c}});
  for (auto r : core::AllRoles()) roles.push_back({{"value", core::RoleId(r)}, {"label", core::RoleLabel(r)}});
  for (auto k : core::AllFilingKinds()) kinds.push_back({{"value", core::FilingKindId(k)}, {"label", core::FilingKindLabel(k)}});
  return {{"platforms", platforms}, {"statuses", statuses}, {"categories", categories},
          {"roles", roles}, {"filing_kinds", kinds}};
}

}  // namespace

void RegisterSessionRoutes(Router& r, app::Node& platform) {
  app::AuthService& auth = platform.auth();

  r.Get("/api/health", Access::kPublic, [](Ctx&) -> core::Result<json> { return json{{"status", "ok"}}; });

  r.Get("/api/openapi.json", Access::kPublic, [](Ctx&) -> core::Result<json> {
    auto doc = json::parse(storage::Embedded("openapi.json"), nullptr, false);
    if (doc.is_discarded()) return Status::Internal("embedded openapi.json is malformed");
    return doc;
  });

  r.Get("/api/meta", Access::kPublic, [](Ctx&) -> core::Result<json> { return MetaJson(); });

  r.Post("/api/login", Access::kPublic, [&auth, &platform](Ctx& c) -> core::Result<json> {
    auto username = BodyString(c.body, "username", true);
    if (!username.ok()) return username.status();
    auto password = BodyString(c.body, "password", true);
    if (!password.ok()) return password.status();
    int64_t retry_after = 0;
    auto login = auth.Login(*username, *password, c.client_address, &retry_after);
    if (!login.ok()) {
      if (retry_after > 0) c.res.set_header("Retry-After", std::to_string(retry_after));
      return login.status();
    }
    c.res.set_header("Set-Cookie", SessionCookie(login->token, app::AuthService::kSessionSeconds, c.secure));
    return SessionJson(login->session, platform.CalendarWarning());
  }, kSmallBody);

  r.Post("/api/logout", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    if (Status s = auth.Logout(*c.session); !s.ok()) return s;
    c.res.set_header("Set-Cookie", SessionCookie("", 0, c.secure));
    return json{{"status", "ok"}};
  }, kSmallBody);

  r.Get("/api/session", Access::kSession, [&platform](Ctx& c) -> core::Result<json> {
    return SessionJson(*c.session, platform.CalendarWarning());
  });

  r.Post("/api/session/password", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    auto old_pw = BodyString(c.body, "old_password", true);
    if (!old_pw.ok()) return old_pw.status();
    auto new_pw = BodyString(c.body, "new_password", true);
    if (!new_pw.ok()) return new_pw.status();
    if (Status s = auth.ChangePassword(*c.session, *old_pw, *new_pw); !s.ok()) return s;
    return json{{"status", "ok"}};
  });

  r.Get("/api/users", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    auto users = auth.ListUsers(c.principal());
    if (!users.ok()) return users.status();
    json items = json::array();
    for (const auto& u : *users) {
      json j = storage::UserJson(u);
      auto locked = auth.LockedFor(u.username);
      if (!locked.ok()) return locked.status();
      j["locked_seconds"] = *locked;
      items.push_back(std::move(j));
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  // The city office lifts the login delays of a user (from every address), e.g. after a third
  // party's guessing delayed them; audited.
  r.Post("/api/users/{id}/unlock", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    if (Status s = auth.Unlock(c.principal(), c.PathId()); !s.ok()) return s;
    return json{{"status", "ok"}};
  }, kSmallBody);

  r.Patch("/api/users/{id}", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    app::UserChange change;
    if (c.body.contains("role")) {
      auto role = BodyString(c.body, "role", true);
      if (!role.ok()) return role.status();
      auto parsed = core::ParseRole(*role);
      if (!parsed) return Status::InvalidArgument("role", "未知角色：" + *role);
      change.role = *parsed;
    }
    if (c.body.contains("unit_id")) {
      auto unit = BodyInt(c.body, "unit_id");
      if (!unit.ok()) return unit.status();
      change.unit_id = *unit;
    }
    if (c.body.contains("disabled")) {
      if (!c.body["disabled"].is_boolean()) return Status::InvalidArgument("disabled", "应为 true 或 false");
      change.disabled = c.body["disabled"].get<bool>();
    }
    auto row = auth.UpdateUser(c.principal(), c.PathId(), change);
    if (!row.ok()) return row.status();
    json j = storage::UserJson(*row);
    auto locked = auth.LockedFor(row->username);
    if (!locked.ok()) return locked.status();
    j["locked_seconds"] = *locked;
    return j;
  }, kSmallBody);

  r.Post("/api/users/{id}/password", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    auto pw = BodyString(c.body, "password", true);
    if (!pw.ok()) return pw.status();
    if (Status s = auth.ResetPassword(c.principal(), c.PathId(), *pw); !s.ok()) return s;
    return json{{"status", "ok"}};
  }, kSmallBody);

  r.Post("/api/users", Access::kSession, [&auth](Ctx& c) -> core::Result<json> {
    if (Status s = core::Authorize(c.principal(), core::Action::kManageUsers); !s.ok()) return s;
    app::NewUser u;
    auto name = BodyString(c.body, "username", true);
    if (!name.ok()) return name.status();
    u.username = *name;
    auto role = BodyString(c.body, "role", true);
    if (!role.ok()) return role.status();
    auto parsed = core::ParseRole(*role);
    if (!parsed) return Status::InvalidArgument("role", "未知角色：" + *role);
    u.role = *parsed;
    auto unit = BodyInt(c.body, "unit_id");
    if (!unit.ok()) return unit.status();
    u.unit_id = *unit;
    auto pw = BodyString(c.body, "password", true);
    if (!pw.ok()) return pw.status();
    u.password = *pw;
    auto row = auth.AddUser(c.principal().username, u);
    if (!row.ok()) {
      const Status& s = row.status();
      return s.field() == "unit" ? Status::InvalidArgument("unit_id", s.message()) : s;
    }
    c.status = 201;
    return storage::UserJson(*row);
  });

  r.Get("/api/calendar", Access::kSession, [&platform](Ctx&) -> core::Result<json> {
    const std::string w = platform.CalendarWarning();
    return json{{"covered_years", platform.calendar().CoveredYears()},
                {"warning", w.empty() ? json(nullptr) : json(w)}};
  });

  r.Get("/api/calendar/workday", Access::kSession, [&platform](Ctx& c) -> core::Result<json> {
    auto d = core::Date::Parse(c.Query("date"));
    if (!d) return Status::InvalidArgument("date", "日期格式应为 YYYY-MM-DD");
    bool fell_back = false;
    const bool workday = platform.calendar().IsWorkdayLenient(*d, &fell_back);
    return json{{"date", d->ToString()}, {"workday", workday}, {"covered", !fell_back}};
  });

  r.Get("/api/audit", Access::kSession, [&platform](Ctx& c) -> core::Result<json> {
    if (Status s = core::Authorize(c.principal(), core::Action::kReadAudit); !s.ok()) return s;
    storage::AuditLog::Filter f;
    f.entity = c.Query("entity");
    f.entity_id = c.Query("entity_id");
    f.actor = c.Query("actor");
    f.action = c.Query("action");
    // Days of Beijing time, both included.
    for (auto [name, day] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
      const std::string text = c.Query(name);
      if (text.empty()) continue;
      *day = core::Date::Parse(text);
      if (!*day) return Status::InvalidArgument(name, "日期格式应为 YYYY-MM-DD");
    }
    if (f.from && f.to && *f.to < *f.from) return Status::InvalidArgument("to", "结束日期不能早于开始日期");
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = platform.audit().List(f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& e : *rows) {
      auto parse = [](const std::string& s) { return s.empty() ? json(nullptr) : json::parse(s, nullptr, false); };
      items.push_back({{"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                       {"entity", e.entity}, {"entity_id", e.entity_id}, {"before", parse(e.before)},
                       {"after", parse(e.after)}, {"hash", e.hash}});
    }
    return json{{"items", items}, {"total", total}};
  });
}

}  // namespace govmedia::http
