// Clocks: the system's, and a fixed one for the demo and tests. Thread-safe.
#pragma once

#include <atomic>

#include <optional>

#include "core/clock.h"

namespace govmedia::app {

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

}  // namespace govmedia::app
