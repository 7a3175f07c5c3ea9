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

}  // namespace
}  // namespace govmedia::core
