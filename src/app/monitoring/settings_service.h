// Monitoring settings of a deployment, changed by the city office and audited: freshness
// warning thresholds, how many failed checks make a function broken, how often URLs are checked,
// the optional alert webhook, and the deadlines of the public correction entry. Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct MonitoringSettings {
  int warn_days = 7;     // first early warning (预警) without a post
  int danger_days = 10;  // second early warning (严重预警), before the 14-day veto
  int availability_failures = 3;  // consecutive failed checks that make a URL broken
  int availability_minutes = 60;  // between two rounds of checks in `serve`
  std::string alert_webhook_url;  // empty: no webhook
  // The public correction entry (纠错入口): working days to accept and to answer a report, and the
  // proof of work's difficulty (leading zero bits; 16 takes a browser about a second).
  int correction_accept_workdays = 1;
  int correction_answer_workdays = 3;
  int correction_pow_bits = 16;
  // Netizen requests (限时办理): working days to answer a question (咨询), a request for help
  // (求助) and a complaint (投诉) found in comments or entered.
  int request_question_workdays = 3;
  int request_request_workdays = 5;
  int request_complaint_workdays = 10;
  // Hijacked or misused accounts (疑似账号被盗用; core::HijackSettings, core/hijack.h).
  int hijack_min_history_days = 28;
  int hijack_min_history_posts = 20;
  int hijack_window_hours = 24;
  int hijack_min_signals = 2;
  int hijack_ad_min_posts = 2;
  int hijack_quiet_permille = 10;
  int hijack_burst_factor = 3;
  int hijack_burst_min_posts = 6;
  // Fake engagement (core::EngagementSettings): how far above its own history (robust z of log
  // counts) a post's counts or a day's follower gain must be, the history needed first, and the
  // smallest count that can be an anomaly at all.
  double engagement_post_z = 6.0;
  double engagement_follower_z = 8.0;
  int engagement_min_history = 20;
  int engagement_min_count = 1000;
};

nlohmann::json SettingsJson(const MonitoringSettings& s);

class SettingsService final {
 public:
  SettingsService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  /// The stored settings, defaults where none were stored.
  core::Result<MonitoringSettings> Get();
  /// Applies the fields present in `patch` (the shape of SettingsJson). InvalidArgument naming the
  /// field; nothing is changed then.
  core::Result<MonitoringSettings> Update(const core::Principal& p, const nlohmann::json& patch);

 private:
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
