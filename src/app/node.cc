#include "app/node.h"

#include <nlohmann/json.hpp>

#include "app/auth/password.h"
#include "app/review/review_match.h"
#include "storage/embedded.h"
#include "storage/record_codec.h"

namespace govmedia::app {

using core::Status;

core::Result<core::WorkCalendar> LoadCalendar(storage::Db* db) {
  core::WorkCalendar cal;
  auto years = storage::ParseCalendarData(storage::Embedded("calendar/cn.json"));
  if (!years.ok()) return years.status();
  for (const auto& y : *years) {
    if (Status s = cal.AddYear(y); !s.ok()) return Status::Internal("built-in calendar: " + s.ToString());
  }
  if (db) {
    auto rows = db->Query("SELECT data_json FROM calendar_years ORDER BY year");
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      auto j = nlohmann::json::parse(r.Text(0), nullptr, false);
      auto y = storage::ParseHolidayCnYear(j);
      if (!y.ok()) return Status::Internal("imported calendar year: " + y.status().ToString());
      if (Status s = cal.AddYear(*y); !s.ok()) return s;
    }
  }
  return cal;
}

core::Result<core::CalendarYear> ImportCalendarYear(storage::Db& db, std::string_view text,
                                                    const std::string& now) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("file", "不是有效的 JSON");
  auto y = storage::ParseHolidayCnYear(j);
  if (!y.ok()) return y.status();
  core::WorkCalendar probe;  // the same checks the calendar applies when it loads the year
  if (Status s = probe.AddYear(*y); !s.ok()) return s;
  Status st = db.Exec(
      "INSERT INTO calendar_years (year, data_json, imported_at) VALUES (?, ?, ?) "
      "ON CONFLICT (year) DO UPDATE SET data_json = excluded.data_json, imported_at = excluded.imported_at",
      {static_cast<int64_t>(y->year), storage::CalendarYearToHolidayCn(*y).dump(), now});
  if (!st.ok()) return st;
  return y;
}

Status EnsureUnits(storage::Db& db, storage::AuditLog& audit, const std::string& now) {
  return db.Transaction([&]() -> Status {
    auto count = storage::QueryOne(db, "SELECT COUNT(*) FROM units");
    if (!count.ok()) return count.status();
    if (count->Int(0) > 0) return Status::Ok();
    auto j = nlohmann::json::parse(storage::Embedded("units/kunshan.json"), nullptr, false);
    if (j.is_discarded()) return Status::Internal("built-in units are malformed");
    for (const auto& u : j["units"]) {
      auto id = db.Insert(
          "INSERT INTO units (name, category, retired, is_city_office, created_at) VALUES (?, ?, 0, ?, ?) "
          "RETURNING id",
          {u["name"].get<std::string>(), u["category"].get<std::string>(),
           static_cast<int64_t>(u.value("is_city_office", false)), now});
      if (!id.ok()) return id.status();
    }
    return audit.Append({0, now, "system", "units.load", "unit", "*", "",
                         nlohmann::json{{"source", "附件1"}, {"count", j["units"].size()}}.dump()});
  });
}

Node::Node(std::unique_ptr<storage::Db> db, const core::Clock& clock)
    : db_(std::move(db)),
      clock_(clock),
      registry_store_(*db_),
      user_store_(*db_),
      audit_(*db_),
      scoring_store_(*db_),
      post_store_(*db_),
      settings_(*db_, audit_, clock_),
      monitor_(*db_, post_store_, audit_, clock_),
      registry_(*db_, registry_store_, audit_, calendar_, clock_),
      auth_(*db_, user_store_, registry_store_, audit_, clock_),
      scoring_(*db_, registry_store_, scoring_store_, post_store_, monitor_, audit_, clock_),
      supervision_(*db_, registry_store_, scoring_store_, audit_, clock_),
      rectifications_(*db_, audit_, clock_),
      spot_checks_(*db_, registry_store_, scoring_, audit_, clock_),
      evidence_(*db_, spot_checks_, scoring_, audit_, clock_),
      corrections_(*db_, audit_, clock_, calendar_, settings_),
      reposts_(*db_, audit_, clock_),
      requests_(*db_, audit_, clock_, calendar_, settings_),
      engagement_(*db_, audit_, clock_, settings_),
      qa_(*db_, audit_, clock_),
      approved_sources_(*db_, audit_, clock_),
      security_(*db_, registry_store_, audit_, clock_),
      hijack_(*db_, settings_, clock_),
      tasks_(*db_, registry_, supervision_, corrections_, reposts_, security_, audit_, clock_),
      scope_(*db_, registry_store_, audit_, clock_),
      assessment_(*db_, registry_store_, scoring_store_, scoring_, supervision_, rectifications_, scope_, corrections_, audit_,
                  calendar_, clock_),
      ingest_(*db_, post_store_, monitor_, audit_, clock_),
      feeds_(*db_, post_store_, monitor_, clock_),
      lexicons_(*db_, monitor_, scoring_, audit_, clock_),
      rescans_(*db_, monitor_, audit_, clock_),
      generated_reports_(*db_, user_store_, assessment_, audit_, clock_),
      freshness_(*db_, scoring_, settings_, clock_),
      availability_(*db_, settings_, clock_),
      webhooks_(*db_, settings_, clock_),
      review_(*db_, monitor_, audit_, clock_) {
  // Posts of accounts under review are matched to their approved drafts (先审后发).
  monitor_.AddArchiveHook([this](const storage::IncomingPost& p, const storage::Archived& a) {
    return MatchReviewedPost(*db_, p, a, monitor_.IndicatorOf("improper"), clock_.NowRfc3339());
  });
  monitor_.SetAlertHook([this](int64_t alert_id) { return webhooks_.Enqueue(alert_id); });
  monitor_.AddArchiveHook([this](const storage::IncomingPost& p, const storage::Archived& a) {
    return requests_.OnArchived(p, a);
  });
  monitor_.AddFindingSource([this](int64_t account_id, int64_t from, int64_t to) {
    return requests_.Findings(account_id, from, to);
  });
  // Accounts acting out of character (疑似账号被盗用): judged at each live post and after each
  // healthy feed fetch (with the channel's name and avatar); their alerts go out like the others.
  monitor_.AddArchiveHook([this](const storage::IncomingPost& p, const storage::Archived& a) {
    return hijack_.OnArchived(p, a);
  });
  hijack_.SetAlertHook([this](int64_t alert_id) { return webhooks_.Enqueue(alert_id); });
  feeds_.SetFetchHook([this](int64_t account_id) { return hijack_.AfterFetch(account_id); });
  monitor_.AddArchiveHook([this](const storage::IncomingPost& p, const storage::Archived& a) {
    return engagement_.OnArchived(p, a);
  });
  monitor_.AddFindingSource([this](int64_t account_id, int64_t from, int64_t to) {
    return engagement_.Findings(account_id, from, to);
  });
}

core::Result<std::unique_ptr<Node>> Node::Open(const std::string& db_path, const core::Clock& clock) {
  if (Status s = InitCrypto(); !s.ok()) return s;
  auto db = storage::OpenDb(db_path);
  if (!db.ok()) return db.status();
  if (Status s = storage::Migrate(**db); !s.ok()) return s;
  std::unique_ptr<Node> p(new Node(std::move(*db), clock));
  if (Status s = EnsureUnits(*p->db_, p->audit_, clock.NowRfc3339()); !s.ok()) return s;
  if (Status s = p->scoring_.EnsureBuiltinSets(); !s.ok()) return s;
  if (Status s = p->lexicons_.EnsureDefault(); !s.ok()) return s;
  auto cal = LoadCalendar(p->db_.get());
  if (!cal.ok()) return cal.status();
  p->calendar_ = std::move(*cal);
  return p;
}

std::string Node::CalendarWarning() const {
  const int year = clock_.Today().year();
  if (calendar_.Covers(year)) return "";
  return core::UncoveredYearMessage(year) + "，工作日暂按周一至周五计算，期限可能不准确。请导入国务院办公厅当年的放假通知（govmedia calendar import）。";
}

}  // namespace govmedia::app
