// Clocks: the system's, a fixed date for tests, and one the demo sets to moments of the past.
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace govmedia::app {

/// "2024-10-18T02:00:00Z": the form every clock here gives NowRfc3339 in, so stored times compare
/// as text.
std::string Rfc3339Utc(int64_t seconds);

class SystemClock final : public core::Clock {
 public:
  core::Date Today() const override;
  std::string NowRfc3339() const override;
  int64_t NowSeconds() const override;
};

/// Today fixed to a date; seconds still run, so sessions and throttling behave.
class FixedDateClock final : public core::Clock {
 public:
  explicit FixedDateClock(core::Date today) : days_(today.days()) {}
  core::Date Today() const override { return core::Date::FromDays(days_.load()); }
  std::string NowRfc3339() const override { return SystemClock().NowRfc3339(); }
  int64_t NowSeconds() const override { return SystemClock().NowSeconds(); }
  /// Moves "today" (a test walking through a year); safe while a server thread reads it.
  void SetToday(core::Date today) { days_.store(today.days()); }

 private:
  std::atomic<int64_t> days_;
};

/// The system's clock until Set: then "now" is the moment set (and stands there until set again),
/// so whatever the services record — submission dates, audit rows, alert times — is dated as if
/// made then. The demo walks through the past year with it; Resume returns to the system's time.
class TravelClock final : public core::Clock {
 public:
  core::Date Today() const override;
  std::string NowRfc3339() const override;
  int64_t NowSeconds() const override;
  void Set(int64_t epoch_seconds) { at_.store(epoch_seconds); }
  void Resume() { at_.store(kSystem); }
  /// Whether a moment is set (false: the system's time).
  bool IsSet() const { return at_.load() != kSystem; }

 private:
  static constexpr int64_t kSystem = INT64_MIN;
  std::atomic<int64_t> at_{kSystem};
};

}  // namespace govmedia::app
