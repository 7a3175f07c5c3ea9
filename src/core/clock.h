// The clock the core's callers pass in: "today" in Beijing time. An interface so tests and the
// demo can fix the date. Thread-safety: implementations must be safe to call concurrently.
#pragma once

#include <string>

#include "core/date.h"

namespace govmedia::core {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Today's date in Beijing time (UTC+8): every deadline in the seed is a Beijing date.
  virtual Date Today() const = 0;
  /// Now as RFC 3339 in UTC, for records.
  virtual std::string NowRfc3339() const = 0;
  /// Seconds since the epoch.
  virtual int64_t NowSeconds() const = 0;
};

}  // namespace govmedia::core
