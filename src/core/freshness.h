// The freshness monitor (更新监测) of one account: when it last posted, how many posts fell in
// each of the last weeks, its longest gap, and how close it is to the 2-week veto of 附件2 —
// with early warnings (预警) before it. Windows are those of contracts/inspection.md: a window
// (t − d, t] holds posts published after t − d and up to t. Pure; thread-safe.
//
// Blind days: a Beijing calendar day on which the account's collection could not see it (every
// fetch that day failed, or the last fetch before it failed and none succeeded since). Silence is
// never concluded from blind days: a veto, a danger or a warning whose silent stretch contains one
// is 无法判定（数据源异常） (kSourceFailing) instead.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/indicator_set.h"

namespace govmedia::core {

enum class FreshnessLevel { kVeto, kDanger, kWarn, kSourceFailing, kOk, kNoSource };
// kSourceFailing reads 无法判定（数据源异常）: the source fails now, or the silence rests on blind days.
std::string_view FreshnessLevelId(FreshnessLevel l);  // "warn"
/// Most at risk first: the order lists are sorted in.
int FreshnessRank(FreshnessLevel l);

struct FreshnessInput {
  std::vector<int64_t> posts;   // publication times (epoch seconds), ascending; may hold later ones
  std::optional<int64_t> last_post;  // the latest post at or before t, even older than `posts` reach
  bool wechat_service = false;
  bool has_source = false;      // a feed is configured or posts were ever archived
  bool source_failing = false;  // a feed is failing now (数据源异常)
  std::vector<Date> blind_days;  // days the collection was blind (BlindDays), any order
};

/// One fetch of an account's feeds: when, and whether it could see the account.
struct CollectionCheck {
  int64_t at = 0;
  bool ok = true;
};

/// The Beijing days overlapping (from, t] on which the collection was blind, ascending. A day is
/// healthy when a fetch succeeded on it; blind when fetches were made and all failed, or when none
/// was made and the last one before it had failed. Days before the first recorded fetch are not
/// blind: nothing is known against them (posts then came from imports and pushes). Checks at the
/// same second are taken in the order given.
std::vector<Date> BlindDays(std::vector<CollectionCheck> checks, int64_t from, int64_t t);

/// How many of `days` overlap (from, to].
int BlindDaysIn(const std::vector<Date>& days, int64_t from, int64_t to);

struct FreshnessThresholds {
  int warn_days = 7;
  int danger_days = 10;
};

/// Days the longest gap is measured over, ending at t.
inline constexpr int kGapLookBackDays = 90;

struct Freshness {
  FreshnessLevel level = FreshnessLevel::kNoSource;
  std::optional<double> days_silent;       // since the last post
  std::array<int, 4> windows{};            // posts in (t − 7k, t − 7(k−1)], k = 1…4
  int posts_in_service_window = 0;         // posts in (t − service_window_days, t]
  bool service_short = false;              // a WeChat service account below its weekly average
  std::optional<double> longest_gap_days;  // within (t − 90 days, t], the ends counted
  std::optional<int64_t> next_threshold_at;  // when the next warning or the veto is reached
  int blind_days_veto_window = 0;          // blind days overlapping (t − veto days, t]
  /// Set when level is kSourceFailing because the verdict the posts alone would give (veto, danger,
  /// warn) rests on blind days: that verdict, which is not given.
  std::optional<FreshnessLevel> withheld;
};

Freshness ComputeFreshness(const FreshnessInput& in, int64_t t, const FreshnessRule& rule, const FreshnessThresholds& th);

}  // namespace govmedia::core
