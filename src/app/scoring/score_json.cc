#include "app/scoring/score_json.h"

#include "core/timestamp.h"
#include "core/unit.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// Field-path aware readers; each returns false after recording the first error.
class In {
 public:
  explicit In(std::string path) : path_(std::move(path)) {}
  const Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }
  bool Fail(const std::string& field, const std::string& msg) {
    if (status_.ok()) status_ = Status::InvalidArgument(path_ + field, msg);
    return false;
  }
  bool Object(const json& j, const std::string& field) {
    return j.is_object() || Fail(field, "应为 JSON 对象");
  }
  bool String(const json& j, const std::string& field, std::string* out) {
    if (!j.is_string()) return Fail(field, "应为文本");
    *out = j.get<std::string>();
    return true;
  }
  bool RequiredString(const json& parent, const char* key, const std::string& field, std::string* out) {
    if (!parent.contains(key) || parent[key].is_null()) return Fail(field, "缺少必填项");
    if (!String(parent[key], field, out)) return false;
    return !out->empty() || Fail(field, "不能为空");
  }
  bool Bool(const json& parent, const char* key, const std::string& field, bool* out) {
    if (!parent.contains(key) || parent[key].is_null()) return true;  // keeps the default
    if (!parent[key].is_boolean()) return Fail(field, "应为 true 或 false");
    *out = parent[key].get<bool>();
    return true;
  }
  bool Count(const json& parent, const char* key, const std::string& field, int* out, int min) {
    if (!parent.contains(key) || parent[key].is_null()) return true;
    const json& v = parent[key];
    if (!v.is_number_integer()) return Fail(field, "应为整数");
    const int64_t n = v.get<int64_t>();
    if (n < min || n > 1'000'000) return Fail(field, "应为不小于 " + std::to_string(min) + " 的整数");
    *out = static_cast<int>(n);
    return true;
  }
  bool Ratio(const json& v, const std::string& field, double* out) {
    if (!v.is_number()) return Fail(field, "应为 0 到 1 之间的数");
    const double d = v.get<double>();
    if (!(d >= 0.0 && d <= 1.0)) return Fail(field, "应为 0 到 1 之间的数");
    *out = d;
    return true;
  }
  bool DateOf(const json& v, const std::string& field, core::Date* out) {
    std::string s;
    if (!String(v, field, &s)) return false;
    auto d = core::Date::Parse(s);
    if (!d) return Fail(field, "日期格式应为 YYYY-MM-DD 且为有效日期：" + s);
    *out = *d;
    return true;
  }
  bool OptDate(const json& parent, const char* key, const std::string& field, std::optional<core::Date>* out) {
    if (!parent.contains(key) || parent[key].is_null()) return true;
    core::Date d;
    if (!DateOf(parent[key], field, &d)) return false;
    *out = d;
    return true;
  }
  bool Time(const json& v, const std::string& field, int64_t* out) {
    std::string s;
    if (!String(v, field, &s)) return false;
    auto t = core::ParseRfc3339(s);
    if (!t) return Fail(field, "时间格式应为 RFC 3339（如 2020-06-30T10:00:00+08:00）：" + s);
    *out = *t;
    return true;
  }
  bool Array(const json& parent, const char* key, const std::string& field, const json** out) {
    if (!parent.contains(key) || parent[key].is_null()) return true;
    if (!parent[key].is_array()) return Fail(field, "应为数组");
    *out = &parent[key];
    return true;
  }
  bool FixedArray(const json& parent, const char* key, size_t n, const json** out) {
    if (!parent.contains(key)) return Fail(key, "缺少必填项");
    if (!parent[key].is_array() || parent[key].size() != n)
      return Fail(key, "应为 " + std::to_string(n) + " 个元素的数组");
    *out = &parent[key];
    return true;
  }

 private:
  std::string path_;
  Status status_;
};

std::string Idx(const char* key, size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

core::Result<core::IndicatorSet> ResolveSet(const json& j, const SetLookup& sets, In& in) {
  std::string id;
  if (j.contains("indicator_set") && !j["indicator_set"].is_null()) {
    if (!in.String(j["indicator_set"], "indicator_set", &id)) return in.status();
  }
  auto s = sets(id);
  if (!s.ok()) {
    in.Fail("indicator_set", "未知的指标体系：" + id);
    return in.status();
  }
  return s;
}

json Strings(const std::vector<std::string>& v) { return json(v); }

}  // namespace

core::Result<ParsedInspection> ParseInspectionCase(const json& j, const SetLookup& sets, const std::string& path) {
  In in(path);
  if (!j.is_object()) {
    in.Fail("", "每个检查案例应为 JSON 对象");
    return in.status();
  }
  ParsedInspection out;
  auto set = ResolveSet(j, sets, in);
  if (!set.ok()) return set.status();
  out.set = std::move(*set);
  core::InspectionCase& c = out.c;
  if (!j.contains("monitoring_time") || j["monitoring_time"].is_null()) {
    in.Fail("monitoring_time", "缺少必填项");
    return in.status();
  }
  if (!in.Time(j["monitoring_time"], "monitoring_time", &c.monitoring_time)) return in.status();
  if (!j.contains("account")) {
    in.Fail("account", "缺少必填项");
    return in.status();
  }
  const json& a = j["account"];
  if (!in.Object(a, "account")) return in.status();
  std::string platform;
  if (!in.RequiredString(a, "name", "account.name", &c.account.name) ||
      !in.RequiredString(a, "unit", "account.unit", &c.account.unit) ||
      !in.RequiredString(a, "platform", "account.platform", &platform))
    return in.status();
  auto p = core::ParsePlatform(platform);
  if (!p) {
    in.Fail("account.platform", "未知的平台：" + platform);
    return in.status();
  }
  c.account.platform = *p;
  if (!in.OptDate(a, "opened_on", "account.opened_on", &c.account.opened_on) ||
      !in.Bool(a, "opened_by_internal_body", "account.opened_by_internal_body", &c.account.opened_by_internal_body) ||
      !in.Bool(a, "interaction_enabled", "account.interaction_enabled", &c.account.interaction_enabled))
    return in.status();
  if (a.contains("certification") && !a["certification"].is_null()) {
    std::string cert;
    if (!in.String(a["certification"], "account.certification", &cert)) return in.status();
    c.account.certification = cert;
  }
  const json* posts = nullptr;
  if (!in.Array(j, "posts", "posts", &posts)) return in.status();
  if (posts) {
    c.posts.emplace();
    c.posts->reserve(posts->size());
    for (size_t i = 0; i < posts->size(); ++i) {
      const json& x = (*posts)[i];
      const std::string f = Idx("posts", i);
      if (!in.Object(x, f)) return in.status();
      core::InspectedPost post;
      if (x.contains("id") && !x["id"].is_null()) {
        if (x["id"].is_string()) post.id = x["id"].get<std::string>();
        else if (x["id"].is_number_integer()) post.id = std::to_string(x["id"].get<int64_t>());
        else return (in.Fail(f + ".id", "应为文本"), in.status());
      }
      if (!x.contains("published_at") || x["published_at"].is_null()) return (in.Fail(f + ".published_at", "缺少必填项"), in.status());
      if (!in.Time(x["published_at"], f + ".published_at", &post.published_at)) return in.status();
      c.posts->push_back(std::move(post));
    }
  }
  const json* findings = nullptr;
  if (!in.Array(j, "findings", "findings", &findings)) return in.status();
  if (findings) {
    for (size_t i = 0; i < findings->size(); ++i) {
      const json& x = (*findings)[i];
      const std::string f = Idx("findings", i);
      if (!in.Object(x, f)) return in.status();
      core::ManualFinding m;
      if (!in.RequiredString(x, "indicator", f + ".indicator", &m.indicator)) return in.status();
      if (!out.set.inspection.Find(m.indicator)) {
        in.Fail(f + ".indicator", "未知的指标：" + m.indicator);
        return in.status();
      }
      if (!in.Count(x, "count", f + ".count", &m.count, 1)) return in.status();
      if (x.contains("evidence") && !x["evidence"].is_null()) {
        if (x["evidence"].is_string()) m.evidence = x["evidence"].get<std::string>();
        else if (x["evidence"].is_array()) {
          for (const auto& e : x["evidence"]) {
            if (!e.is_string()) return (in.Fail(f + ".evidence", "应为文本"), in.status());
            m.evidence += (m.evidence.empty() ? "" : "；") + e.get<std::string>();
          }
        } else {
          return (in.Fail(f + ".evidence", "应为文本"), in.status());
        }
      }
      c.findings.push_back(std::move(m));
    }
  }
  return out;
}

json InspectionResultJson(const core::InspectionResult& r) {
  json vetoes = json::array(), deductions = json::array();
  for (const auto& v : r.vetoes) {
    vetoes.push_back({{"indicator", v.indicator}, {"occurrences", v.occurrences},
                      {"source", core::FindingSourceId(v.source)}, {"evidence", Strings(v.evidence)}});
  }
  for (const auto& d : r.deductions) {
    deductions.push_back({{"indicator", d.indicator}, {"occurrences", d.occurrences}, {"points", d.points},
                          {"max", d.max}, {"source", core::FindingSourceId(d.source)}, {"evidence", Strings(d.evidence)}});
  }
  json out = {{"indicator_set", r.indicator_set},
              {"verdict", r.qualified ? "qualified" : "unqualified"},
              {"score", r.score ? json(*r.score) : json(nullptr)},
              {"vetoes", vetoes},
              {"deductions", deductions}};
  // Only when some freshness rule rested on blind days (无法判定（数据源异常）).
  if (!r.undetermined.empty()) out["undetermined"] = r.undetermined;
  return out;
}

core::Result<ParsedAssessment> ParseAssessmentCase(const json& j, const SetLookup& sets, const std::string& path) {
  In in(path);
  if (!j.is_object()) {
    in.Fail("", "每个考核案例应为 JSON 对象");
    return in.status();
  }
  ParsedAssessment out;
  auto set = ResolveSet(j, sets, in);
  if (!set.ok()) return set.status();
  out.set = std::move(*set);
  core::AssessmentCase& c = out.c;
  if (!j.contains("year") || !j["year"].is_number_integer() || j["year"].get<int64_t>() < 2000 ||
      j["year"].get<int64_t>() > 2100) {
    in.Fail("year", "应为年份（整数）");
    return in.status();
  }
  c.year = j["year"].get<int>();
  if (!j.contains("unit")) return (in.Fail("unit", "缺少必填项"), in.status());
  const json& u = j["unit"];
  if (!in.Object(u, "unit") || !in.RequiredString(u, "name", "unit.name", &c.unit) ||
      !in.RequiredString(u, "category", "unit.category", &c.category))
    return in.status();
  if (!core::IsUnitCategory(c.category) || c.category == core::kCategoryCityOffice) {
    in.Fail("unit.category", "单位类别应为 区镇、城市管理办事处、市级部门、条线单位、其他 之一：" + c.category);
    return in.status();
  }
  if (!j.contains("accounts")) return (in.Fail("accounts", "缺少必填项"), in.status());
  if (!in.Count(j, "accounts", "accounts", &c.accounts, 0)) return in.status();

  const json* arr = nullptr;
  if (!in.FixedArray(j, "quarterly_inspections", 4, &arr)) return in.status();
  for (size_t q = 0; q < 4; ++q) {
    if (!(*arr)[q].is_boolean()) return (in.Fail(Idx("quarterly_inspections", q), "应为 true 或 false"), in.status());
    c.quarterly_inspections[q] = (*arr)[q].get<bool>();
  }
  if (!in.FixedArray(j, "quarterly_reports", 4, &arr)) return in.status();
  for (size_t q = 0; q < 4; ++q) {
    if ((*arr)[q].is_null()) continue;
    core::Date d;
    if (!in.DateOf((*arr)[q], Idx("quarterly_reports", q), &d)) return in.status();
    c.quarterly_reports[q] = d;
  }
  if (!in.FixedArray(j, "quarterly_coverage", 4, &arr)) return in.status();
  for (size_t q = 0; q < 4; ++q) {
    if (!in.Ratio((*arr)[q], Idx("quarterly_coverage", q), &c.quarterly_coverage[q])) return in.status();
  }
  if (!j.contains("annual_coverage")) return (in.Fail("annual_coverage", "缺少必填项"), in.status());
  if (!in.Ratio(j["annual_coverage"], "annual_coverage", &c.annual_coverage)) return in.status();

  if (!in.OptDate(j, "as_of", "as_of", &c.as_of)) return in.status();
  const json* rects = nullptr;
  if (!in.Array(j, "rectifications", "rectifications", &rects)) return in.status();
  if (rects) {
    for (size_t i = 0; i < rects->size(); ++i) {
      const json& x = (*rects)[i];
      const std::string f = Idx("rectifications", i);
      if (!in.Object(x, f)) return in.status();
      core::RectificationFact r;
      if (!x.contains("published_on")) return (in.Fail(f + ".published_on", "缺少必填项"), in.status());
      if (!in.DateOf(x["published_on"], f + ".published_on", &r.published_on) ||
          !in.OptDate(x, "rectified_on", f + ".rectified_on", &r.rectified_on))
        return in.status();
      c.rectifications.push_back(r);
    }
  }
  const json* corrections = nullptr;
  if (!in.Array(j, "corrections", "corrections", &corrections)) return in.status();
  if (corrections) {
    for (size_t i = 0; i < corrections->size(); ++i) {
      const json& x = (*corrections)[i];
      const std::string f = Idx("corrections", i);
      if (!in.Object(x, f)) return in.status();
      core::CorrectionFact cf;
      if (!x.contains("submitted_on")) return (in.Fail(f + ".submitted_on", "缺少必填项"), in.status());
      if (!x.contains("accept_by")) return (in.Fail(f + ".accept_by", "缺少必填项"), in.status());
      if (!in.DateOf(x["submitted_on"], f + ".submitted_on", &cf.submitted_on) ||
          !in.DateOf(x["accept_by"], f + ".accept_by", &cf.accept_by) ||
          !in.OptDate(x, "answer_by", f + ".answer_by", &cf.answer_by) ||
          !in.OptDate(x, "accepted_on", f + ".accepted_on", &cf.accepted_on) ||
          !in.OptDate(x, "answered_on", f + ".answered_on", &cf.answered_on) ||
          !in.Bool(x, "rejected", f + ".rejected", &cf.rejected))
        return in.status();
      if (x.contains("ticket") && !in.String(x["ticket"], f + ".ticket", &cf.ticket)) return in.status();
      if (cf.ticket.empty()) cf.ticket = "#" + std::to_string(i + 1);
      c.corrections.push_back(cf);
    }
  }
  const json* filings = nullptr;
  if (!in.Array(j, "filings", "filings", &filings)) return in.status();
  if (filings) {
    for (size_t i = 0; i < filings->size(); ++i) {
      const json& x = (*filings)[i];
      const std::string f = Idx("filings", i);
      if (!in.Object(x, f)) return in.status();
      core::FilingFact ff;
      std::string kind;
      if (!in.RequiredString(x, "kind", f + ".kind", &kind)) return in.status();
      auto k = core::ParseFilingKind(kind);
      if (!k) return (in.Fail(f + ".kind", "应为 open、change、close 或 cancel：" + kind), in.status());
      ff.kind = *k;
      if (!x.contains("event_on")) return (in.Fail(f + ".event_on", "缺少必填项"), in.status());
      if (!in.DateOf(x["event_on"], f + ".event_on", &ff.event_on) ||
          !in.OptDate(x, "filed_on", f + ".filed_on", &ff.filed_on) || !in.Bool(x, "applied", f + ".applied", &ff.applied))
        return in.status();
      if (ff.filed_on && *ff.filed_on < ff.event_on) {
        return (in.Fail(f + ".filed_on", "备案日期早于事件日期"), in.status());
      }
      c.filings.push_back(ff);
    }
  }
  if (!in.Count(j, "similar_account_groups", "similar_account_groups", &c.similar_account_groups, 0) ||
      !in.Count(j, "closures_not_done", "closures_not_done", &c.closures_not_done, 0) ||
      !in.Count(j, "accounts_outside_scope", "accounts_outside_scope", &c.accounts_outside_scope, 0) ||
      !in.Bool(j, "in_performance_evaluation", "in_performance_evaluation", &c.in_performance_evaluation) ||
      !in.Bool(j, "fraud", "fraud", &c.fraud))
    return in.status();
  const json* checks = nullptr;
  if (!in.Array(j, "higher_checks", "higher_checks", &checks)) return in.status();
  if (checks) {
    for (size_t i = 0; i < checks->size(); ++i) {
      const json& x = (*checks)[i];
      const std::string f = Idx("higher_checks", i);
      if (!in.Object(x, f)) return in.status();
      core::HigherCheck h;
      if (!in.RequiredString(x, "level", f + ".level", &h.level)) return in.status();
      if (h.level != "state_council" && h.level != "province" && h.level != "suzhou")
        return (in.Fail(f + ".level", "应为 state_council、province 或 suzhou：" + h.level), in.status());
      if (!in.Bool(x, "qualified", f + ".qualified", &h.qualified) ||
          !in.Bool(x, "serious_error", f + ".serious_error", &h.serious_error))
        return in.status();
      c.higher_checks.push_back(h);
    }
  }
  const json* comm = nullptr;
  if (!in.Array(j, "commendations", "commendations", &comm)) return in.status();
  if (comm) {
    for (size_t i = 0; i < comm->size(); ++i) {
      const json& x = (*comm)[i];
      const std::string f = Idx("commendations", i);
      if (!in.Object(x, f)) return in.status();
      std::string level;
      if (!in.RequiredString(x, "level", f + ".level", &level)) return in.status();
      const auto* ind = out.set.assessment.Find("bonus.commendation");
      if (level != "suzhou" && level != "province" && level != "national")
        return (in.Fail(f + ".level", "应为 suzhou、province 或 national：" + level), in.status());
      if (ind && !ind->levels.count(level))
        return (in.Fail(f + ".level", "指标体系未规定该级别的加分：" + level), in.status());
      c.commendations.push_back(level);
    }
  }
  return out;
}

json AssessmentResultJson(const core::AssessmentResult& r) {
  auto lines = [](const std::vector<core::AssessmentLine>& v, bool points) {
    json a = json::array();
    for (const auto& l : v) {
      json o{{"indicator", l.indicator}, {"occurrences", l.occurrences}};
      if (points) o["points"] = l.points;
      o["evidence"] = l.evidence;
      a.push_back(o);
    }
    return a;
  };
  json items = json::array();
  for (const auto& i : r.items) items.push_back({{"item", i.item}, {"points", i.points}, {"max", i.max}});
  json bonuses = json::array();
  for (const auto& b : r.bonuses) bonuses.push_back({{"indicator", b.indicator}, {"points", b.points}, {"evidence", b.evidence}});
  auto opt = [](const std::optional<int>& v) { return v ? json(*v) : json(nullptr); };
  json out{{"year", r.year},
          {"unit", r.unit},
          {"indicator_set", r.indicator_set},
          {"verdict", r.qualified ? "qualified" : "unqualified"},
          {"deduction_score", opt(r.deduction_score)},
          {"bonus", opt(r.bonus)},
          {"score", opt(r.score)},
          {"vetoes", lines(r.vetoes, false)},
          {"items", items},
          {"deductions", lines(r.deductions, true)},
          {"bonuses", bonuses}};
  // The running year (a case with as_of): what is not yet due, and whether the result may change.
  if (r.as_of) {
    json pending = json::array();
    for (const auto& p : r.pending)
      pending.push_back({{"indicator", p.indicator}, {"what", p.what}, {"due_on", p.due_on.ToString()}});
    out["as_of"] = r.as_of->ToString();
    out["provisional"] = r.provisional;
    out["pending"] = pending;
  }
  return out;
}

}  // namespace govmedia::app
