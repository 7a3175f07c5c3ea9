// Inspections (检查) of accounts against 附件2 and the indicator set versions they are scored
// with: findings with evidence and screenshots, derived findings and their 核减, the result
// recomputed on every change and frozen at close. Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/monitor_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/indicator_set.h"
#include "core/inspection_scoring.h"
#include "storage/audit_log.h"
#include "storage/post_store.h"
#include "storage/registry_store.h"
#include "storage/scoring_store.h"

namespace govmedia::app {

struct LoadedSet {
  storage::SetVersionRow row;
  core::IndicatorSet set;
};

struct FindingView {
  storage::FindingRow row;
  std::vector<storage::ScreenshotRow> screenshots;
};

struct InspectionView {
  storage::InspectionRow row;
  LoadedSet set;
  std::vector<FindingView> findings;
  std::vector<core::DerivedFinding> derived;
  std::vector<storage::DismissalRow> dismissals;
  nlohmann::json result;  // contracts/inspection.md's output
};

struct NewInspection {
  int64_t account_id = 0;
  std::string kind;   // self, city, higher
  std::string level;  // higher only
  std::string monitoring_time;
};

inline constexpr size_t kMaxScreenshotBytes = 5 * 1024 * 1024;

/// How far before an inspection's monitoring time its derived findings look (the longest of the
/// freshness veto, update and service windows of the set), in seconds.
int64_t LookBackSeconds(const core::IndicatorSet& set);

class ScoringService final {
 public:
  ScoringService(storage::Db& db, storage::RegistryStore& registry, storage::ScoringStore& store,
                 storage::PostStore& posts, MonitorService& monitor, storage::AuditLog& audit,
                 const core::Clock& clock)
      : db_(db), registry_(registry), store_(store), posts_(posts), monitor_(monitor), audit_(audit), clock_(clock) {}

  /// Publishes the built-in set as version 1 when no version exists yet.
  core::Status EnsureBuiltinSets();

  // Indicator sets
  core::Result<std::vector<storage::SetVersionRow>> ListSets(const core::Principal& p);
  core::Result<LoadedSet> GetSet(const core::Principal& p, int64_t row_id);
  core::Result<LoadedSet> CurrentSet();
  core::Result<LoadedSet> LoadSet(int64_t row_id);
  /// Validates and publishes `body` as the next version of its set id. InvalidArgument naming the
  /// field ("body.inspection.indicators[2].points").
  core::Result<storage::SetVersionRow> PublishSet(const core::Principal& p, const nlohmann::json& body,
                                                  const std::string& note);

  // Inspections
  core::Result<std::vector<storage::InspectionRow>> List(const core::Principal& p, storage::InspectionFilter f);
  core::Result<InspectionView> Get(const core::Principal& p, int64_t id);
  core::Result<InspectionView> Create(const core::Principal& p, const NewInspection& n);
  core::Result<InspectionView> AddFinding(const core::Principal& p, int64_t inspection_id, const std::string& indicator,
                                          int count, const std::string& evidence, const std::string& evidence_url);
  core::Result<InspectionView> WithdrawFinding(const core::Principal& p, int64_t finding_id, const std::string& reason);
  core::Result<InspectionView> AddScreenshot(const core::Principal& p, int64_t finding_id, const std::string& filename,
                                             const std::string& bytes);
  core::Result<storage::ScreenshotRow> GetScreenshot(const core::Principal& p, int64_t id);
  core::Result<InspectionView> Dismiss(const core::Principal& p, int64_t inspection_id, const std::string& indicator,
                                       const std::string& reason);
  core::Result<InspectionView> Undismiss(const core::Principal& p, int64_t dismissal_id);
  core::Result<InspectionView> Close(const core::Principal& p, int64_t id);
  /// An open inspection moves to the set version `set_row` and is rescored; a closed one is
  /// scored under it as a preview and left as it was (*preview set true).
  core::Result<nlohmann::json> Rescore(const core::Principal& p, int64_t id, int64_t set_row, bool* preview);

 private:
  core::Status CanWork(const core::Principal& p, const storage::InspectionRow& r);
  core::Result<InspectionView> Build(const storage::InspectionRow& row);
  core::Result<core::InspectionCase> CaseOf(const storage::InspectionRow& row, const core::IndicatorSet& set);
  /// Recomputes and stores the result of an open inspection.
  core::Status Recompute(int64_t id);
  core::Result<storage::InspectionRow> LoadOpen(const core::Principal& p, int64_t id);
  core::Status Audit(const core::Principal& p, const std::string& action, const std::string& entity, int64_t id,
                     const std::string& before, const std::string& after);

  storage::Db& db_;
  storage::RegistryStore& registry_;
  storage::ScoringStore& store_;
  storage::PostStore& posts_;
  MonitorService& monitor_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
