// The availability monitor over the URLs accounts list — app download pages (客户端下载地址) and
// service menus or mini programs (功能地址): each round probes every URL over IPv4 and over IPv6,
// moves its state by core/availability.h, and records outages and recoveries as events, which
// the next inspection of the account picks up as derived findings.
// Thread-safety: one CheckAll at a time (the CLI calls it); CheckAccount of different accounts
// may run at once (the jobs of a round); the reads are safe concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/settings_service.h"
#include "core/access.h"
#include "core/availability.h"
#include "core/clock.h"
#include "fetch/url_probe.h"
#include "storage/db.h"

namespace govmedia::app {

struct FamilyResult {
  std::optional<bool> ok;
  std::optional<int64_t> status, latency_ms;
  std::string error;
};

struct AvailabilityRow {
  int64_t account_id = 0;
  std::string account_name, unit_name, platform, url, kind;
  core::UrlState state;
  FamilyResult v4, v6;
  std::optional<std::string> checked_at, broken_since, recovered_at;
};

struct AvailabilityEventRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string url, kind, event, indicator, detail, at;
};

struct CheckSummary {
  int checked = 0, broken = 0, recovered = 0;
};

class AvailabilityService final {
 public:
  AvailabilityService(storage::Db& db, SettingsService& settings, const core::Clock& clock)
      : db_(db), settings_(settings), clock_(clock) {}

  /// One round over every URL of every open account.
  core::Result<CheckSummary> CheckAll(const fetch::ProbeOptions& options = {});
  /// The accounts a round checks: open, not demo, in id order.
  core::Result<std::vector<int64_t>> AccountsToCheck();
  /// One account's URLs (the job `availability.check` of a round). A URL already checked at or
  /// after `since` (the round's start) is skipped, so a round's job redone after its node died
  /// does not count a probe twice.
  core::Result<CheckSummary> CheckAccount(int64_t account_id, int64_t since, const fetch::ProbeOptions& options = {});
  /// The same, asked for by a person (audited as such).
  core::Result<CheckSummary> CheckNow(const core::Principal& p, const fetch::ProbeOptions& options = {});

  core::Result<std::vector<AvailabilityRow>> List(const core::Principal& p, std::optional<int64_t> unit_id,
                                                  const std::string& state);
  core::Result<std::vector<AvailabilityEventRow>> Events(const core::Principal& p, std::optional<int64_t> account_id);

 private:
  core::Status CheckOne(int64_t account_id, const std::string& url, core::UrlKind kind, int threshold,
                        const fetch::ProbeOptions& options, CheckSummary* sum);
  storage::Db& db_;
  SettingsService& settings_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
