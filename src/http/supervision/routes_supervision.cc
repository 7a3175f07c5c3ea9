// The supervision loop: quarterly self-inspection tasks and reports, spot-check rounds, notices
// (one public once published) and rectifications.
#include "app/supervision/spot_check_service.h"
#include "app/shared_flight.h"
#include "app/supervision/supervision_dashboard.h"
#include "core/assessment_scoring.h"
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

json InspectionBrief(const std::optional<storage::InspectionRow>& i) {
  if (!i)
    return {
        {"inspection_id", nullptr}, {"status", nullptr}, {"verdict", nullptr}, {"score", nullptr}};
  return {{"inspection_id", i->id},
          {"status", i->status},
          {"verdict", i->verdict ? json(*i->verdict) : json(nullptr)},
          {"score", i->score ? json(*i->score) : json(nullptr)}};
}

std::string PlatformLabelOf(const std::string& id) {
  auto p = core::ParsePlatform(id);
  return p ? std::string(core::PlatformLabel(*p)) : id;
}

json ReportJson(const app::ReportRow& r, core::Date today) {
  return {{"id", r.id},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"year", r.year},
          {"quarter", r.quarter},
          {"due_on", r.due_on().ToString()},
          {"status", r.status},
          {"checked", r.checked},
          {"problems", r.problems},
          {"rectification", r.rectification},
          {"submitted_on", r.submitted_on ? json(*r.submitted_on) : json(nullptr)},
          {"submitted_by", r.submitted_by ? json(*r.submitted_by) : json(nullptr)},
          {"late", r.late()},
          {"overdue", !r.submitted_on && today > r.due_on()},
          {"updated_by", r.updated_by},
          {"updated_at", r.updated_at}};
}

json RoundJson(const app::Round& r, const std::map<int64_t, std::string>& unit_names) {
  json items = json::array();
  int closed = 0;
  for (const auto& i : r.items) {
    json x{{"id", i.id},
           {"account_id", i.account_id},
           {"account_name", i.account_name},
           {"unit_id", i.unit_id},
           {"unit_name", i.unit_name},
           {"platform", i.platform},
           {"platform_label", PlatformLabelOf(i.platform)},
           {"source", i.source},
           {"inspector", i.inspector ? json(*i.inspector) : json(nullptr)}};
    x.update(InspectionBrief(i.inspection));
    closed += i.inspection && i.inspection->status == "closed";
    items.push_back(std::move(x));
  }
  json strata = json::array();
  for (const auto& s : r.strata) {
    const int64_t unit = s["unit_id"];
    auto name = unit_names.find(unit);
    strata.push_back({{"unit_id", unit},
                      {"unit_name", name == unit_names.end() ? "" : name->second},
                      {"platform", s["platform"]},
                      {"platform_label", PlatformLabelOf(s["platform"])},
                      {"population", s["population"].size()},
                      {"sampled", s["sampled"].size()}});
  }
  return {{"id", r.id},
          {"year", r.year},
          {"quarter", r.quarter},
          {"name", r.name},
          {"method", r.method},
          {"ratio", r.ratio ? json(*r.ratio) : json(nullptr)},
          {"count", r.count ? json(*r.count) : json(nullptr)},
          {"seed", r.seed},
          {"monitoring_time", r.monitoring_time},
          {"status", r.status},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"finished_at", r.finished_at ? json(*r.finished_at) : json(nullptr)},
          {"notice_id", r.notice_id ? json(*r.notice_id) : json(nullptr)},
          {"items_total", r.items.size()},
          {"items_closed", closed},
          {"strata", strata},
          {"items", items},
          {"results", app::RoundResults(r)}};
}

json NoticeJson(const app::Notice& n) {
  json out = n.body;
  out["id"] = n.id;
  out["round_id"] = n.round_id;
  out["title"] = n.title;
  out["doc_number"] = n.doc_number;
  out["status"] = n.status;
  out["published_on"] = n.published_on ? json(*n.published_on) : json(nullptr);
  return out;
}

json RectificationJson(const app::Rectification& t, core::Date today,
                       const core::IndicatorSet* set) {
  const auto* ind = set ? set->inspection.Find(t.indicator) : nullptr;
  return {{"id", t.id},
          {"notice_id", t.notice_id ? json(t.notice_id) : json(nullptr)},
          {"alert_id", t.alert_id ? json(*t.alert_id) : json(nullptr)},
          {"notice_title", t.notice_title},
          {"published_on", t.published_on ? json(*t.published_on) : json(nullptr)},
          {"account_id", t.account_id},
          {"account_name", t.account_name},
          {"unit_id", t.unit_id},
          {"unit_name", t.unit_name},
          {"indicator", t.indicator},
          {"indicator_name", ind ? ind->name : t.indicator},
          {"problem", t.problem},
          {"due_on", t.due_on},
          {"overdue", t.Overdue(today)},
          {"status", t.status},
          {"answer", t.answer},
          {"evidence_url", t.evidence_url},
          {"answered_on", t.answered_on ? json(*t.answered_on) : json(nullptr)},
          {"review_note", t.review_note},
          {"reviewed_by", t.reviewed_by ? json(*t.reviewed_by) : json(nullptr)},
          {"closed_on", t.closed_on ? json(*t.closed_on) : json(nullptr)},
          {"images", app::EvidenceImagesJson(t.images)}};
}

core::Result<int> QuarterOf(const std::string& text, int fallback) {
  if (text.empty()) return fallback;
  auto q = QueryInt(text, "quarter");
  if (!q.ok()) return q.status();
  if (!*q || **q < 1 || **q > 4) return Status::InvalidArgument("quarter", "季度应为 1–4");
  return static_cast<int>(**q);
}

}  // namespace

void RegisterSupervisionRoutes(Router& r, app::Node& node) {
  const core::Clock& clock = node.clock();
  auto this_year = [&clock] { return clock.Today().year(); };
  auto this_quarter = [&clock] { return (clock.Today().month() - 1) / 3 + 1; };
  app::SupervisionService& sup = node.supervision();

  r.Get("/api/self-inspections", Access::kSession,
        [&, this_year, this_quarter](Ctx& c) -> core::Result<json> {
          auto year = YearOf(c.Query("year"), this_year());
          if (!year.ok()) return year.status();
          auto quarter = QuarterOf(c.Query("quarter"), this_quarter());
          if (!quarter.ok()) return quarter.status();
          auto unit = QueryInt(c.Query("unit_id"), "unit_id");
          if (!unit.ok()) return unit.status();
          auto list = sup.Coverage(c.principal(), *year, *quarter, *unit);
          if (!list.ok()) return list.status();
          json units = json::array();
          for (const auto& u : *list) {
            json items = json::array();
            for (const auto& i : u.items) {
              json x{{"account_id", i.account_id},
                     {"account_name", i.account_name},
                     {"platform", i.platform},
                     {"platform_label", PlatformLabelOf(i.platform)}};
              x.update(InspectionBrief(i.inspection));
              items.push_back(std::move(x));
            }
            units.push_back({{"unit_id", u.unit_id},
                             {"unit_name", u.unit_name},
                             {"in_scope", u.items.size()},
                             {"inspected", u.inspected},
                             {"coverage", u.coverage()},
                             {"annual_in_scope", u.annual_in_scope},
                             {"annual_inspected", u.annual_inspected},
                             {"annual_coverage", u.annual_coverage()},
                             {"items", items}});
          }
          return json{{"year", *year}, {"quarter", *quarter}, {"units", units}};
        });

  r.Get("/api/reports", Access::kSession,
        [&, this_year, this_quarter](Ctx& c) -> core::Result<json> {
          auto year = YearOf(c.Query("year"), this_year());
          if (!year.ok()) return year.status();
          auto quarter = QuarterOf(c.Query("quarter"), this_quarter());
          if (!quarter.ok()) return quarter.status();
          auto list = sup.Reports(c.principal(), *year, *quarter);
          if (!list.ok()) return list.status();
          const core::Date today = clock.Today(), due = core::QuarterEnd(*year, *quarter - 1);
          json items = json::array();
          int submitted = 0, late = 0, missing = 0, draft = 0, overdue = 0;
          for (const auto& s : *list) {
            const bool sent = s.report && s.report->status == "submitted";
            const bool is_late = sent ? s.report->late() : today > due;
            submitted += sent;
            late += sent && s.report->late();
            missing += !sent;
            draft += s.report && !sent;
            overdue += !sent && is_late;
            items.push_back({{"unit_id", s.unit_id},
                             {"unit_name", s.unit_name},
                             {"report_id", s.report ? json(s.report->id) : json(nullptr)},
                             {"status", !s.report ? "missing" : s.report->status},
                             {"submitted_on", sent ? json(*s.report->submitted_on) : json(nullptr)},
                             {"late", sent && s.report->late()},
                             {"overdue", !sent && is_late}});
          }
          return json{{"year", *year},
                      {"quarter", *quarter},
                      {"due_on", due.ToString()},
                      {"items", items},
                      {"counts",
                       {{"submitted", submitted},
                        {"late", late},
                        {"missing", missing},
                        {"draft", draft},
                        {"overdue", overdue}}}};
        });

  auto report_json = [&](const core::Principal& p,
                         const app::ReportRow& rep) -> core::Result<json> {
    json out = ReportJson(rep, clock.Today());
    auto files = sup.Attachments(rep.id);
    if (!files.ok()) return files.status();
    json attachments = json::array();
    for (const auto& f : *files)
      attachments.push_back({{"id", f.id},
                             {"filename", f.filename},
                             {"mime", f.mime},
                             {"size", f.size},
                             {"sha256", f.sha256}});
    out["attachments"] = attachments;
    // The figures the report stands on; the fourth quarter's cover the whole year.
    json coverage = json::array();
    int inspections = 0, problems = 0;
    auto unit = node.registry_store().GetUnit(rep.unit_id);
    if (!unit.ok()) return unit.status();
    for (int q = 1; q <= 4; ++q) {
      if (q > rep.quarter) {
        coverage.push_back(nullptr);
        continue;
      }
      auto cov = sup.CoverageOf(*unit, rep.year, q);
      if (!cov.ok()) return cov.status();
      coverage.push_back(cov->coverage());
      if (q == rep.quarter) out["annual_coverage"] = cov->annual_coverage();
      if (q != rep.quarter && rep.quarter != 4) continue;
      inspections += cov->inspected;
      // Problems the self-inspections found: the lines their results lost points or were vetoed on.
      for (const auto& item : cov->items) {
        if (!item.inspection) continue;
        const json res = json::parse(item.inspection->result_json, nullptr, false);
        for (const char* list : {"vetoes", "deductions"})
          if (res.is_object() && res.contains(list)) problems += static_cast<int>(res[list].size());
      }
    }
    app::RectificationFilter rf;
    rf.unit_id = rep.unit_id;
    rf.year = rep.year;
    auto tasks = node.rectifications().List(p, rf);
    if (!tasks.ok()) return tasks.status();
    int closed = 0;
    for (const auto& t : *tasks) closed += t.status == "closed";
    out["figures"] = {{"coverage", coverage},
                      {"annual_coverage", out["annual_coverage"]},
                      {"inspections", inspections},
                      {"problems_found", problems},
                      {"rectifications", tasks->size()},
                      {"rectifications_closed", closed},
                      {"rectifications_open", static_cast<int>(tasks->size()) - closed}};
    out.erase("annual_coverage");
    return out;
  };

  r.Get("/api/reports/{id}", Access::kSession, [&, report_json](Ctx& c) -> core::Result<json> {
    auto rep = sup.Report(c.principal(), c.PathId());
    if (!rep.ok()) return rep.status();
    return report_json(c.principal(), *rep);
  });

  r.Put("/api/reports", Access::kSession, [&, report_json](Ctx& c) -> core::Result<json> {
    app::ReportDraft d;
    for (const auto& [key, out] : {std::pair{"unit_id", &d.unit_id}}) {
      auto v = BodyInt(c.body, key);
      if (!v.ok()) return v.status();
      if (!*v) return Status::InvalidArgument(key, "缺少单位编号");
      *out = **v;
    }
    for (const auto& [key, out] : {std::pair{"year", &d.year}, std::pair{"quarter", &d.quarter}}) {
      auto v = BodyInt(c.body, key);
      if (!v.ok()) return v.status();
      if (!*v)
        return Status::InvalidArgument(
            key, "缺少" + std::string(key == std::string("year") ? "年份" : "季度"));
      *out = static_cast<int>(**v);
    }
    for (const auto& [key, out] :
         {std::pair{"checked", &d.checked}, std::pair{"problems", &d.problems},
          std::pair{"rectification", &d.rectification}}) {
      auto v = BodyString(c.body, key, false);
      if (!v.ok()) return v.status();
      *out = *v;
    }
    auto rep = sup.SaveReport(c.principal(), d);
    if (!rep.ok()) return rep.status();
    return report_json(c.principal(), *rep);
  });

  r.Post("/api/reports/{id}/submit", Access::kSession,
         [&, report_json](Ctx& c) -> core::Result<json> {
           auto rep = sup.Submit(c.principal(), c.PathId());
           if (!rep.ok()) return rep.status();
           return report_json(c.principal(), *rep);
         });

  r.Post("/api/reports/{id}/attachments", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    auto a = sup.Attach(c.principal(), c.PathId(), file->first, file->second);
    if (!a.ok()) return a.status();
    c.status = 201;
    return json{{"id", a->id},
                {"filename", a->filename},
                {"mime", a->mime},
                {"size", a->size},
                {"sha256", a->sha256}};
  }, kUploadBody);

  r.Get("/api/report-attachments/{id}", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto a = sup.Attachment(c.principal(), c.PathId());
    if (!a.ok()) return a.status();
    c.res.set_header("Content-Disposition", "attachment; filename*=UTF-8''" +
                                                httplib::detail::encode_query_param(a->filename));
    c.res.set_content(a->data, a->mime);
    return json(nullptr);
  });

  app::SpotCheckService& spot = node.spot_checks();
  auto unit_names = [&node]() {
    std::map<int64_t, std::string> names;
    if (auto units = node.registry_store().ListUnits(true, std::nullopt); units.ok())
      for (const auto& u : *units) names[u.unit.id] = u.unit.name;
    return names;
  };

  r.Get("/api/spot-rounds", Access::kSession, [&, unit_names](Ctx& c) -> core::Result<json> {
    std::optional<int> year;
    if (!c.Query("year").empty()) {
      auto y = YearOf(c.Query("year"), 0);
      if (!y.ok()) return y.status();
      year = *y;
    }
    auto list = spot.List(c.principal(), year);
    if (!list.ok()) return list.status();
    const auto names = unit_names();
    json items = json::array();
    for (const auto& x : *list) {
      json j = RoundJson(x, names);
      j.erase("items");
      j.erase("strata");
      items.push_back(std::move(j));
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Post("/api/spot-rounds", Access::kSession, [&, unit_names](Ctx& c) -> core::Result<json> {
    app::NewRound n;
    for (const auto& [key, out] : {std::pair{"year", &n.year}, std::pair{"quarter", &n.quarter}}) {
      auto v = BodyInt(c.body, key);
      if (!v.ok()) return v.status();
      if (!*v)
        return Status::InvalidArgument(key, key == std::string("year") ? "缺少年份" : "缺少季度");
      *out = static_cast<int>(**v);
    }
    auto name = BodyString(c.body, "name", true);
    if (!name.ok()) return name.status();
    n.name = *name;
    auto method = BodyString(c.body, "method", true);
    if (!method.ok()) return method.status();
    if (*method == "ratio") {
      n.spec.method = core::SampleSpec::Method::kRatio;
      if (!c.body.contains("ratio") || !c.body["ratio"].is_number())
        return Status::InvalidArgument("ratio", "请填写抽查比例（0–1）");
      n.spec.ratio = c.body["ratio"].get<double>();
    } else if (*method == "count") {
      n.spec.method = core::SampleSpec::Method::kCount;
      auto count = BodyInt(c.body, "count");
      if (!count.ok()) return count.status();
      if (!*count) return Status::InvalidArgument("count", "请填写抽查数量");
      n.spec.count = static_cast<int>(**count);
    } else {
      return Status::InvalidArgument("method", "应为 ratio（按比例）或 count（按数量）");
    }
    if (c.body.contains("seed") && !c.body["seed"].is_null()) {
      if (!c.body["seed"].is_number_unsigned() || c.body["seed"].get<uint64_t>() > 0x7fffffffULL)
        return Status::InvalidArgument("seed", "应为 0–2147483647 的整数");
      n.spec.seed = c.body["seed"].get<uint64_t>();
      n.seed_given = true;
    }
    auto at = BodyString(c.body, "monitoring_time", true);
    if (!at.ok()) return at.status();
    n.monitoring_time = *at;
    if (c.body.contains("extra_account_ids")) {
      const json& ids = c.body["extra_account_ids"];
      if (!ids.is_array()) return Status::InvalidArgument("extra_account_ids", "应为账号编号数组");
      for (size_t i = 0; i < ids.size(); ++i) {
        if (!ids[i].is_number_integer())
          return Status::InvalidArgument("extra_account_ids[" + std::to_string(i) + "]",
                                         "应为账号编号");
        n.extra_account_ids.push_back(ids[i].get<int64_t>());
      }
    }
    auto round = spot.Create(c.principal(), n);
    if (!round.ok()) return round.status();
    c.status = 201;
    return RoundJson(*round, unit_names());
  });

  r.Get("/api/spot-rounds/{id}", Access::kSession, [&, unit_names](Ctx& c) -> core::Result<json> {
    auto round = spot.Get(c.principal(), c.PathId());
    if (!round.ok()) return round.status();
    return RoundJson(*round, unit_names());
  });

  r.Post("/api/spot-rounds/{id}/items", Access::kSession,
         [&, unit_names](Ctx& c) -> core::Result<json> {
           auto account = BodyInt(c.body, "account_id");
           if (!account.ok()) return account.status();
           if (!*account) return Status::InvalidArgument("account_id", "请选择账号");
           auto round = spot.AddAccount(c.principal(), c.PathId(), **account);
           if (!round.ok()) return round.status();
           return RoundJson(*round, unit_names());
         });

  r.Post("/api/spot-rounds/{id}/assign", Access::kSession,
         [&, unit_names](Ctx& c) -> core::Result<json> {
           auto inspector = BodyString(c.body, "inspector", true);
           if (!inspector.ok()) return inspector.status();
           std::vector<int64_t> ids;
           if (!c.body.contains("item_ids") || !c.body["item_ids"].is_array())
             return Status::InvalidArgument("item_ids", "应为数组");
           for (const auto& v : c.body["item_ids"]) {
             if (!v.is_number_integer()) return Status::InvalidArgument("item_ids", "应为编号数组");
             ids.push_back(v.get<int64_t>());
           }
           auto round = spot.Assign(c.principal(), c.PathId(), ids, *inspector);
           if (!round.ok()) return round.status();
           return RoundJson(*round, unit_names());
         });

  r.Post("/api/spot-round-items/{id}/inspection", Access::kSession,
         [&](Ctx& c) -> core::Result<json> {
           auto id = spot.StartInspection(c.principal(), c.PathId());
           if (!id.ok()) return id.status();
           c.status = 201;
           return json{{"inspection_id", *id}};
         });

  // 我的待检: the person's assigned round items not yet inspected.
  r.Get("/api/my-inspections", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto mine = spot.MyPending(c.principal());
    if (!mine.ok()) return mine.status();
    json items = json::array();
    for (const auto& x : mine->pending) {
      const auto& i = x.item;
      json row{{"item_id", i.id},
               {"round_id", x.round_id},
               {"round_name", x.round_name},
               {"monitoring_time", x.monitoring_time},
               {"account_id", i.account_id},
               {"account_name", i.account_name},
               {"unit_id", i.unit_id},
               {"unit_name", i.unit_name},
               {"platform", i.platform},
               {"platform_label", PlatformLabelOf(i.platform)},
               {"source", i.source}};
      row.update(InspectionBrief(i.inspection));
      items.push_back(std::move(row));
    }
    return json{{"items", items}, {"total", items.size()}, {"done", mine->done}};
  });

  r.Post("/api/spot-rounds/{id}/finish", Access::kSession,
         [&, unit_names](Ctx& c) -> core::Result<json> {
           auto round = spot.Finish(c.principal(), c.PathId());
           if (!round.ok()) return round.status();
           return RoundJson(*round, unit_names());
         });

  r.Post("/api/spot-rounds/{id}/notice", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto title = BodyString(c.body, "title", true);
    if (!title.ok()) return title.status();
    auto number = BodyString(c.body, "doc_number", false);
    if (!number.ok()) return number.status();
    auto n = spot.Draft(c.principal(), c.PathId(), *title, *number);
    if (!n.ok()) return n.status();
    c.status = 201;
    return NoticeJson(*n);
  });

  r.Get("/api/notices", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto list = spot.Notices(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& n : *list) {
      items.push_back({{"id", n.id},
                       {"round_id", n.round_id},
                       {"title", n.title},
                       {"doc_number", n.doc_number},
                       {"status", n.status},
                       {"published_on", n.published_on ? json(*n.published_on) : json(nullptr)},
                       {"summary", n.body.value("summary", json::object())}});
    }
    return json{{"items", items}, {"total", items.size()}};
  });

  r.Get("/api/notices/{id}", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto n = spot.GetNotice(c.principal(), c.PathId());
    if (!n.ok()) return n.status();
    return NoticeJson(*n);
  });

  r.Get("/api/public/notices/{id}", Access::kPublic, [&](Ctx& c) -> core::Result<json> {
    auto n = spot.PublicNotice(c.PathId());
    if (!n.ok()) return n.status();
    return NoticeJson(*n);
  });

  r.Patch("/api/notices/{id}", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto title = BodyString(c.body, "title", true);
    if (!title.ok()) return title.status();
    auto number = BodyString(c.body, "doc_number", false);
    if (!number.ok()) return number.status();
    auto n = spot.EditDraft(c.principal(), c.PathId(), *title, *number);
    if (!n.ok()) return n.status();
    return NoticeJson(*n);
  });

  r.Post("/api/notices/{id}/publish", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto on = BodyDate(c.body, "published_on", true);
    if (!on.ok()) return on.status();
    auto n = spot.Publish(c.principal(), c.PathId(), **on);
    if (!n.ok()) return n.status();
    return NoticeJson(*n);
  });

  r.Get("/api/notices/{id}/export", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto bytes = spot.NoticeXlsx(c.principal(), c.PathId());
    if (!bytes.ok()) return bytes.status();
    c.res.set_header("Content-Disposition",
                     "attachment; filename=\"notice-" + std::to_string(c.PathId()) + ".xlsx\"");
    c.res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return json(nullptr);
  });

  // 证据包: the notice's evidence signed with the deployment's key; `govmedia verify` checks it.
  r.Get("/api/notices/{id}/evidence", Access::kSession, [&](Ctx& c) -> core::Result<json> {
    auto text = node.evidence().NoticePackage(c.principal(), c.PathId());
    if (!text.ok()) return text.status();
    c.res.set_header("Content-Disposition",
                     "attachment; filename=\"evidence-notice-" + std::to_string(c.PathId()) + ".json\"");
    c.res.set_content(*text, "application/json; charset=utf-8");
    return json(nullptr);
  });
  r.Get("/api/evidence/public-key", Access::kPublic, [&](Ctx&) -> core::Result<json> {
    auto key = node.evidence().PublicKey();
    if (!key.ok()) return key.status();
    return json{{"public_key", *key}, {"fingerprint", app::KeyFingerprint(*key)}, {"algorithm", "Ed25519"}};
  });

  app::RectificationService& rect = node.rectifications();
  auto current_set = [&node]() -> std::optional<core::IndicatorSet> {
    auto s = node.scoring().CurrentSet();
    return s.ok() ? std::optional<core::IndicatorSet>(s->set) : std::nullopt;
  };

  // One task as the API gives it: with the indicator's name from the current set.
  auto rect_json = [&clock, current_set](const app::Rectification& t) {
    const auto set = current_set();
    return RectificationJson(t, clock.Today(), set ? &*set : nullptr);
  };

  r.Get("/api/rectifications", Access::kSession, [&, current_set](Ctx& c) -> core::Result<json> {
    app::RectificationFilter f;
    f.status = c.Query("status");
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    auto notice = QueryInt(c.Query("notice_id"), "notice_id");
    if (!notice.ok()) return notice.status();
    f.notice_id = *notice;
    auto alert = QueryInt(c.Query("alert_id"), "alert_id");
    if (!alert.ok()) return alert.status();
    f.alert_id = *alert;
    auto list = rect.List(c.principal(), f);
    if (!list.ok()) return list.status();
    const auto set = current_set();
    const core::Date today = clock.Today();
    json items = json::array();
    std::map<std::string, int> counts{
        {"open", 0}, {"answered", 0}, {"returned", 0}, {"closed", 0}, {"overdue", 0}};
    for (const auto& t : *list) {
      items.push_back(RectificationJson(t, today, set ? &*set : nullptr));
      counts[t.status]++;
      counts["overdue"] += t.Overdue(today);
    }
    return json{{"items", items}, {"total", items.size()}, {"counts", counts}};
  });

  r.Post("/api/rectifications/{id}/answer", Access::kSession,
         [&, rect_json](Ctx& c) -> core::Result<json> {
           auto answer = BodyString(c.body, "answer", true);
           if (!answer.ok()) return answer.status();
           auto url = BodyString(c.body, "evidence_url", false);
           if (!url.ok()) return url.status();
           auto t = rect.Answer(c.principal(), c.PathId(), *answer, *url);
           if (!t.ok()) return t.status();
           return rect_json(*t);
         });

  // 佐证图片: an image as evidence of the rectification, one per request (like report attachments).
  r.Post("/api/rectifications/{id}/images", Access::kSession,
         [&, rect_json](Ctx& c) -> core::Result<json> {
           auto file = BodyFile(c.body);
           if (!file.ok()) return file.status();
           auto t = rect.AddImage(c.principal(), c.PathId(), file->first, file->second);
           if (!t.ok()) return t.status();
           return rect_json(*t);
         }, kUploadBody);

  // An evidence image (a rectification's or a closure notice's), shown inline to those who may see
  // its unit's records.
  r.Get("/api/evidence-images/{id}", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    auto image = app::ReadEvidenceImage(node.db(), c.principal(), c.PathId());
    if (!image.ok()) return image.status();
    c.res.set_header("Content-Disposition", "inline; filename*=UTF-8''" +
                                                httplib::detail::encode_query_param(image->filename));
    c.res.set_content(image->data, image->mime);
    return json(nullptr);
  });

  r.Post("/api/rectifications/{id}/review", Access::kSession,
         [&, rect_json](Ctx& c) -> core::Result<json> {
           auto decision = BodyString(c.body, "decision", true);
           if (!decision.ok()) return decision.status();
           auto note = BodyString(c.body, "note", false);
           if (!note.ok()) return note.status();
           auto t = rect.Review(c.principal(), c.PathId(), *decision, *note);
           if (!t.ok()) return t.status();
           return rect_json(*t);
         });

  app::ScopeService& scope = node.scope();
  auto group_json = [](const app::GroupView& g) {
    json accounts = json::array();
    for (const auto& a : g.accounts)
      accounts.push_back(
          {{"id", a.id}, {"name", a.record.name}, {"positioning", a.record.positioning}});
    return json{{"key", g.key},
                {"unit_id", g.unit_id},
                {"unit_name", g.unit_name},
                {"platform", g.platform},
                {"platform_label", PlatformLabelOf(g.platform)},
                {"accounts", accounts},
                {"similarity", std::round(g.similarity * 100) / 100},
                {"status", g.status},
                {"decided_by", g.decided_by ? json(*g.decided_by) : json(nullptr)},
                {"decided_on", g.decided_on ? json(*g.decided_on) : json(nullptr)},
                {"note", g.note}};
  };
  r.Get("/api/consolidation", Access::kSession, [&, group_json](Ctx& c) -> core::Result<json> {
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    auto groups = scope.Groups(c.principal(), *unit);
    if (!groups.ok()) return groups.status();
    json items = json::array();
    for (const auto& g : *groups) items.push_back(group_json(g));
    return json{{"items", items},
                {"total", items.size()},
                {"measure", "名称（去掉单位名后）字符二元组 Dice 系数 ≥ 0.5，或功能定位 ≥ 0.6"}};
  });
  r.Post("/api/consolidation/decide", Access::kSession,
         [&, group_json](Ctx& c) -> core::Result<json> {
           auto key = BodyString(c.body, "key", true);
           if (!key.ok()) return key.status();
           auto decision = BodyString(c.body, "decision", true);
           if (!decision.ok()) return decision.status();
           auto note = BodyString(c.body, "note", false);
           if (!note.ok()) return note.status();
           auto g = scope.Decide(c.principal(), *key, *decision, *note);
           if (!g.ok()) return g.status();
           return group_json(*g);
         });
  r.Get("/api/closures-not-done", Access::kSession, [&, this_year](Ctx& c) -> core::Result<json> {
    auto year = YearOf(c.Query("year"), this_year());
    if (!year.ok()) return year.status();
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    auto list = scope.ClosuresNotDone(c.principal(), *unit, *year);
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& x : *list)
      items.push_back({{"account_id", x.account_id},
                       {"account_name", x.account_name},
                       {"unit_name", x.unit_name},
                       {"closed_on", x.closed_on},
                       {"no_notice", x.no_notice},
                       {"posts_after", x.posts_after}});
    return json{{"year", *year}, {"items", items}, {"total", items.size()}};
  });
  auto unregistered_json = [](const app::Unregistered& x) {
    return json{{"id", x.id},
                {"unit_id", x.unit_id ? json(*x.unit_id) : json(nullptr)},
                {"unit_name", x.unit_name},
                {"platform", x.platform},
                {"platform_label", PlatformLabelOf(x.platform)},
                {"name", x.name},
                {"url", x.url},
                {"source", x.source},
                {"note", x.note},
                {"found_on", x.found_on},
                {"found_by", x.found_by},
                {"status", x.status},
                {"resolution", x.resolution}};
  };
  r.Get("/api/unregistered-accounts", Access::kSession,
        [&, unregistered_json](Ctx& c) -> core::Result<json> {
          auto list = scope.ListUnregistered(c.principal(), c.Query("status"));
          if (!list.ok()) return list.status();
          json items = json::array();
          for (const auto& x : *list) items.push_back(unregistered_json(x));
          return json{{"items", items}, {"total", items.size()}};
        });
  r.Post("/api/unregistered-accounts", Access::kSession,
         [&, unregistered_json](Ctx& c) -> core::Result<json> {
           app::Unregistered u;
           auto unit = BodyInt(c.body, "unit_id");
           if (!unit.ok()) return unit.status();
           u.unit_id = *unit;
           for (const auto& [key, out, required] :
                {std::tuple{"platform", &u.platform, true}, std::tuple{"name", &u.name, true},
                 std::tuple{"url", &u.url, false}, std::tuple{"source", &u.source, true},
                 std::tuple{"note", &u.note, false}}) {
             auto v = BodyString(c.body, key, required);
             if (!v.ok()) return v.status();
             *out = *v;
           }
           auto x = scope.Report(c.principal(), u);
           if (!x.ok()) return x.status();
           c.status = 201;
           return unregistered_json(*x);
         });
  // Another system (a monitoring service, an import job) reports the accounts it came across.
  r.Post("/api/ingest/accounts", Access::kIntegration, [&](Ctx& c) -> core::Result<json> {
    if (!c.body.contains("accounts") || !c.body["accounts"].is_array())
      return Status::InvalidArgument("accounts", "应为账号数组");
    const json& list = c.body["accounts"];
    if (list.size() > 1000) return Status::InvalidArgument("accounts", "一次最多 1000 个");
    std::vector<app::Unregistered> found;
    for (size_t i = 0; i < list.size(); ++i) {
      const json& x = list[i];
      const std::string at = "accounts[" + std::to_string(i) + "]";
      if (!x.is_object()) return Status::InvalidArgument(at, "应为对象");
      app::Unregistered u;
      if (x.contains("unit_id") && x["unit_id"].is_number_integer())
        u.unit_id = x["unit_id"].get<int64_t>();
      for (auto [field, value] : {std::pair{"platform", &u.platform}, std::pair{"name", &u.name},
                                  std::pair{"url", &u.url}, std::pair{"note", &u.note}}) {
        auto text = BodyString(x, field, false);
        if (!text.ok()) return Status::InvalidArgument(at + "." + field, "应为文本");
        *value = std::move(*text);
      }
      found.push_back(std::move(u));
    }
    auto source_field = BodyString(c.body, "source", false);
    if (!source_field.ok()) return source_field.status();
    const std::string source = source_field->empty() ? "monitoring" : *source_field;
    if (source != "monitoring" && source != "import")
      return Status::InvalidArgument("source", "应为 monitoring 或 import");
    auto listed = scope.Found("integration:" + c.integration->name, source, found);
    if (!listed.ok()) return listed.status();
    return json{{"listed", *listed}, {"known", static_cast<int>(found.size()) - *listed}};
  }, kUploadBody);

  r.Post("/api/unregistered-accounts/{id}/resolve", Access::kSession,
         [&, unregistered_json](Ctx& c) -> core::Result<json> {
           auto status = BodyString(c.body, "status", true);
           if (!status.ok()) return status.status();
           auto note = BodyString(c.body, "note", false);
           if (!note.ok()) return note.status();
           auto x = scope.Resolve(c.principal(), c.PathId(), *status, *note);
           if (!x.ok()) return x.status();
           return unregistered_json(*x);
         });

  // The dashboard costs a core for about a second on a province (docs/benchmarks.md): those who
  // ask for the same view while it is computed take that computation's figures. A view is a
  // person's own (their role and scope decide what is in it), so only their own requests share.
  auto dashboards = std::make_shared<app::SharedFlight<json>>();
  r.Get("/api/dashboard/supervision", Access::kSession,
        [&node, this_year, dashboards](Ctx& c) -> core::Result<json> {
          auto year = YearOf(c.Query("year"), this_year());
          if (!year.ok()) return year.status();
          const core::Principal& p = c.principal();
          const std::string key = std::to_string(p.user_id) + "/" + std::to_string(static_cast<int>(p.role)) + "/" +
                                  std::to_string(p.unit_id.value_or(0)) + "/" + std::to_string(*year);
          return dashboards->Run(key, [&] { return app::SupervisionDashboard(node, p, *year); });
        });
}

}  // namespace govmedia::http
