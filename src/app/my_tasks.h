// 我的任务: what each person has to do next, built from the records — the first block of every
// role's home. A unit operator's deadlines (the quarter's report and self-inspections,
// rectifications, filings after an approval, applications rejected with the reason); an
// inspector's assigned round items; a duty officer's open alerts; a leader's risks; the city
// office's queue with counts. Nothing is stored: the list is read afresh each time.
// Thread-safety: safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/interaction/correction_service.h"
#include "app/interaction/repost_service.h"
#include "app/registry/registry_service.h"
#include "app/security/security_service.h"
#include "app/supervision/supervision_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/date.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct MyTask {
  std::string kind;    // report, self_inspection, rectification, filing, rejected, inspection, alert,
                       // application, forward, overdue_filing, review, round, risk, correction, repost
  std::string title;   // what to do, in Chinese
  std::string detail;  // why, or the reason given
  std::optional<core::Date> due_on;
  bool overdue = false;
  int64_t count = 1;  // items behind a grouped task
  std::string link;   // the console page where it is done
};

class MyTaskService final {
 public:
  MyTaskService(storage::Db& db, RegistryService& registry, SupervisionService& supervision,
                CorrectionService& corrections, RepostService& reposts, SecurityService& security,
                storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), registry_(registry), supervision_(supervision), corrections_(corrections), reposts_(reposts),
        security_(security), audit_(audit), clock_(clock) {}

  /// The person's tasks, overdue first, then by due date (undated last).
  core::Result<std::vector<MyTask>> For(const core::Principal& p);

  /// 催办 (city office): a reminder on the unit's home to update the account, until it publishes
  /// again; audited. Returns the reminder's id.
  core::Result<int64_t> Urge(const core::Principal& p, int64_t account_id, const std::string& note,
                             std::optional<core::Date> due_on);

 private:
  core::Status UnitTasks(const core::Principal& p, int64_t unit_id, std::vector<MyTask>* out);
  core::Status CityTasks(const core::Principal& p, std::vector<MyTask>* out);
  core::Status InspectorTasks(const core::Principal& p, std::vector<MyTask>* out);
  core::Status AlertTasks(std::vector<MyTask>* out);
  core::Status LeaderTasks(std::vector<MyTask>* out);
  /// Netizens' correction reports: the unit's open ones with their deadlines, or for the city
  /// office those escalated to it (and those addressed to it).
  core::Status CorrectionTasks(const core::Principal& p, std::vector<MyTask>* out);
  /// Coordinated reposts the unit has not yet published.
  /// Netizen requests (限时办理) of the unit not yet answered: one line, due at the earliest.
  core::Status RequestTasks(int64_t unit_id, std::vector<MyTask>* out);
  core::Status RepostTasks(const core::Principal& p, std::vector<MyTask>* out);
  /// The security ledger's warnings (安全台账): the unit's, grouped by kind; for the city office
  /// the accounts and units with any; for the inspector the handovers never recorded.
  core::Status SecurityTasks(const core::Principal& p, std::vector<MyTask>* out);
  storage::Db& db_;
  RegistryService& registry_;
  SupervisionService& supervision_;
  CorrectionService& corrections_;
  RepostService& reposts_;
  SecurityService& security_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
