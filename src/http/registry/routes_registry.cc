// Units, accounts (台账), applications, filings (备案) and the home page's figures.
#include "app/registry/registry_import.h"
#include "http/json_body.h"
#include "http/routes.h"
#include "storage/record_codec.h"
#include "storage/row_json.h"

namespace govmedia::http {

using core::Status;

namespace {

core::Result<Page> PageOf(const Ctx& c) { return QueryPage(c.Query("page"), c.Query("page_size")); }

json AccountOut(const core::Principal& p, const storage::AccountRow& a) {
  return storage::AccountJson(a, !app::RegistryService::Unmasked(p, a.record.unit_id));
}

json FilingOut(const app::FilingView& v) { return storage::FilingJson(v.row, &v.standing); }

/// The account list's filters from the query (the list and its export take the same).
core::Result<storage::AccountFilter> AccountFilterOf(const Ctx& c) {
  storage::AccountFilter f;
  auto unit = QueryInt(c.Query("unit_id"), "unit_id");
  if (!unit.ok()) return unit.status();
  f.unit_id = *unit;
  if (auto v = c.Query("platform"); !v.empty()) {
    f.platform = core::ParsePlatform(v);
    if (!f.platform) return Status::InvalidArgument("platform", "未知的平台：" + v);
  }
  if (auto v = c.Query("status"); !v.empty()) {
    f.status = core::ParseAccountStatus(v);
    if (!f.status) return Status::InvalidArgument("status", "未知的状态：" + v);
  }
  f.name_contains = c.Query("q");
  f.only_warnings = c.Query("warning") == "true";
  return f;
}

constexpr const char* kXlsxMime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

json ImportReportJson(const app::ImportReport& r) {
  json skipped = json::array(), errors = json::array();
  for (const auto& s : r.skipped)
    skipped.push_back({{"row", s.row}, {"unit", s.unit}, {"platform", s.platform}, {"name", s.name},
                       {"account_id", s.account_id}});
  for (const auto& e : r.problems)
    errors.push_back({{"row", e.row}, {"column", e.column}, {"reason", e.reason}, {"text", e.Line()}});
  return {{"dry_run", r.dry_run},
          {"rows", r.rows},
          {"imported", r.problems.empty() ? r.imported : 0},
          {"skipped", skipped},
          {"errors", errors},
          {"summary", r.problems.empty() ? r.Summary() : ""}};
}

/// Record fields of a create or patch body; the rest of the body is the route's own.
json RecordFields(const json& body, std::initializer_list<const char*> drop) {
  json out = body;
  for (const char* k : drop) out.erase(k);
  return out;
}

}  // namespace

void RegisterRegistryRoutes(Router& r, app::Node& platform) {
  app::RegistryService& reg = platform.registry();

  // ---- Units ----
  r.Get("/api/units", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto units = reg.ListUnits(c.principal(), c.Query("include_retired") == "true");
    if (!units.ok()) return units.status();
    json items = json::array();
    for (const auto& u : *units) items.push_back(storage::UnitJson(u));
    // contracts/server.md: the answer is the units themselves, a plain array.
    return items;
  });

  r.Post("/api/units", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto name = BodyString(c.body, "name", true);
    if (!name.ok()) return name.status();
    auto category = BodyString(c.body, "category", true);
    if (!category.ok()) return category.status();
    auto u = reg.CreateUnit(c.principal(), *name, *category);
    if (!u.ok()) return u.status();
    c.status = 201;
    return storage::UnitJson(*u);
  });

  r.Patch("/api/units/{id}", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    std::optional<std::string> name, category;
    if (c.body.contains("name")) {
      auto v = BodyString(c.body, "name", true);
      if (!v.ok()) return v.status();
      name = *v;
    }
    if (c.body.contains("category")) {
      auto v = BodyString(c.body, "category", true);
      if (!v.ok()) return v.status();
      category = *v;
    }
    auto retired = BodyBool(c.body, "retired");
    if (!retired.ok()) return retired.status();
    auto u = reg.UpdateUnit(c.principal(), c.PathId(), name, category, *retired);
    if (!u.ok()) return u.status();
    return storage::UnitJson(*u);
  });

  r.Get("/api/units/{id}/history", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto h = reg.UnitHistory(c.principal(), c.PathId());
    if (!h.ok()) return h.status();
    json items = json::array();
    for (const auto& x : *h) {
      items.push_back({{"name", x.name}, {"category", x.category}, {"retired", x.retired},
                       {"valid_until", x.changed_at}, {"changed_by", x.changed_by}});
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  // ---- Accounts ----
  r.Get("/api/accounts", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto filter = AccountFilterOf(c);
    if (!filter.ok()) return filter.status();
    storage::AccountFilter f = *filter;
    auto page = PageOf(c);
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    int64_t total = 0;
    auto rows = reg.ListAccounts(c.principal(), f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& a : *rows) items.push_back(AccountOut(c.principal(), a));
    return json{{"items", items}, {"total", total}};
  });

  // ---- The registry as a spreadsheet (contracts/registry-import.md) ----
  auto importer = std::make_shared<app::RegistryImport>(platform.db(), platform.registry_store(), platform.audit(),
                                                        reg, platform.clock());
  r.Get("/api/accounts/export", Access::kSession, [importer](Ctx& c) -> core::Result<json> {
    auto filter = AccountFilterOf(c);
    if (!filter.ok()) return filter.status();
    auto bytes = importer->Export(c.principal(), *filter);
    if (!bytes.ok()) return bytes.status();
    c.res.set_header("Content-Disposition", "attachment; filename=\"accounts.xlsx\"; filename*=UTF-8''%E8%B4%A6%E5%8F%B7%E5%8F%B0%E8%B4%A6.xlsx");
    c.res.set_content(*bytes, kXlsxMime);
    return json(nullptr);
  });

  r.Get("/api/accounts/import-template", Access::kSession, [importer](Ctx& c) -> core::Result<json> {
    auto bytes = importer->Template();
    if (!bytes.ok()) return bytes.status();
    c.res.set_header("Content-Disposition", "attachment; filename=\"accounts-template.xlsx\"; filename*=UTF-8''%E8%B4%A6%E5%8F%B7%E5%8F%B0%E8%B4%A6%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
    c.res.set_content(*bytes, kXlsxMime);
    return json(nullptr);
  });

  // Bad rows answer 422 with every row's problem in "errors" (nothing written); a good file 200
  // with the summary. {"filename", "content_base64", "dry_run"}.
  r.Post("/api/accounts/import", Access::kSession, [importer](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    auto dry = BodyBool(c.body, "dry_run");
    if (!dry.ok()) return dry.status();
    auto report = importer->Import(c.principal(), file->second, dry->value_or(false), file->first);
    if (!report.ok()) return report.status();
    json out = ImportReportJson(*report);
    if (!report->problems.empty()) {
      c.status = 422;
      out["error"] = {{"code", "invalid_rows"},
                      {"message", "有 " + std::to_string(report->problems.size()) + " 处错误，未导入任何账号"}};
    }
    return out;
  }, kUploadBody);

  r.Post("/api/accounts", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    app::NewAccount a;
    auto registration = BodyString(c.body, "registration", false);
    if (!registration.ok()) return registration.status();
    if (*registration != "" && *registration != "application" && *registration != "existing") {
      return Status::InvalidArgument("registration", "登记方式应为 application（新开设申请）或 existing（已开设补录）");
    }
    a.existing = *registration == "existing";
    auto reason = BodyString(c.body, "application_reason", false);
    if (!reason.ok()) return reason.status();
    a.application_reason = *reason;
    if (!c.body.contains("unit_id")) {
      if (auto scope = core::ScopeUnit(c.principal())) c.body["unit_id"] = *scope;
    }
    if (!c.body.contains("platform")) return Status::InvalidArgument("platform", "请选择账号平台");
    if (Status s = storage::ApplyRecordJson(RecordFields(c.body, {"registration", "application_reason"}), &a.record);
        !s.ok())
      return s;
    auto row = reg.CreateAccount(c.principal(), a);
    if (!row.ok()) return row.status();
    c.status = 201;
    return AccountOut(c.principal(), *row);
  });

  r.Get("/api/accounts/{id}", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto d = reg.GetAccount(c.principal(), c.PathId());
    if (!d.ok()) return d.status();
    json out = AccountOut(c.principal(), d->account);
    out["application"] = d->application ? storage::ApplicationJson(*d->application) : json(nullptr);
    json filings = json::array();
    for (auto& f : d->filings) filings.push_back(FilingOut(reg.ViewOf(f)));
    out["filings"] = filings;
    out["closure_notice_images"] = app::EvidenceImagesJson(d->closure_notice_images);
    return out;
  });

  // A screenshot of the closure notice (停更公告), uploaded before the close filing that cites it.
  r.Post("/api/accounts/{id}/closure-images", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    auto image = reg.AddClosureImage(c.principal(), c.PathId(), file->first, file->second);
    if (!image.ok()) return image.status();
    c.status = 201;
    return app::EvidenceImageJson(*image);
  }, kUploadBody);

  // Contacts unmasked for someone who needs them now (audited): see RegistryService::RevealContacts.
  r.Get("/api/accounts/{id}/contacts", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto row = reg.RevealContacts(c.principal(), c.PathId());
    if (!row.ok()) return row.status();
    json full = storage::AccountJson(*row, false);
    json out{{"account_id", row->id}, {"name", row->record.name}, {"unit_name", full.value("unit_name", "")}};
    for (const char* k : {"main_leader", "deputy_leader", "chief_editor", "staff"})
      if (full.contains(k)) out[k] = full[k];
    return out;
  });

  r.Patch("/api/accounts/{id}", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    // Read-only fields of the Account view may come back from a client that edits the whole
    // object; they are not record fields and are ignored rather than refused.
    const json patch = RecordFields(c.body, {"id", "unit_name", "platform_label", "status", "status_label",
                                             "opened_without_application", "closure_notice_url",
                                             "closure_notice_on", "warnings", "demo", "created_at",
                                             "updated_at", "contacts_masked", "application", "filings"});
    auto row = reg.UpdateAccount(c.principal(), c.PathId(), [&patch](core::AccountRecord* rec) {
      return storage::ApplyRecordJson(patch, rec);
    });
    if (!row.ok()) return row.status();
    return AccountOut(c.principal(), *row);
  });

  r.Post("/api/accounts/{id}/apply", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto row = reg.Reapply(c.principal(), c.PathId(), *reason);
    if (!row.ok()) return row.status();
    return AccountOut(c.principal(), *row);
  });

  r.Post("/api/accounts/{id}/decision", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto decision = BodyString(c.body, "decision", true);
    if (!decision.ok()) return decision.status();
    if (*decision != "approve" && *decision != "reject") {
      return Status::InvalidArgument("decision", "审批结果应为 approve（批准）或 reject（驳回）");
    }
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto row = reg.Decide(c.principal(), c.PathId(),
                          *decision == "approve" ? core::Decision::kApprove : core::Decision::kReject, *note);
    if (!row.ok()) return row.status();
    return AccountOut(c.principal(), *row);
  });

  r.Post("/api/accounts/{id}/filings", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    app::NewFiling f;
    auto kind = BodyString(c.body, "kind", true);
    if (!kind.ok()) return kind.status();
    auto parsed = core::ParseFilingKind(*kind);
    if (!parsed) return Status::InvalidArgument("kind", "备案类别应为 open、change、close 或 cancel");
    f.kind = *parsed;
    auto event_on = BodyDate(c.body, "event_on", true);
    if (!event_on.ok()) return event_on.status();
    f.event_on = **event_on;
    auto filed_on = BodyDate(c.body, "filed_on", false);
    if (!filed_on.ok()) return filed_on.status();
    f.filed_on = *filed_on;
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    f.reason = *reason;
    auto url = BodyString(c.body, "closure_notice_url", false);
    if (!url.ok()) return url.status();
    f.closure_notice_url = *url;
    auto notice_on = BodyDate(c.body, "closure_notice_on", false);
    if (!notice_on.ok()) return notice_on.status();
    f.closure_notice_on = *notice_on;
    if (c.body.contains("closure_notice_image_ids") && !c.body["closure_notice_image_ids"].is_null()) {
      auto ids = BodyIds(c.body, "closure_notice_image_ids", 20);
      if (!ids.ok()) return ids.status();
      f.closure_notice_image_ids = *ids;
    }
    if (c.body.contains("changes") && !c.body["changes"].is_null()) {
      const json changes = c.body["changes"];
      if (!changes.is_object()) return Status::InvalidArgument("changes", "应为对象");
      f.changes_json = changes.dump();
      f.changes = [changes](core::AccountRecord* rec) -> Status {
        Status s = storage::ApplyRecordJson(changes, rec);
        return s.ok() ? s : Status::InvalidArgument("changes." + s.field(), s.message());
      };
    }
    auto v = reg.File(c.principal(), c.PathId(), f);
    if (!v.ok()) return v.status();
    c.status = 201;
    return FilingOut(*v);
  });

  // ---- Filings ----
  r.Get("/api/filings", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    const std::string view = c.Query("view");
    app::FilingList which = app::FilingList::kAll;
    if (view == "pending") which = app::FilingList::kPending;
    else if (view == "overdue") which = app::FilingList::kOverdue;
    else if (!view.empty() && view != "all") return Status::InvalidArgument("view", "应为 all、pending 或 overdue");
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    auto rows = reg.ListFilings(c.principal(), which, *unit, *account);
    if (!rows.ok()) return rows.status();
    auto page = PageOf(c);
    if (!page.ok()) return page.status();
    json items = json::array();
    for (size_t i = page->offset; i < rows->size() && items.size() < static_cast<size_t>(page->limit); ++i) {
      items.push_back(FilingOut((*rows)[i]));
    }
    return json{{"items", items}, {"total", rows->size()}};
  });

  r.Post("/api/filings/{id}/forward", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto on = BodyDate(c.body, "forwarded_on", false);
    if (!on.ok()) return on.status();
    auto v = reg.Forward(c.principal(), c.PathId(), *on);
    if (!v.ok()) return v.status();
    return FilingOut(*v);
  });

  // 批量报送: forward many filings at once; each succeeds or fails on its own (and is audited).
  r.Post("/api/filings/forward", Access::kSession, [&reg](Ctx& c) -> core::Result<json> {
    auto ids = BodyIds(c.body, "filing_ids");
    if (!ids.ok()) return ids.status();
    auto on = BodyDate(c.body, "forwarded_on", false);
    if (!on.ok()) return on.status();
    return RunBatch(*ids, [&](int64_t id) { return reg.Forward(c.principal(), id, *on).status(); });
  });

  // ---- Home ----
  // 我的任务: the first block of every role's home.
  r.Get("/api/my-tasks", Access::kSession, [&platform](Ctx& c) -> core::Result<json> {
    auto list = platform.tasks().For(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& t : *list) {
      items.push_back({{"kind", t.kind}, {"title", t.title}, {"detail", t.detail},
                       {"due_on", t.due_on ? json(t.due_on->ToString()) : json(nullptr)}, {"overdue", t.overdue},
                       {"count", t.count}, {"link", t.link}});
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Get("/api/dashboard", Access::kSession, [&reg, &platform](Ctx& c) -> core::Result<json> {
    auto d = reg.GetDashboard(c.principal());
    if (!d.ok()) return d.status();
    json by_status = json::object(), by_platform = json::object(), todo = json::array();
    for (const auto& [k, n] : d->by_status) by_status[k] = n;
    for (const auto& [k, n] : d->by_platform) by_platform[k] = n;
    for (const auto& t : d->todo) {
      json item{{"kind", t.kind}, {"account_id", t.account_id}, {"account_name", t.account_name},
                {"unit_name", t.unit_name}, {"message", t.message}};
      item["filing_id"] = t.filing_id ? json(*t.filing_id) : json(nullptr);
      item["due_on"] = t.due_on ? json(t.due_on->ToString()) : json(nullptr);
      todo.push_back(item);
    }
    const std::string w = platform.CalendarWarning();
    return json{{"units", d->units},
                {"accounts", {{"total", d->accounts_total}, {"by_status", by_status}, {"by_platform", by_platform}}},
                {"pending_applications", d->pending_applications},
                {"pending_forward", d->pending_forward},
                {"overdue_filings", d->overdue_filings},
                {"warnings", d->accounts_with_warnings},
                {"calendar_warning", w.empty() ? json(nullptr) : json(w)},
                {"todo", todo}};
  });
}

}  // namespace govmedia::http
