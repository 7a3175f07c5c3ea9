// The registry (台账) and its workflow: units, accounts, applications and filings, with every
// change authorised (core/access.h), validated (core/account.h, core/lifecycle.h), written in one
// transaction and recorded in the audit log.
// Thread-safety: safe to call concurrently (the Db serialises writes).
#pragma once

#include <atomic>
#include <climits>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/evidence_images.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/lifecycle.h"
#include "core/work_calendar.h"
#include "storage/audit_log.h"
#include "storage/registry_store.h"

namespace govmedia::app {

struct AccountDetail {
  storage::AccountRow account;
  std::optional<storage::ApplicationRow> application;
  std::vector<storage::FilingRow> filings;
  std::vector<EvidenceImage> closure_notice_images;  // screenshots of the latest closure notice
};

struct FilingView {
  storage::FilingRow row;
  core::FilingStanding standing;
};

/// Changes an account record in place; returns InvalidArgument naming the field on bad input.
using RecordEdit = std::function<core::Status(core::AccountRecord*)>;

struct NewAccount {
  core::AccountRecord record;
  bool existing = false;  // an account already running: recorded with an open filing at once
  std::string application_reason;
  bool demo = false;
};

struct NewFiling {
  core::FilingKind kind = core::FilingKind::kChange;
  core::Date event_on;
  std::optional<core::Date> filed_on;  // default today; back-dating is city_admin only
  std::string reason;
  RecordEdit changes;        // for a change filing; may be empty
  std::string changes_json;  // what `changes` was built from, kept with the filing
  std::string closure_notice_url;
  std::optional<core::Date> closure_notice_on;
  /// Screenshots of the closure notice uploaded for the account (AddClosureImage): a close filing
  /// needs the notice's link or at least one of them.
  std::vector<int64_t> closure_notice_image_ids;
};

enum class FilingList { kAll, kPending, kOverdue };

struct TodoItem {
  std::string kind;  // application, forward, overdue
  int64_t account_id = 0;
  std::string account_name;
  std::string unit_name;
  std::optional<int64_t> filing_id;
  std::optional<core::Date> due_on;
  std::string message;
};

struct Dashboard {
  int64_t units = 0;
  int64_t accounts_total = 0;
  std::vector<std::pair<std::string, int64_t>> by_status;
  std::vector<std::pair<std::string, int64_t>> by_platform;
  int64_t pending_applications = 0;
  int64_t pending_forward = 0;
  int64_t overdue_filings = 0;
  int64_t accounts_with_warnings = 0;
  std::vector<TodoItem> todo;
};

class RegistryService final {
 public:
  RegistryService(storage::Db& db, storage::RegistryStore& store, storage::AuditLog& audit,
                  const core::WorkCalendar& calendar, const core::Clock& clock)
      : db_(db), store_(store), audit_(audit), calendar_(calendar), clock_(clock) {}

  // Units
  core::Result<std::vector<storage::UnitRow>> ListUnits(const core::Principal& p, bool include_retired);
  core::Result<storage::UnitRow> CreateUnit(const core::Principal& p, const std::string& name,
                                            const std::string& category);
  core::Result<storage::UnitRow> UpdateUnit(const core::Principal& p, int64_t id,
                                            std::optional<std::string> name,
                                            std::optional<std::string> category,
                                            std::optional<bool> retired);
  core::Result<std::vector<storage::UnitHistoryRow>> UnitHistory(const core::Principal& p, int64_t id);

  // Accounts
  core::Result<std::vector<storage::AccountRow>> ListAccounts(const core::Principal& p,
                                                              storage::AccountFilter f, int64_t* total);
  core::Result<AccountDetail> GetAccount(const core::Principal& p, int64_t id);
  core::Result<storage::AccountRow> CreateAccount(const core::Principal& p, const NewAccount& a);
  core::Result<storage::AccountRow> UpdateAccount(const core::Principal& p, int64_t id, const RecordEdit& edit);
  core::Result<storage::AccountRow> Reapply(const core::Principal& p, int64_t id, const std::string& reason);
  core::Result<storage::AccountRow> Decide(const core::Principal& p, int64_t id, core::Decision d,
                                           const std::string& note);

  // Filings
  core::Result<FilingView> File(const core::Principal& p, int64_t account_id, const NewFiling& f);
  core::Result<std::vector<FilingView>> ListFilings(const core::Principal& p, FilingList view,
                                                    std::optional<int64_t> unit_id,
                                                    std::optional<int64_t> account_id);
  core::Result<FilingView> Forward(const core::Principal& p, int64_t filing_id, std::optional<core::Date> on);
  FilingView ViewOf(storage::FilingRow row) const;
  /// A screenshot of the closure notice (停更公告) of an open account, for the close filing about to
  /// be made (NewFiling::closure_notice_image_ids); audited ("account.closure_image"). The same
  /// image sent twice is stored once. InvalidArgument naming "content_base64" or "filename".
  core::Result<EvidenceImage> AddClosureImage(const core::Principal& p, int64_t account_id,
                                              const std::string& filename, const std::string& bytes);

  core::Result<Dashboard> GetDashboard(const core::Principal& p);

  /// The account with its contact numbers for someone who needs them now: the city office, the
  /// unit's own operator, or the duty officer while the unit has an open alert (PermissionDenied
  /// otherwise). Each look by someone outside the unit is audited (`contacts.view`).
  core::Result<storage::AccountRow> RevealContacts(const core::Principal& p, int64_t id);

  /// Whether a contact number of this unit may be shown to this person unmasked.
  static bool Unmasked(const core::Principal& p, int64_t unit_id) { return core::SeesContacts(p, unit_id); }

 private:
  core::Status Audit(const core::Principal& p, const std::string& action, const std::string& entity,
                     int64_t id, const std::string& before, const std::string& after);
  /// Recomputes and stores the warnings of every account of a unit (the duplicate rule links them).
  core::Status RefreshWarnings(int64_t unit_id);
  /// Once a day, before the first read of the registry, recomputes every unit's warnings: a news
  /// licence expires with no change to its account. Later calls of the same day cost nothing.
  core::Status RefreshDatedWarnings();
  core::Result<storage::AccountRow> LoadScoped(const core::Principal& p, int64_t id, core::Action a);

  storage::Db& db_;
  storage::RegistryStore& store_;
  storage::AuditLog& audit_;
  const core::WorkCalendar& calendar_;
  const core::Clock& clock_;
  std::atomic<int64_t> warnings_day_{INT64_MIN};  // the day RefreshDatedWarnings last ran for
};

}  // namespace govmedia::app
