#include "app/my_tasks.h"

#include <algorithm>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "app/monitoring/monitor_service.h"
#include "core/assessment_scoring.h"
#include "core/text.h"

namespace govmedia::app {

using core::Role;
using core::Status;

namespace {

std::string Num(int64_t n) { return std::to_string(n); }

// 先审后发: drafts waiting for this person's review, one line (the oldest submission first).
Status ReviewTasks(storage::Db& db, const core::Principal& p, std::vector<MyTask>* out) {
  if (!p.unit_id) return Status::Ok();
  auto rows = db.Query(
      "SELECT d.id, d.title, a.name, d.chain_json, d.current_level FROM review_drafts d JOIN accounts a ON a.id = "
      "d.account_id WHERE d.unit_id = ? AND d.status = 'reviewing' ORDER BY d.submitted_at, d.id",
      {*p.unit_id});
  if (!rows.ok()) return rows.status();
  int64_t n = 0;
  std::string first;
  for (const auto& r : *rows) {
    for (const auto& l : nlohmann::json::parse(r.Text(3), nullptr, false)) {
      if (l.value("level", int64_t{0}) != r.Int(4) || l.value("reviewer_id", int64_t{0}) != p.user_id) continue;
      if (n++ == 0) first = "「" + (r.Text(1).empty() ? r.Text(2) + "的稿件" : r.Text(1)) + "」待" + l.value("name", "");
    }
  }
  if (n == 0) return Status::Ok();
  out->push_back({"review_draft", "审核待发布稿件", n == 1 ? first : first + " 等 " + Num(n) + " 篇", std::nullopt, false, n,
                  "/review/queue"});
  return Status::Ok();
}

}  // namespace

core::Result<std::vector<MyTask>> MyTaskService::For(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  std::vector<MyTask> out;
  Status st = Status::Ok();
  switch (p.role) {
    case Role::kUnitOperator:
      if (p.unit_id) st = UnitTasks(p, *p.unit_id, &out);
      if (st.ok()) st = ReviewTasks(db_, p, &out);
      if (st.ok()) st = CorrectionTasks(p, &out);
      if (st.ok()) st = RepostTasks(p, &out);
      if (st.ok() && p.unit_id) st = RequestTasks(*p.unit_id, &out);
      if (st.ok()) st = SecurityTasks(p, &out);
      break;
    case Role::kCityAdmin:
      st = CityTasks(p, &out);
      if (st.ok()) st = SecurityTasks(p, &out);
      if (st.ok()) st = AlertTasks(&out);
      if (st.ok()) st = CorrectionTasks(p, &out);
      break;
    case Role::kInspector:
      st = InspectorTasks(p, &out);
      if (st.ok()) st = SecurityTasks(p, &out);
      break;
    case Role::kDutyOfficer:
      st = AlertTasks(&out);
      break;
    case Role::kViewer:
      st = LeaderTasks(&out);
      break;
  }
  if (!st.ok()) return st;
  const core::Date today = clock_.Today();
  for (auto& t : out) t.overdue = t.overdue || (t.due_on && *t.due_on < today);
  std::stable_sort(out.begin(), out.end(), [](const MyTask& a, const MyTask& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.due_on.has_value() != b.due_on.has_value()) return a.due_on.has_value();
    return a.due_on && *a.due_on < *b.due_on;
  });
  return out;
}

Status MyTaskService::UnitTasks(const core::Principal& p, int64_t unit_id, std::vector<MyTask>* out) {
  const core::Date today = clock_.Today();
  const int year = today.year(), quarter = (today.month() - 1) / 3 + 1;
  const core::Date quarter_end = core::QuarterEnd(year, quarter - 1);
  const std::string q = "第" + Num(quarter) + "季度";
  // The quarter's report (季度自查整改情况报告), due on the quarter's last day.
  auto reports = supervision_.Reports(p, year, quarter);
  if (!reports.ok()) return reports.status();
  for (const auto& r : *reports) {
    if (r.unit_id != unit_id) continue;
    if (!r.report || r.report->status != "submitted") {
      out->push_back({"report", "报送" + q + "自查整改情况报告",
                      r.report ? "已保存草稿，尚未报送" : "尚未填写", quarter_end, false, 1, "/reports"});
    }
  }
  // The quarter's self-inspections: each account in scope once a quarter.
  auto coverage = supervision_.Coverage(p, year, quarter, unit_id);
  if (!coverage.ok()) return coverage.status();
  for (const auto& c : *coverage) {
    const int64_t missing = static_cast<int64_t>(c.items.size()) - c.inspected;
    if (missing > 0) {
      out->push_back({"self_inspection", "完成" + q + "自查", Num(missing) + " 个账号本季度尚未自查", quarter_end, false,
                      missing, "/self-inspections"});
    }
  }
  // Rectifications of published notices, due 10 days after publication.
  auto rect = db_.Query(
      "SELECT r.id, a.name, r.problem, r.due_on, r.status, r.review_note FROM rectifications r "
      "JOIN accounts a ON a.id = r.account_id WHERE r.unit_id = ? AND r.status IN ('open', 'returned') "
      "ORDER BY r.due_on, r.id",
      {unit_id});
  if (!rect.ok()) return rect.status();
  for (const auto& r : *rect) {
    const bool returned = r.Text(4) == "returned";
    out->push_back({"rectification", "整改「" + r.Text(1) + "」：" + r.Text(2),
                    returned ? "整改答复被退回：" + r.Text(5) : "通报问题待整改答复", core::Date::Parse(r.Text(3)), false,
                    1, "/rectifications"});
  }
  // Approved applications: the account is to be opened and filed within 2 working days.
  auto approved = db_.Query("SELECT id, name FROM accounts WHERE unit_id = ? AND status = 'approved' ORDER BY id",
                            {unit_id});
  if (!approved.ok()) return approved.status();
  for (const auto& r : *approved) {
    out->push_back({"filing", "开设「" + r.Text(1) + "」并备案", "开设申请已批准：开设后 2 个工作日内报送开设备案",
                    std::nullopt, false, 1, "/accounts/" + Num(r.Int(0))});
  }
  // Applications rejected in the last 60 days, with the reason.
  auto rejected = db_.Query(
      "SELECT a.id, a.name, ap.note, ap.decided_on FROM applications ap JOIN accounts a ON a.id = ap.account_id "
      "WHERE a.unit_id = ? AND ap.decision = 'rejected' AND ap.decided_on >= ? ORDER BY ap.decided_on DESC",
      {unit_id, today.AddDays(-60).ToString()});
  if (!rejected.ok()) return rejected.status();
  for (const auto& r : *rejected) {
    out->push_back({"rejected", "「" + r.Text(1) + "」的开设申请未获批准",
                    r.Text(3) + " 驳回" + (r.Text(2).empty() ? "" : "：" + r.Text(2)), std::nullopt, false, 1,
                    "/accounts/" + Num(r.Int(0))});
  }
  // Filings of the unit that are late.
  auto d = registry_.GetDashboard(p);
  if (!d.ok()) return d.status();
  for (const auto& t : d->todo) {
    if (t.kind != "overdue") continue;
    out->push_back({"overdue_filing", "「" + t.account_name + "」备案逾期", t.message, t.due_on, true, 1,
                    "/accounts/" + Num(t.account_id)});
  }
  // 催办 from the city office (freshness): open reminders for the unit's accounts.
  auto urged = db_.Query(
      "SELECT u.account_id, a.name, u.note, u.created_at, u.due_on FROM urges u JOIN accounts a ON a.id = u.account_id "
      "WHERE a.unit_id = ? AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.account_id = u.account_id AND p.kind = 'post' "
      "AND p.published_epoch > u.created_epoch) ORDER BY u.id",
      {unit_id});
  if (!urged.ok()) return urged.status();
  for (const auto& r : *urged) {
    out->push_back({"urge", "市政府办公室催办「" + r.Text(1) + "」更新",
                    r.Text(3).substr(0, 10) + " 催办" + (r.Text(2).empty() ? "" : "：" + r.Text(2)),
                    r.IsNull(4) ? std::nullopt : core::Date::Parse(r.Text(4)), false, 1, "/accounts/" + Num(r.Int(0))});
  }
  return Status::Ok();
}

Status MyTaskService::SecurityTasks(const core::Principal& p, std::vector<MyTask>* out) {
  auto items = security_.Warnings(p, std::nullopt);
  if (!items.ok()) return items.status();
  if (p.role == Role::kUnitOperator) {
    // A missing handover is a task of its own, per account; the rest grouped by kind.
    struct Group {
      std::string title;
      std::vector<std::string> names;
      std::optional<int64_t> account_id;
    };
    std::map<std::string, Group> groups;
    static const std::map<std::string, std::string> kTitles = {
        {"security_no_custodian", "登记账号密码保管人"},  {"security_no_two_factor", "开启账号双重验证"},
        {"security_rotation_overdue", "更换账号密码"},     {"security_no_plan", "上传账号安全应急预案"},
        {"security_drill_overdue", "开展账号安全应急演练"}};
    for (const auto& i : *items) {
      const std::string& code = i.warning.code;
      if (code == "security_handover_missing") {
        out->push_back({"security", "登记「" + i.account_name + "」的账号交接", i.warning.message, std::nullopt, true, 1,
                        "/accounts/" + Num(*i.account_id) + "?tab=security"});
        continue;
      }
      auto t = kTitles.find(code);
      if (t == kTitles.end()) continue;
      Group& g = groups[code];
      g.title = t->second;
      if (i.account_id) {
        g.names.push_back("「" + i.account_name + "」");
        g.account_id = g.names.size() == 1 ? i.account_id : std::nullopt;
      } else {
        g.names.push_back(i.warning.message);
      }
    }
    for (const auto& [code, g] : groups) {
      std::string detail;
      for (size_t k = 0; k < g.names.size() && k < 3; ++k) detail += (k ? "、" : "") + g.names[k];
      if (g.names.size() > 3) detail += " 等 " + Num(static_cast<int64_t>(g.names.size())) + " 个账号";
      const bool unit_level = code == "security_no_plan" || code == "security_drill_overdue";
      out->push_back({"security", g.title, detail, std::nullopt, false, static_cast<int64_t>(g.names.size()),
                      unit_level ? "/security/plan"
                      : g.account_id ? "/accounts/" + Num(*g.account_id) + "?tab=security"
                                     : "/security"});
    }
    return Status::Ok();
  }
  std::set<int64_t> accounts, units;
  int64_t handovers = 0;
  for (const auto& i : *items) {
    if (i.account_id) accounts.insert(*i.account_id);
    units.insert(i.unit_id);
    if (i.warning.code == "security_handover_missing") ++handovers;
  }
  if (p.role == Role::kInspector) {
    if (handovers > 0)
      out->push_back({"security", "核查人员离岗未交接的账号", Num(handovers) + " 起交接未登记（可列为检查发现的问题）",
                      std::nullopt, false, handovers, "/security?code=security_handover_missing"});
    return Status::Ok();
  }
  if (!items->empty())
    out->push_back({"security", "账号安全台账预警",
                    Num(static_cast<int64_t>(accounts.size())) + " 个账号、" + Num(static_cast<int64_t>(units.size())) +
                        " 个单位有安全预警" + (handovers > 0 ? "，其中 " + Num(handovers) + " 起人员离岗未交接" : ""),
                    std::nullopt, false, static_cast<int64_t>(accounts.size()), "/security"});
  return Status::Ok();
}

Status MyTaskService::CorrectionTasks(const core::Principal& p, std::vector<MyTask>* out) {
  CorrectionFilter f;
  f.status = "open";
  f.limit = 500;
  auto open = corrections_.List(p, f, nullptr);
  if (!open.ok()) return open.status();
  const bool office = p.role == Role::kCityAdmin;
  auto office_unit = db_.Query("SELECT id FROM units WHERE is_city_office = 1");
  if (!office_unit.ok()) return office_unit.status();
  const int64_t office_id = office_unit->empty() ? -1 : office_unit->front().Int(0);
  int64_t escalated = 0;
  for (const auto& c : *open) {
    // The office sees the escalated ones as one line, and handles those addressed to itself.
    const bool own = !office || c.unit_id == office_id;
    if (office && !own) {
      if (c.escalated_at) ++escalated;
      continue;
    }
    const bool accepted = c.status == "accepted";
    const core::Date by = accepted && c.due.answer_by ? *c.due.answer_by : c.due.accept_by;
    out->push_back({"correction",
                    std::string(accepted ? "答复" : "受理") + "网民纠错 " + c.ticket + "（" +
                        (c.account_name.empty() ? "未指明账号" : c.account_name) + "）",
                    std::string(core::CorrectionKindLabel(c.kind)) + (c.escalated_at ? "；已逾期，已提请市政府办公室督办" : ""),
                    by, c.escalated_at.has_value(), 1, "/interaction/corrections?q=" + c.ticket});
  }
  if (escalated > 0) {
    out->push_back({"correction", "督办逾期网民纠错", Num(escalated) + " 条网民纠错逾期未受理或未答复", std::nullopt, true,
                    escalated, "/interaction/corrections?status=escalated"});
  }
  return Status::Ok();
}

Status MyTaskService::RequestTasks(int64_t unit_id, std::vector<MyTask>* out) {
  auto r = storage::QueryOne(db_,
                             "SELECT COUNT(*), MIN(due_on), COALESCE(SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END), 0) FROM netizen_requests "
                             "WHERE unit_id = ? AND status = 'open'",
                             {clock_.Today().ToString(), unit_id});
  if (!r.ok()) return r.status();
  const int64_t open = r->Int(0), overdue = r->Int(2);
  if (open == 0) return Status::Ok();
  out->push_back({"request", "答复网民诉求",
                  Num(open) + " 条留言诉求待答复" + (overdue ? "，其中 " + Num(overdue) + " 条已超过答复期限" : ""),
                  core::Date::Parse(r->Text(1)), overdue > 0, open, "/interaction/requests?status=open"});
  return Status::Ok();
}

Status MyTaskService::RepostTasks(const core::Principal& p, std::vector<MyTask>* out) {
  auto tasks = reposts_.List(p);
  if (!tasks.ok()) return tasks.status();
  for (const auto& t : *tasks) {
    // Open while one of the unit's targets has not published the article and the deadline is
    // not long past (a week after it, the task is history).
    int missing = 0;
    for (const auto& x : t.targets) missing += x.status == "pending" || x.status == "missed";
    if (missing == 0 || clock_.Today().AddDays(-7).ToString() > t.due_on) continue;
    out->push_back({"repost", "转发「" + t.title + "」", "市政府办公室联动发声任务" + (t.note.empty() ? "" : "：" + t.note),
                    core::Date::Parse(t.due_on), false, missing, "/interaction/reposts"});
  }
  return Status::Ok();
}

core::Result<int64_t> MyTaskService::Urge(const core::Principal& p, int64_t account_id, const std::string& note,
                                          std::optional<core::Date> due_on) {
  if (Status s = core::Authorize(p, core::Action::kManageAssessment); !s.ok()) return s;
  if (core::Utf8Length(note) > 500) return Status::InvalidArgument("note", "说明最多 500 字");
  auto acc = storage::QueryOne(db_, "SELECT name FROM accounts WHERE id = ?", {account_id});
  if (!acc.ok()) return acc.status().IsNotFound() ? Status::NotFound("账号不存在") : acc.status();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    auto made = db_.Insert(
        "INSERT INTO urges (account_id, note, due_on, created_by, created_at, created_epoch) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {account_id, std::string(core::Trim(note)), due_on ? storage::Value(due_on->ToString()) : storage::Value(nullptr),
         p.username, now, clock_.NowSeconds()});
    if (!made.ok()) return made.status();
    id = *made;
    return audit_.Append({0, now, p.username, "account.urge", "account", std::to_string(account_id), "",
                          nlohmann::json{{"account", acc->Text(0)},
                                         {"note", std::string(core::Trim(note))},
                                         {"due_on", due_on ? nlohmann::json(due_on->ToString()) : nlohmann::json(nullptr)}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return id;
}

Status MyTaskService::CityTasks(const core::Principal& p, std::vector<MyTask>* out) {
  auto d = registry_.GetDashboard(p);
  if (!d.ok()) return d.status();
  std::optional<core::Date> forward_due;
  for (const auto& t : d->todo) {
    if (t.kind == "forward" && t.due_on && (!forward_due || *t.due_on < *forward_due)) forward_due = t.due_on;
  }
  if (d->pending_applications > 0)
    out->push_back({"application", "审批开设申请", Num(d->pending_applications) + " 件待审批", std::nullopt, false,
                    d->pending_applications, "/accounts?status=applied"});
  if (d->pending_forward > 0)
    out->push_back({"forward", "报送备案到省系统", Num(d->pending_forward) + " 件待报送（1 个工作日内）", forward_due, false,
                    d->pending_forward, "/filings?tab=pending"});
  if (d->overdue_filings > 0)
    out->push_back({"overdue_filing", "逾期备案", Num(d->overdue_filings) + " 件备案或报送逾期", std::nullopt, true,
                    d->overdue_filings, "/filings?tab=overdue"});
  auto answered = storage::QueryOne(db_, "SELECT COUNT(*) FROM rectifications WHERE status = 'answered'");
  if (!answered.ok()) return answered.status();
  if (answered->Int(0) > 0)
    out->push_back({"review", "复查整改答复", Num(answered->Int(0)) + " 件整改已答复待复查", std::nullopt, false,
                    answered->Int(0), "/rectifications?status=answered"});
  auto rounds = db_.Query(
      "SELECT r.id, r.name, COUNT(i.id), SUM(CASE WHEN ins.status = 'closed' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN i.inspector IS NULL THEN 1 ELSE 0 END) FROM spot_rounds r "
      "JOIN spot_round_items i ON i.round_id = r.id LEFT JOIN inspections ins ON ins.id = i.inspection_id "
      "WHERE r.status != 'finished' GROUP BY r.id ORDER BY r.id");
  if (!rounds.ok()) return rounds.status();
  for (const auto& r : *rounds) {
    const int64_t total = r.Int(2), done = r.Int(3), unassigned = r.Int(4);
    std::string detail = "已完成 " + Num(done) + "/" + Num(total);
    if (unassigned > 0) detail += "，" + Num(unassigned) + " 个账号未分派检查人员";
    if (done == total) detail += "，可以结束本轮并生成通报";
    out->push_back({"round", "抽查「" + r.Text(1) + "」", detail, std::nullopt, false, total - done,
                    "/spot-rounds/" + Num(r.Int(0))});
  }
  return Status::Ok();
}

Status MyTaskService::InspectorTasks(const core::Principal& p, std::vector<MyTask>* out) {
  auto rows = db_.Query(
      "SELECT i.round_id, r.name, a.name, u.name, ins.id FROM spot_round_items i "
      "JOIN spot_rounds r ON r.id = i.round_id JOIN accounts a ON a.id = i.account_id JOIN units u ON u.id = a.unit_id "
      "LEFT JOIN inspections ins ON ins.id = i.inspection_id "
      "WHERE i.inspector = ? AND r.status != 'finished' AND (ins.id IS NULL OR ins.status = 'open') ORDER BY r.id, i.id",
      {p.username});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) {
    // Done from 我的待检, which returns there after each inspection.
    out->push_back({"inspection", "检查「" + r.Text(2) + "」（" + r.Text(3) + "）",
                    "抽查「" + r.Text(1) + "」" + (r.IsNull(4) ? "：尚未开始" : "：检查进行中"), std::nullopt, false, 1,
                    "/my-inspections"});
  }
  return Status::Ok();
}

Status MyTaskService::AlertTasks(std::vector<MyTask>* out) {
  auto rows = db_.Query(
      "SELECT al.id, a.name, u.name, al.category, al.status, al.created_at FROM alerts al "
      "JOIN accounts a ON a.id = al.account_id JOIN units u ON u.id = a.unit_id "
      "WHERE al.status IN ('new', 'acknowledged') ORDER BY al.id DESC LIMIT 50");
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) {
    out->push_back({"alert", "处置告警：「" + r.Text(1) + "」（" + r.Text(2) + "）" + CategoryLabel(r.Text(3)),
                    (r.Text(4) == "new" ? "待确认，" : "已确认待处置，") + r.Text(5).substr(0, 16), std::nullopt,
                    r.Text(4) == "new", 1, "/alerts?tab=" + r.Text(4)});
  }
  return Status::Ok();
}

Status MyTaskService::LeaderTasks(std::vector<MyTask>* out) {
  const core::Date today = clock_.Today();
  auto late = storage::QueryOne(
      db_, "SELECT COUNT(*) FROM rectifications WHERE status IN ('open', 'returned') AND due_on < ?", {today.ToString()});
  if (!late.ok()) return late.status();
  if (late->Int(0) > 0)
    out->push_back({"risk", "整改逾期", Num(late->Int(0)) + " 件通报问题超过期限未整改", std::nullopt, true, late->Int(0),
                    "/rectifications"});
  auto alerts = storage::QueryOne(db_, "SELECT COUNT(*) FROM alerts WHERE status = 'new'");
  if (!alerts.ok()) return alerts.status();
  if (alerts->Int(0) > 0)
    out->push_back({"risk", "未处置的告警", Num(alerts->Int(0)) + " 条泄密、有害信息或严重表述错误告警待处置", std::nullopt,
                    false, alerts->Int(0), "/alerts"});
  auto failed = storage::QueryOne(
      db_, "SELECT COUNT(*) FROM inspections WHERE status = 'closed' AND verdict IS NOT NULL AND verdict != 'qualified' "
           "AND kind = 'city' AND substr(monitoring_time, 1, 4) = ?",
      {Num(today.year())});
  if (!failed.ok()) return failed.status();
  if (failed->Int(0) > 0)
    out->push_back({"risk", "抽查不合格账号", "本年市级抽查不合格 " + Num(failed->Int(0)) + " 个账号次", std::nullopt, false,
                    failed->Int(0), "/spot-rounds"});
  return Status::Ok();
}

}  // namespace govmedia::app
