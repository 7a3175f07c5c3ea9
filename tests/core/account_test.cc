#include "core/account.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

const Date kToday = *Date::Parse("2024-06-01");

AccountRecord Valid() {
  AccountRecord r;
  r.unit_id = 5;
  r.name = "张浦发布";
  r.platform = Platform::kWechatSubscription;
  r.main_leader = {"张三", "镇长", "13812345678"};
  r.staff = {{"李四", "科员", "0512-57512345"}};
  return r;
}

TEST(AccountRecord, ValidRecordPasses) { EXPECT_TRUE(ValidateAccountRecord(Valid(), kToday).ok()); }

TEST(AccountRecord, EachProblemNamesItsField) {
  struct Case {
    void (*mutate)(AccountRecord&);
    const char* field;
  };
  const Case cases[] = {
      {[](AccountRecord& r) { r.unit_id = 0; }, "unit_id"},
      {[](AccountRecord& r) { r.name = "  "; }, "name"},
      {[](AccountRecord& r) { r.name = std::string(61 * 3, 'a'); }, "name"},
      {[](AccountRecord& r) { r.url = "ftp://x"; }, "url"},
      {[](AccountRecord& r) { r.main_leader.phone = "12345"; }, "main_leader.phone"},
      {[](AccountRecord& r) { r.deputy_leader = {"", "", "13812345678"}; }, "deputy_leader.name"},
      {[](AccountRecord& r) { r.staff.push_back({"王五", "", "1381234567x"}); }, "staff[1].phone"},
      {[](AccountRecord& r) { r.app_download_urls = {"https://ok", "nope"}; }, "app_download_urls[1]"},
      {[](AccountRecord& r) { r.opened_on = Date::Parse("2024-06-02"); }, "opened_on"},
      {[](AccountRecord& r) { r.internal_body = true; }, "internal_body_name"},
  };
  for (const auto& c : cases) {
    AccountRecord r = Valid();
    c.mutate(r);
    Status s = ValidateAccountRecord(r, kToday);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.field;
    EXPECT_EQ(s.field(), c.field);
    EXPECT_FALSE(s.message().empty());
  }
}

TEST(Phone, MobileAndLandline) {
  for (const char* ok : {"", "13812345678", "19912345678", "0512-57512345", "051257512345", "010-12345678",
                         "0512-57512345-801"})
    EXPECT_TRUE(IsValidPhone(ok)) << ok;
  for (const char* bad : {"12812345678", "1381234567", "138123456789", "512-57512345", "0512-123", "abc"})
    EXPECT_FALSE(IsValidPhone(bad)) << bad;
}

TEST(Phone, MaskKeepsOnlyEnds) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("0512-57512345"), "051*-****2345");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

TEST(Warnings, SecondAccountOnTheSamePlatform) {
  AccountRecord r = Valid();
  std::vector<SiblingAccount> sibs{{1, "张浦发布", Platform::kWechatSubscription, AccountStatus::kOpen},
                                   {2, "张浦微博", Platform::kWeibo, AccountStatus::kOpen},
                                   {3, "张浦旧号", Platform::kWechatSubscription, AccountStatus::kCancelled}};
  auto w = ComputeWarnings(r, 4, AccountStatus::kApplied, false, sibs);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "same_platform_duplicate");
  EXPECT_NE(w[0].message.find("张浦发布"), std::string::npos);
  EXPECT_EQ(w[0].message.find("张浦旧号"), std::string::npos);  // cancelled accounts do not count
  // The account alone on its platform has no warning; a cancelled one never warns.
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kOpen, false, {sibs[0]}).empty());
  EXPECT_TRUE(ComputeWarnings(r, 4, AccountStatus::kCancelled, false, sibs).empty());
}

TEST(Warnings, InternalBodyFromTheDayAfterIssue) {
  AccountRecord r = Valid();
  r.internal_body = true;
  r.internal_body_name = "党政办";
  r.opened_on = Date::Parse("2019-11-09");
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}).empty());
  r.opened_on = Date::Parse("2019-11-10");
  auto w = ComputeWarnings(r, 1, AccountStatus::kOpen, false, {});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "internal_body_new");
}

TEST(Warnings, OpenedWithoutApplication) {
  auto w = ComputeWarnings(Valid(), 1, AccountStatus::kOpen, true, {});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "opened_without_application");
}

TEST(Warnings, NewsLicenceMissingIncompleteOrExpired) {
  AccountRecord r = Valid();
  // An account that does not publish news needs no licence.
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}, kToday).empty());
  r.publishes_news = true;
  auto w = ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}, kToday);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "news_license_missing");
  r.news_license_number = "32120170012";
  w = ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}, kToday);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message, "互联网新闻信息服务许可证登记不全：未填写持证单位、有效期");
  r.news_license_holder = "昆山市融媒体中心";
  r.news_license_valid_to = Date::Parse("2024-06-01");
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}, kToday).empty());  // valid through its last day
  w = ComputeWarnings(r, 1, AccountStatus::kOpen, false, {}, kToday.AddDays(1));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "news_license_expired");
  EXPECT_EQ(w[0].message, "互联网新闻信息服务许可证（32120170012）有效期至 2024-06-01，已过期");
  // A closed or cancelled account publishes nothing.
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kClosed, false, {}, kToday.AddDays(1)).empty());
  EXPECT_TRUE(ComputeWarnings(r, 1, AccountStatus::kCancelled, false, {}, kToday.AddDays(1)).empty());
}

}  // namespace
}  // namespace govmedia::core
