// The security ledger (安全台账) of each account and the emergency plan (应急预案) of each unit:
// who holds the credentials and where they are kept (never a password), the bound phone and
// e-mail, two-factor, rotation, the devices and tools with access; handovers (交接) when a
// custodian leaves (a staff change, 变更备案, or their login disabled), refused unless the password
// was changed; the unit's plan, drill and hijack contact. The rules are core/security_ledger.h.
//
// Personal data (the bound phone and e-mail, the hijack contact) is shown in clear only to the
// unit's own operators; everyone else sees it masked, and the city office (or the duty officer
// while the unit has an open alert) may reveal it, each look audited with the fields named and
// never the values. Every change is audited with those values masked.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/security_ledger.h"
#include "storage/audit_log.h"
#include "storage/db.h"
#include "storage/registry_store.h"

namespace govmedia::app {

/// One warning of the ledger, with the account or unit it is about.
struct SecurityItem {
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<int64_t> account_id;  // none: a warning of the unit (plan, drill)
  std::string account_name, platform_label;
  core::SecurityWarning warning;
};

struct PlanDocument {
  std::string filename, mime, sha256, data;
};

inline constexpr size_t kMaxCustodians = 10;
inline constexpr size_t kMaxSecurityDevices = 30;
inline constexpr size_t kMaxPlanDocumentBytes = 5 * 1024 * 1024;

class SecurityService final {
 public:
  SecurityService(storage::Db& db, storage::RegistryStore& store, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), store_(store), audit_(audit), clock_(clock) {}

  /// The account's ledger: {account_id, recorded, two_factor, bound_phone, bound_email,
  /// contacts_masked, last_password_change, rotation_days, rotation_due_on, devices[],
  /// custodians[], departures[], handovers[], warnings[], unit_users[] (the unit's logins, for
  /// those who may edit)}. NotFound for another unit's operator.
  core::Result<nlohmann::json> Ledger(const core::Principal& p, int64_t account_id);
  /// Saves the fields present in `body` (two_factor, bound_phone, bound_email, last_password_change,
  /// rotation_days, devices, custodians — the whole list: entries with an id are kept, entries
  /// without are added, those left out end). A masked value sent back unchanged keeps the stored
  /// one. InvalidArgument naming the field; a custodian who left cannot be removed or renamed,
  /// only handed over. The unit's operators and the city office; audited (values masked).
  core::Result<nlohmann::json> UpdateLedger(const core::Principal& p, int64_t account_id, const nlohmann::json& body);
  /// The bound phone and e-mail in clear: the unit's operators; the city office, and the duty
  /// officer while the unit has an open alert, audited (security.contacts_view). PermissionDenied
  /// for the rest.
  core::Result<nlohmann::json> RevealLedgerContacts(const core::Principal& p, int64_t account_id);
  /// Records a handover {from_custodian_id, to_name, to_role, to_storage, to_user_id,
  /// handed_over_on, password_changed, note}: ends the custodian, adds the successor, and sets the
  /// last password change to the handover's date. Refused (InvalidArgument "password_changed")
  /// unless the password was changed. Returns the ledger.
  core::Result<nlohmann::json> RecordHandover(const core::Principal& p, int64_t account_id, const nlohmann::json& body);

  /// The unit's plan: {unit_id, unit_name, recorded, reference, document{filename, mime, size,
  /// sha256}, last_drill_on, next_drill_due, contact_name, contact_phone, contact_masked, warnings[]}.
  core::Result<nlohmann::json> Plan(const core::Principal& p, int64_t unit_id);
  /// Saves {reference, last_drill_on, contact_name, contact_phone} (those present); audited.
  core::Result<nlohmann::json> UpdatePlan(const core::Principal& p, int64_t unit_id, const nlohmann::json& body);
  /// Replaces the plan's document: PDF, Word (.doc/.docx), WPS or an image (PNG/JPEG), told by
  /// its first bytes; up to 5 MB. InvalidArgument naming "content_base64" or "filename".
  core::Result<nlohmann::json> UploadPlanDocument(const core::Principal& p, int64_t unit_id, const std::string& filename,
                                                  const std::string& bytes);
  core::Result<PlanDocument> ReadPlanDocument(const core::Principal& p, int64_t unit_id);
  /// The hijack contact in clear, as RevealLedgerContacts (audited as emergency_plan.contact_view).
  core::Result<nlohmann::json> RevealPlanContact(const core::Principal& p, int64_t unit_id);

  /// Every warning of the accounts in force and of their units, within the person's scope
  /// (`unit_id` narrows it), by unit then account.
  core::Result<std::vector<SecurityItem>> Warnings(const core::Principal& p, std::optional<int64_t> unit_id);
  /// The same for one unit, for its home (no person involved).
  core::Result<std::vector<SecurityItem>> UnitWarnings(std::optional<int64_t> unit_id);
  static nlohmann::json ItemJson(const SecurityItem& item);

 private:
  core::Result<storage::AccountRow> LoadAccount(const core::Principal& p, int64_t account_id, core::Action a);
  core::Status MayReveal(const core::Principal& p, int64_t unit_id);

  storage::Db& db_;
  storage::RegistryStore& store_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
