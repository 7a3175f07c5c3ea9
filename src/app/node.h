// The object graph of one govmedia node: the database, stores, calendar and services, wired
// once and shared by the server and the CLI commands. Thread-safety: the services are.
#pragma once

#include <memory>
#include <string>

#include "app/scoring/assessment_service.h"
#include "app/monitoring/availability_service.h"
#include "app/supervision/evidence.h"
#include "app/interaction/approved_source_service.h"
#include "app/interaction/correction_service.h"
#include "app/interaction/qa_service.h"
#include "app/interaction/repost_service.h"
#include "app/interaction/request_service.h"
#include "app/engagement/engagement_service.h"
#include "app/security/security_service.h"
#include "app/security/hijack_service.h"
#include "app/my_tasks.h"
#include "app/monitoring/freshness_service.h"
#include "app/monitoring/lexicon_service.h"
#include "app/monitoring/rescan_service.h"
#include "app/reports/generated_report_service.h"
#include "app/supervision/rectification_service.h"
#include "app/supervision/scope_service.h"
#include "app/monitoring/settings_service.h"
#include "app/supervision/spot_check_service.h"
#include "app/supervision/supervision_service.h"
#include "app/monitoring/webhook_service.h"
#include "app/auth/auth_service.h"
#include "app/monitoring/feed_poller.h"
#include "app/monitoring/ingest_service.h"
#include "app/monitoring/monitor_service.h"
#include "app/registry/registry_service.h"
#include "app/review/review_service.h"
#include "app/scoring/scoring_service.h"
#include "core/clock.h"
#include "core/work_calendar.h"
#include "storage/audit_log.h"
#include "storage/db.h"
#include "storage/post_store.h"
#include "storage/registry_store.h"
#include "storage/scoring_store.h"
#include "storage/user_store.h"

namespace govmedia::app {

class Node final {
 public:
  /// Opens (creating and migrating) the database at `db_path`, loads the units of 附件1 on first
  /// start, and the calendar (built-in years, then years imported into this database).
  /// `clock` must outlive the Node.
  static core::Result<std::unique_ptr<Node>> Open(const std::string& db_path, const core::Clock& clock);

  storage::Db& db() { return *db_; }
  const core::Clock& clock() const { return clock_; }
  const core::WorkCalendar& calendar() const { return calendar_; }
  storage::RegistryStore& registry_store() { return registry_store_; }
  storage::UserStore& user_store() { return user_store_; }
  storage::AuditLog& audit() { return audit_; }
  storage::PostStore& posts() { return post_store_; }
  RegistryService& registry() { return registry_; }
  AuthService& auth() { return auth_; }
  ScoringService& scoring() { return scoring_; }
  AssessmentService& assessment() { return assessment_; }
  IngestService& ingest() { return ingest_; }
  MonitorService& monitor() { return monitor_; }
  FeedPoller& feeds() { return feeds_; }
  SettingsService& settings() { return settings_; }
  LexiconService& lexicons() { return lexicons_; }
  RescanService& rescans() { return rescans_; }
  GeneratedReportService& generated_reports() { return generated_reports_; }
  FreshnessService& freshness() { return freshness_; }
  AvailabilityService& availability() { return availability_; }
  WebhookService& webhooks() { return webhooks_; }
  SupervisionService& supervision() { return supervision_; }
  SpotCheckService& spot_checks() { return spot_checks_; }
  EvidenceService& evidence() { return evidence_; }
  ReviewService& review() { return review_; }
  MyTaskService& tasks() { return tasks_; }
  RectificationService& rectifications() { return rectifications_; }
  ScopeService& scope() { return scope_; }
  CorrectionService& corrections() { return corrections_; }
  QaService& qa() { return qa_; }
  ApprovedSourceService& approved_sources() { return approved_sources_; }
  RepostService& reposts() { return reposts_; }
  RequestService& requests() { return requests_; }
  EngagementService& engagement() { return engagement_; }
  SecurityService& security() { return security_; }
  HijackService& hijack() { return hijack_; }

  /// The warning banner text when the current year has no holiday data, else empty.
  std::string CalendarWarning() const;

 private:
  Node(std::unique_ptr<storage::Db> db, const core::Clock& clock);
  std::unique_ptr<storage::Db> db_;
  const core::Clock& clock_;
  core::WorkCalendar calendar_;
  storage::RegistryStore registry_store_;
  storage::UserStore user_store_;
  storage::AuditLog audit_;
  storage::ScoringStore scoring_store_;
  storage::PostStore post_store_;
  SettingsService settings_;
  MonitorService monitor_;
  RegistryService registry_;
  AuthService auth_;
  ScoringService scoring_;
  SupervisionService supervision_;
  RectificationService rectifications_;
  SpotCheckService spot_checks_;
  EvidenceService evidence_;
  CorrectionService corrections_;
  RepostService reposts_;
  RequestService requests_;
  EngagementService engagement_;
  QaService qa_;
  ApprovedSourceService approved_sources_;
  SecurityService security_;
  HijackService hijack_;
  MyTaskService tasks_;
  ScopeService scope_;
  AssessmentService assessment_;
  IngestService ingest_;
  FeedPoller feeds_;
  LexiconService lexicons_;
  RescanService rescans_;
  GeneratedReportService generated_reports_;
  FreshnessService freshness_;
  AvailabilityService availability_;
  WebhookService webhooks_;
  ReviewService review_;
};

/// The built-in calendar (data/calendar/cn.json compiled in), plus the years imported into `db`
/// when given (they replace built-in years of the same number).
core::Result<core::WorkCalendar> LoadCalendar(storage::Db* db);

/// Parses a holiday-cn year file and stores it in the database (`govmedia calendar import`).
/// InvalidArgument naming the field; nothing is written then.
core::Result<core::CalendarYear> ImportCalendarYear(storage::Db& db, std::string_view json_text,
                                                    const std::string& now);

/// Loads the units of 附件1 and the city office when the units table is empty.
core::Status EnsureUnits(storage::Db& db, storage::AuditLog& audit, const std::string& now);

}  // namespace govmedia::app
