// Throttling of failed logins, per user name and per client address: after kMaxFailures failures
// within kWindowSeconds, further attempts are refused until the window has passed, even with the
// right password, so guessing cannot continue. Kept in memory per node.
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace govmedia::app {

class LoginThrottle final {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr int64_t kWindowSeconds = 15 * 60;

  /// 0 when an attempt may proceed, else the seconds to wait.
  int64_t RetryAfter(const std::string& username, const std::string& address, int64_t now);
  void RecordFailure(const std::string& username, const std::string& address, int64_t now);
  /// A success clears the user name's failures (not the address's: one address guessing many
  /// names stays throttled).
  void RecordSuccess(const std::string& username);

 private:
  /// Seconds to wait for the key; drops expired failures and forgets a key that has none left, so
  /// the maps hold only names and addresses with recent failures.
  static int64_t Wait(std::map<std::string, std::deque<int64_t>>& m, const std::string& key, int64_t now);
  std::mutex mu_;
  std::map<std::string, std::deque<int64_t>> by_user_;
  std::map<std::string, std::deque<int64_t>> by_address_;
};

}  // namespace govmedia::app
