#include "app/system_clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace govmedia::app {

int64_t SystemClock::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

core::Date SystemClock::Today() const {
  constexpr int64_t kBeijingOffset = 8 * 3600;
  const int64_t s = NowSeconds() + kBeijingOffset;
  return core::Date::FromDays(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

std::string SystemClock::NowRfc3339() const {
  const std::time_t t = static_cast<std::time_t>(NowSeconds());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace govmedia::app
