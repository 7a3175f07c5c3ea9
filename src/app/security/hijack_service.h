// Hijacked or misused accounts (疑似账号被盗用): after each archived post of an account (the
// monitor's archive hook) and after each healthy feed fetch (with the channel's name and avatar),
// the account's recent posts are judged against its own history by core::AssessHijack. A verdict of
// 疑似账号被盗用 raises an alert for the duty officer (alerts.kind = 'hijack', category 'hijack')
// carrying its evidence: the signals, the baseline each was measured against, and the posts. One
// episode, one alert: while an alert of the account is open, later posts of the episode add to its
// evidence; once handled, the posts it judged never raise it again.
// Only live posts are judged (published within the last two days): importing an account's history
// raises nothing. Thread-safety: safe to call concurrently.
#pragma once

#include <functional>
#include <string_view>

#include "app/monitoring/settings_service.h"
#include "core/clock.h"
#include "core/hijack.h"
#include "storage/db.h"
#include "storage/post_store.h"

namespace govmedia::app {

/// The indicator of a hijack alert: no line of 附件2 deducts for it; it is the duty officer's to act on.
inline constexpr std::string_view kHijackIndicator = "security.hijack";

/// The monitoring settings' hijack_* fields as the core's settings.
core::HijackSettings HijackSettingsOf(const MonitoringSettings& s);

class HijackService final {
 public:
  HijackService(storage::Db& db, SettingsService& settings, const core::Clock& clock)
      : db_(db), settings_(settings), clock_(clock) {}

  /// Called with a new alert's id inside the transaction that raised it (the webhook outbox).
  void SetAlertHook(std::function<core::Status(int64_t alert_id)> hook) { on_alert_ = std::move(hook); }
  /// The archive hook: judges the account at a new live post (kind post). Runs in the archiving
  /// transaction.
  core::Status OnArchived(const storage::IncomingPost& p, const storage::Archived& a);
  /// The feed poller's hook: judges the account at its newest live post, with the channel just
  /// recorded.
  core::Status AfterFetch(int64_t account_id);
  /// The account's judgement with the window ending at `at` (epoch seconds), from the database.
  core::Result<core::HijackAssessment> Assess(int64_t account_id, int64_t at);

 private:
  core::Status Judge(int64_t account_id, int64_t at);
  core::Status Raise(int64_t account_id, const core::HijackAssessment& a);

  storage::Db& db_;
  SettingsService& settings_;
  const core::Clock& clock_;
  std::function<core::Status(int64_t)> on_alert_;
};

}  // namespace govmedia::app
