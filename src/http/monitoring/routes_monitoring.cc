// What the city office manages of the monitoring — lexicon versions and settings — and what the
// monitors show: freshness of every account, availability of their URLs.
#include "core/timestamp.h"
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

json LexiconJson(const app::LexiconVersion& v,
                 const std::vector<std::pair<std::string, std::string>>& indicators, bool whole) {
  json out{{"version", v.version},         {"note", v.note},     {"created_by", v.created_by},
           {"created_at", v.created_at},   {"active", v.active}, {"terms", v.terms},
           {"allow_count", v.allow.size()}, {"leaders", v.leaders}};
  if (!whole) return out;
  out["leaders_tsv"] = v.leaders_tsv;
  std::map<std::string, int64_t> per;
  if (auto entries = core::ParseLexicon(v.terms_tsv); entries.ok()) {
    for (const auto& e : *entries) per[e.category]++;
  }
  for (const auto& [c, i] : v.categories) per.try_emplace(c, 0);
  json categories = json::array();
  for (const auto& [c, n] : per) {
    auto m = v.categories.find(c);
    const std::string indicator = m == v.categories.end() ? "" : m->second;
    std::string name;
    for (const auto& [id, nm] : indicators) {
      if (id == indicator) name = nm;
    }
    categories.push_back({{"category", c},
                          {"label", app::CategoryLabel(c)},
                          {"indicator", indicator},
                          {"indicator_name", name},
                          {"veto", indicator.starts_with("veto.")},
                          {"terms", n}});
  }
  out["terms_tsv"] = v.terms_tsv;
  out["categories"] = categories;
  out["allow"] = v.allow;
  return out;
}

json FamilyJson(const app::FamilyResult& f) {
  return {{"ok", f.ok ? json(*f.ok) : json(nullptr)},
          {"status", f.status ? json(*f.status) : json(nullptr)},
          {"latency_ms", f.latency_ms ? json(*f.latency_ms) : json(nullptr)},
          {"error", f.error}};
}

std::string StateLabel(const core::UrlState& s) {
  if (s.state == "ok") return "正常";
  if (s.state == "failing") return "异常（连续失败 " + std::to_string(s.failures) + " 次）";
  if (s.state == "broken") return "不可用";
  return "未检查";
}

json OptTime(const std::optional<int64_t>& t) {
  return t ? json(core::FormatRfc3339Beijing(*t)) : json(nullptr);
}

json OptNumber(const std::optional<double>& v) {
  return v ? json(std::round(*v * 10) / 10) : json(nullptr);
}

}  // namespace

void RegisterMonitoringRoutes(Router& r, app::Node& node) {
  app::LexiconService& lexicons = node.lexicons();

  r.Get("/api/lexicons", Access::kSession, [&lexicons](Ctx& c) -> core::Result<json> {
    auto list = lexicons.List(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    int64_t active = 0;
    for (const auto& v : *list) {
      items.push_back(LexiconJson(v, {}, false));
      if (v.active) active = v.version;
    }
    return json{{"items", items}, {"total", items.size()}, {"active_version", active}};
  });

  r.Get("/api/lexicons/{id}", Access::kSession, [&lexicons](Ctx& c) -> core::Result<json> {
    auto v = lexicons.Get(c.principal(), c.PathId());
    if (!v.ok()) return v.status();
    auto indicators = lexicons.Indicators();
    if (!indicators.ok()) return indicators.status();
    return LexiconJson(*v, *indicators, true);
  });

  r.Post("/api/lexicons", Access::kSession, [&lexicons](Ctx& c) -> core::Result<json> {
    app::LexiconDraft d;
    auto terms = BodyString(c.body, "terms_tsv", true);
    if (!terms.ok()) return terms.status();
    d.terms_tsv = *terms;
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    d.note = *note;
    if (c.body.contains("leaders_tsv") && !c.body["leaders_tsv"].is_null()) {
      auto leaders = BodyString(c.body, "leaders_tsv", false);
      if (!leaders.ok()) return leaders.status();
      d.leaders_tsv = *leaders;
    }
    if (c.body.contains("categories") && !c.body["categories"].is_null()) {
      const json& m = c.body["categories"];
      if (!m.is_object()) return Status::InvalidArgument("categories", "应为对象：类别 → 指标");
      std::map<std::string, std::string> categories;
      for (const auto& [k, v] : m.items()) {
        if (!v.is_string()) return Status::InvalidArgument("categories." + k, "应为指标编号");
        categories[k] = v.get<std::string>();
      }
      d.categories = std::move(categories);
    }
    if (c.body.contains("allow") && !c.body["allow"].is_null()) {
      const json& a = c.body["allow"];
      if (!a.is_array()) return Status::InvalidArgument("allow", "应为短语数组");
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_string())
          return Status::InvalidArgument("allow[" + std::to_string(i) + "]", "应为文字");
        d.allow.push_back(a[i].get<std::string>());
      }
    }
    auto v = lexicons.Publish(c.principal(), d);
    if (!v.ok()) return v.status();
    auto indicators = lexicons.Indicators();
    if (!indicators.ok()) return indicators.status();
    c.status = 201;
    return LexiconJson(*v, *indicators, true);
  }, kUploadBody);

  // 重新扫描存档: the archive of a period scanned again with the lexicon in use, as jobs.
  app::RescanService& rescans = node.rescans();
  auto rescan_json = [](const app::Rescan& x) {
    return json{{"id", x.id},
                {"lexicon_version", x.lexicon_version},
                {"from", x.from.ToString()},
                {"to", x.to.ToString()},
                {"posts", x.posts},
                {"batches", x.batches},
                {"batches_done", x.batches_done},
                {"posts_done", x.posts_done},
                {"hits_added", x.hits_added},
                {"alerts_added", x.alerts_added},
                {"status", x.finished_at.empty() ? "running" : "done"},
                {"created_by", x.created_by},
                {"created_at", x.created_at},
                {"finished_at", x.finished_at.empty() ? json(nullptr) : json(x.finished_at)}};
  };
  r.Get("/api/lexicons/rescans", Access::kSession, [&rescans, rescan_json](Ctx& c) -> core::Result<json> {
    auto list = rescans.List(c.principal());
    if (!list.ok()) return list.status();
    json items = json::array();
    for (const auto& x : *list) items.push_back(rescan_json(x));
    return json{{"items", items}, {"total", items.size()}};
  });
  r.Post("/api/lexicons/rescans", Access::kSession, [&rescans, rescan_json](Ctx& c) -> core::Result<json> {
    auto from = BodyDate(c.body, "from", true);
    if (!from.ok()) return from.status();
    auto to = BodyDate(c.body, "to", true);
    if (!to.ok()) return to.status();
    auto started = rescans.Start(c.principal(), {**from, **to});
    if (!started.ok()) return started.status();
    c.status = 201;
    return rescan_json(*started);
  });

  app::SettingsService& settings = node.settings();
  r.Get("/api/settings/monitoring", Access::kSession, [&settings](Ctx& c) -> core::Result<json> {
    if (Status s = core::Authorize(c.principal(), core::Action::kReadRegistry); !s.ok()) return s;
    auto got = settings.Get();
    if (!got.ok()) return got.status();
    json out = app::SettingsJson(*got);
    // The webhook's address may carry a secret; only the city office sees it.
    if (!core::Authorize(c.principal(), core::Action::kManageMonitoring).ok() &&
        !got->alert_webhook_url.empty())
      out["alert_webhook_url"] = "（已配置）";
    return out;
  });
  r.Put("/api/settings/monitoring", Access::kSession, [&settings](Ctx& c) -> core::Result<json> {
    auto got = settings.Update(c.principal(), c.body);
    if (!got.ok()) return got.status();
    return app::SettingsJson(*got);
  });

  r.Get("/api/freshness", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    app::FreshnessFilter f;
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    f.platform = c.Query("platform");
    f.level = c.Query("level");
    // A page of the list when one is asked for (the console does); every row otherwise. The counts
    // are always of every row in scope. A province's whole list is 2.6 MB of JSON for 5,000
    // accounts; its page of 50 is 30 KB.
    const bool paged = !c.Query("page").empty() || !c.Query("page_size").empty();
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    auto rep = node.freshness().Report(c.principal(), f);
    if (!rep.ok()) return rep.status();
    json counts = json::object();
    for (const auto& [level, n] : rep->counts) counts[level] = n;
    const size_t total = rep->rows.size();
    const size_t from = paged ? std::min<size_t>(total, static_cast<size_t>(page->offset)) : 0;
    const size_t to = paged ? std::min<size_t>(total, from + static_cast<size_t>(page->limit)) : total;
    json items = json::array();
    for (size_t i = from; i < to; ++i) {
      const auto& x = rep->rows[i];
      const auto platform = core::ParsePlatform(x.platform);
      items.push_back(
          {{"account_id", x.account_id},
           {"account_name", x.account_name},
           {"unit_id", x.unit_id},
           {"unit_name", x.unit_name},
           {"platform", x.platform},
           {"platform_label", platform ? core::PlatformLabel(*platform) : x.platform},
           {"last_post_at", OptTime(x.last_post)},
           {"days_silent", OptNumber(x.f.days_silent)},
           {"windows", x.f.windows},
           {"posts_30d", x.f.posts_in_service_window},
           {"service_short", x.f.service_short},
           {"longest_gap_days", OptNumber(x.f.longest_gap_days)},
           {"level", core::FreshnessLevelId(x.f.level)},
           {"level_label", app::FreshnessLabel(x.f.level, rep->thresholds, rep->veto_days)},
           {"feed_health", x.feed_health},
           {"next_threshold_at", OptTime(x.f.next_threshold_at)},
           // The day the account reaches the 2-week veto if it stays silent (Beijing date).
           {"veto_on", x.last_post ? json(core::FormatRfc3339Beijing(*x.last_post + int64_t{rep->veto_days} *
                                                                                   core::kSecondsPerDay)
                                              .substr(0, 10))
                                   : json(nullptr)}});
      // 无法判定（数据源异常）: the days the collection was blind, the source's problem, and the
      // verdict the posts alone would have given.
      json blind = json::array();
      for (const auto& d : x.blind_days) blind.push_back(d.ToString());
      items.back()["blind_days"] = blind;
      items.back()["source_problem"] = x.source_problem;
      items.back()["withheld_level"] =
          x.f.withheld ? json(std::string(core::FreshnessLevelId(*x.f.withheld))) : json(nullptr);
    }
    return json{{"as_of", core::FormatRfc3339Beijing(rep->as_of)},
                {"thresholds", {rep->thresholds.warn_days, rep->thresholds.danger_days}},
                {"veto_days", rep->veto_days},
                {"counts", counts},
                {"items", items},
                {"total", total}};
  });

  // 催办: a reminder on the unit's home until the account publishes again.
  r.Post("/api/accounts/{id}/urge", Access::kSession, [&node](Ctx& c) -> core::Result<json> {
    auto note = BodyString(c.body, "note", false);
    if (!note.ok()) return note.status();
    auto due = BodyDate(c.body, "due_on", false);
    if (!due.ok()) return due.status();
    auto id = node.tasks().Urge(c.principal(), c.PathId(), *note, *due);
    if (!id.ok()) return id.status();
    c.status = 201;
    return json{{"id", *id}};
  }, kSmallBody);

  app::AvailabilityService& availability = node.availability();
  r.Get("/api/availability", Access::kSession,
        [&node, &availability](Ctx& c) -> core::Result<json> {
          auto unit = QueryInt(c.Query("unit_id"), "unit_id");
          if (!unit.ok()) return unit.status();
          auto rows = availability.List(c.principal(), *unit, c.Query("state"));
          if (!rows.ok()) return rows.status();
          auto settings = node.settings().Get();
          if (!settings.ok()) return settings.status();
          json items = json::array();
          for (const auto& x : *rows) {
            const auto kind = core::ParseUrlKind(x.kind);
            items.push_back(
                {{"account_id", x.account_id},
                 {"account_name", x.account_name},
                 {"unit_name", x.unit_name},
                 {"platform", x.platform},
                 {"url", x.url},
                 {"kind", x.kind},
                 {"kind_label", kind ? core::UrlKindLabel(*kind) : x.kind},
                 {"state", x.state.state},
                 {"state_label", StateLabel(x.state)},
                 {"consecutive_failures", x.state.failures},
                 {"threshold", settings->availability_failures},
                 {"ipv6_broken", x.state.v6_broken},
                 {"ipv4", FamilyJson(x.v4)},
                 {"ipv6", FamilyJson(x.v6)},
                 {"checked_at", x.checked_at ? json(*x.checked_at) : json(nullptr)},
                 {"broken_since", x.broken_since ? json(*x.broken_since) : json(nullptr)},
                 {"recovered_at", x.recovered_at ? json(*x.recovered_at) : json(nullptr)}});
          }
          return json{{"items", items}, {"total", items.size()}};
        });

  r.Get("/api/availability/events", Access::kSession,
        [&availability](Ctx& c) -> core::Result<json> {
          auto account = QueryInt(c.Query("account_id"), "account_id");
          if (!account.ok()) return account.status();
          auto rows = availability.Events(c.principal(), *account);
          if (!rows.ok()) return rows.status();
          json items = json::array();
          for (const auto& e : *rows) {
            items.push_back({{"id", e.id},
                             {"account_id", e.account_id},
                             {"url", e.url},
                             {"kind", e.kind},
                             {"event", e.event},
                             {"indicator", e.indicator},
                             {"detail", e.detail},
                             {"at", e.at}});
          }
          return json{{"items", items}, {"total", items.size()}};
        });

  r.Post("/api/availability/check", Access::kSession,
         [&availability](Ctx& c) -> core::Result<json> {
           auto sum = availability.CheckNow(c.principal());
           if (!sum.ok()) return sum.status();
           return json{
               {"checked", sum->checked}, {"broken", sum->broken}, {"recovered", sum->recovered}};
         });
}

}  // namespace govmedia::http
