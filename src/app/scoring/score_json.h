// The JSON of contracts/inspection.md and contracts/assessment.md: cases in, results out. Every
// input error names its field, prefixed by `path` ("[3]." in a batch) so one line says where.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/assessment_scoring.h"
#include "core/inspection_scoring.h"

namespace govmedia::app {

/// Finds a set by id ("" = the current default); NotFound when unknown.
using SetLookup = std::function<core::Result<core::IndicatorSet>(const std::string& id)>;

struct ParsedInspection {
  core::IndicatorSet set;
  core::InspectionCase c;
};
core::Result<ParsedInspection> ParseInspectionCase(const nlohmann::json& j, const SetLookup& sets,
                                                   const std::string& path = "");
nlohmann::json InspectionResultJson(const core::InspectionResult& r);

struct ParsedAssessment {
  core::IndicatorSet set;
  core::AssessmentCase c;
};
core::Result<ParsedAssessment> ParseAssessmentCase(const nlohmann::json& j, const SetLookup& sets,
                                                   const std::string& path = "");
nlohmann::json AssessmentResultJson(const core::AssessmentResult& r);

}  // namespace govmedia::app
