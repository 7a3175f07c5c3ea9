#include "core/security_ledger.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace govmedia::core {
namespace {

using govmedia::testing::D;

std::vector<std::string> Codes(const std::vector<SecurityWarning>& w) {
  std::vector<std::string> out;
  for (const auto& x : w) out.push_back(x.code);
  return out;
}

Custodian Person(int64_t id, const std::string& name, bool listed) {
  Custodian c;
  c.id = id;
  c.name = name;
  c.storage = "保险柜";
  c.listed = listed;
  return c;
}

TEST(SecurityLedger, DepartureIsAListedCustodianGoneFromThePeopleOrADisabledLogin) {
  Custodian outside = Person(3, "王主任", false);  // never on the account's list: not a departure
  Custodian disabled = Person(4, "赵六", true);
  disabled.user_disabled = true;
  const auto d = FindDepartures({Person(1, "李四", true), Person(2, "王五", true), outside, disabled}, {"王五", "赵六"});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].name, "李四");
  EXPECT_EQ(d[0].reason, "staff_change");
  EXPECT_EQ(d[1].name, "赵六");
  EXPECT_EQ(d[1].reason, "user_disabled");
}

TEST(SecurityLedger, RotationIsOverdueTheDayAfterTheIntervalEnds) {
  SecurityLedger l;
  l.recorded = true;
  l.two_factor = true;
  l.custodians = {Person(1, "李四", true)};
  l.last_password_change = D("2024-07-01");
  EXPECT_EQ(RotationDueOn(l), D("2024-09-29"));
  EXPECT_TRUE(AccountSecurityWarnings(l, {}, D("2024-09-29")).empty());
  EXPECT_EQ(Codes(AccountSecurityWarnings(l, {}, D("2024-09-30"))), std::vector<std::string>{"security_rotation_overdue"});
  l.rotation_days = 180;
  EXPECT_TRUE(AccountSecurityWarnings(l, {}, D("2024-09-30")).empty());
  l.last_password_change.reset();
  EXPECT_FALSE(RotationDueOn(l).has_value());
  EXPECT_EQ(Codes(AccountSecurityWarnings(l, {}, D("2024-09-30"))), std::vector<std::string>{"security_rotation_overdue"});
}

TEST(SecurityLedger, ADepartedCustodianLeavesNoCustodianAndAHandoverMissing) {
  SecurityLedger l;
  l.two_factor = false;
  l.last_password_change = D("2024-10-01");
  l.custodians = {Person(1, "李四", true)};
  const auto d = FindDepartures(l.custodians, {"王五"});
  const auto codes = Codes(AccountSecurityWarnings(l, d, D("2024-10-18")));
  EXPECT_EQ(codes, (std::vector<std::string>{"security_handover_missing", "security_no_custodian", "security_no_two_factor"}));
  const auto w = AccountSecurityWarnings(l, d, D("2024-10-18"));
  EXPECT_EQ(w[0].custodian_id, 1);
  EXPECT_NE(w[0].message.find("李四"), std::string::npos);
}

TEST(SecurityLedger, DrillOverdueAYearAfterTheLast) {
  EXPECT_EQ(Codes(UnitSecurityWarnings(nullptr, D("2024-10-18"))),
            (std::vector<std::string>{"security_no_plan", "security_drill_overdue"}));
  EmergencyPlan p{true, D("2023-10-18")};
  EXPECT_EQ(NextDrillDue(p), D("2024-10-17"));
  EXPECT_TRUE(UnitSecurityWarnings(&p, D("2024-10-17")).empty());
  EXPECT_EQ(Codes(UnitSecurityWarnings(&p, D("2024-10-18"))), std::vector<std::string>{"security_drill_overdue"});
}

TEST(SecurityLedger, AHandoverWithoutAPasswordChangeIsRefused) {
  Handover h{"王五", "科员", D("2024-10-18"), false};
  EXPECT_EQ(ValidateHandover(h, D("2024-10-18")).field(), "password_changed");
  h.password_changed = true;
  EXPECT_TRUE(ValidateHandover(h, D("2024-10-18")).ok());
  EXPECT_EQ(ValidateHandover(h, D("2024-10-17")).field(), "handed_over_on");
  h.to_name = "";
  EXPECT_EQ(ValidateHandover(h, D("2024-10-18")).field(), "to_name");
}

TEST(SecurityLedger, SecretsAreRefusedPlacesAndVaultReferencesAreNot) {
  for (const char* bad : {"Zp@2024weibo", "密码：abc123", "密码: Abc123", "PASSWORD=x1", "pwd:123456", "口令为 ks2024",
                          "信封里 Ks2024!!"})
    EXPECT_FALSE(CheckNotASecret("storage", bad).ok()) << bad;
  for (const char* good : {"党政办 2 号保险柜密封信封", "vault://kunshan/zp-weibo", "secret/zp/weibo-01", "密码由主任保管",
                           "KeePass 密码库", "Huawei Mate40", "SM-G9980", "iPhone15", "办公室 A301 保险柜", ""})
    EXPECT_TRUE(CheckNotASecret("storage", good).ok()) << good;
  EXPECT_EQ(CheckNotASecret("devices[0].note", "Zp@2024weibo").field(), "devices[0].note");
}

TEST(SecurityLedger, EmailsCheckedAndMasked) {
  EXPECT_TRUE(IsEmailAddress("ops@zp.gov.cn"));
  EXPECT_FALSE(IsEmailAddress("ops@zp"));
  EXPECT_FALSE(IsEmailAddress("@zp.gov.cn"));
  EXPECT_FALSE(IsEmailAddress("a b@zp.gov.cn"));
  EXPECT_EQ(MaskEmail("ops@zp.gov.cn"), "o***@zp.gov.cn");
  EXPECT_EQ(MaskEmail(""), "");
}

}  // namespace
}  // namespace govmedia::core
