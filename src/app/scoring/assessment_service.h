// The annual assessment (年度考核) of every unit against 附件3, computed from what the platform
// records (accounts, filings and their lateness, self-inspections per quarter, closed higher-level
// checks) and what the city office enters for a unit and year; previewed, finalised (frozen),
// ranked and exported. Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/interaction/correction_service.h"
#include "app/supervision/rectification_service.h"
#include "app/supervision/scope_service.h"
#include "app/scoring/scoring_service.h"
#include "app/supervision/supervision_service.h"
#include "core/work_calendar.h"

namespace govmedia::app {

struct AssessmentRow {
  core::Unit unit;
  std::optional<int> rank;
  bool final = false;
  nlohmann::json result;  // contracts/assessment.md's output, or {"error": {...}} when it cannot be scored
  /// What a person reads of the result, the same on the page and in the XLSX (AssessmentSummary).
  nlohmann::json summary;
};

struct AssessmentDetail {
  AssessmentRow row;
  nlohmann::json inputs;  // as entered (defaults filled in)
  nlohmann::json facts;   // taken from the registry
};

class AssessmentService final {
 public:
  AssessmentService(storage::Db& db, storage::RegistryStore& registry, storage::ScoringStore& store,
                    ScoringService& scoring, SupervisionService& supervision, RectificationService& rectifications,
                    ScopeService& scope, CorrectionService& corrections, storage::AuditLog& audit,
                    const core::WorkCalendar& calendar, const core::Clock& clock)
      : db_(db), registry_(registry), store_(store), scoring_(scoring), supervision_(supervision),
        rectifications_(rectifications), scope_(scope), corrections_(corrections), audit_(audit), calendar_(calendar),
        clock_(clock) {}

  /// Every unit in scope for the year, ranked by score (vetoed and unscorable last).
  core::Result<std::vector<AssessmentRow>> List(const core::Principal& p, int year);
  core::Result<AssessmentDetail> Get(const core::Principal& p, int64_t unit_id, int year);
  /// Replaces the entered inputs with `inputs` (validated as the contract's fields); InvalidArgument
  /// naming the field. Conflict once the year is final.
  core::Result<AssessmentRow> SaveInputs(const core::Principal& p, int64_t unit_id, int year, const nlohmann::json& inputs);
  /// Freezes every unit's result for the year; Conflict if already final, InvalidArgument naming
  /// the unit when one cannot be scored.
  core::Status Finalize(const core::Principal& p, int year);
  /// The year's table in the shape of 附件3, as an XLSX file's bytes.
  core::Result<std::string> ExportXlsx(const core::Principal& p, int year);

 private:
  /// The contract's input JSON for a unit's year: facts from the registry plus entered inputs.
  /// The year is judged as it stands today (as_of: what is not yet due is pending), or, with
  /// `as_over`, as if it were over (finalising: every deadline counts).
  core::Result<nlohmann::json> CaseJson(const core::Unit& u, int year, nlohmann::json* facts, nlohmann::json* inputs,
                                        bool as_over = false);
  core::Result<AssessmentRow> Compute(const core::Unit& u, int year, bool as_over = false);
  core::Result<std::vector<AssessmentRow>> Rows(const core::Principal& p, int year, bool as_over);
  core::Result<std::vector<core::Unit>> UnitsInScope(const core::Principal& p);

  storage::Db& db_;
  storage::RegistryStore& registry_;
  storage::ScoringStore& store_;
  ScoringService& scoring_;
  SupervisionService& supervision_;
  RectificationService& rectifications_;
  ScopeService& scope_;
  CorrectionService& corrections_;
  storage::AuditLog& audit_;
  const core::WorkCalendar& calendar_;
  const core::Clock& clock_;
};

/// Writes rows into an XLSX laid out like 附件3 (one row per unit, a column per indicator).
/// The one reading of a result that the page and the XLSX both show: {"verdict": 合格 / 不合格 /
/// 单项否决（未评分） / 无法评分, "provisional", "scored", "items": [{"item", "name", "max",
/// "points" (null when not scored)}], "deduction_score", "bonus", "score" (null when not scored),
/// "vetoes": [names], "notes": [lines], "pending": [lines]}. A vetoed unit is not scored: its item
/// columns are empty, never 0.
nlohmann::json AssessmentSummary(const nlohmann::json& result, const core::IndicatorSet& set, bool final);
core::Result<std::string> AssessmentXlsx(int year, const core::IndicatorSet& set, const std::vector<AssessmentRow>& rows);

}  // namespace govmedia::app
