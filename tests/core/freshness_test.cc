// The freshness monitor at the edges of its windows: a window (t − d, t] includes its end and
// excludes its start, exactly as the 2-week veto of contracts/inspection.md counts.
#include "core/freshness.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace govmedia::core {
namespace {

constexpr int64_t kDay = kSecondsPerDay;
const int64_t kT = *ParseRfc3339("2024-10-18T10:00:00+08:00");

FreshnessRule Rule() { return {14, 7, 4, 30, 1}; }

Freshness At(std::vector<int64_t> posts, FreshnessInput in = {}) {
  in.posts = std::move(posts);
  in.has_source = true;
  return ComputeFreshness(in, kT, Rule(), {7, 10});
}

TEST(Freshness, TheVetoWindowExcludesItsStartAndIncludesItsEnd) {
  EXPECT_EQ(At({kT - 14 * kDay}).level, FreshnessLevel::kVeto);
  EXPECT_EQ(At({kT - 14 * kDay + 1}).level, FreshnessLevel::kDanger);
  EXPECT_EQ(At({kT - 10 * kDay}).level, FreshnessLevel::kDanger);
  EXPECT_EQ(At({kT - 10 * kDay + 1}).level, FreshnessLevel::kWarn);
  EXPECT_EQ(At({kT - 7 * kDay}).level, FreshnessLevel::kWarn);
  EXPECT_EQ(At({kT - 7 * kDay + 1}).level, FreshnessLevel::kOk);
  EXPECT_EQ(At({kT}).level, FreshnessLevel::kOk);
  // A post after t does not count for t.
  EXPECT_EQ(At({kT + 60}).level, FreshnessLevel::kVeto);
}

TEST(Freshness, WeeklyWindowsCountPostsOnTheirEndNotTheirStart) {
  auto f = At({kT - 28 * kDay, kT - 21 * kDay, kT - 7 * kDay, kT - 7 * kDay + 1, kT});
  // (t−7, t] holds t−7+1 and t; (t−14, t−7] holds t−7; (t−21, t−14] none; (t−28, t−21] holds t−21.
  EXPECT_EQ(f.windows, (std::array<int, 4>{2, 1, 0, 1}));
  EXPECT_DOUBLE_EQ(*f.days_silent, 0.0);
  EXPECT_EQ(*f.next_threshold_at, kT + 7 * kDay);
}

TEST(Freshness, LongestGapCountsFromTheLookBackStartAndToNow) {
  auto f = At({kT - 80 * kDay, kT - 60 * kDay, kT - 3 * kDay});
  EXPECT_DOUBLE_EQ(*f.longest_gap_days, 57.0);
  auto quiet = At({kT - 200 * kDay});
  EXPECT_DOUBLE_EQ(*quiet.longest_gap_days, kGapLookBackDays);
  EXPECT_EQ(quiet.level, FreshnessLevel::kVeto);
}

TEST(Freshness, ALastPostOlderThanTheListedOnesStillSaysHowLongItIsSilent) {
  FreshnessInput in;
  in.last_post = kT - 100 * kDay;
  auto f = At({}, in);
  EXPECT_DOUBLE_EQ(*f.days_silent, 100.0);
  EXPECT_EQ(f.level, FreshnessLevel::kVeto);
}

TEST(Freshness, AFailingSourceIsNotSilentAndNoSourceIsNotJudged) {
  FreshnessInput failing;
  failing.source_failing = true;
  EXPECT_EQ(At({kT - 20 * kDay}, failing).level, FreshnessLevel::kSourceFailing);
  FreshnessInput none;
  none.has_source = false;
  EXPECT_EQ(ComputeFreshness(none, kT, Rule(), {7, 10}).level, FreshnessLevel::kNoSource);
}

TEST(Freshness, AServiceAccountBelowOnceAWeekIsWarnedEvenWhenRecent) {
  FreshnessInput svc;
  svc.wechat_service = true;
  // Four posts in (t − 30, t]: 7·4 = 28 < 30, below the weekly average.
  auto f = At({kT - 25 * kDay, kT - 18 * kDay, kT - 11 * kDay, kT - 1 * kDay}, svc);
  EXPECT_EQ(f.posts_in_service_window, 4);
  EXPECT_TRUE(f.service_short);
  EXPECT_EQ(f.level, FreshnessLevel::kWarn);
  auto enough = At({kT - 29 * kDay, kT - 25 * kDay, kT - 18 * kDay, kT - 11 * kDay, kT - 1 * kDay}, svc);
  EXPECT_EQ(enough.level, FreshnessLevel::kOk);
}

}  // namespace
}  // namespace govmedia::core
