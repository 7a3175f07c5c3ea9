#include "app/monitoring/webhook_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/auth/password.h"
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
                             "= p.id AND v.version = al.post_version AND v.published_epoch = p.published_epoch "
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
  // Each delivery is claimed before it is sent, one statement per row: another node running
  // DeliverDue at the same moment skips it (PostgreSQL: SKIP LOCKED; SQLite: the write lock), and
  // only this claim may record the outcome. A claim outlives the POST's timeout; one left by a
  // node that died is taken again after it.
  const std::string token = RandomHex(16);
  const std::string lock = db_.Dialect() == "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  constexpr const char* kDue =
      "delivered_at IS NULL AND attempts < ? AND next_attempt_epoch <= ? AND (claimed_until IS NULL OR claimed_until <= ?)";
  const std::string claim =
      std::string("UPDATE webhook_outbox SET claim_token = ?, claimed_until = ? WHERE id = (SELECT id FROM webhook_outbox "
                  "WHERE ") + kDue + " ORDER BY id LIMIT 1" + lock + ") AND " + kDue + " RETURNING id, payload, attempts";
  for (int i = 0; i < 100; ++i) {
    const int64_t now = clock_.NowSeconds();
    const storage::Value max_attempts = static_cast<int64_t>(kMaxWebhookAttempts);
    auto due = db_.Query(claim, {token, now + timeout_ms / 1000 + 60, max_attempts, now, now, max_attempts, now, now});
    if (!due.ok()) return due.status();
    if (due->empty()) break;
    const auto& r = due->front();
    const Status sent = fetch::PostJson(settings->alert_webhook_url, r.Text(1), timeout_ms);
    if (sent.ok()) {
      rep.delivered++;
      if (Status s = db_.Exec("UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = '', "
                              "claimed_until = NULL WHERE id = ? AND claim_token = ?",
                              {clock_.NowRfc3339(), r.Int(0), token});
          !s.ok())
        return s;
      continue;
    }
    rep.failed++;
    // 30 s, 1 min, 2 min … at most an hour between tries.
    const int64_t attempts = r.Int(2) + 1;
    const int64_t wait = std::min<int64_t>(3600, int64_t{30} << std::min<int64_t>(attempts - 1, 7));
    if (Status s = db_.Exec("UPDATE webhook_outbox SET attempts = ?, next_attempt_epoch = ?, last_error = ?, "
                            "claimed_until = NULL WHERE id = ? AND claim_token = ?",
                            {attempts, clock_.NowSeconds() + wait, sent.message(), r.Int(0), token});
        !s.ok())
      return s;
  }
  return rep;
}

}  // namespace govmedia::app
