// The freshness monitor over every open account: the figures of core/freshness.h for each, the
// accounts at risk first. Thread-safety: safe to call concurrently.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/scoring/scoring_service.h"
#include "app/monitoring/settings_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/freshness.h"

namespace govmedia::app {

struct FreshnessRow {
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name, platform, feed_health;  // feed_health: ok, failing, none
  std::optional<int64_t> last_post;
  core::Freshness f;
  std::vector<core::Date> blind_days;  // in the 30 days before the report, ascending
  std::string source_problem;  // the latest reason the source was 数据源异常, when it was
};

struct FreshnessFilter {
  std::optional<int64_t> unit_id;
  std::string platform;
  std::string level;  // a level id, "risk" (warn, danger, veto), or empty for all
};

struct FreshnessReport {
  int64_t as_of = 0;
  core::FreshnessThresholds thresholds;
  int veto_days = 0;
  std::vector<std::pair<std::string, int>> counts;  // per level, over the filter's accounts before `level`
  std::vector<FreshnessRow> rows;
};

class FreshnessService final {
 public:
  FreshnessService(storage::Db& db, ScoringService& scoring, SettingsService& settings, const core::Clock& clock)
      : db_(db), scoring_(scoring), settings_(settings), clock_(clock) {}

  /// Open accounts the principal may see, most at risk first. InvalidArgument naming "level".
  core::Result<FreshnessReport> Report(const core::Principal& p, const FreshnessFilter& f);

  /// How long a computed report serves while nothing it reads changed, in seconds.
  static constexpr int64_t kReuseSeconds = 60;

 private:
  // Every open account's report, shared by all who ask: computed again when anything it reads
  // changed (a post, a fetch, an account, a feed's health, the thresholds, the rule) or after
  // kReuseSeconds, and only once for those who ask at the same time — a province's report reads
  // hundreds of thousands of rows, and a room of people may open it at once.
  core::Result<std::shared_ptr<const FreshnessReport>> Everything();
  core::Result<FreshnessReport> Compute(const core::FreshnessRule& rule, const core::FreshnessThresholds& thresholds);

  storage::Db& db_;
  ScoringService& scoring_;
  SettingsService& settings_;
  const core::Clock& clock_;
  std::mutex compute_mu_;  // one Compute at a time
  std::mutex cache_mu_;    // guards the three below
  std::shared_ptr<const FreshnessReport> cached_;
  std::string cached_key_;
  int64_t cached_at_ = 0;
};

/// "预警（7 天未更新）": the Chinese label of a level under the thresholds.
std::string FreshnessLabel(core::FreshnessLevel l, const core::FreshnessThresholds& th, int veto_days);

}  // namespace govmedia::app
