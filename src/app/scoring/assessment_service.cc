#include "app/scoring/assessment_service.h"

#include <algorithm>
#include <set>

#include "app/scoring/score_json.h"
#include "core/assessment_scoring.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {

// The inputs the city office enters, with the defaults of contracts/assessment.md.
const char* const kInputKeys[] = {"quarterly_inspections",
                                  "quarterly_reports",
                                  "quarterly_coverage",
                                  "annual_coverage",
                                  "rectifications",
                                  "similar_account_groups",
                                  "closures_not_done",
                                  "accounts_outside_scope",
                                  "in_performance_evaluation",
                                  "fraud",
                                  "commendations"};

bool IsInputKey(const std::string& k) {
  return std::any_of(std::begin(kInputKeys), std::end(kInputKeys),
                     [&](const char* x) { return k == x; });
}

}  // namespace

core::Result<std::vector<core::Unit>> AssessmentService::UnitsInScope(const core::Principal& p) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  auto units = registry_.ListUnits(false, core::ScopeUnit(p));
  if (!units.ok()) return units.status();
  std::vector<core::Unit> out;
  for (const auto& u : *units)
    if (!u.unit.is_city_office) out.push_back(u.unit);
  return out;
}

core::Result<json> AssessmentService::CaseJson(const core::Unit& u, int year, json* facts_out,
                                               json* inputs_out, bool as_over) {
  const core::Date today = clock_.Today();
  // A deadline that has not passed yet is no evidence of anything.
  auto not_yet_due = [&](core::Date deadline) { return !as_over && today <= deadline; };
  const core::Date year_end = *core::Date::FromYmd(year, 12, 31);
  storage::AccountFilter af;
  af.unit_id = u.id;
  af.limit = 100000;
  auto accounts = registry_.ListAccounts(af, nullptr);
  if (!accounts.ok()) return accounts.status();
  std::set<int64_t> in_scope;
  for (const auto& a : *accounts) {
    const bool running =
        a.status == core::AccountStatus::kOpen || a.status == core::AccountStatus::kClosed;
    if (running && (!a.record.opened_on || *a.record.opened_on <= year_end)) in_scope.insert(a.id);
  }
  json filings = json::array();
  storage::FilingFilter ff;
  ff.unit_id = u.id;
  auto rows = registry_.ListFilings(ff);
  if (!rows.ok()) return rows.status();
  for (const auto& f : *rows) {
    if (f.dates.event_on.year() != year || f.historical) continue;
    bool applied = true;
    if (f.kind == core::FilingKind::kOpen) {
      for (const auto& a : *accounts)
        if (a.id == f.account_id) applied = !a.opened_without_application;
    }
    auto late = core::IsFiledLate(calendar_, f.dates.event_on, f.dates.filed_on);
    filings.push_back({{"kind", core::FilingKindId(f.kind)},
                       {"event_on", f.dates.event_on.ToString()},
                       {"filed_on", f.dates.filed_on.ToString()},
                       {"applied", applied},
                       {"account", f.account_name},
                       {"filing_id", f.id},
                       {"late", late.ok() && *late}});
  }
  // Inspections of the year: self-inspections per quarter, closed higher-level checks.
  storage::InspectionFilter inf;
  inf.unit_id = u.id;
  inf.epoch_from = core::StartOfDay(*core::Date::FromYmd(year, 1, 1));
  inf.epoch_to = core::StartOfDay(*core::Date::FromYmd(year + 1, 1, 1));
  auto inspections = store_.ListInspections(inf);
  if (!inspections.ok()) return inspections.status();
  json quarterly_inspections = json::array(), quarterly_coverage = json::array(),
       higher = json::array();
  std::set<int64_t> year_covered;
  for (int q = 0; q < 4; ++q) {
    const int64_t from = core::StartOfDay(*core::Date::FromYmd(year, 3 * q + 1, 1));
    const int64_t to = core::StartOfDay(core::QuarterEnd(year, q).AddDays(1));
    std::set<int64_t> covered;
    for (const auto& i : *inspections) {
      if (i.kind == "self" && i.monitoring_epoch >= from && i.monitoring_epoch < to)
        covered.insert(i.account_id);
    }
    quarterly_inspections.push_back(!covered.empty());
    size_t hit = 0;
    for (int64_t id : covered) hit += in_scope.count(id);
    quarterly_coverage.push_back(in_scope.empty() ? 1.0
                                                  : static_cast<double>(hit) / in_scope.size());
    year_covered.insert(covered.begin(), covered.end());
  }
  size_t year_hit = 0;
  for (int64_t id : year_covered) year_hit += in_scope.count(id);
  for (const auto& i : *inspections) {
    if (i.kind != "higher" || i.status != "closed") continue;
    const json r = json::parse(i.result_json, nullptr, false);
    bool serious = false;
    if (r.contains("vetoes"))
      for (const auto& v : r["vetoes"]) serious |= v.value("indicator", "") == "veto.serious_error";
    higher.push_back({{"level", i.level.value_or("province")},
                      {"qualified", i.verdict == "qualified"},
                      {"serious_error", serious},
                      {"inspection_id", i.id},
                      {"account", i.account_name}});
  }
  // Quarterly reports as submitted, and the rectifications of the year's published notices.
  auto submitted = supervision_.SubmittedOn(u.id, year);
  if (!submitted.ok()) return submitted.status();
  json reports = json::array();
  for (const auto& d : *submitted) reports.push_back(d ? json(d->ToString()) : json(nullptr));
  auto tasks = rectifications_.OfUnit(u.id, year);
  if (!tasks.ok()) return tasks.status();
  json rectifications = json::array();
  for (const auto& t : *tasks) {
    rectifications.push_back(
        {{"published_on", t.published_on.value_or("")},
         {"rectified_on", t.status == "closed" && t.closed_on ? json(*t.closed_on) : json(nullptr)},
         {"rectification_id", t.id},
         {"account", t.account_name},
         {"problem", t.problem}});
  }
  // Consolidation and scope: confirmed groups of similar accounts, closures not done, accounts
  // found outside the registry.
  auto groups = scope_.SimilarGroups(u.id, year);
  if (!groups.ok()) return groups.status();
  auto closures = scope_.ClosuresOf(u.id, year);
  if (!closures.ok()) return closures.status();
  auto outside = scope_.OutsideScope(u.id, year);
  if (!outside.ok()) return outside.status();
  // The records behind each line of 附件3, so every deduction can be traced to them.
  json records = json::object();
  for (int q = 0; q < 4; ++q) {
    const auto& d = (*submitted)[q];
    if (!d && not_yet_due(core::QuarterEnd(year, q))) continue;
    if (!d || *d > core::QuarterEnd(year, q))
      records["spot_check.report_late"].push_back(
          {{"type", "report"},
           {"quarter", q + 1},
           {"submitted_on", d ? json(d->ToString()) : json(nullptr)}});
  }
  for (const auto& t : *tasks)
    if (t.Overdue(clock_.Today()))
      records["rectification.overdue"].push_back({{"type", "rectification"},
                                                  {"id", t.id},
                                                  {"account", t.account_name},
                                                  {"due_on", t.due_on}});
  for (const auto& k : *groups)
    records["consolidation.similar_accounts"].push_back(
        {{"type", "consolidation_group"}, {"key", k}});
  for (const auto& c : *closures)
    records["consolidation.closure_not_done"].push_back({{"type", "account"},
                                                         {"id", c.account_id},
                                                         {"account", c.account_name},
                                                         {"closed_on", c.closed_on},
                                                         {"posts_after", c.posts_after},
                                                         {"no_notice", c.no_notice}});
  for (int64_t id : *outside)
    records["scope.account_missing"].push_back({{"type", "unregistered_account"}, {"id", id}});
  for (const auto& f : filings) {
    if (f.value("late", false))
      records["filing.late"].push_back(
          {{"type", "filing"}, {"id", f["filing_id"]}, {"account", f["account"]}});
    if (!f.value("applied", true))
      records["filing.opened_without_application"].push_back(
          {{"type", "filing"}, {"id", f["filing_id"]}, {"account", f["account"]}});
  }
  // Netizens' correction reports of the year (纠错入口), with their working-day deadlines.
  auto corrections = corrections_.AssessmentFacts(u.id, year);
  if (!corrections.ok()) return corrections.status();
  for (const auto& x : *corrections) {
    auto date = [&](const char* key) {
      return x.contains(key) && x[key].is_string() ? core::Date::Parse(x[key].get<std::string>()) : std::nullopt;
    };
    const core::CorrectionDue due{*date("accept_by"), date("answer_by")};
    const core::CorrectionTimeline t{*date("submitted_on"), date("accepted_on"), date("answered_on"),
                                     x.value("rejected", false)};
    if (core::JudgeCorrection(due, t, as_over ? year_end.AddDays(36500) : today).late())
      records["interaction.correction_late"].push_back(
          {{"type", "correction"}, {"id", x["correction_id"]}, {"ticket", x["ticket"]}, {"account", x["account"]}});
  }
  json facts{{"accounts", in_scope.size()},
             {"corrections", *corrections},
             {"similar_account_groups", groups->size()},
             {"closures_not_done", closures->size()},
             {"accounts_outside_scope", outside->size()},
             {"records", records},
             {"quarterly_reports", reports},
             {"rectifications", rectifications},
             {"filings", filings},
             {"higher_checks", higher},
             {"quarterly_inspections", quarterly_inspections},
             {"quarterly_coverage", quarterly_coverage},
             {"annual_coverage",
              in_scope.empty() ? 1.0 : static_cast<double>(year_hit) / in_scope.size()}};

  json inputs{
      {"in_performance_evaluation", true}, {"fraud", false}, {"commendations", json::array()}};
  auto saved = store_.AssessmentInputs(u.id, year);
  if (!saved.ok()) return saved.status();
  if (*saved) {
    json entered = json::parse(**saved, nullptr, false);
    if (entered.is_object())
      for (auto it = entered.begin(); it != entered.end(); ++it) inputs[it.key()] = *it;
  }
  json c{{"year", year},
         {"unit", {{"name", u.name}, {"category", u.category}}},
         {"accounts", facts["accounts"]},
         {"filings", facts["filings"]},
         {"higher_checks", facts["higher_checks"]},
         {"quarterly_inspections", facts["quarterly_inspections"]},
         {"quarterly_coverage", facts["quarterly_coverage"]},
         {"annual_coverage", facts["annual_coverage"]},
         {"quarterly_reports", facts["quarterly_reports"]},
         {"rectifications", facts["rectifications"]},
         {"corrections", facts["corrections"]},
         {"similar_account_groups", facts["similar_account_groups"]},
         {"closures_not_done", facts["closures_not_done"]},
         {"accounts_outside_scope", facts["accounts_outside_scope"]}};
  // What the office entered overrides what the platform counted (e.g. inspections made on paper).
  for (auto it = inputs.begin(); it != inputs.end(); ++it) c[it.key()] = *it;
  if (!as_over) c["as_of"] = today.ToString();
  if (facts_out) *facts_out = facts;
  if (inputs_out) *inputs_out = inputs;
  return c;
}

core::Result<AssessmentRow> AssessmentService::Compute(const core::Unit& u, int year, bool as_over) {
  AssessmentRow row{u, std::nullopt, false, json(), json()};
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  auto final = store_.FinalResult(u.id, year);
  if (!final.ok()) return final.status();
  if (*final) {
    row.final = true;
    row.result = json::parse(**final, nullptr, false);
    row.summary = AssessmentSummary(row.result, set->set, true);
    return row;
  }
  auto c = CaseJson(u, year, nullptr, nullptr, as_over);
  if (!c.ok()) return c.status();
  c->erase("indicator_set");
  const LoadedSet& current = *set;
  auto parsed = ParseAssessmentCase(
      *c, [&](const std::string&) -> core::Result<core::IndicatorSet> { return current.set; });
  core::Result<core::AssessmentResult> r =
      parsed.ok() ? core::ScoreAssessment(parsed->set, calendar_, parsed->c)
                  : core::Result<core::AssessmentResult>(parsed.status());
  row.result = r.ok() ? AssessmentResultJson(*r)
                      : json{{"error", {{"field", r.status().field()}, {"message", r.status().message()}}}};
  row.summary = AssessmentSummary(row.result, set->set, false);
  return row;
}

core::Result<std::vector<AssessmentRow>> AssessmentService::List(const core::Principal& p,
                                                                 int year) {
  return Rows(p, year, false);
}

core::Result<std::vector<AssessmentRow>> AssessmentService::Rows(const core::Principal& p, int year, bool as_over) {
  auto units = UnitsInScope(p);
  if (!units.ok()) return units.status();
  std::vector<AssessmentRow> rows;
  for (const auto& u : *units) {
    auto r = Compute(u, year, as_over);
    if (!r.ok()) return r.status();
    rows.push_back(std::move(*r));
  }
  auto score = [](const AssessmentRow& r) -> std::optional<int> {
    if (!r.result.contains("score") || !r.result["score"].is_number()) return std::nullopt;
    return r.result["score"].get<int>();
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const AssessmentRow& a, const AssessmentRow& b) {
    const auto sa = score(a), sb = score(b);
    if (sa.has_value() != sb.has_value()) return sa.has_value();
    return sa && *sa > *sb;
  });
  // Competition ranking: equal scores share a rank (1, 2, 2, 4).
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto s = score(rows[i]);
    if (!s) break;
    rows[i].rank = (i > 0 && score(rows[i - 1]) == s) ? rows[i - 1].rank
                                                      : std::optional<int>(static_cast<int>(i) + 1);
  }
  return rows;
}

core::Result<AssessmentDetail> AssessmentService::Get(const core::Principal& p, int64_t unit_id,
                                                      int year) {
  if (Status s = core::Authorize(p, Action::kReadRegistry, unit_id); !s.ok()) return s;
  auto unit = registry_.GetUnit(unit_id);
  if (!unit.ok()) return unit.status();
  if (unit->is_city_office) return Status::NotFound("市政府办公室不参加年度考核");
  auto list = List(p, year);
  if (!list.ok()) return list.status();
  AssessmentDetail d;
  for (auto& r : *list)
    if (r.unit.id == unit_id) d.row = r;
  auto c = CaseJson(*unit, year, &d.facts, &d.inputs);
  if (!c.ok()) return c.status();
  return d;
}

core::Result<AssessmentRow> AssessmentService::SaveInputs(const core::Principal& p, int64_t unit_id,
                                                          int year, const json& inputs) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  if (!inputs.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  json entered = json::object();
  for (auto it = inputs.begin(); it != inputs.end(); ++it) {
    if (it.key() == "year") continue;
    if (!IsInputKey(it.key())) return Status::InvalidArgument(it.key(), "不是可录入的考核项");
    entered[it.key()] = *it;
  }
  auto unit = registry_.GetUnit(unit_id);
  if (!unit.ok()) return unit.status();
  if (unit->is_city_office) return Status::NotFound("市政府办公室不参加年度考核");
  Status st = db_.Transaction([&]() -> Status {
    auto final = store_.FinalResult(unit_id, year);
    if (!final.ok()) return final.status();
    if (*final) return Status::Conflict(std::to_string(year) + " 年度考核已定稿，不能再修改");
    auto before = store_.AssessmentInputs(unit_id, year);
    if (!before.ok()) return before.status();
    // Validate exactly as the CLI would: the whole case, with the entered fields, must parse.
    auto c = CaseJson(*unit, year, nullptr, nullptr);
    if (!c.ok()) return c.status();
    for (auto it = entered.begin(); it != entered.end(); ++it) (*c)[it.key()] = *it;
    auto set = scoring_.CurrentSet();
    if (!set.ok()) return set.status();
    auto parsed = ParseAssessmentCase(
        *c, [&](const std::string&) -> core::Result<core::IndicatorSet> { return set->set; });
    if (!parsed.ok()) return parsed.status();
    if (Status s = store_.SaveAssessmentInputs(unit_id, year, entered.dump(), clock_.NowRfc3339(),
                                               p.username);
        !s.ok())
      return s;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "assessment.inputs", "assessment",
                          std::to_string(unit_id) + "/" + std::to_string(year),
                          before->value_or(""), entered.dump()});
  });
  if (!st.ok()) return st;
  auto row = Compute(*unit, year);
  if (!row.ok()) return row.status();
  return row;
}

Status AssessmentService::Finalize(const core::Principal& p, int year) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  return db_.Transaction([&]() -> Status {
    // Finalising judges the year as over: whatever is still missing now counts.
    auto rows = Rows(p, year, true);
    if (!rows.ok()) return rows.status();
    auto set = scoring_.CurrentSet();
    if (!set.ok()) return set.status();
    for (const auto& r : *rows) {
      if (r.final) return Status::Conflict(std::to_string(year) + " 年度考核已定稿");
      if (r.result.contains("error")) {
        return Status::InvalidArgument(
            "year", r.unit.name + " 无法评分：" + r.result["error"].value("message", ""));
      }
    }
    const std::string now = clock_.NowRfc3339();
    json summary = json::array();
    for (const auto& r : *rows) {
      if (Status s = store_.SaveFinalResult(r.unit.id, year, set->row.id, r.result.dump(), now,
                                            p.username);
          !s.ok())
        return s;
      summary.push_back(
          {{"unit", r.unit.name}, {"score", r.result["score"]}, {"verdict", r.result["verdict"]}});
    }
    return audit_.Append({0, now, p.username, "assessment.finalize", "assessment",
                          std::to_string(year), "", summary.dump()});
  });
}

core::Result<std::string> AssessmentService::ExportXlsx(const core::Principal& p, int year) {
  auto rows = List(p, year);
  if (!rows.ok()) return rows.status();
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  return AssessmentXlsx(year, set->set, *rows);
}

}  // namespace govmedia::app
