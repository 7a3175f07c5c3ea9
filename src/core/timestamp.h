// Instants as seconds since the Unix epoch, parsed from RFC 3339. The seed's times are Beijing
// times: a time written without an offset is read as +08:00. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace govmedia::core {

inline constexpr int kBeijingOffsetMinutes = 8 * 60;

/// "2020-06-30T10:00:00+08:00", "…Z", "…+0800", fractional seconds, or no offset (Beijing).
/// nullopt for anything else, including impossible dates and times.
std::optional<int64_t> ParseRfc3339(std::string_view text);

/// The Beijing day an instant falls on.
Date BeijingDay(int64_t seconds);
/// "2020-06-30 10:00" in Beijing time, for evidence texts people read.
std::string FormatBeijing(int64_t seconds);
/// "2020-06-30T10:00:00+08:00": RFC 3339 in Beijing time, for the API.
std::string FormatRfc3339Beijing(int64_t seconds);

inline constexpr int64_t kSecondsPerDay = 86400;

/// The start of a day in Beijing (00:00 +08:00), as seconds since the epoch.
inline int64_t StartOfDay(Date d) { return d.days() * kSecondsPerDay - kBeijingOffsetMinutes * 60; }

}  // namespace govmedia::core
