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
// Kept in memory per node. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace govmedia::app {

class LoginThrottle final {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int64_t kWindowSeconds = 15 * 60;
  static constexpr int64_t kFirstDelaySeconds = 30;
  static constexpr int kSprayNames = 20;
  static constexpr int64_t kSprayDelaySeconds = 60;
  static constexpr int64_t kKnownSeconds = 30 * 24 * 3600;

  /// 0 when an attempt may proceed, else the seconds to wait.
  int64_t RetryAfter(const std::string& username, const std::string& address, int64_t now);
  /// Records a failure; true when it is the one that starts the pair's delays (a lock to audit).
  bool RecordFailure(const std::string& username, const std::string& address, int64_t now);
  void RecordSuccess(const std::string& username, const std::string& address, int64_t now);
  /// Forgets every failure of `username`, from any address; true when there were any.
  bool Unlock(const std::string& username);
  /// Seconds until `username` may try again from its most delayed address; 0 when none.
  int64_t LockedFor(const std::string& username, int64_t now);

 private:
  using Key = std::pair<std::string, std::string>;  // (user name, address)
  int64_t PairWait(const Key& k, int64_t now);
  int64_t SprayWait(const Key& k, int64_t now);
  void PruneIfLarge(int64_t now);

  std::mutex mu_;
  std::map<Key, std::deque<int64_t>> failures_;  // failure times within the window, oldest first
  std::map<Key, int64_t> known_;                  // last successful login of the pair
};

}  // namespace govmedia::app
