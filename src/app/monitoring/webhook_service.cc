#include "app/monitoring/webhook_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/monitoring/monitor_service.h"
#include "fetch/url_probe.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

Status WebhookService::Enqueue(int64_t alert_id) {
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  if (settings->alert_webhook_url.empty()) return Status::Ok();
  auto r = storage::QueryOne(db_,
                             "SELECT al.id, al.category, al.indicator, al.created_at, a.id, "
                             "a.name, a.platform, u.name, p.kind, "
                             "p.platform_post_id, v.url FROM alerts al JOIN accounts a ON a.id = "
                             "al.account_id JOIN units u ON u.id = a.unit_id "
                             "JOIN posts p ON p.id = al.post_id JOIN post_versions v ON v.post_id "
                             "= p.id AND v.version = al.post_version "
                             "WHERE al.id = ?",
                             {alert_id});
  if (!r.ok()) return r.status();
  const json payload{
      {"type", "alert"},
      {"alert_id", r->Int(0)},
      {"category", r->Text(1)},
      {"category_label", CategoryLabel(r->Text(1))},
      {"indicator", r->Text(2)},
      {"created_at", r->Text(3)},
      {"account", {{"id", r->Int(4)}, {"name", r->Text(5)}, {"platform", r->Text(6)}}},
      {"unit", r->Text(7)},
      {"item", {{"kind", r->Text(8)}, {"platform_id", r->Text(9)}, {"url", r->Text(10)}}},
      {"text", "【政务新媒体监管】" + r->Text(7) + "「" + r->Text(5) + "」出现" +
                   CategoryLabel(r->Text(1)) + "告警，请登录平台处置（告警编号 " +
                   std::to_string(r->Int(0)) + "）"}};
  return db_.Exec("INSERT INTO webhook_outbox (alert_id, payload, created_at) VALUES (?, ?, ?)",
                  {alert_id, payload.dump(), clock_.NowRfc3339()});
}

core::Result<DeliveryReport> WebhookService::DeliverDue(long timeout_ms) {
  DeliveryReport rep;
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  if (settings->alert_webhook_url.empty()) return rep;
  const int64_t now = clock_.NowSeconds();
  auto due = db_.Query(
      "SELECT id, payload, attempts FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < "
      "? "
      "AND next_attempt_epoch <= ? ORDER BY id LIMIT 100",
      {static_cast<int64_t>(kMaxWebhookAttempts), now});
  if (!due.ok()) return due.status();
  for (const auto& r : *due) {
    const Status sent = fetch::PostJson(settings->alert_webhook_url, r.Text(1), timeout_ms);
    if (sent.ok()) {
      rep.delivered++;
      if (Status s = db_.Exec("UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = "
                              "?, last_error = '' WHERE id = ?",
                              {clock_.NowRfc3339(), r.Int(0)});
          !s.ok())
        return s;
      continue;
    }
    rep.failed++;
    // 30 s, 1 min, 2 min … at most an hour between tries.
    const int64_t attempts = r.Int(2) + 1;
    const int64_t wait = std::min<int64_t>(3600, int64_t{30} << std::min<int64_t>(attempts - 1, 7));
    if (Status s = db_.Exec("UPDATE webhook_outbox SET attempts = ?, next_attempt_epoch = ?, "
                            "last_error = ? WHERE id = ?",
                            {attempts, now + wait, sent.message(), r.Int(0)});
        !s.ok())
      return s;
  }
  return rep;
}

}  // namespace govmedia::app
