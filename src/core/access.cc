#include "core/access.h"

#include <array>

namespace govmedia::core {
namespace {

struct RoleInfo {
  Role r;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<RoleInfo, 5> kRoles{{
    {Role::kCityAdmin, "city_admin", "市政府办公室管理员"},
    {Role::kUnitOperator, "unit_operator", "单位运维人员"},
    {Role::kInspector, "inspector", "检查员"},
    {Role::kDutyOfficer, "duty_officer", "值班人员"},
    {Role::kViewer, "viewer", "领导查看"},
}};

// Which role may take which action at all; unit scope is checked after.
bool RoleAllows(Role r, Action a) {
  switch (a) {
    case Action::kReadRegistry:
      return true;
    case Action::kEditAccount:
      return r == Role::kCityAdmin || r == Role::kUnitOperator;
    case Action::kInspect:
      return r == Role::kCityAdmin || r == Role::kInspector;
    case Action::kHandleAlerts:
      return r == Role::kCityAdmin || r == Role::kDutyOfficer;
    case Action::kManageIndicators:
    case Action::kManageMonitoring:
    case Action::kManageAssessment:
    case Action::kManageUnits:
    case Action::kDecideApplication:
    case Action::kForwardFiling:
    case Action::kBackdateFiling:
    case Action::kManageUsers:
    case Action::kReadAudit:
      return r == Role::kCityAdmin;
  }
  return false;
}

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> all{Role::kCityAdmin, Role::kUnitOperator, Role::kInspector,
                                     Role::kDutyOfficer, Role::kViewer};
  return all;
}
std::string_view RoleId(Role r) {
  for (const auto& i : kRoles)
    if (i.r == r) return i.id;
  return "viewer";
}
std::string_view RoleLabel(Role r) {
  for (const auto& i : kRoles)
    if (i.r == r) return i.label;
  return "";
}
std::optional<Role> ParseRole(std::string_view id) {
  for (const auto& i : kRoles)
    if (i.id == id) return i.r;
  return std::nullopt;
}

Status Authorize(const Principal& p, Action a, std::optional<int64_t> unit_id) {
  if (p.role == Role::kUnitOperator && unit_id && p.unit_id != unit_id) {
    return Status::NotFound("记录不存在或不属于本单位");
  }
  if (!RoleAllows(p.role, a)) return Status::PermissionDenied("当前角色无权进行此操作");
  return Status::Ok();
}

bool SeesContacts(const Principal& p, int64_t unit_id) {
  return p.role == Role::kCityAdmin || (p.role == Role::kUnitOperator && p.unit_id == unit_id);
}

std::optional<int64_t> ScopeUnit(const Principal& p) {
  if (p.role == Role::kUnitOperator) return p.unit_id.value_or(-1);
  return std::nullopt;
}

}  // namespace govmedia::core
