#include "app/monitoring/availability_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/timestamp.h"
#include "storage/audit_log.h"
#include "storage/record_codec.h"

namespace govmedia::app {

using core::Status;

namespace {

std::string Describe(const char* family, const fetch::ProbeResult& r) {
  return std::string(family) + "：" + (r.ok ? "HTTP " + std::to_string(r.status) : r.error);
}

storage::Value Opt(const std::optional<int64_t>& v) {
  return v ? storage::Value(*v) : storage::Value();
}

}  // namespace

core::Result<CheckSummary> AvailabilityService::CheckAll(const fetch::ProbeOptions& options) {
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  // Demo accounts list illustrative URLs (example.gov.cn): never probed.
  auto rows = db_.Query(
      "SELECT id, record_json FROM accounts WHERE status = 'open' AND demo = 0 ORDER BY id");
  if (!rows.ok()) return rows.status();
  CheckSummary sum;
  for (const auto& r : *rows) {
    core::AccountRecord rec;
    if (!storage::DecodeRecordExtras(r.Text(1), &rec).ok()) continue;
    std::set<std::string> seen;
    for (const auto& [urls, kind] : {std::pair{&rec.app_download_urls, core::UrlKind::kAppDownload},
                                     std::pair{&rec.service_urls, core::UrlKind::kService}}) {
      for (const auto& url : *urls) {
        if (!seen.insert(url).second) continue;
        if (Status s =
                CheckOne(r.Int(0), url, kind, settings->availability_failures, options, &sum);
            !s.ok())
          return s;
      }
    }
  }
  return sum;
}

core::Result<std::vector<int64_t>> AvailabilityService::AccountsToCheck() {
  auto rows = db_.Query("SELECT id FROM accounts WHERE status = 'open' AND demo = 0 ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> out;
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

core::Result<CheckSummary> AvailabilityService::CheckAccount(int64_t account_id, int64_t since,
                                                             const fetch::ProbeOptions& options) {
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  auto rows = db_.Query("SELECT record_json FROM accounts WHERE id = ? AND status = 'open' AND demo = 0", {account_id});
  if (!rows.ok()) return rows.status();
  CheckSummary sum;
  core::AccountRecord rec;
  if (rows->empty() || !storage::DecodeRecordExtras(rows->front().Text(0), &rec).ok()) return sum;
  std::set<std::string> seen;
  for (const auto& [urls, kind] : {std::pair{&rec.app_download_urls, core::UrlKind::kAppDownload},
                                   std::pair{&rec.service_urls, core::UrlKind::kService}}) {
    for (const auto& url : *urls) {
      if (!seen.insert(url).second) continue;
      auto last = db_.Query("SELECT checked_at FROM availability WHERE account_id = ? AND url = ?", {account_id, url});
      if (!last.ok()) return last.status();
      if (!last->empty() && !last->front().IsNull(0)) {
        const auto at = core::ParseRfc3339(last->front().Text(0));
        if (at && *at >= since) continue;  // already observed in this round
      }
      if (Status s = CheckOne(account_id, url, kind, settings->availability_failures, options, &sum); !s.ok()) return s;
    }
  }
  return sum;
}

core::Result<CheckSummary> AvailabilityService::CheckNow(const core::Principal& p,
                                                         const fetch::ProbeOptions& options) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  auto sum = CheckAll(options);
  if (!sum.ok()) return sum.status();
  storage::AuditLog audit(db_);
  (void)audit.Append(
      {0, clock_.NowRfc3339(), p.username, "availability.check", "availability", "*", "",
       nlohmann::json{
           {"checked", sum->checked}, {"broken", sum->broken}, {"recovered", sum->recovered}}
           .dump()});
  return sum;
}

Status AvailabilityService::CheckOne(int64_t account_id, const std::string& url, core::UrlKind kind,
                                     int threshold, const fetch::ProbeOptions& options,
                                     CheckSummary* sum) {
  // The probes run outside any transaction: they take seconds, and the database is shared.
  const fetch::ProbeResult v4 = fetch::Probe(url, fetch::IpFamily::kV4, options);
  const fetch::ProbeResult v6 = fetch::Probe(url, fetch::IpFamily::kV6, options);
  sum->checked++;
  const std::string now = clock_.NowRfc3339();
  const int64_t now_epoch = clock_.NowSeconds();
  return db_.Transaction([&]() -> Status {
    core::UrlState prev;
    auto cur = db_.Query(
        "SELECT state, failures, v6_failures, v6_broken FROM availability WHERE account_id = ? AND "
        "url = ?",
        {account_id, url});
    if (!cur.ok()) return cur.status();
    if (!cur->empty()) {
      const auto& r = cur->front();
      prev = {r.Text(0), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)), r.Int(3) != 0};
    }
    const core::CheckOutcome outcome{v4.ok, v6.ok,
                                     Describe("IPv4", v4) + "；" + Describe("IPv6", v6)};
    const core::AvailabilityStep step = core::NextUrlState(prev, kind, outcome, threshold);
    auto latency = [](const fetch::ProbeResult& r) -> std::optional<int64_t> {
      return r.latency_ms >= 0 ? std::optional<int64_t>(r.latency_ms) : std::nullopt;
    };
    auto status = [](const fetch::ProbeResult& r) -> std::optional<int64_t> {
      return r.status > 0 ? std::optional<int64_t>(r.status) : std::nullopt;
    };
    storage::Value broken_since = step.next.state == "broken" && prev.state != "broken"
                                      ? storage::Value(now)
                                      : storage::Value();
    if (Status s = db_.Exec(
            "INSERT INTO availability (account_id, url, kind, state, failures, v4_ok, v4_status, "
            "v4_latency_ms, v4_error, "
            "v6_ok, v6_status, v6_latency_ms, v6_error, v6_failures, v6_broken, checked_at, "
            "broken_since) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, "
            "url) DO UPDATE SET "
            "kind = excluded.kind, state = excluded.state, failures = excluded.failures, v4_ok = "
            "excluded.v4_ok, "
            "v4_status = excluded.v4_status, v4_latency_ms = excluded.v4_latency_ms, v4_error = "
            "excluded.v4_error, "
            "v6_ok = excluded.v6_ok, v6_status = excluded.v6_status, v6_latency_ms = "
            "excluded.v6_latency_ms, "
            "v6_error = excluded.v6_error, v6_failures = excluded.v6_failures, v6_broken = "
            "excluded.v6_broken, "
            "checked_at = excluded.checked_at, broken_since = COALESCE(excluded.broken_since, "
            "CASE WHEN excluded.state = 'broken' THEN availability.broken_since END)",
            {account_id, url, std::string(core::UrlKindId(kind)), step.next.state,
             static_cast<int64_t>(step.next.failures), static_cast<int64_t>(v4.ok), Opt(status(v4)),
             Opt(latency(v4)), v4.error, static_cast<int64_t>(v6.ok), Opt(status(v6)),
             Opt(latency(v6)), v6.error, static_cast<int64_t>(step.next.v6_failures),
             static_cast<int64_t>(step.next.v6_broken), now, broken_since});
        !s.ok())
      return s;
    for (const auto& e : step.events) {
      if (e.event == "broken") sum->broken++;
      if (e.event == "recovered") {
        sum->recovered++;
        if (Status s = db_.Exec(
                "UPDATE availability SET recovered_at = ? WHERE account_id = ? AND url = ?",
                {now, account_id, url});
            !s.ok())
          return s;
      }
      if (Status s = db_.Exec("INSERT INTO availability_events (account_id, url, kind, event, "
                              "indicator, detail, at, at_epoch) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              {account_id, url, std::string(core::UrlKindId(kind)), e.event,
                               e.indicator, e.detail, now, now_epoch});
          !s.ok())
        return s;
    }
    return Status::Ok();
  });
}

core::Result<std::vector<AvailabilityRow>> AvailabilityService::List(const core::Principal& p,
                                                                     std::optional<int64_t> unit_id,
                                                                     const std::string& state) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (!state.empty() && state != "ok" && state != "failing" && state != "broken" &&
      state != "unchecked")
    return Status::InvalidArgument("state", "应为 ok、failing、broken 或 unchecked");
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<AvailabilityRow>{};
    unit_id = scope;
  }
  // Every URL the accounts list, checked or not yet; a URL removed from the account is no longer
  // shown.
  std::string where = " WHERE a.status = 'open'";
  storage::Params params;
  if (unit_id) where += " AND a.unit_id = ?", params.emplace_back(*unit_id);
  auto accounts = db_.Query(
      "SELECT a.id, a.name, u.name, a.platform, a.record_json FROM accounts a "
      "JOIN units u ON u.id = a.unit_id" +
          where + " ORDER BY a.id",
      params);
  if (!accounts.ok()) return accounts.status();
  std::vector<AvailabilityRow> out;
  for (const auto& a : *accounts) {
    core::AccountRecord rec;
    if (!storage::DecodeRecordExtras(a.Text(4), &rec).ok()) continue;
    std::set<std::string> seen;
    for (const auto& [urls, kind] : {std::pair{&rec.app_download_urls, core::UrlKind::kAppDownload},
                                     std::pair{&rec.service_urls, core::UrlKind::kService}}) {
      for (const auto& url : *urls) {
        if (!seen.insert(url).second) continue;
        AvailabilityRow row{a.Int(0),  a.Text(1), a.Text(2),
                            a.Text(3), url,       std::string(core::UrlKindId(kind))};
        auto st = db_.Query(
            "SELECT state, failures, v6_failures, v6_broken, v4_ok, v4_status, v4_latency_ms, "
            "v4_error, v6_ok, v6_status, "
            "v6_latency_ms, v6_error, checked_at, broken_since, recovered_at FROM availability "
            "WHERE account_id = ? AND url = ?",
            {row.account_id, url});
        if (!st.ok()) return st.status();
        if (!st->empty()) {
          const auto& r = st->front();
          row.state = {r.Text(0), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)),
                       r.Int(3) != 0};
          auto family = [&](size_t i) {
            FamilyResult f;
            if (!r.IsNull(i)) f.ok = r.Int(i) != 0;
            if (!r.IsNull(i + 1)) f.status = r.Int(i + 1);
            if (!r.IsNull(i + 2)) f.latency_ms = r.Int(i + 2);
            f.error = r.Text(i + 3);
            return f;
          };
          row.v4 = family(4);
          row.v6 = family(8);
          row.checked_at = r.OptText(12);
          row.broken_since = r.OptText(13);
          row.recovered_at = r.OptText(14);
        }
        if (!state.empty() && row.state.state != state) continue;
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

core::Result<std::vector<AvailabilityEventRow>> AvailabilityService::Events(
    const core::Principal& p, std::optional<int64_t> account_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  std::string where = " WHERE 1=1";
  storage::Params params;
  if (account_id) where += " AND e.account_id = ?", params.emplace_back(*account_id);
  if (auto scope = core::ScopeUnit(p)) where += " AND a.unit_id = ?", params.emplace_back(*scope);
  auto rows = db_.Query(
      "SELECT e.id, e.account_id, e.url, e.kind, e.event, e.indicator, e.detail, e.at FROM "
      "availability_events e JOIN accounts a ON a.id = e.account_id" +
          where + " ORDER BY e.at_epoch DESC, e.id DESC LIMIT 500",
      params);
  if (!rows.ok()) return rows.status();
  std::vector<AvailabilityEventRow> out;
  for (const auto& r : *rows) {
    out.push_back(
        {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
  }
  return out;
}

}  // namespace govmedia::app
