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

namespace {

core::Date BeijingDate(int64_t seconds) {
  constexpr int64_t kBeijingOffset = 8 * 3600;
  const int64_t s = seconds + kBeijingOffset;
  return core::Date::FromDays(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

}  // namespace

std::string Rfc3339Utc(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Date SystemClock::Today() const { return BeijingDate(NowSeconds()); }

std::string SystemClock::NowRfc3339() const { return Rfc3339Utc(NowSeconds()); }

int64_t TravelClock::NowSeconds() const {
  const int64_t at = at_.load();
  return at == kSystem ? SystemClock().NowSeconds() : at;
}

core::Date TravelClock::Today() const { return BeijingDate(NowSeconds()); }

std::string TravelClock::NowRfc3339() const { return Rfc3339Utc(NowSeconds()); }

}  // namespace govmedia::app
