#include "core/timestamp.h"

#include <cstdio>

#include "core/date.h"

namespace govmedia::core {
namespace {

bool Digits(std::string_view s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<int64_t> ParseRfc3339(std::string_view t) {
  if (t.size() < 19) return std::nullopt;
  auto date = Date::Parse(t.substr(0, 10));
  if (!date) return std::nullopt;
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  int hh, mm, ss;
  if (!Digits(t, 11, 2, &hh) || t[13] != ':' || !Digits(t, 14, 2, &mm) || t[16] != ':' || !Digits(t, 17, 2, &ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;  // 60: a leap second, read as :59 + 1
  size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    const size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int offset_minutes = kBeijingOffsetMinutes;
  if (pos < t.size()) {
    if ((t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size()) {
      offset_minutes = 0;
    } else if (t[pos] == '+' || t[pos] == '-') {
      int oh, om;
      const bool colon = pos + 6 == t.size() && t[pos + 3] == ':';
      const bool plain = pos + 5 == t.size();
      if (!colon && !plain) return std::nullopt;
      if (!Digits(t, pos + 1, 2, &oh) || !Digits(t, pos + (colon ? 4 : 3), 2, &om)) return std::nullopt;
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = (t[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  const int64_t seconds = date->days() * kSecondsPerDay + hh * 3600 + mm * 60 + ss - offset_minutes * 60;
  // The instant must fall on a Beijing day of years 1–9999, which is all FormatRfc3339Beijing
  // can write back: 0001-01-01T00:00:00+23:59 would otherwise come back as a day of year 0.
  static const int64_t kFirst = StartOfDay(*Date::FromYmd(1, 1, 1));
  static const int64_t kEnd = StartOfDay(*Date::FromYmd(9999, 12, 31)) + kSecondsPerDay;
  if (seconds < kFirst || seconds >= kEnd) return std::nullopt;
  return seconds;
}

Date BeijingDay(int64_t seconds) {
  const int64_t local = seconds + kBeijingOffsetMinutes * 60;
  return Date::FromDays(local >= 0 ? local / kSecondsPerDay : (local - kSecondsPerDay + 1) / kSecondsPerDay);
}

namespace {

std::string FormatLocal(int64_t seconds, const char* format) {
  const int64_t local = seconds + kBeijingOffsetMinutes * 60;
  const int64_t days = BeijingDay(seconds).days();
  const int64_t rest = local - days * kSecondsPerDay;
  char buf[48];
  std::snprintf(buf, sizeof buf, format, Date::FromDays(days).ToString().c_str(), static_cast<int>(rest / 3600),
                static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return buf;
}

}  // namespace

std::string FormatBeijing(int64_t seconds) { return FormatLocal(seconds, "%s %02d:%02d"); }

std::string FormatRfc3339Beijing(int64_t seconds) { return FormatLocal(seconds, "%sT%02d:%02d:%02d+08:00"); }

}  // namespace govmedia::core
