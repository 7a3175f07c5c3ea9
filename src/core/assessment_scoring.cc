#include "core/assessment_scoring.h"

#include <algorithm>
#include <map>

#include "core/correction.h"

namespace govmedia::core {
namespace {

const char* kQuarterNames[] = {"第一季度", "第二季度", "第三季度", "第四季度"};

std::string Percent(double r) { return std::to_string(static_cast<int>(r * 100 + 0.5)) + "%"; }

// Who checked, as the evidence says it (the contract's codes are not for people).
std::string HigherLevelName(const std::string& level) {
  if (level == "state_council") return "国务院办公厅";
  if (level == "province") return "省政府办公厅";
  if (level == "suzhou") return "苏州市政府办公室";
  return level;
}

}  // namespace

Date QuarterEnd(int year, int q) {
  static constexpr int kMonth[] = {3, 6, 9, 12};
  static constexpr int kDay[] = {31, 30, 30, 31};
  return *Date::FromYmd(year, kMonth[q], kDay[q]);
}

Result<AssessmentResult> ScoreAssessment(const IndicatorSet& set, const WorkCalendar& calendar,
                                         const AssessmentCase& c) {
  const auto& rules = set.assessment;
  AssessmentResult r;
  r.year = c.year;
  r.unit = c.unit;
  r.indicator_set = set.id;
  r.indicator_set_version = set.version;

  // Facts per indicator: occurrences and evidence. Each indicator id names what it checks; its
  // numbers come from the set.
  std::map<std::string, AssessmentLine> found;
  auto note = [&](const std::string& id, int n, std::string evidence) {
    if (n <= 0 || !rules.Find(id)) return;
    AssessmentLine& l = found[id];
    l.indicator = id;
    l.occurrences += n;
    l.evidence.push_back(std::move(evidence));
  };

  // The running year: what is not yet due on as_of is pending, not a fault.
  const Date year_end = *Date::FromYmd(c.year, 12, 31);
  r.as_of = c.as_of;
  r.provisional = c.as_of && *c.as_of <= year_end;
  auto due = [&](Date deadline) { return !c.as_of || *c.as_of > deadline; };
  auto pending = [&](const char* id, std::string what, Date deadline) {
    if (rules.Find(id)) r.pending.push_back({id, std::move(what), deadline});
  };

  // ---- Vetoes ----
  int other_unqualified = 0;
  for (size_t i = 0; i < c.higher_checks.size(); ++i) {
    const auto& h = c.higher_checks[i];
    if (h.qualified) continue;
    if (h.serious_error) {
      note("veto.higher_check_serious", 1, "上级抽查（" + HigherLevelName(h.level) + "）中因出现严重错误被判定为不合格");
    } else {
      ++other_unqualified;
    }
  }
  if (const auto* ind = rules.Find("veto.higher_check_unqualified_2plus");
      ind && other_unqualified >= std::max(1, ind->threshold)) {
    note(ind->id, other_unqualified, std::to_string(other_unqualified) + " 个政务新媒体在上级抽查中因其他原因被判定为不合格");
  }
  for (int q = 0; q < 4; ++q) {
    if (c.quarterly_inspections[q]) continue;
    if (due(QuarterEnd(c.year, q))) {
      note("veto.no_quarterly_inspection", 1, std::string(kQuarterNames[q]) + "未组织开展检查");
    } else {
      pending("veto.no_quarterly_inspection", std::string(kQuarterNames[q]) + "检查（进行中）", QuarterEnd(c.year, q));
    }
  }
  if (const auto* ind = rules.Find("veto.no_account"); ind && c.category == ind->category && c.accounts == 0) {
    note(ind->id, 1, c.category + "未开设政务新媒体");
  }
  if (c.fraud) note("veto.fraud", 1, "管理工作中存在弄虚作假行为");

  for (const auto& ind : rules.indicators) {
    if (ind.veto && found.count(ind.id)) r.vetoes.push_back(found[ind.id]);
  }
  if (!r.vetoes.empty()) {
    r.qualified = false;
    return r;
  }

  // ---- Deductions ----
  if (const auto* ind = rules.Find("rectification.overdue")) {
    for (size_t i = 0; i < c.rectifications.size(); ++i) {
      const auto& x = c.rectifications[i];
      const Date due_on = x.published_on.AddDays(ind->days);
      if (!x.rectified_on && !due(due_on)) {
        pending(ind->id.c_str(), "通报（" + x.published_on.ToString() + "）问题整改（未到期）", due_on);
      } else if (!x.rectified_on) {
        note(ind->id, 1, "通报（" + x.published_on.ToString() + "）问题未整改");
      } else if (*x.rectified_on > due_on) {
        note(ind->id, 1, "通报（" + x.published_on.ToString() + "）问题于 " + x.rectified_on->ToString() + " 整改，超过 " +
                             due_on.ToString() + "（" + std::to_string(ind->days) + " 日内）");
      }
    }
  }
  for (int q = 0; q < 4; ++q) {
    const Date end = QuarterEnd(c.year, q);
    const auto& rep = c.quarterly_reports[q];
    if (!rep && !due(end)) {
      pending("spot_check.report_late", std::string(kQuarterNames[q]) + "检查整改情况报告（未到期）", end);
    } else if (!rep) {
      note("spot_check.report_late", 1, std::string(kQuarterNames[q]) + "检查整改情况未报送");
    } else if (*rep > end) {
      note("spot_check.report_late", 1, std::string(kQuarterNames[q]) + "检查整改情况于 " + rep->ToString() +
                                            " 报送，晚于 " + end.ToString());
    }
  }
  if (c.annual_coverage < 1.0 && !due(year_end)) {
    pending("spot_check.coverage_incomplete", "年度检查覆盖率目前 " + Percent(c.annual_coverage) + "（年度未结束）", year_end);
  } else if (c.annual_coverage < 1.0) {
    note("spot_check.coverage_incomplete", 1, "年度检查覆盖率 " + Percent(c.annual_coverage) + "，未实现全覆盖");
  }
  note("consolidation.similar_accounts", c.similar_account_groups,
       std::to_string(c.similar_account_groups) + " 起同一平台开设 3 个（含）以上业务相近账号");
  note("consolidation.closure_not_done", c.closures_not_done,
       std::to_string(c.closures_not_done) + " 个账号已报关停却未关停或未发布停更公告");
  const auto* late = rules.Find("filing.late");
  for (size_t i = 0; i < c.filings.size(); ++i) {
    const auto& f = c.filings[i];
    const std::string what = std::string(FilingKindLabel(f.kind)) + "（事件日 " + f.event_on.ToString() + "）";
    if (f.kind == FilingKind::kOpen && !f.applied) note("filing.opened_without_application", 1, what + "未经申请即开设");
    if (!late) continue;
    auto deadline = calendar.AddWorkdays(f.event_on, late->workdays);
    if (!deadline.ok())
      return Status::InvalidArgument("filings[" + std::to_string(i) + "].event_on", deadline.status().message());
    if (!f.filed_on && !due(*deadline)) {
      pending(late->id.c_str(), what + "备案（未到期）", *deadline);
      continue;
    }
    if (!f.filed_on) {
      note(late->id, 1, what + "未备案");
      continue;
    }
    if (*f.filed_on > *deadline) {
      note(late->id, 1, what + "于 " + f.filed_on->ToString() + " 备案，超过 " + std::to_string(late->workdays) + " 个工作日");
    }
  }
  if (const auto* ind = rules.Find("interaction.correction_late")) {
    // Judged on as_of; a year judged as over leaves nothing pending.
    const Date judge_on = c.as_of.value_or(year_end.AddDays(36500));
    for (const auto& x : c.corrections) {
      const CorrectionDue due{x.accept_by, x.answer_by};
      const CorrectionTimeline t{x.submitted_on, x.accepted_on, x.answered_on, x.rejected};
      const auto j = JudgeCorrection(due, t, judge_on);
      const std::string what = "网民纠错 " + x.ticket + "（" + x.submitted_on.ToString() + " 提交）";
      if (j.accept == CorrectionTimeliness::kLate) {
        note(ind->id, 1, what + (x.accepted_on ? "于 " + x.accepted_on->ToString() + " 受理，晚于 " : "未在期限内受理，应于 ") +
                             x.accept_by.ToString() + (x.accepted_on ? "" : " 前受理"));
      } else if (j.answer == CorrectionTimeliness::kLate && x.answer_by) {
        note(ind->id, 1, what + (x.answered_on ? "于 " + x.answered_on->ToString() + " 答复，晚于 " : "未在期限内答复，应于 ") +
                             x.answer_by->ToString() + (x.answered_on ? "" : " 前答复"));
      } else if (j.accept == CorrectionTimeliness::kPending) {
        pending(ind->id.c_str(), what + "受理（未到期）", x.accept_by);
      } else if (j.answer == CorrectionTimeliness::kPending && x.answer_by) {
        pending(ind->id.c_str(), what + "答复（未到期）", *x.answer_by);
      }
    }
  }
  note("scope.account_missing", c.accounts_outside_scope,
       std::to_string(c.accounts_outside_scope) + " 个政务新媒体应纳入而未纳入监管范围");
  if (!c.in_performance_evaluation) note("evaluation.missing", 1, "未将政务新媒体工作纳入年度绩效考核");

  std::map<std::string, int> item_points;
  for (const auto& ind : rules.indicators) {
    if (ind.veto || ind.bonus) continue;
    auto it = found.find(ind.id);
    if (it == found.end()) continue;
    AssessmentLine line = it->second;
    line.points = line.occurrences * ind.points;
    if (ind.max) line.points = std::min(line.points, *ind.max);
    item_points[ind.item] += line.points;
    r.deductions.push_back(std::move(line));
  }
  int lost = 0;
  for (const auto& item : rules.items) {
    auto it = item_points.find(item.id);
    if (it == item_points.end() || it->second == 0) continue;
    const int points = std::min(it->second, item.max);
    lost += points;
    r.items.push_back({item.id, points, item.max});
  }
  r.deduction_score = std::max(0, rules.full_score - lost);

  // ---- Bonus: only above the threshold ----
  int bonus = 0;
  if (*r.deduction_score > rules.bonus_above) {
    if (const auto* ind = rules.Find("bonus.inspection_ratio")) {
      // Quarters not yet over are left out: their coverage is still growing.
      double lowest = 2.0;
      for (int q = 0; q < 4; ++q)
        if (due(QuarterEnd(c.year, q))) lowest = std::min(lowest, c.quarterly_coverage[q]);
      for (const auto& tier : ind->tiers) {  // highest tier first, as the set lists them
        if (lowest <= 1.0 && lowest >= tier.min_ratio) {
          r.bonuses.push_back({ind->id, 1, tier.points, {"每季度检查比例均不低于 " + Percent(tier.min_ratio)}});
          break;
        }
      }
    }
    if (const auto* ind = rules.Find("bonus.pass_rate")) {
      const bool all_passed = std::all_of(c.higher_checks.begin(), c.higher_checks.end(),
                                          [](const HigherCheck& h) { return h.qualified; });
      if (!c.higher_checks.empty() && all_passed) {
        r.bonuses.push_back({ind->id, static_cast<int>(c.higher_checks.size()), ind->points,
                             {std::to_string(c.higher_checks.size()) + " 次上级抽查全部合格"}});
      }
    }
    if (const auto* ind = rules.Find("bonus.commendation"); ind && !c.commendations.empty()) {
      int points = 0;
      for (size_t i = 0; i < c.commendations.size(); ++i) {
        auto it = ind->levels.find(c.commendations[i]);
        if (it == ind->levels.end()) {
          return Status::InvalidArgument("commendations[" + std::to_string(i) + "].level",
                                         "未知的表彰级别：" + c.commendations[i]);
        }
        points += it->second;
      }
      if (ind->max) points = std::min(points, *ind->max);
      r.bonuses.push_back({ind->id, static_cast<int>(c.commendations.size()), points,
                           {std::to_string(c.commendations.size()) + " 次表彰表扬"}});
    }
    for (const auto& b : r.bonuses) bonus += b.points;
    bonus = std::min(bonus, rules.bonus_cap);
  }
  r.bonus = bonus;
  r.score = *r.deduction_score + bonus;
  r.qualified = *r.score >= rules.pass_score;
  return r;
}

}  // namespace govmedia::core
