#include "app/auth/login_throttle.h"

#include <algorithm>

namespace govmedia::app {

using core::Status;

int64_t LoginThrottle::Delay(int64_t count, int64_t newest, int64_t now) {
  const int64_t over = count - kFreeFailures;
  if (over < 0) return 0;
  const int64_t delay = std::min<int64_t>(kFirstDelaySeconds << std::min<int64_t>(over, 10), kWindowSeconds);
  return std::max<int64_t>(0, newest + delay - now);
}

core::Result<int64_t> LoginThrottle::SprayWait(const std::string& username, const std::string& address, int64_t now) {
  auto known = db_.Query("SELECT at_epoch FROM login_known WHERE username = ? AND address = ?", {username, address});
  if (!known.ok()) return known.status();
  if (!known->empty() && known->front().Int(0) > now - kKnownSeconds) return int64_t{0};
  auto names = storage::QueryOne(
      db_, "SELECT COUNT(DISTINCT username), MAX(at_epoch) FROM login_failures WHERE address = ? AND at_epoch > ?",
      {address, now - kWindowSeconds});
  if (!names.ok()) return names.status();
  if (names->Int(0) < kSprayNames) return int64_t{0};
  return std::max<int64_t>(0, names->Int(1) + kSprayDelaySeconds - now);
}

core::Result<int64_t> LoginThrottle::RetryAfter(const std::string& username, const std::string& address, int64_t now) {
  auto pair = storage::QueryOne(
      db_, "SELECT COUNT(*), MAX(at_epoch) FROM login_failures WHERE username = ? AND address = ? AND at_epoch > ?",
      {username, address, now - kWindowSeconds});
  if (!pair.ok()) return pair.status();
  const int64_t own = pair->Int(0) > 0 ? Delay(pair->Int(0), pair->Int(1), now) : 0;
  auto spray = SprayWait(username, address, now);
  if (!spray.ok()) return spray.status();
  return std::max(own, *spray);
}

core::Result<bool> LoginThrottle::RecordFailure(const std::string& username, const std::string& address, int64_t now) {
  bool starts = false;
  // One transaction: of two nodes recording the pair's fifth and sixth failure at once, exactly
  // one sees the fifth.
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("DELETE FROM login_failures WHERE username = ? AND address = ? AND at_epoch <= ?",
                            {username, address, now - kWindowSeconds});
        !s.ok())
      return s;
    if (Status s = db_.Exec("INSERT INTO login_failures (username, address, at_epoch) VALUES (?, ?, ?)",
                            {username, address, now});
        !s.ok())
      return s;
    auto count = storage::QueryOne(db_, "SELECT COUNT(*) FROM login_failures WHERE username = ? AND address = ?",
                                   {username, address});
    if (!count.ok()) return count.status();
    starts = count->Int(0) == kFreeFailures;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return starts;
}

Status LoginThrottle::RecordSuccess(const std::string& username, const std::string& address, int64_t now) {
  return db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("DELETE FROM login_failures WHERE username = ? AND address = ?", {username, address});
        !s.ok())
      return s;
    return db_.Exec(
        "INSERT INTO login_known (username, address, at_epoch) VALUES (?, ?, ?) "
        "ON CONFLICT (username, address) DO UPDATE SET at_epoch = excluded.at_epoch",
        {username, address, now});
  });
}

core::Result<bool> LoginThrottle::Unlock(const std::string& username) {
  auto gone = db_.Query("DELETE FROM login_failures WHERE username = ? RETURNING id", {username});
  if (!gone.ok()) return gone.status();
  return !gone->empty();
}

core::Result<int64_t> LoginThrottle::LockedFor(const std::string& username, int64_t now) {
  auto rows = db_.Query(
      "SELECT COUNT(*), MAX(at_epoch) FROM login_failures WHERE username = ? AND at_epoch > ? GROUP BY address",
      {username, now - kWindowSeconds});
  if (!rows.ok()) return rows.status();
  int64_t wait = 0;
  for (const auto& r : *rows) wait = std::max(wait, Delay(r.Int(0), r.Int(1), now));
  return wait;
}

Status LoginThrottle::Prune(int64_t now) {
  if (Status s = db_.Exec("DELETE FROM login_failures WHERE at_epoch <= ?", {now - kWindowSeconds}); !s.ok()) return s;
  return db_.Exec("DELETE FROM login_known WHERE at_epoch <= ?", {now - kKnownSeconds});
}

}  // namespace govmedia::app
