#include "app/supervision/supervision_dashboard.h"

#include <map>

#include "core/assessment_scoring.h"
#include "core/timestamp.h"

namespace govmedia::app {

using nlohmann::json;

namespace {

json Rate(int qualified, int checked) {
  return checked == 0 ? json(nullptr) : json(static_cast<double>(qualified) / checked);
}


}  // namespace

core::Result<json> SupervisionDashboard(Node& node, const core::Principal& p, int year) {
  if (core::Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  const core::Date today = node.clock().Today();
  const int quarter = year == today.year() ? (today.month() - 1) / 3 + 1 : 4;
  json out{{"year", year}, {"quarter", quarter}};

  // City spot checks: qualified rate per quarter, and per unit and quarter.
  auto rounds = node.spot_checks().List(p, year);
  if (!rounds.ok()) return rounds.status();
  std::array<std::pair<int, int>, 4> per_quarter{};  // qualified, checked
  std::map<int64_t, std::pair<std::string, std::array<std::pair<int, int>, 4>>> per_unit;
  for (const auto& r : *rounds) {
    for (const auto& i : r.items) {
      if (!i.inspection || i.inspection->status != "closed") continue;
      const bool ok = i.inspection->verdict.value_or("") == "qualified";
      auto& q = per_quarter[r.quarter - 1];
      q.first += ok;
      q.second++;
      auto& u = per_unit[i.unit_id];
      u.first = i.unit_name;
      u.second[r.quarter - 1].first += ok;
      u.second[r.quarter - 1].second++;
    }
  }
  json quarters = json::array();
  for (int q = 0; q < 4; ++q)
    quarters.push_back({{"quarter", q + 1},
                        {"checked", per_quarter[q].second},
                        {"qualified", per_quarter[q].first},
                        {"rate", Rate(per_quarter[q].first, per_quarter[q].second)}});
  out["quarters"] = quarters;
  json units = json::array();
  for (const auto& [id, u] : per_unit) {
    json rates = json::array();
    for (const auto& [ok, n] : u.second) rates.push_back(Rate(ok, n));
    units.push_back({{"unit_id", id}, {"unit_name", u.first}, {"rates", rates}});
  }
  out["units"] = units;

  // Accounts at risk of the 2-week veto, now.
  auto fresh = node.freshness().Report(p, {});
  if (!fresh.ok()) return fresh.status();
  json at_risk = json::object();
  for (const auto& [level, n] : fresh->counts)
    if (level != "ok" && level != "no_source") at_risk[level] = n;
  out["at_risk"] = at_risk;

  auto registry = node.registry().GetDashboard(p);
  if (!registry.ok()) return registry.status();
  out["filings_overdue"] = registry->overdue_filings;

  // The current quarter's reports.
  auto reports = node.supervision().Reports(p, year, quarter);
  if (!reports.ok()) return reports.status();
  const core::Date due = core::QuarterEnd(year, quarter - 1);
  int submitted = 0, late = 0, missing = 0;
  json own_report = nullptr;
  for (const auto& s : *reports) {
    const bool sent = s.report && s.report->status == "submitted";
    submitted += sent;
    late += sent && s.report->late();
    missing += !sent;
    own_report = {{"report_id", s.report ? json(s.report->id) : json(nullptr)},
                  {"status", !s.report ? "missing" : s.report->status},
                  {"due_on", due.ToString()}};
  }
  out["reports"] = {{"quarter", quarter},
                    {"due_on", due.ToString()},
                    {"submitted", submitted},
                    {"late", late},
                    {"missing", missing}};

  auto tasks = node.rectifications().List(p, {});
  if (!tasks.ok()) return tasks.status();
  int open = 0, overdue = 0, closed = 0;
  json own_tasks = json::array();
  for (const auto& t : *tasks) {
    const bool is_overdue = t.Overdue(today);
    overdue += is_overdue && t.status != "closed";
    (t.status == "closed" ? closed : open)++;
    if (t.status != "closed")
      own_tasks.push_back({{"id", t.id},
                           {"account_name", t.account_name},
                           {"problem", t.problem},
                           {"due_on", t.due_on},
                           {"overdue", is_overdue}});
  }
  out["rectifications"] = {{"open", open}, {"overdue", overdue}, {"closed", closed}};

  // The year's ranking (a unit sees its own row).
  auto ranking = node.assessment().List(p, year);
  if (!ranking.ok()) return ranking.status();
  json rows = json::array();
  for (const auto& r : *ranking) {
    const json& res = r.result;
    rows.push_back({{"unit_id", r.unit.id},
                    {"unit_name", r.unit.name},
                    {"rank", r.rank ? json(*r.rank) : json(nullptr)},
                    {"score", res.contains("score") ? res["score"] : json(nullptr)},
                    {"verdict", res.contains("verdict") ? res["verdict"] : json(nullptr)}});
  }
  out["ranking"] = rows;

  // Average score of the closed inspections per quarter (self and city), for the trend.
  storage::InspectionFilter f;
  f.unit_id = core::ScopeUnit(p);
  f.status = "closed";
  f.epoch_from = core::StartOfDay(*core::Date::FromYmd(year, 1, 1));
  f.epoch_to = core::StartOfDay(*core::Date::FromYmd(year + 1, 1, 1));
  storage::ScoringStore store(node.db());
  auto inspections = store.ListInspections(f);
  if (!inspections.ok()) return inspections.status();
  std::array<std::pair<double, int>, 4> sums{};
  for (const auto& i : *inspections) {
    if (i.kind == "higher") continue;
    const int q = (core::Date::FromDays((i.monitoring_epoch + core::kBeijingOffsetMinutes * 60) /
                                        core::kSecondsPerDay)
                       .month() -
                   1) /
                  3;
    sums[q].second++;
    sums[q].first += i.score.value_or(0);  // a veto scores nothing
  }
  json trend = json::array();
  for (int q = 0; q < 4; ++q)
    trend.push_back(
        {{"quarter", q + 1},
         {"average", sums[q].second ? json(sums[q].first / sums[q].second) : json(nullptr)},
         {"inspections", sums[q].second}});
  out["score_trend"] = trend;

  // A unit operator's own tasks: this quarter's self-inspections to do, the report, open
  // rectifications.
  out["tasks"] = nullptr;
  if (auto scope = core::ScopeUnit(p)) {
    auto coverage = node.supervision().Coverage(p, year, quarter, scope);
    if (!coverage.ok()) return coverage.status();
    json todo = json::array();
    for (const auto& u : *coverage)
      for (const auto& i : u.items)
        if (!i.inspection)
          todo.push_back({{"account_id", i.account_id},
                          {"account_name", i.account_name},
                          {"unit_name", u.unit_name}});
    out["tasks"] = {
        {"self_inspection_todo", todo}, {"report", own_report}, {"rectifications", own_tasks}};
  }
  return out;
}

}  // namespace govmedia::app
