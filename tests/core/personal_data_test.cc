#include "core/personal_data.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(PersonalData, ResidentIdNeedsTheCheckDigitAndARealDate) {
  EXPECT_TRUE(IsValidResidentId("11010519491231002X"));
  EXPECT_FALSE(IsValidResidentId("110105194912310021"));  // wrong check digit
  EXPECT_FALSE(IsValidResidentId("11010519491331002X"));  // month 13
  EXPECT_FALSE(IsValidResidentId("1101051949123100"));
}

TEST(PersonalData, LuhnCheck) {
  EXPECT_TRUE(PassesLuhn("4111111111111111"));
  EXPECT_FALSE(PassesLuhn("4111111111111112"));
}

TEST(PersonalData, FindsEachKindWithCodePointOffsets) {
  auto hits = FindPersonalData("联系人张三，电话13812345678，身份证11010519491231002X，卡号4111111111111111。");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].kind, PersonalDataKind::kMobile);
  EXPECT_EQ(hits[0].start, 8u);
  EXPECT_EQ(hits[0].end, 19u);
  EXPECT_EQ(hits[1].kind, PersonalDataKind::kResidentId);
  EXPECT_EQ(hits[1].end - hits[1].start, 18u);
  EXPECT_EQ(hits[2].kind, PersonalDataKind::kBankCard);
}

TEST(PersonalData, LongerDigitRunsAndOrdinaryNumbersAreNotReported) {
  EXPECT_TRUE(FindPersonalData("订单号 2381234567890 和 138123456789 与 12812345678").empty());
  EXPECT_TRUE(FindPersonalData("2020年1月23日，确诊病例 17238 例").empty());
  EXPECT_EQ(FindPersonalData("电话：１３８１２３４５６７８").size(), 1u);  // full-width digits
}

TEST(PersonalData, LegacyFifteenDigitResidentId) {
  EXPECT_TRUE(IsValidLegacyResidentId("130503670401001"));
  EXPECT_FALSE(IsValidLegacyResidentId("130503671301001"));  // month 13
  EXPECT_FALSE(IsValidLegacyResidentId("990503670401001"));  // no province 99
  auto hits = FindPersonalData("老身份证号130503670401001仍可使用");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PersonalDataKind::kResidentId);
}

TEST(PersonalData, MobilesWithCountryCodeSpacesAndHyphens) {
  for (const char* text : {"电话+86 139 1234 5678。", "电话0086-13812345678。", "电话138-1234-5678。",
                           "电话+8618912345678。", "电话186 0000 1234。"}) {
    auto hits = FindPersonalData(text);
    ASSERT_EQ(hits.size(), 1u) << text;
    EXPECT_EQ(hits[0].kind, PersonalDataKind::kMobile) << text;
    EXPECT_EQ(hits[0].start, 2u) << text;
  }
  // Two numbers side by side are two hits, not one long number.
  EXPECT_EQ(FindPersonalData("13812345678 13912345678").size(), 2u);
}

TEST(PersonalData, LandlinesWithAnAreaCode) {
  for (const char* text : {"0512-57530000", "（0512）57539876", "(010) 62345678", "010-62345678", "051257530000"}) {
    auto hits = FindPersonalData(text);
    ASSERT_EQ(hits.size(), 1u) << text;
    EXPECT_EQ(hits[0].kind, PersonalDataKind::kLandline) << text;
    EXPECT_EQ(hits[0].start, 0u) << text;
  }
  EXPECT_TRUE(FindPersonalData("热线12345，2020-01-23，0512-1234").empty());
}

TEST(PersonalData, BankCardsInGroups) {
  auto hits = FindPersonalData("卡号6222 0212 3456 7890 128，另一张4111-1111-1111-1111");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, PersonalDataKind::kBankCard);
  EXPECT_EQ(hits[0].end - hits[0].start, 23u);
  EXPECT_EQ(hits[1].kind, PersonalDataKind::kBankCard);
  EXPECT_TRUE(FindPersonalData("6222 0212 3456 7890 127").empty());  // fails Luhn
  auto id = FindPersonalData("身份证 320583 19900315 4413 的持有人");
  ASSERT_EQ(id.size(), 1u);
  EXPECT_EQ(id[0].kind, PersonalDataKind::kResidentId);
}

}  // namespace
}  // namespace govmedia::core
