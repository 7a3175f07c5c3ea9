// Who may do what: the one place where roles and unit scope are decided. Every HTTP route asks
// here; the web console only hides what this would refuse. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::core {

enum class Role { kCityAdmin, kUnitOperator, kInspector, kDutyOfficer, kViewer };
const std::vector<Role>& AllRoles();
std::string_view RoleId(Role r);     // "city_admin"
std::string_view RoleLabel(Role r);  // "市政府办公室管理员"
std::optional<Role> ParseRole(std::string_view id);

/// The person behind a request.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::kViewer;
  std::optional<int64_t> unit_id;  // set for unit_operator only
};

enum class Action {
  kReadRegistry,       // units, accounts, filings (scoped)
  kManageUnits,        // add, rename, retire units
  kEditAccount,        // create and edit account records, apply, file (scoped)
  kDecideApplication,  // approve or reject an application
  kForwardFiling,      // forward a filing to the provincial system
  kBackdateFiling,     // record a filing made on paper on an earlier day
  kManageUsers,
  kReadAudit,
  kInspect,             // city spot checks and recorded higher-level checks (scoped for reads only)
  kManageIndicators,    // publish indicator set versions (动态调整)
  kManageAssessment,    // enter assessment inputs, finalise a year
  kHandleAlerts,        // see, acknowledge, handle and forward (转办) alerts
  kManageMonitoring,    // lexicon versions, monitoring settings, checks run on demand
};

/// Ok, or PermissionDenied with a Chinese message. `unit_id` is the unit the record belongs to;
/// a unit_operator acting outside their unit gets NotFound, so records of other units are not
/// even confirmed to exist.
Status Authorize(const Principal& p, Action a, std::optional<int64_t> unit_id = std::nullopt);

/// Whether contact numbers of the unit's accounts are shown unmasked to this person.
bool SeesContacts(const Principal& p, int64_t unit_id);

/// The unit a list must be restricted to, or nullopt for every unit.
std::optional<int64_t> ScopeUnit(const Principal& p);

}  // namespace govmedia::core
