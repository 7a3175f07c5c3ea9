// Scoring one unit's year against 附件3 (政务新媒体监管工作年度考核指标). Pure; thread-safe.
//
// contracts/assessment.md is the specification. The document: any veto → unqualified and nothing
// else is scored; deductions are capped per line and per item (单项指标扣分之和不超过本项指标总分值);
// below 60 unqualified; bonus points only above 80, the final score being deductions' score plus
// bonus. Numbers come from the IndicatorSet.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/indicator_set.h"
#include "core/lifecycle.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace govmedia::core {

struct HigherCheck {
  std::string level;  // state_council, province, suzhou
  bool qualified = true;
  bool serious_error = false;
};

struct RectificationFact {
  Date published_on;
  std::optional<Date> rectified_on;
};

struct FilingFact {
  FilingKind kind = FilingKind::kOpen;
  Date event_on;
  std::optional<Date> filed_on;  // nullopt: never filed, counted late
  bool applied = true;           // for open: was there an approved application
};

/// A netizen's correction report (纠错) of the year, with its deadlines already counted in
/// working days (core/correction.h).
struct CorrectionFact {
  std::string ticket;
  Date submitted_on;
  Date accept_by;
  std::optional<Date> answer_by;  // once accepted
  std::optional<Date> accepted_on, answered_on;
  bool rejected = false;
};

struct AssessmentCase {
  int year = 0;
  std::string unit;
  std::string category;
  int accounts = 0;
  std::array<bool, 4> quarterly_inspections{};
  std::array<std::optional<Date>, 4> quarterly_reports{};
  std::array<double, 4> quarterly_coverage{};
  double annual_coverage = 0;
  std::vector<RectificationFact> rectifications;
  std::vector<FilingFact> filings;
  /// Scored only when the set has interaction.correction_late (the national assessment's
  /// 网民留言办理 line): a report not accepted or answered by its day is one occurrence.
  std::vector<CorrectionFact> corrections;
  int similar_account_groups = 0;
  int closures_not_done = 0;
  int accounts_outside_scope = 0;
  bool in_performance_evaluation = true;
  bool fraud = false;
  std::vector<HigherCheck> higher_checks;
  std::vector<std::string> commendations;  // levels: suzhou, province, national
  /// The day the year is judged on. A quarter, a quarterly report, a rectification or a filing
  /// whose deadline is not yet past on this day is pending (进行中/未到期): never a deduction or a
  /// veto. nullopt: the year is judged as over (every deadline past).
  std::optional<Date> as_of;
};

/// Something not yet due on `as_of`: left out of the result until its deadline passes.
struct PendingFact {
  std::string indicator;
  std::string what;
  Date due_on;
};

struct AssessmentLine {
  std::string indicator;
  int occurrences = 0;
  int points = 0;  // after the line's cap
  std::vector<std::string> evidence;
};

struct ItemTotal {
  std::string item;
  int points = 0;  // after the item's cap
  int max = 0;
};

struct AssessmentResult {
  int year = 0;
  std::string unit;
  std::string indicator_set;
  int indicator_set_version = 0;
  bool qualified = false;
  std::optional<int> deduction_score, bonus, score;  // nullopt when vetoed
  std::vector<AssessmentLine> vetoes;
  std::vector<ItemTotal> items;
  std::vector<AssessmentLine> deductions;
  std::vector<AssessmentLine> bonuses;
  std::optional<Date> as_of;  // the case's
  /// True while the year is not over on `as_of`: the result can still change.
  bool provisional = false;
  std::vector<PendingFact> pending;
};

/// The last day of quarter q (0-based) of `year`: 03-31, 06-30, 09-30, 12-31.
Date QuarterEnd(int year, int q);

/// Scores a case. InvalidArgument naming the field for an uncovered calendar year where a filing's
/// lateness needs working days ("filings[2].event_on"), or a commendation level the set does not
/// know ("commendations[0].level").
Result<AssessmentResult> ScoreAssessment(const IndicatorSet& set, const WorkCalendar& calendar,
                                         const AssessmentCase& c);

}  // namespace govmedia::core
