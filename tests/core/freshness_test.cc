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

namespace govmedia::core {
namespace {

// Days seen by the collection, as the poller records them.
Date DayOf(int64_t s) { return Date::FromDays((s + kBeijingOffsetMinutes * 60) / kSecondsPerDay); }

TEST(BlindDays, ADayIsBlindWhenItsFetchesFailedOrTheLastFailureRunsOn) {
  const int64_t day0 = StartOfDay(DayOf(kT));  // midnight of t's day, Beijing
  std::vector<CollectionCheck> checks = {
      {day0 - 5 * kDay + 3600, true},    // day −5 healthy
      {day0 - 4 * kDay + 3600, false},   // day −4 blind …
      {day0 - 4 * kDay + 7200, false},   // … and nothing succeeds
      // day −3: no fetch at all, the failure runs on: blind
      {day0 - 2 * kDay + 3600, false},   // day −2: a failure, then a success: healthy
      {day0 - 2 * kDay + 7200, true},
      // day −1 and day 0: no fetch, the last one succeeded: healthy
  };
  auto blind = BlindDays(checks, kT - 7 * kDay, kT);
  ASSERT_EQ(blind.size(), 2u);
  EXPECT_EQ(blind[0], DayOf(kT).AddDays(-4));
  EXPECT_EQ(blind[1], DayOf(kT).AddDays(-3));
  // Before the first recorded fetch nothing is known against the account.
  EXPECT_TRUE(BlindDays({{kT - kDay, true}}, kT - 30 * kDay, kT).empty());
  EXPECT_TRUE(BlindDays({}, kT - 30 * kDay, kT).empty());
}

// issue 10: an account whose source was blind for 10 of the last 14 days gets no veto; the
// verdict says 无法判定（数据源异常） and which verdict it withheld.
TEST(Freshness, Issue10BlindTenOfFourteenDaysIsNoVeto) {
  std::vector<CollectionCheck> checks;
  for (int d = 14; d >= 1; --d) checks.push_back({kT - d * kDay + 600, d > 10});  // days −10…−1 blind
  checks.push_back({kT - 60, false});
  FreshnessInput in;
  in.blind_days = BlindDays(checks, kT - 30 * kDay, kT);
  EXPECT_GE(in.blind_days.size(), 10u);
  auto f = At({kT - 20 * kDay}, in);
  EXPECT_EQ(f.level, FreshnessLevel::kSourceFailing);
  ASSERT_TRUE(f.withheld.has_value());
  EXPECT_EQ(*f.withheld, FreshnessLevel::kVeto);
  EXPECT_GE(f.blind_days_veto_window, 10);
  // The same silence on days we could see is a veto.
  EXPECT_EQ(At({kT - 20 * kDay}).level, FreshnessLevel::kVeto);
  // Blind days before the last post say nothing about the silence after it.
  FreshnessInput old;
  old.blind_days = {DayOf(kT).AddDays(-12)};
  EXPECT_EQ(At({kT - 8 * kDay}, old).level, FreshnessLevel::kWarn);
  // A recent post is a recent post, blind days or not.
  EXPECT_EQ(At({kT - kDay}, in).level, FreshnessLevel::kOk);
}

}  // namespace
}  // namespace govmedia::core
