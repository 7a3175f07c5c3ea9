// Login delays (issue 9): per (name, address) pair, growing with each further failure; a colleague
// at the same address and the same name elsewhere are never blocked; spraying names is slowed.
// Kept in the database (issue 14), so every node of a deployment applies the same delays.
#include "app/auth/login_throttle.h"

#include <gtest/gtest.h>

#include <memory>

#include "test_db.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

// One node's view of the throttle: its own connection to the test's database.
class ThrottleNode {
 public:
  explicit ThrottleNode(const std::string& target) {
    auto db = storage::OpenDb(target);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    EXPECT_TRUE(storage::Migrate(*db_).ok());
    throttle_ = std::make_unique<LoginThrottle>(*db_);
  }
  int64_t RetryAfter(const std::string& u, const std::string& a, int64_t now) { return throttle_->RetryAfter(u, a, now).value(); }
  bool RecordFailure(const std::string& u, const std::string& a, int64_t now) { return throttle_->RecordFailure(u, a, now).value(); }
  void RecordSuccess(const std::string& u, const std::string& a, int64_t now) { EXPECT_TRUE(throttle_->RecordSuccess(u, a, now).ok()); }
  bool Unlock(const std::string& u) { return throttle_->Unlock(u).value(); }
  int64_t LockedFor(const std::string& u, int64_t now) { return throttle_->LockedFor(u, now).value(); }

 private:
  std::unique_ptr<storage::Db> db_;
  std::unique_ptr<LoginThrottle> throttle_;
};

class LoginThrottleTest : public ::testing::Test {
 protected:
  testing::TempDir tmp_;
  testing::TestDb db_{tmp_};
};

TEST_F(LoginThrottleTest, FiveFreeThenThirtySecondsDoublingUpToTheWindow) {
  ThrottleNode t(db_.target());
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

TEST_F(LoginThrottleTest, SuccessClearsItsPairAndUnlockClearsEveryAddress) {
  ThrottleNode t(db_.target());
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

TEST_F(LoginThrottleTest, AnAddressSprayingNamesIsSlowedExceptForNamesKnownThere) {
  ThrottleNode t(db_.target());
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

TEST_F(LoginThrottleTest, Issue14EveryNodeAppliesTheSameDelaysAndUnlock) {
  // Two nodes behind a load balancer: the guesses are spread over both, the delay counts them all.
  ThrottleNode a(db_.target()), b(db_.target());
  const int64_t now = 7'000'000;
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(a.RecordFailure("zp", "10.0.0.7", now));
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(b.RecordFailure("zp", "10.0.0.7", now));
  EXPECT_TRUE(a.RecordFailure("zp", "10.0.0.7", now));  // the fifth, wherever it lands
  EXPECT_EQ(b.RetryAfter("zp", "10.0.0.7", now), LoginThrottle::kFirstDelaySeconds);
  EXPECT_EQ(a.LockedFor("zp", now), LoginThrottle::kFirstDelaySeconds);
  // The city office unlocks on one node; the other lets the user in.
  EXPECT_TRUE(b.Unlock("zp"));
  EXPECT_EQ(a.RetryAfter("zp", "10.0.0.7", now), 0);
}

}  // namespace
}  // namespace govmedia::app
