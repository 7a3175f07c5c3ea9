#include "app/login_throttle.h"

namespace govmedia::app {

int64_t LoginThrottle::Wait(std::map<std::string, std::deque<int64_t>>& m, const std::string& key, int64_t now) {
  auto it = m.find(key);
  if (it == m.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - kWindowSeconds) q.pop_front();
  if (q.empty()) {
    m.erase(it);
    return 0;
  }
  if (static_cast<int>(q.size()) < kMaxFailures) return 0;
  return q.front() + kWindowSeconds - now;
}

int64_t LoginThrottle::RetryAfter(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  return std::max(Wait(by_user_, username, now), Wait(by_address_, address, now));
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  by_user_[username].push_back(now);
  by_address_[address].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
}

}  // namespace govmedia::app
