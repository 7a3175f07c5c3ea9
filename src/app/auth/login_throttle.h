// Throttling of failed logins, so that guessing cannot go on, without letting anyone lock others
// out:
// - Failures count per (user name, client address) pair. The first kFreeFailures within
//   kWindowSeconds cost nothing; after that each attempt of that pair waits a delay that starts at
//   kFirstDelaySeconds and doubles with every further failure, up to kWindowSeconds. One person's
//   typos therefore never block a colleague at the same address (behind one proxy or NAT), and a
//   third party guessing at `admin` from elsewhere slows only their own pair.
// - An address that fails for kSprayNames or more distinct names within the window is guessing
//   names: it gets one attempt a minute, except for names that logged in from it successfully
//   within kKnownSeconds.
// - A success clears its pair; the city office can clear every pair of a name (Unlock).
// Kept in the database (login_failures, login_known; migration 027), so every node of a
// deployment applies the same delays to the same pair. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "storage/db.h"

namespace govmedia::app {

class LoginThrottle final {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int64_t kWindowSeconds = 15 * 60;
  static constexpr int64_t kFirstDelaySeconds = 30;
  static constexpr int kSprayNames = 20;
  static constexpr int64_t kSprayDelaySeconds = 60;
  static constexpr int64_t kKnownSeconds = 30 * 24 * 3600;

  explicit LoginThrottle(storage::Db& db) : db_(db) {}

  /// 0 when an attempt may proceed, else the seconds to wait.
  core::Result<int64_t> RetryAfter(const std::string& username, const std::string& address, int64_t now);
  /// Records a failure; true when it is the one that starts the pair's delays (a lock to audit).
  core::Result<bool> RecordFailure(const std::string& username, const std::string& address, int64_t now);
  core::Status RecordSuccess(const std::string& username, const std::string& address, int64_t now);
  /// Forgets every failure of `username`, from any address; true when there were any.
  core::Result<bool> Unlock(const std::string& username);
  /// Seconds until `username` may try again from its most delayed address; 0 when none.
  core::Result<int64_t> LockedFor(const std::string& username, int64_t now);
  /// Forgets failures older than the window and successes older than kKnownSeconds.
  core::Status Prune(int64_t now);

 private:
  /// The pair's wait from its failures within the window (count, newest).
  static int64_t Delay(int64_t count, int64_t newest, int64_t now);
  core::Result<int64_t> SprayWait(const std::string& username, const std::string& address, int64_t now);

  storage::Db& db_;
};

}  // namespace govmedia::app
