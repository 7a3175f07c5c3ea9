// Scoring one account against 附件2 (政务新媒体检查指标): findings derived from the facts plus the
// inspector's manual findings, capped per line; any veto stops scoring. Pure; thread-safe.
//
// contracts/inspection.md is the specification; PRODUCT.md's interpretations apply:
// - 内容更新不及时: the windows (t − 7k days, t − 7(k−1) days], k = 1…4, each without a post is
//   one occurrence; WeChat service accounts instead one occurrence when the 30 days before t hold
//   fewer posts than one a week on average.
// - 监测时间点前2周内无更新: no post in (t − 14 days, t], every platform; a veto.
// - Neither is concluded from days the collection was blind (InspectionCase::blind_days).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/indicator_set.h"
#include "core/status.h"

namespace govmedia::core {

struct InspectedAccount {
  std::string name;
  std::string unit;
  Platform platform = Platform::kOther;
  std::optional<Date> opened_on;
  bool opened_by_internal_body = false;
  std::optional<std::string> certification;
  bool interaction_enabled = true;
};

struct InspectedPost {
  std::string id;
  int64_t published_at = 0;  // seconds since the epoch
};

struct ManualFinding {
  std::string indicator;
  int count = 1;
  std::string evidence;
};

struct DerivedFinding {
  std::string indicator;
  int occurrences = 0;
  std::vector<std::string> evidence;
};

struct InspectionCase {
  int64_t monitoring_time = 0;
  InspectedAccount account;
  std::optional<std::vector<InspectedPost>> posts;  // absent: freshness is not derived
  /// Days the collection was blind (core::BlindDays): no silence is concluded from them.
  std::vector<Date> blind_days;
  std::vector<ManualFinding> findings;
  /// Derived findings an inspector dismissed as false positives (核减), by indicator id.
  std::set<std::string> dismissed;
  /// Findings the monitoring made on the account's posts (lexicon hits), derived like the rest.
  std::vector<DerivedFinding> monitoring;
};

enum class FindingSource { kDerived, kManual, kBoth };
std::string_view FindingSourceId(FindingSource s);  // "derived", "manual", "both"

struct Deduction {
  std::string indicator;
  int occurrences = 0;
  int points = 0;  // after the line cap
  int max = 0;
  FindingSource source = FindingSource::kManual;
  std::vector<std::string> evidence;
};

struct InspectionResult {
  std::string indicator_set;
  int indicator_set_version = 0;
  bool qualified = false;
  std::optional<int> score;          // nullopt when vetoed
  std::vector<Deduction> vetoes;     // points and max unused
  std::vector<Deduction> deductions;  // empty when vetoed
  /// Freshness rules not judged because the silence rests on blind days: 无法判定（数据源异常）.
  std::vector<std::string> undetermined;
};

/// Findings that follow from the facts alone (registry fields and posts), in the set's order.
/// Indicators the set does not hold (retired) are not derived.
std::vector<DerivedFinding> DeriveInspectionFindings(const InspectionRules& rules, const InspectionCase& c);

/// The freshness rules (2-week veto, weekly windows, service-account average) that would find
/// against the account from its posts but whose period holds blind days, each as a Chinese note
/// starting with 无法判定（数据源异常）. Those rules are not derived by DeriveInspectionFindings.
std::vector<std::string> FreshnessUndetermined(const InspectionRules& rules, const InspectionCase& c);

/// Scores a case. InvalidArgument naming "findings[i].indicator" for an indicator the set does not
/// hold, or "findings[i].count" for a count below 1.
Result<InspectionResult> ScoreInspection(const IndicatorSet& set, const InspectionCase& c);

}  // namespace govmedia::core
