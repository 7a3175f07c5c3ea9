// The availability monitor's rules (可用性监测): how consecutive check results move a checked URL
// between ok, failing and broken, which outages count against which indicator of 附件2 — an app
// that cannot be downloaded is veto.app_unusable (“僵尸”“睡眠”), a service menu or mini program
// that does not answer is function_broken — and an app that answers over IPv4 but not IPv6 is
// function_broken too (移动客户端要全面支持IPv6). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/inspection_scoring.h"

namespace govmedia::core {

enum class UrlKind { kAppDownload, kService };
std::string_view UrlKindId(UrlKind k);     // "app_download"
std::string_view UrlKindLabel(UrlKind k);  // "客户端下载"
std::optional<UrlKind> ParseUrlKind(std::string_view id);

struct UrlState {
  std::string state = "unchecked";  // unchecked, ok, failing, broken
  int failures = 0;                 // consecutive rounds with neither family answering
  int v6_failures = 0;              // consecutive rounds without an IPv6 answer
  bool v6_broken = false;
};

struct CheckOutcome {
  bool v4_ok = false;
  bool v6_ok = false;
  std::string detail;  // what failed, for the evidence ("IPv4：HTTP 500；IPv6：无 AAAA 记录")
};

struct AvailabilityEvent {
  std::string event;      // broken, recovered, ipv6_broken, ipv6_recovered
  std::string indicator;  // for broken and ipv6_broken; empty for recoveries
  std::string detail;
};

struct AvailabilityStep {
  UrlState next;
  std::vector<AvailabilityEvent> events;
};

/// The state after one round of checks; `threshold` consecutive failures make a URL broken.
AvailabilityStep NextUrlState(const UrlState& prev, UrlKind kind, const CheckOutcome& o, int threshold);

struct StoredEvent {
  std::string url, kind, event, indicator, detail;
  int64_t at = 0;  // epoch seconds
};

/// Derived findings for the outages that were going on at some time in (from, to]: one
/// occurrence per outage, its evidence naming the URL, since when, and the recovery if any.
/// `events` in time order.
std::vector<DerivedFinding> OutageFindings(const std::vector<StoredEvent>& events, int64_t from, int64_t to);

}  // namespace govmedia::core
