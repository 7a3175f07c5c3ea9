#include "app/monitoring/settings_service.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kKey = "monitoring";
constexpr int kVetoDays = 14;

Status Apply(const json& patch, MonitoringSettings* s) {
  if (!patch.is_object()) return Status::InvalidArgument("body", "应为对象");
  if (patch.contains("freshness_warn_days")) {
    const json& d = patch["freshness_warn_days"];
    if (!d.is_array() || d.size() != 2 || !d[0].is_number_integer() || !d[1].is_number_integer() ||
        d[0].get<int>() < 1 || d[0].get<int>() >= d[1].get<int>() || d[1].get<int>() >= kVetoDays) {
      return Status::InvalidArgument("freshness_warn_days",
                                     "应为两个递增的天数，均小于 14（如 [7, 10]）");
    }
    s->warn_days = d[0].get<int>();
    s->danger_days = d[1].get<int>();
  }
  if (patch.contains("availability_failures")) {
    const json& v = patch["availability_failures"];
    if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 20)
      return Status::InvalidArgument("availability_failures", "应为 1–20 的整数");
    s->availability_failures = v.get<int>();
  }
  if (patch.contains("availability_minutes")) {
    const json& v = patch["availability_minutes"];
    if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 1440)
      return Status::InvalidArgument("availability_minutes", "应为 1–1440 的整数（分钟）");
    s->availability_minutes = v.get<int>();
  }
  if (patch.contains("alert_webhook_url")) {
    const json& v = patch["alert_webhook_url"];
    if (!v.is_string())
      return Status::InvalidArgument("alert_webhook_url", "应为 http(s) 地址或空");
    const std::string url = v.get<std::string>();
    if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://"))
      return Status::InvalidArgument("alert_webhook_url", "应为 http(s) 地址或空");
    if (url.size() > 2000) return Status::InvalidArgument("alert_webhook_url", "地址过长");
    s->alert_webhook_url = url;
  }
  auto integer = [&](const char* key, int lo, int hi, const std::string& why, int* out) {
    if (!patch.contains(key)) return Status::Ok();
    const json& v = patch[key];
    if (!v.is_number_integer() || v.get<int>() < lo || v.get<int>() > hi) return Status::InvalidArgument(key, why);
    *out = v.get<int>();
    return Status::Ok();
  };
  if (Status st = integer("correction_accept_workdays", 1, 10, "应为 1–10 个工作日", &s->correction_accept_workdays);
      !st.ok())
    return st;
  if (Status st = integer("correction_answer_workdays", 1, 30, "应为 1–30 个工作日", &s->correction_answer_workdays);
      !st.ok())
    return st;
  if (Status st = integer("request_question_workdays", 1, 30, "应为 1–30 个工作日", &s->request_question_workdays);
      !st.ok())
    return st;
  if (Status st = integer("request_request_workdays", 1, 30, "应为 1–30 个工作日", &s->request_request_workdays);
      !st.ok())
    return st;
  if (Status st = integer("request_complaint_workdays", 1, 60, "应为 1–60 个工作日", &s->request_complaint_workdays);
      !st.ok())
    return st;
  auto real = [&](const char* key, double lo, double hi, const std::string& why, double* out) {
    if (!patch.contains(key)) return Status::Ok();
    const json& v = patch[key];
    if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi) return Status::InvalidArgument(key, why);
    *out = v.get<double>();
    return Status::Ok();
  };
  if (Status st = real("engagement_post_z", 3, 20, "应为 3–20", &s->engagement_post_z); !st.ok()) return st;
  if (Status st = real("engagement_follower_z", 3, 30, "应为 3–30", &s->engagement_follower_z); !st.ok()) return st;
  if (Status st = integer("engagement_min_history", 5, 500, "应为 5–500（条）", &s->engagement_min_history); !st.ok())
    return st;
  if (Status st = integer("engagement_min_count", 10, 100000000, "应为 10–100000000", &s->engagement_min_count); !st.ok())
    return st;
  const struct {
    const char* key;
    int lo, hi;
    const char* why;
    int* out;
  } hijack[] = {
      {"hijack_min_history_days", 7, 365, "应为 7–365 天", &s->hijack_min_history_days},
      {"hijack_min_history_posts", 5, 1000, "应为 5–1000 条", &s->hijack_min_history_posts},
      {"hijack_window_hours", 1, 168, "应为 1–168 小时", &s->hijack_window_hours},
      {"hijack_min_signals", 1, 5, "应为 1–5 个信号", &s->hijack_min_signals},
      {"hijack_ad_min_posts", 1, 50, "应为 1–50 条", &s->hijack_ad_min_posts},
      {"hijack_quiet_permille", 1, 100, "应为 1–100（‰）", &s->hijack_quiet_permille},
      {"hijack_burst_factor", 2, 20, "应为 2–20 倍", &s->hijack_burst_factor},
      {"hijack_burst_min_posts", 2, 200, "应为 2–200 条", &s->hijack_burst_min_posts},
  };
  for (const auto& h : hijack) {
    if (Status st = integer(h.key, h.lo, h.hi, h.why, h.out); !st.ok()) return st;
  }
  return integer("correction_pow_bits", 8, 24, "应为 8–24（位）", &s->correction_pow_bits);
}

}  // namespace

json SettingsJson(const MonitoringSettings& s) {
  return {{"freshness_warn_days", {s.warn_days, s.danger_days}},
          {"veto_days", kVetoDays},
          {"availability_failures", s.availability_failures},
          {"availability_minutes", s.availability_minutes},
          {"alert_webhook_url", s.alert_webhook_url},
          {"correction_accept_workdays", s.correction_accept_workdays},
          {"correction_answer_workdays", s.correction_answer_workdays},
          {"correction_pow_bits", s.correction_pow_bits},
          {"request_question_workdays", s.request_question_workdays},
          {"request_request_workdays", s.request_request_workdays},
          {"request_complaint_workdays", s.request_complaint_workdays},
          {"hijack_min_history_days", s.hijack_min_history_days},
          {"hijack_min_history_posts", s.hijack_min_history_posts},
          {"hijack_window_hours", s.hijack_window_hours},
          {"hijack_min_signals", s.hijack_min_signals},
          {"hijack_ad_min_posts", s.hijack_ad_min_posts},
          {"hijack_quiet_permille", s.hijack_quiet_permille},
          {"hijack_burst_factor", s.hijack_burst_factor},
          {"hijack_burst_min_posts", s.hijack_burst_min_posts},
          {"engagement_post_z", s.engagement_post_z},
          {"engagement_follower_z", s.engagement_follower_z},
          {"engagement_min_history", s.engagement_min_history},
          {"engagement_min_count", s.engagement_min_count}};
}

core::Result<MonitoringSettings> SettingsService::Get() {
  auto rows = db_.Query("SELECT value FROM settings WHERE key = ?", {std::string(kKey)});
  if (!rows.ok()) return rows.status();
  MonitoringSettings s;
  if (!rows->empty()) {
    // Stored values passed Apply when written; a later default fills what an older row lacks.
    if (Status st = Apply(json::parse(rows->front().Text(0)), &s); !st.ok()) return st;
  }
  return s;
}

core::Result<MonitoringSettings> SettingsService::Update(const core::Principal& p,
                                                         const json& patch) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  auto before = Get();
  if (!before.ok()) return before.status();
  MonitoringSettings after = *before;
  if (Status s = Apply(patch, &after); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec(
            "INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = "
            "excluded.updated_by, "
            "updated_at = excluded.updated_at",
            {std::string(kKey), SettingsJson(after).dump(), p.username, now});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "settings.update", "settings", kKey,
                          SettingsJson(*before).dump(), SettingsJson(after).dump()});
  });
  if (!st.ok()) return st;
  return after;
}

}  // namespace govmedia::app
