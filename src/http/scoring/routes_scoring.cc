// Indicator sets, inspections (检查) with findings, screenshots and 核减, and the annual assessment.
#include <sodium.h>

#include "app/scoring/indicator_set_json.h"
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

json SetVersionJson(const storage::SetVersionRow& r, int64_t current_id) {
  json body = json::parse(r.body_json, nullptr, false);
  return {{"id", r.id},
          {"set_id", r.set_id},
          {"version", r.version},
          {"title", body.value("title", "")},
          {"issued_on", body.value("issued_on", "")},
          {"published_at", r.published_at},
          {"published_by", r.published_by},
          {"note", r.note},
          {"current", r.id == current_id}};
}

const char* KindLabel(const std::string& k) { return k == "self" ? "自查" : k == "city" ? "抽查" : "上级抽查"; }

json InspectionSummary(const storage::InspectionRow& r) {
  const json result = json::parse(r.result_json, nullptr, false);
  return {{"id", r.id},
          {"account_id", r.account_id},
          {"account_name", r.account_name},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"platform", r.platform},
          {"kind", r.kind},
          {"kind_label", KindLabel(r.kind)},
          {"level", r.level ? json(*r.level) : json(nullptr)},
          {"monitoring_time", r.monitoring_time},
          {"status", r.status},
          {"verdict", r.verdict ? json(*r.verdict) : json(nullptr)},
          {"score", r.score ? json(*r.score) : json(nullptr)},
          {"indicator_set", result.value("indicator_set", "")},
          {"indicator_set_row", r.indicator_set_row},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"closed_at", r.closed_at ? json(*r.closed_at) : json(nullptr)},
          {"closed_by", r.closed_by ? json(*r.closed_by) : json(nullptr)}};
}

json InspectionDetailJson(const app::InspectionView& v) {
  json out = InspectionSummary(v.row);
  out["indicator_set_version"] = v.set.row.version;
  json indicators = json::array();
  for (const auto& i : v.set.set.inspection.indicators) {
    json o{{"id", i.id}, {"name", i.name}, {"group", i.group}, {"veto", i.veto}};
    if (!i.veto) o["points"] = i.points, o["max"] = i.max;
    indicators.push_back(o);
  }
  out["indicators"] = indicators;
  json findings = json::array();
  for (const auto& f : v.findings) {
    json shots = json::array();
    for (const auto& s : f.screenshots)
      shots.push_back({{"id", s.id}, {"filename", s.filename}, {"mime", s.mime}, {"size", s.size}, {"sha256", s.sha256}});
    findings.push_back({{"id", f.row.id}, {"indicator", f.row.indicator}, {"count", f.row.count},
                        {"evidence", f.row.evidence}, {"evidence_url", f.row.evidence_url},
                        {"created_by", f.row.created_by}, {"created_at", f.row.created_at},
                        {"withdrawn", f.row.withdrawn}, {"withdraw_reason", f.row.withdraw_reason},
                        {"screenshots", shots}});
  }
  out["findings"] = findings;
  json derived = json::array();
  for (const auto& d : v.derived) {
    json dismissal = nullptr;
    for (const auto& x : v.dismissals) {
      if (!x.withdrawn && x.indicator == d.indicator)
        dismissal = {{"id", x.id}, {"reason", x.reason}, {"created_by", x.created_by}, {"created_at", x.created_at}};
    }
    derived.push_back({{"indicator", d.indicator}, {"occurrences", d.occurrences}, {"evidence", d.evidence},
                       {"dismissed", !dismissal.is_null()}, {"dismissal", dismissal}});
  }
  out["derived"] = derived;
  json dismissals = json::array();
  for (const auto& x : v.dismissals) {
    dismissals.push_back({{"id", x.id}, {"indicator", x.indicator}, {"reason", x.reason}, {"created_by", x.created_by},
                          {"created_at", x.created_at}, {"withdrawn", x.withdrawn}});
  }
  out["dismissals"] = dismissals;
  out["result"] = v.result;
  return out;
}

json AssessmentRowJson(const app::AssessmentRow& r) {
  return {{"unit_id", r.unit.id},
          {"unit_name", r.unit.name},
          {"category", r.unit.category},
          {"rank", r.rank ? json(*r.rank) : json(nullptr)},
          {"final", r.final},
          {"result", r.result},
          {"summary", r.summary}};
}


}  // namespace

void RegisterScoringRoutes(Router& r, app::Node& node) {
  app::ScoringService& scoring = node.scoring();
  app::AssessmentService& assessment = node.assessment();

  // ---- Indicator sets ----
  r.Get("/api/indicator-sets", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto rows = scoring.ListSets(c.principal());
    if (!rows.ok()) return rows.status();
    const int64_t current = rows->empty() ? 0 : rows->front().id;
    json items = json::array();
    for (const auto& x : *rows) items.push_back(SetVersionJson(x, current));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Get("/api/indicator-sets/{id}", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto s = scoring.GetSet(c.principal(), c.PathId());
    if (!s.ok()) return s.status();
    auto current = scoring.CurrentSet();
    json out = SetVersionJson(s->row, current.ok() ? current->row.id : 0);
    out["body"] = json::parse(s->row.body_json, nullptr, false);
    return out;
  });

  r.Post("/api/indicator-sets", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    if (!c.body.contains("body") || !c.body["body"].is_object()) return Status::InvalidArgument("body", "缺少指标体系内容");
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto row = scoring.PublishSet(c.principal(), c.body["body"], *note);
    if (!row.ok()) return row.status();
    c.status = 201;
    return SetVersionJson(*row, row->id);
  }, kUploadBody);

  // ---- Inspections ----
  r.Get("/api/inspections", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    storage::InspectionFilter f;
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.account_id = *account;
    f.unit_id = *unit;
    f.kind = c.Query("kind");
    f.status = c.Query("status");
    if (!f.kind.empty() && f.kind != "self" && f.kind != "city" && f.kind != "higher")
      return Status::InvalidArgument("kind", "应为 self、city 或 higher");
    if (!f.status.empty() && f.status != "open" && f.status != "closed")
      return Status::InvalidArgument("status", "应为 open 或 closed");
    auto rows = scoring.List(c.principal(), f);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& x : *rows) items.push_back(InspectionSummary(x));
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/inspections", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    app::NewInspection n;
    auto account = BodyInt(c.body, "account_id");
    if (!account.ok()) return account.status();
    if (!*account) return Status::InvalidArgument("account_id", "请选择账号");
    n.account_id = **account;
    auto kind = BodyString(c.body, "kind", true);
    if (!kind.ok()) return kind.status();
    n.kind = *kind;
    auto level = BodyString(c.body, "level", false);
    if (!level.ok()) return level.status();
    n.level = *level;
    auto t = BodyString(c.body, "monitoring_time", true);
    if (!t.ok()) return t.status();
    n.monitoring_time = *t;
    auto v = scoring.Create(c.principal(), n);
    if (!v.ok()) return v.status();
    c.status = 201;
    return InspectionDetailJson(*v);
  });

  r.Get("/api/inspections/{id}", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto v = scoring.Get(c.principal(), c.PathId());
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/inspections/{id}/findings", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto indicator = BodyString(c.body, "indicator", true);
    if (!indicator.ok()) return indicator.status();
    auto count = BodyInt(c.body, "count");
    if (!count.ok()) return count.status();
    auto evidence = BodyString(c.body, "evidence", false);
    if (!evidence.ok()) return evidence.status();
    auto url = BodyString(c.body, "evidence_url", false);
    if (!url.ok()) return url.status();
    auto v = scoring.AddFinding(c.principal(), c.PathId(), *indicator, static_cast<int>(count->value_or(1)), *evidence, *url);
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/findings/{id}/withdraw", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto v = scoring.WithdrawFinding(c.principal(), c.PathId(), *reason);
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/findings/{id}/screenshots", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    auto v = scoring.AddScreenshot(c.principal(), c.PathId(), file->first, file->second);
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  }, kUploadBody);

  r.Get("/api/screenshots/{id}", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto s = scoring.GetScreenshot(c.principal(), c.PathId());
    if (!s.ok()) return s.status();
    c.res.set_header("Content-Disposition", "inline");
    c.res.set_content(s->data, s->mime.c_str());
    return json(nullptr);
  });

  r.Post("/api/inspections/{id}/dismissals", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto indicator = BodyString(c.body, "indicator", true);
    if (!indicator.ok()) return indicator.status();
    auto reason = BodyString(c.body, "reason", false);
    if (!reason.ok()) return reason.status();
    auto v = scoring.Dismiss(c.principal(), c.PathId(), *indicator, *reason);
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/dismissals/{id}/withdraw", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto v = scoring.Undismiss(c.principal(), c.PathId());
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/inspections/{id}/close", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto v = scoring.Close(c.principal(), c.PathId());
    if (!v.ok()) return v.status();
    return InspectionDetailJson(*v);
  });

  r.Post("/api/inspections/{id}/rescore", Access::kSession, [&scoring](Ctx& c) -> core::Result<json> {
    auto set = BodyInt(c.body, "indicator_set");
    if (!set.ok()) return set.status();
    if (!*set) return Status::InvalidArgument("indicator_set", "请选择指标体系版本");
    bool preview = false;
    auto result = scoring.Rescore(c.principal(), c.PathId(), **set, &preview);
    if (!result.ok()) return result.status();
    return json{{"preview", preview}, {"result", *result}};
  });

  // ---- Annual assessment ----
  auto this_year = [&node] { return node.clock().Today().year(); };

  r.Get("/api/assessments", Access::kSession, [&assessment, this_year](Ctx& c) -> core::Result<json> {
    auto year = YearOf(c.Query("year"), this_year());
    if (!year.ok()) return year.status();
    auto rows = assessment.List(c.principal(), *year);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    bool final = !rows->empty();
    for (const auto& x : *rows) {
      items.push_back(AssessmentRowJson(x));
      final = final && x.final;
    }
    return json{{"year", *year}, {"final", final}, {"items", items}, {"total", items.size()}};
  });

  r.Get("/api/assessments/export", Access::kSession, [&assessment, this_year](Ctx& c) -> core::Result<json> {
    auto year = YearOf(c.Query("year"), this_year());
    if (!year.ok()) return year.status();
    auto bytes = assessment.ExportXlsx(c.principal(), *year);
    if (!bytes.ok()) return bytes.status();
    c.res.set_header("Content-Disposition", "attachment; filename=\"assessment-" + std::to_string(*year) + ".xlsx\"");
    c.res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return json(nullptr);
  });

  r.Get("/api/assessments/{id}", Access::kSession, [&assessment, this_year](Ctx& c) -> core::Result<json> {
    auto year = YearOf(c.Query("year"), this_year());
    if (!year.ok()) return year.status();
    auto d = assessment.Get(c.principal(), c.PathId(), *year);
    if (!d.ok()) return d.status();
    json out = AssessmentRowJson(d->row);
    out["year"] = *year;
    out["inputs"] = d->inputs;
    out["facts"] = d->facts;
    return out;
  });

  r.Patch("/api/assessments/{id}", Access::kSession, [&assessment](Ctx& c) -> core::Result<json> {
    auto year = BodyInt(c.body, "year");
    if (!year.ok()) return year.status();
    if (!*year || **year < 2000 || **year > 2100) return Status::InvalidArgument("year", "应为年份");
    auto row = assessment.SaveInputs(c.principal(), c.PathId(), static_cast<int>(**year), c.body);
    if (!row.ok()) return row.status();
    return AssessmentRowJson(*row);
  });

  r.Post("/api/assessments/finalize", Access::kSession, [&assessment](Ctx& c) -> core::Result<json> {
    auto year = BodyInt(c.body, "year");
    if (!year.ok()) return year.status();
    if (!*year || **year < 2000 || **year > 2100) return Status::InvalidArgument("year", "应为年份");
    if (Status s = assessment.Finalize(c.principal(), static_cast<int>(**year)); !s.ok()) return s;
    return json{{"status", "ok"}, {"year", **year}};
  });
}

}  // namespace govmedia::http
