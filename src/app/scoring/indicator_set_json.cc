#include "app/scoring/indicator_set_json.h"

#include <cstdio>
#include <cstdlib>

#include "storage/embedded.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// Reads typed members, remembering the first error with its field path.
class Reader {
 public:
  explicit Reader(std::string prefix) : prefix_(std::move(prefix)) {}
  Status status() const { return status_; }

  int Int(const json& j, const char* key, bool required = true, int def = 0) {
    if (!j.contains(key)) {
      if (required) Fail(key, "缺少必填项");
      return def;
    }
    if (!j[key].is_number_integer()) {
      Fail(key, "应为整数");
      return def;
    }
    return j[key].get<int>();
  }
  std::string Str(const json& j, const char* key, bool required = true) {
    if (!j.contains(key)) {
      if (required) Fail(key, "缺少必填项");
      return "";
    }
    if (!j[key].is_string()) {
      Fail(key, "应为文本");
      return "";
    }
    return j[key].get<std::string>();
  }
  bool Bool(const json& j, const char* key) {
    if (!j.contains(key)) return false;
    if (!j[key].is_boolean()) Fail(key, "应为 true 或 false");
    return j[key].is_boolean() && j[key].get<bool>();
  }
  core::Date DateOf(const json& j, const char* key) {
    auto d = core::Date::Parse(Str(j, key));
    if (!d) {
      Fail(key, "日期格式应为 YYYY-MM-DD");
      return {};
    }
    return *d;
  }
  Reader Child(const std::string& key) const { return Reader(prefix_ + key + "."); }
  void Merge(const Reader& r) {
    if (status_.ok() && !r.status_.ok()) status_ = r.status_;
  }
  void Fail(const std::string& key, const std::string& msg) {
    if (status_.ok()) status_ = Status::InvalidArgument(prefix_ + key, msg);
  }

 private:
  std::string prefix_;
  Status status_;
};

const json& Member(const json& j, const char* key) {
  static const json kEmpty = json::object();
  return j.contains(key) && j[key].is_object() ? j[key] : kEmpty;
}

const json& Array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  return j.contains(key) && j[key].is_array() ? j[key] : kEmpty;
}

}  // namespace

core::Result<core::IndicatorSet> IndicatorSetFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  Reader top("");
  core::IndicatorSet s;
  s.id = top.Str(j, "id");
  s.version = top.Int(j, "version", false, 1);
  s.title = top.Str(j, "title", false);
  s.issued_on = top.DateOf(j, "issued_on");
  if (!j.contains("inspection") || !j["inspection"].is_object()) top.Fail("inspection", "缺少检查指标（附件2）");
  if (!j.contains("assessment") || !j["assessment"].is_object()) top.Fail("assessment", "缺少年度考核指标（附件3）");
  if (!top.status().ok()) return top.status();

  const json& in = j["inspection"];
  Reader ri = top.Child("inspection");
  s.inspection.full_score = ri.Int(in, "full_score");
  s.inspection.pass_score = ri.Int(in, "pass_score");
  s.inspection.internal_body_cutoff = ri.DateOf(in, "internal_body_cutoff");
  const json& fr = Member(in, "freshness");
  Reader rf = ri.Child("freshness");
  s.inspection.freshness = {rf.Int(fr, "veto_days"), rf.Int(fr, "window_days"), rf.Int(fr, "windows"),
                            rf.Int(fr, "service_window_days"), rf.Int(fr, "service_posts_per_week")};
  ri.Merge(rf);
  const json& inds = Array(in, "indicators");
  for (size_t i = 0; i < inds.size(); ++i) {
    Reader r = ri.Child("indicators[" + std::to_string(i) + "]");
    core::InspectionIndicator x;
    x.id = r.Str(inds[i], "id");
    x.name = r.Str(inds[i], "name");
    x.group = r.Str(inds[i], "group", false);
    x.veto = r.Bool(inds[i], "veto");
    if (!x.veto) {
      x.points = r.Int(inds[i], "points");
      x.max = r.Int(inds[i], "max");
    }
    ri.Merge(r);
    s.inspection.indicators.push_back(std::move(x));
  }
  top.Merge(ri);

  const json& as = j["assessment"];
  Reader ra = top.Child("assessment");
  s.assessment.full_score = ra.Int(as, "full_score");
  s.assessment.pass_score = ra.Int(as, "pass_score");
  s.assessment.bonus_above = ra.Int(as, "bonus_above");
  s.assessment.bonus_cap = ra.Int(as, "bonus_cap");
  const json& items = Array(as, "items");
  for (size_t i = 0; i < items.size(); ++i) {
    Reader r = ra.Child("items[" + std::to_string(i) + "]");
    s.assessment.items.push_back({r.Str(items[i], "id"), r.Str(items[i], "name"), r.Int(items[i], "max")});
    ra.Merge(r);
  }
  const json& ainds = Array(as, "indicators");
  for (size_t i = 0; i < ainds.size(); ++i) {
    const json& a = ainds[i];
    Reader r = ra.Child("indicators[" + std::to_string(i) + "]");
    core::AssessmentIndicator x;
    x.id = r.Str(a, "id");
    x.name = r.Str(a, "name");
    x.veto = r.Bool(a, "veto");
    x.bonus = r.Bool(a, "bonus");
    x.item = r.Str(a, "item", !x.veto && !x.bonus);
    x.points = r.Int(a, "points", false);
    if (a.contains("max")) x.max = r.Int(a, "max");
    x.threshold = r.Int(a, "threshold", false);
    x.category = r.Str(a, "category", false);
    x.days = r.Int(a, "days", false);
    x.workdays = r.Int(a, "workdays", false);
    const json& tiers = Array(a, "tiers");
    for (size_t t = 0; t < tiers.size(); ++t) {
      Reader rt = r.Child("tiers[" + std::to_string(t) + "]");
      double ratio = 0;
      if (!tiers[t].contains("min_ratio") || !tiers[t]["min_ratio"].is_number()) {
        rt.Fail("min_ratio", "应为 0 到 1 之间的数");
      } else {
        ratio = tiers[t]["min_ratio"].get<double>();
      }
      x.tiers.push_back({ratio, rt.Int(tiers[t], "points")});
      r.Merge(rt);
    }
    std::sort(x.tiers.begin(), x.tiers.end(), [](const auto& p, const auto& q) { return p.min_ratio > q.min_ratio; });
    if (a.contains("levels")) {
      if (!a["levels"].is_object()) r.Fail("levels", "应为对象");
      else
        for (auto it = a["levels"].begin(); it != a["levels"].end(); ++it) {
          if (!it->is_number_integer()) r.Fail("levels." + it.key(), "应为整数");
          else x.levels[it.key()] = it->get<int>();
        }
    }
    ra.Merge(r);
    s.assessment.indicators.push_back(std::move(x));
  }
  top.Merge(ra);
  if (!top.status().ok()) return top.status();
  if (Status v = core::ValidateIndicatorSet(s); !v.ok()) return v;
  return s;
}

json IndicatorSetToJson(const core::IndicatorSet& s) {
  json inds = json::array();
  for (const auto& x : s.inspection.indicators) {
    json o{{"id", x.id}, {"name", x.name}, {"group", x.group}};
    if (x.veto) o["veto"] = true;
    else o["points"] = x.points, o["max"] = x.max;
    inds.push_back(o);
  }
  const auto& f = s.inspection.freshness;
  json items = json::array();
  for (const auto& i : s.assessment.items) items.push_back({{"id", i.id}, {"name", i.name}, {"max", i.max}});
  json ainds = json::array();
  for (const auto& x : s.assessment.indicators) {
    json o{{"id", x.id}, {"name", x.name}};
    if (x.veto) o["veto"] = true;
    if (x.bonus) o["bonus"] = true;
    if (!x.item.empty()) o["item"] = x.item;
    if (x.points) o["points"] = x.points;
    if (x.max) o["max"] = *x.max;
    if (x.threshold) o["threshold"] = x.threshold;
    if (!x.category.empty()) o["category"] = x.category;
    if (x.days) o["days"] = x.days;
    if (x.workdays) o["workdays"] = x.workdays;
    if (!x.tiers.empty()) {
      o["tiers"] = json::array();
      for (const auto& t : x.tiers) o["tiers"].push_back({{"min_ratio", t.min_ratio}, {"points", t.points}});
    }
    if (!x.levels.empty()) o["levels"] = x.levels;
    ainds.push_back(o);
  }
  return {{"id", s.id},
          {"version", s.version},
          {"title", s.title},
          {"issued_on", s.issued_on.ToString()},
          {"inspection",
           {{"full_score", s.inspection.full_score},
            {"pass_score", s.inspection.pass_score},
            {"internal_body_cutoff", s.inspection.internal_body_cutoff.ToString()},
            {"freshness",
             {{"veto_days", f.veto_days}, {"window_days", f.window_days}, {"windows", f.windows},
              {"service_window_days", f.service_window_days}, {"service_posts_per_week", f.service_posts_per_week}}},
            {"indicators", inds}}},
          {"assessment",
           {{"full_score", s.assessment.full_score},
            {"pass_score", s.assessment.pass_score},
            {"bonus_above", s.assessment.bonus_above},
            {"bonus_cap", s.assessment.bonus_cap},
            {"items", items},
            {"indicators", ainds}}}};
}

const std::vector<core::IndicatorSet>& BuiltinIndicatorSets() {
  static const std::vector<core::IndicatorSet> sets = [] {
    std::vector<core::IndicatorSet> out;
    for (const char* name : {"indicators/kunshan-2019.json"}) {
      auto j = json::parse(storage::Embedded(name), nullptr, false);
      auto s = IndicatorSetFromJson(j);
      // A malformed built-in set is a build defect, caught by the tests; say so loudly.
      if (!s.ok()) {
        std::fprintf(stderr, "internal error: built-in indicator set %s: %s\n", name, s.status().ToString().c_str());
        std::abort();
      }
      out.push_back(std::move(*s));
    }
    return out;
  }();
  return sets;
}

core::Result<core::IndicatorSet> BuiltinIndicatorSet(const std::string& id) {
  for (const auto& s : BuiltinIndicatorSets())
    if (s.id == id) return s;
  return Status::NotFound("没有指标体系 " + id);
}

}  // namespace govmedia::app
