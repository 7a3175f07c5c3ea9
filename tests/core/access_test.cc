#include "core/access.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(Access, RolesAndActions) {
  const Principal admin{1, "a", Role::kCityAdmin, std::nullopt};
  const Principal op{2, "o", Role::kUnitOperator, 5};
  const Principal inspector{3, "i", Role::kInspector, std::nullopt};
  const Principal viewer{4, "v", Role::kViewer, std::nullopt};
  for (auto a : {Action::kReadRegistry, Action::kManageUnits, Action::kEditAccount, Action::kDecideApplication,
                 Action::kForwardFiling, Action::kManageUsers, Action::kReadAudit})
    EXPECT_TRUE(Authorize(admin, a, 7).ok());
  EXPECT_TRUE(Authorize(op, Action::kEditAccount, 5).ok());
  EXPECT_TRUE(Authorize(op, Action::kEditAccount, 6).IsNotFound());   // another unit: not even seen
  EXPECT_TRUE(Authorize(op, Action::kReadRegistry, 6).IsNotFound());
  EXPECT_EQ(Authorize(op, Action::kDecideApplication, 5).code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(Authorize(op, Action::kForwardFiling, 5).code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(Authorize(inspector, Action::kEditAccount, 5).code(), Status::Code::kPermissionDenied);
  EXPECT_TRUE(Authorize(viewer, Action::kReadRegistry, 5).ok());
  EXPECT_EQ(Authorize(viewer, Action::kReadAudit).code(), Status::Code::kPermissionDenied);
}

TEST(Access, ContactsShownOnlyToThoseWhoNeedThem) {
  EXPECT_TRUE(SeesContacts({1, "a", Role::kCityAdmin, std::nullopt}, 5));
  EXPECT_TRUE(SeesContacts({2, "o", Role::kUnitOperator, 5}, 5));
  EXPECT_FALSE(SeesContacts({2, "o", Role::kUnitOperator, 5}, 6));
  for (Role r : {Role::kInspector, Role::kDutyOfficer, Role::kViewer})
    EXPECT_FALSE(SeesContacts({3, "x", r, std::nullopt}, 5)) << RoleId(r);
}

TEST(Access, ScopeOfLists) {
  EXPECT_EQ(ScopeUnit({2, "o", Role::kUnitOperator, 5}), 5);
  EXPECT_FALSE(ScopeUnit({1, "a", Role::kCityAdmin, std::nullopt}).has_value());
}

}  // namespace
}  // namespace govmedia::core
