// 附件3 scoring: every veto, line and item cap, the bonus only above 80, the 10-day rectification
// edge and filings across National Day on the real calendar.
#include "core/assessment_scoring.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "app/scoring/indicator_set_json.h"
#include "app/node.h"

namespace govmedia::core {
namespace {

const IndicatorSet& Set() { return app::BuiltinIndicatorSets().front(); }
const WorkCalendar& Cal() {
  static const WorkCalendar cal = app::LoadCalendar(nullptr).value();
  return cal;
}
Date D(const char* s) { return *Date::Parse(s); }

// A clean year: everything on time, full coverage.
AssessmentCase Clean() {
  AssessmentCase c;
  c.year = 2020;
  c.unit = "张浦镇";
  c.category = "区镇";
  c.accounts = 3;
  c.quarterly_inspections = {true, true, true, true};
  c.quarterly_reports = {D("2020-03-31"), D("2020-06-30"), D("2020-09-30"), D("2020-12-31")};
  c.quarterly_coverage = {1, 1, 1, 1};
  c.annual_coverage = 1;
  return c;
}

AssessmentResult Score(const AssessmentCase& c) {
  auto r = ScoreAssessment(Set(), Cal(), c);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : AssessmentResult{};
}

const AssessmentLine* Line(const AssessmentResult& r, const std::string& id) {
  for (const auto* v : {&r.vetoes, &r.deductions, &r.bonuses})
    for (const auto& l : *v)
      if (l.indicator == id) return &l;
  return nullptr;
}

TEST(AssessmentScoring, CleanYearScoresFullWithInspectionBonus) {
  auto r = Score(Clean());
  EXPECT_TRUE(r.qualified);
  EXPECT_EQ(*r.deduction_score, 100);
  EXPECT_EQ(*r.bonus, 10);  // every quarter at 100%
  EXPECT_EQ(*r.score, 110);
  EXPECT_TRUE(r.items.empty());
}

struct VetoCase {
  const char* id;
  void (*mutate)(AssessmentCase&);
};

TEST(AssessmentScoring, AHigherCheckVetoNamesTheCheckingOfficeInWords) {
  AssessmentCase c = Clean();
  c.higher_checks = {{"suzhou", false, true}};
  auto r = Score(c);
  ASSERT_EQ(r.vetoes.size(), 1u);
  ASSERT_EQ(r.vetoes[0].evidence.size(), 1u);
  EXPECT_EQ(r.vetoes[0].evidence[0], "上级抽查（苏州市政府办公室）中因出现严重错误被判定为不合格");
}

TEST(AssessmentScoring, EveryVetoStopsScoring) {
  const VetoCase cases[] = {
      {"veto.higher_check_serious", [](AssessmentCase& c) { c.higher_checks = {{"province", false, true}}; }},
      {"veto.higher_check_unqualified_2plus",
       [](AssessmentCase& c) { c.higher_checks = {{"suzhou", false, false}, {"province", false, false}}; }},
      {"veto.no_quarterly_inspection", [](AssessmentCase& c) { c.quarterly_inspections[2] = false; }},
      {"veto.no_account", [](AssessmentCase& c) { c.accounts = 0; }},
      {"veto.fraud", [](AssessmentCase& c) { c.fraud = true; }},
  };
  for (const auto& vc : cases) {
    AssessmentCase c = Clean();
    c.annual_coverage = 0.5;  // would be a deduction
    vc.mutate(c);
    auto r = Score(c);
    EXPECT_FALSE(r.qualified) << vc.id;
    ASSERT_EQ(r.vetoes.size(), 1u) << vc.id;
    EXPECT_EQ(r.vetoes[0].indicator, vc.id);
    EXPECT_FALSE(r.deduction_score || r.bonus || r.score) << vc.id;
    EXPECT_TRUE(r.items.empty() && r.deductions.empty() && r.bonuses.empty()) << vc.id;
  }
}

TEST(AssessmentScoring, OneUnqualifiedHigherCheckForOtherReasonsIsNoVeto) {
  AssessmentCase c = Clean();
  c.higher_checks = {{"province", false, false}, {"suzhou", true, false}};
  auto r = Score(c);
  EXPECT_TRUE(r.vetoes.empty());
  EXPECT_EQ(Line(r, "bonus.pass_rate"), nullptr);  // not all passed
}

TEST(AssessmentScoring, OnlyTownsMustRunAnAccount) {
  AssessmentCase c = Clean();
  c.accounts = 0;
  c.category = "市级部门";
  EXPECT_TRUE(Score(c).vetoes.empty());
}

TEST(AssessmentScoring, RectificationTenCalendarDaysInclusive) {
  AssessmentCase c = Clean();
  c.rectifications = {{D("2020-05-10"), D("2020-05-20")}};
  EXPECT_EQ(Line(Score(c), "rectification.overdue"), nullptr);
  c.rectifications = {{D("2020-05-10"), D("2020-05-21")}};
  auto r = Score(c);
  ASSERT_NE(Line(r, "rectification.overdue"), nullptr);
  EXPECT_EQ(Line(r, "rectification.overdue")->points, 10);
  // Not rectified at all, and several overdue: still 10, once.
  c.rectifications = {{D("2020-05-10"), std::nullopt}, {D("2020-08-01"), D("2020-09-01")}};
  r = Score(c);
  EXPECT_EQ(Line(r, "rectification.overdue")->occurrences, 2);
  EXPECT_EQ(Line(r, "rectification.overdue")->points, 10);
  EXPECT_EQ(*r.deduction_score, 90);
}

TEST(AssessmentScoring, QuarterlyReportsDueOnTheLastDayInclusive) {
  AssessmentCase c = Clean();
  c.quarterly_reports = {D("2020-03-31"), D("2020-07-01"), std::nullopt, D("2021-01-01")};
  auto r = Score(c);
  const auto* l = Line(r, "spot_check.report_late");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->occurrences, 3);
  EXPECT_EQ(l->points, 15);
  c.quarterly_reports = {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  r = Score(c);
  EXPECT_EQ(Line(r, "spot_check.report_late")->points, 20);  // 4 × 5 = 20, the line's cap
}

TEST(AssessmentScoring, SpotCheckItemCapsAtThirty) {
  AssessmentCase c = Clean();
  c.quarterly_reports = {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  c.annual_coverage = 0.9;
  auto r = Score(c);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].item, "spot_check");
  EXPECT_EQ(r.items[0].points, 30);
  EXPECT_EQ(r.items[0].max, 30);
  EXPECT_EQ(*r.deduction_score, 70);
}

TEST(AssessmentScoring, ConsolidationLinesAndItemCap) {
  AssessmentCase c = Clean();
  c.similar_account_groups = 4;  // 20 → line cap 15
  c.closures_not_done = 7;       // 7 → line cap 5
  auto r = Score(c);
  EXPECT_EQ(Line(r, "consolidation.similar_accounts")->points, 15);
  EXPECT_EQ(Line(r, "consolidation.closure_not_done")->points, 5);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].points, 20);
  c.similar_account_groups = 1;
  c.closures_not_done = 2;
  EXPECT_EQ(*Score(c).deduction_score, 93);
}

TEST(AssessmentScoring, FilingsLateAcrossNationalDay) {
  AssessmentCase c = Clean();
  // 2020: Oct 1–8 off, Sat Oct 10 worked. Event Sep 30: day 1 = Oct 9, day 2 = Oct 10.
  c.filings = {{FilingKind::kOpen, D("2020-09-30"), D("2020-10-10"), true},
               {FilingKind::kChange, D("2020-09-30"), D("2020-10-11"), true}};
  auto r = Score(c);
  const auto* l = Line(r, "filing.late");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->occurrences, 1);
  EXPECT_EQ(l->points, 2);
  // 2019: Oct 1–7 off, Sat Oct 12 worked. Event Sep 30 → due Oct 9.
  c.year = 2019;
  c.quarterly_reports = {D("2019-03-31"), D("2019-06-30"), D("2019-09-30"), D("2019-12-31")};
  c.filings = {{FilingKind::kClose, D("2019-09-30"), D("2019-10-09"), true},
               {FilingKind::kCancel, D("2019-09-30"), D("2019-10-10"), true}};
  r = Score(c);
  EXPECT_EQ(Line(r, "filing.late")->occurrences, 1);
}

TEST(AssessmentScoring, OpenedWithoutApplicationAndTheFilingItemCap) {
  AssessmentCase c = Clean();
  for (int i = 0; i < 3; ++i) c.filings.push_back({FilingKind::kOpen, D("2020-03-02"), D("2020-03-03"), false});
  for (int i = 0; i < 4; ++i) c.filings.push_back({FilingKind::kChange, D("2020-03-02"), D("2020-03-20"), true});
  auto r = Score(c);
  EXPECT_EQ(Line(r, "filing.opened_without_application")->points, 15);
  EXPECT_EQ(Line(r, "filing.late")->points, 8);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].points, 20);  // 23 → the item's 20
  // A filing never made counts as late.
  c = Clean();
  c.filings = {{FilingKind::kChange, D("2020-03-02"), std::nullopt, true}};
  EXPECT_EQ(Line(Score(c), "filing.late")->occurrences, 1);
}

TEST(AssessmentScoring, ScopeAndEvaluation) {
  AssessmentCase c = Clean();
  c.accounts_outside_scope = 12;  // 12 → item cap 10
  c.in_performance_evaluation = false;
  auto r = Score(c);
  EXPECT_EQ(Line(r, "scope.account_missing")->points, 12);
  EXPECT_EQ(Line(r, "evaluation.missing")->points, 10);
  EXPECT_EQ(*r.deduction_score, 80);
}

TEST(AssessmentScoring, UncoveredYearIsAnErrorNamingIt) {
  AssessmentCase c = Clean();
  c.year = 2027;
  c.filings = {{FilingKind::kOpen, D("2027-03-01"), D("2027-03-02"), true}};
  auto r = ScoreAssessment(Set(), Cal(), c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "filings[0].event_on");
  EXPECT_NE(r.status().message().find("2027"), std::string::npos);
}

TEST(AssessmentBonus, OnlyAboveEighty) {
  AssessmentCase c = Clean();
  c.commendations = {"suzhou"};
  c.in_performance_evaluation = false;  // -10
  c.annual_coverage = 0.5;              // -10 → 80
  auto at80 = Score(c);
  EXPECT_EQ(*at80.deduction_score, 80);
  EXPECT_EQ(*at80.bonus, 0);
  EXPECT_EQ(*at80.score, 80);
  EXPECT_TRUE(at80.bonuses.empty());
  c.annual_coverage = 1;
  c.closures_not_done = 9;  // -5 → 85
  auto at85 = Score(c);
  EXPECT_EQ(*at85.bonus, 11);  // 10 inspection ratio + 1 Suzhou commendation
  EXPECT_EQ(*at85.score, 96);
  c.closures_not_done = 5;
  c.accounts_outside_scope = 4;  // evaluation −10, closures −5, scope −4 → 81
  auto at81 = Score(c);
  EXPECT_EQ(*at81.deduction_score, 81);
  EXPECT_GT(*at81.bonus, 0);
}

TEST(AssessmentBonus, BelowSixtyIsUnqualified) {
  AssessmentCase c = Clean();
  c.quarterly_reports = {std::nullopt, std::nullopt, std::nullopt, std::nullopt};  // spot_check 20
  c.annual_coverage = 0.5;                                                         // spot_check 30
  c.in_performance_evaluation = false;                                             // 10 → 60
  auto r = Score(c);
  EXPECT_EQ(*r.score, 60);
  EXPECT_TRUE(r.qualified);
  c.accounts_outside_scope = 1;  // 59
  r = Score(c);
  EXPECT_EQ(*r.score, 59);
  EXPECT_FALSE(r.qualified);
}

TEST(AssessmentBonus, InspectionRatioTiers) {
  AssessmentCase c = Clean();
  c.quarterly_coverage = {1, 0.7, 1, 0.8};
  EXPECT_EQ(Line(Score(c), "bonus.inspection_ratio")->points, 5);
  c.quarterly_coverage = {1, 0.69, 1, 1};
  EXPECT_EQ(Line(Score(c), "bonus.inspection_ratio"), nullptr);
}

TEST(AssessmentBonus, PassRateNeedsAtLeastOneCheck) {
  AssessmentCase c = Clean();
  EXPECT_EQ(Line(Score(c), "bonus.pass_rate"), nullptr);
  c.higher_checks = {{"state_council", true, false}, {"suzhou", true, false}};
  EXPECT_EQ(Line(Score(c), "bonus.pass_rate")->points, 10);
}

TEST(AssessmentBonus, CommendationsCapAtTenAndTheTotalAtThirty) {
  AssessmentCase c = Clean();
  c.commendations = {"suzhou", "province", "national"};
  EXPECT_EQ(Line(Score(c), "bonus.commendation")->points, 5);
  c.commendations = {"national", "national", "province", "province", "province", "suzhou"};
  c.higher_checks = {{"province", true, false}};
  auto r = Score(c);
  EXPECT_EQ(Line(r, "bonus.commendation")->points, 10);
  EXPECT_EQ(*r.bonus, 30);
  EXPECT_EQ(*r.score, 130);
}

TEST(AssessmentScoring, RandomCasesStayWithinBounds) {
  std::mt19937 rng(2019);
  const char* levels[] = {"suzhou", "province", "national"};
  for (int round = 0; round < 2000; ++round) {
    AssessmentCase c = Clean();
    for (int q = 0; q < 4; ++q) {
      if (rng() % 3 == 0) c.quarterly_reports[q].reset();
      c.quarterly_coverage[q] = (rng() % 101) / 100.0;
    }
    c.annual_coverage = (rng() % 101) / 100.0;
    c.similar_account_groups = static_cast<int>(rng() % 6);
    c.closures_not_done = static_cast<int>(rng() % 9);
    c.accounts_outside_scope = static_cast<int>(rng() % 15);
    c.in_performance_evaluation = rng() % 2;
    for (int i = static_cast<int>(rng() % 8); i > 0; --i) c.commendations.push_back(levels[rng() % 3]);
    for (int i = static_cast<int>(rng() % 3); i > 0; --i) c.higher_checks.push_back({"province", rng() % 5 != 0, false});
    for (int i = static_cast<int>(rng() % 4); i > 0; --i)
      c.rectifications.push_back({D("2020-04-01"), D("2020-04-01").AddDays(static_cast<int>(rng() % 20))});
    for (int i = static_cast<int>(rng() % 6); i > 0; --i)
      c.filings.push_back({FilingKind::kChange, D("2020-05-06"), D("2020-05-06").AddDays(static_cast<int>(rng() % 6)),
                           rng() % 3 != 0});
    auto r = ScoreAssessment(Set(), Cal(), c);
    ASSERT_TRUE(r.ok());
    if (!r->vetoes.empty()) continue;
    EXPECT_GE(*r->deduction_score, 0);
    EXPECT_LE(*r->deduction_score, 100);
    EXPECT_GE(*r->bonus, 0);
    EXPECT_LE(*r->bonus, 30);
    if (*r->deduction_score <= 80) EXPECT_EQ(*r->bonus, 0);
    int items = 0;
    for (const auto& i : r->items) {
      EXPECT_LE(i.points, i.max);
      items += i.points;
    }
    EXPECT_EQ(*r->deduction_score, 100 - items);
    EXPECT_EQ(*r->score, *r->deduction_score + *r->bonus);
    EXPECT_EQ(r->qualified, *r->score >= 60);
  }
}

}  // namespace
}  // namespace govmedia::core

namespace govmedia::core {
namespace {

// Issue 11: the running year is judged as it stands. On 29 November the fourth quarter, its report
// and a rectification published a week ago are not yet due: never a veto, never a deduction.
AssessmentCase RunningYear() {
  AssessmentCase c = Clean();
  c.quarterly_inspections = {true, true, true, false};
  c.quarterly_reports = {D("2020-03-31"), D("2020-06-30"), D("2020-09-30"), std::nullopt};
  c.quarterly_coverage = {1, 1, 1, 0};
  c.annual_coverage = 0.6;
  c.rectifications = {{D("2020-11-22"), std::nullopt}};
  c.filings = {{FilingKind::kOpen, D("2020-11-27"), std::nullopt, true}};  // due 2020-12-01
  c.as_of = D("2020-11-29");
  return c;
}

TEST(AssessmentScoring, Issue11WhatIsNotYetDueIsPendingNotAFault) {
  auto r = Score(RunningYear());
  EXPECT_TRUE(r.vetoes.empty());
  EXPECT_TRUE(r.deductions.empty());
  EXPECT_TRUE(r.qualified);
  EXPECT_EQ(*r.deduction_score, 100);
  EXPECT_EQ(*r.bonus, 10);  // the three quarters that are over were covered fully
  EXPECT_TRUE(r.provisional);
  std::set<std::string> pending;
  for (const auto& p : r.pending) pending.insert(p.indicator + "@" + p.due_on.ToString());
  EXPECT_EQ(pending, (std::set<std::string>{"veto.no_quarterly_inspection@2020-12-31", "spot_check.report_late@2020-12-31",
                                            "spot_check.coverage_incomplete@2020-12-31",
                                            "rectification.overdue@2020-12-02", "filing.late@2020-12-01"}));
}

TEST(AssessmentScoring, Issue11TheSameYearAfterItsEndIsDeductedAndVetoed) {
  AssessmentCase c = RunningYear();
  c.as_of = D("2021-01-01");
  auto r = Score(c);
  EXPECT_FALSE(r.provisional);
  EXPECT_TRUE(r.pending.empty());
  ASSERT_EQ(r.vetoes.size(), 1u);
  EXPECT_EQ(r.vetoes[0].indicator, "veto.no_quarterly_inspection");
  // Judged as over (no as_of): the same.
  c.as_of.reset();
  EXPECT_EQ(Score(c).vetoes.size(), 1u);
  // With the fourth quarter inspected, what is still missing is deducted.
  c.quarterly_inspections[3] = true;
  c.as_of = D("2021-01-01");
  r = Score(c);
  EXPECT_NE(Line(r, "spot_check.report_late"), nullptr);
  EXPECT_NE(Line(r, "rectification.overdue"), nullptr);
  EXPECT_NE(Line(r, "filing.late"), nullptr);
  EXPECT_NE(Line(r, "spot_check.coverage_incomplete"), nullptr);
}

TEST(AssessmentScoring, Issue11TheLastDayOfAQuarterIsStillWithinIt) {
  AssessmentCase c = RunningYear();
  c.as_of = D("2020-12-31");  // the report may still come today
  EXPECT_TRUE(Score(c).vetoes.empty());
  c.quarterly_inspections[2] = false;  // the third quarter ended on 09-30: a veto
  c.as_of = D("2020-10-01");
  auto r = Score(c);
  ASSERT_EQ(r.vetoes.size(), 1u);
  EXPECT_EQ(r.vetoes[0].evidence[0], "第三季度未组织开展检查");
}

}  // namespace
}  // namespace govmedia::core
