#include "app/auth/login_throttle.h"

#include <algorithm>
#include <set>
#include <vector>

namespace govmedia::app {

int64_t LoginThrottle::PairWait(const Key& k, int64_t now) {
  auto it = failures_.find(k);
  if (it == failures_.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - kWindowSeconds) q.pop_front();
  if (q.empty()) {
    failures_.erase(it);
    return 0;
  }
  const int over = static_cast<int>(q.size()) - kFreeFailures;
  if (over < 0) return 0;
  const int64_t delay = std::min<int64_t>(kFirstDelaySeconds << std::min(over, 10), kWindowSeconds);
  return std::max<int64_t>(0, q.back() + delay - now);
}

int64_t LoginThrottle::SprayWait(const Key& k, int64_t now) {
  if (auto known = known_.find(k); known != known_.end() && known->second > now - kKnownSeconds) return 0;
  std::set<std::string> names;
  int64_t newest = 0;
  for (auto it = failures_.lower_bound({"", ""}); it != failures_.end(); ++it) {
    if (it->first.second != k.second) continue;
    const auto& q = it->second;
    if (q.empty() || q.back() <= now - kWindowSeconds) continue;
    names.insert(it->first.first);
    newest = std::max(newest, q.back());
  }
  if (static_cast<int>(names.size()) < kSprayNames) return 0;
  return std::max<int64_t>(0, newest + kSprayDelaySeconds - now);
}

void LoginThrottle::PruneIfLarge(int64_t now) {
  static constexpr size_t kPruneAbove = 10'000;
  if (failures_.size() > kPruneAbove) {
    std::erase_if(failures_, [&](const auto& e) { return e.second.empty() || e.second.back() <= now - kWindowSeconds; });
  }
  if (known_.size() > kPruneAbove) {
    std::erase_if(known_, [&](const auto& e) { return e.second <= now - kKnownSeconds; });
  }
}

int64_t LoginThrottle::RetryAfter(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  const Key k{username, address};
  return std::max(PairWait(k, now), SprayWait(k, now));
}

bool LoginThrottle::RecordFailure(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  PruneIfLarge(now);
  auto& q = failures_[{username, address}];
  while (!q.empty() && q.front() <= now - kWindowSeconds) q.pop_front();
  q.push_back(now);
  return static_cast<int>(q.size()) == kFreeFailures;
}

void LoginThrottle::RecordSuccess(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  PruneIfLarge(now);
  failures_.erase({username, address});
  known_[{username, address}] = now;
}

bool LoginThrottle::Unlock(const std::string& username) {
  std::lock_guard lock(mu_);
  return std::erase_if(failures_, [&](const auto& e) { return e.first.first == username; }) > 0;
}

int64_t LoginThrottle::LockedFor(const std::string& username, int64_t now) {
  std::lock_guard lock(mu_);
  int64_t wait = 0;
  std::vector<Key> keys;
  for (const auto& [k, q] : failures_)
    if (k.first == username) keys.push_back(k);
  for (const auto& k : keys) wait = std::max(wait, PairWait(k, now));
  return wait;
}

}  // namespace govmedia::app
