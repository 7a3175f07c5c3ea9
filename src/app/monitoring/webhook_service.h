// The optional alert webhook of a deployment: every new alert is written to an outbox in the
// transaction that raised it, and delivered by POST (JSON) to the URL in the monitoring settings,
// retried with backoff until the receiver answers 2xx. Payloads carry no post text, so no
// personal data leaves through it. Thread-safety: DeliverDue may run at once on several threads
// and nodes; each delivery is claimed first, so none is sent twice by them.
#pragma once

#include <string>

#include "app/monitoring/settings_service.h"
#include "core/clock.h"
#include "storage/db.h"

namespace govmedia::app {

struct DeliveryReport {
  int delivered = 0, failed = 0;
};

class WebhookService final {
 public:
  WebhookService(storage::Db& db, SettingsService& settings, const core::Clock& clock)
      : db_(db), settings_(settings), clock_(clock) {}

  /// Queues an alert for delivery when a webhook is configured; runs inside the alert's transaction.
  core::Status Enqueue(int64_t alert_id);
  /// Delivers the queued alerts that are due; failures are kept for a later try.
  core::Result<DeliveryReport> DeliverDue(long timeout_ms = 10000);

 private:
  storage::Db& db_;
  SettingsService& settings_;
  const core::Clock& clock_;
};

/// Tries of one alert before it is left undelivered (with its last error) for a person to see.
inline constexpr int kMaxWebhookAttempts = 10;

}  // namespace govmedia::app
