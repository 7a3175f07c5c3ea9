// Dates as feeds really write them, turned into seconds since the epoch. Pure; thread-safe.
//
// Accepted forms:
// - RFC 822/1123/2822 with its real-world variants: weekday optional (with or without the comma),
//   full or abbreviated English month names in any case, two-digit years (RFC 2822: 00–49 are
//   20xx, 50–99 are 19xx), missing seconds, `1500` for 15:00, zone as ±hhmm, ±hh:mm or a name.
// - ctime / Java Date.toString(): `Wed Jun 16 21:22:47 CST 2021`.
// - RFC 3339 / ISO 8601: `2021-06-16T13:22:47Z`, fractional seconds, `+08:00` or `+0800`.
// - The forms Chinese sites publish: `2021-06-16 21:22:47`, `2021/6/16 21:22`, `2021.6.16`,
//   `2021年6月16日 21:22`, `2021年6月16日 21时22分`, a date alone.
//
// A date or time without a zone is Beijing time (UTC+8): the accounts we watch are Chinese
// government accounts and their servers write local time.
//
// Zone names: GMT, UT, UTC, Z are UTC; EST/EDT, MST/MDT, PST/PDT are the US zones of RFC 822.
// CST is ambiguous (US Central −0600 in RFC 822, China Standard Time +0800 in the wild). We read
// it as +0800: the feeds this platform reads come from Chinese servers, where `CST` is what Java's
// Date.toString() and many CMSs print for Beijing time, and a US-Central reading would shift every
// such post by 14 hours. Unknown zone names are read as UTC, as RFC 2822 asks for "-0000".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace govmedia::fetch {

/// Seconds since the epoch, or nullopt when the text is none of the forms above or names an
/// impossible date or time (31 Feb, 25:00).
std::optional<int64_t> ParseFeedDate(std::string_view text);

/// "2021-06-16T13:22:47Z".
std::string FormatRfc3339Utc(int64_t epoch);

}  // namespace govmedia::fetch
