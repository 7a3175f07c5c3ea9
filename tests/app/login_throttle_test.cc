// Login delays (issue 9): per (name, address) pair, growing with each further failure; a colleague
// at the same address and the same name elsewhere are never blocked; spraying names is slowed.
#include "app/auth/login_throttle.h"

#include <gtest/gtest.h>

namespace govmedia::app {
namespace {

TEST(LoginThrottle, FiveFreeThenThirtySecondsDoublingUpToTheWindow) {
  LoginThrottle t;
  int64_t now = 1'000'000;
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(t.RecordFailure("zp", "10.0.0.7", now));
  EXPECT_TRUE(t.RecordFailure("zp", "10.0.0.7", now));  // the fifth starts the delays: audited
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), 30);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now + 29), 1);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now + 30), 0);
  now += 30;
  t.RecordFailure("zp", "10.0.0.7", now);  // sixth
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), 60);
  now += 60;
  t.RecordFailure("zp", "10.0.0.7", now);  // seventh
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), 120);
  for (int i = 0; i < 10; ++i) t.RecordFailure("zp", "10.0.0.7", now);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), LoginThrottle::kWindowSeconds);
  // Others are not touched.
  EXPECT_EQ(t.RetryAfter("edu", "10.0.0.7", now), 0);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.8", now), 0);
  EXPECT_EQ(t.LockedFor("zp", now), LoginThrottle::kWindowSeconds);
  // Failures older than the window are forgotten.
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now + LoginThrottle::kWindowSeconds + 1), 0);
}

TEST(LoginThrottle, SuccessClearsItsPairAndUnlockClearsEveryAddress) {
  LoginThrottle t;
  const int64_t now = 5'000'000;
  for (int i = 0; i < 5; ++i) {
    t.RecordFailure("admin", "203.0.113.9", now);
    t.RecordFailure("admin", "198.51.100.1", now);
    t.RecordFailure("zp", "10.0.0.7", now);
  }
  t.RecordSuccess("zp", "10.0.0.7", now);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), 0);
  EXPECT_GT(t.RetryAfter("admin", "203.0.113.9", now), 0);
  EXPECT_TRUE(t.Unlock("admin"));
  EXPECT_EQ(t.RetryAfter("admin", "203.0.113.9", now), 0);
  EXPECT_EQ(t.RetryAfter("admin", "198.51.100.1", now), 0);
  EXPECT_FALSE(t.Unlock("admin"));
}

TEST(LoginThrottle, AnAddressSprayingNamesIsSlowedExceptForNamesKnownThere) {
  LoginThrottle t;
  const int64_t now = 9'000'000;
  t.RecordSuccess("zp", "10.0.0.7", now - 3600);
  for (int i = 0; i < LoginThrottle::kSprayNames - 1; ++i) t.RecordFailure("u" + std::to_string(i), "10.0.0.7", now);
  EXPECT_EQ(t.RetryAfter("edu", "10.0.0.7", now), 0);  // 19 names: not yet spraying
  t.RecordFailure("u19", "10.0.0.7", now);
  EXPECT_EQ(t.RetryAfter("edu", "10.0.0.7", now), LoginThrottle::kSprayDelaySeconds);
  EXPECT_EQ(t.RetryAfter("zp", "10.0.0.7", now), 0);   // logged in from here before
  EXPECT_EQ(t.RetryAfter("edu", "10.0.0.8", now), 0);  // another address
  EXPECT_EQ(t.RetryAfter("edu", "10.0.0.7", now + LoginThrottle::kSprayDelaySeconds), 0);
}

}  // namespace
}  // namespace govmedia::app
