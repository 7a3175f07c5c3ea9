// Clocks: the system's, and a fixed one for the demo and tests. Thread-safe.
#pragma once

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
  explicit FixedDateClock(core::Date today) : today_(today) {}
  core::Date Today() const override { return today_; }
  std::string NowRfc3339() const override { return SystemClock().NowRfc3339(); }
  int64_t NowSeconds() const override { return SystemClock().NowSeconds(); }

 private:
  core::Date today_;
};

}  // namespace govmedia::app
