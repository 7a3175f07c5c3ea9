#include "core/similarity.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(Similarity, DiceOfCharacterBigrams) {
  EXPECT_DOUBLE_EQ(BigramDice("政务发布", "政务发布"), 1.0);
  // 政务/务发/发布 against 政务/务服/服务: one bigram in common of six.
  EXPECT_NEAR(BigramDice("政务发布", "政务服务"), 2.0 / 6, 1e-9);
  EXPECT_DOUBLE_EQ(BigramDice("平安张浦", "健康教育"), 0.0);
  EXPECT_DOUBLE_EQ(BigramDice("", "x"), 0.0);
  // Punctuation and spaces do not count; Latin letters match regardless of case.
  EXPECT_DOUBLE_EQ(BigramDice("张浦·发布", "张浦 发布"), 1.0);
  EXPECT_DOUBLE_EQ(BigramDice("iKunshan", "ikunshan"), 1.0);
}

TEST(Similarity, GroupsAreConnectedSimilarPairsWithTheUnitNameSetAside) {
  const std::vector<AccountText> accounts{
      {1, "张浦发布", "发布全镇政务信息"},
      {2, "张浦镇发布", "镇政府信息发布"},
      {3, "张浦发布厅", ""},
      {4, "平安张浦", "治安防范提示"},
      {5, "张浦文旅", "文化旅游活动"},
      {6, "张浦文化旅游", "文化旅游活动推介"},
  };
  auto groups = GroupSimilar(accounts, "张浦镇");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(GroupKey(groups[0].ids), "1,2,3");
  EXPECT_DOUBLE_EQ(groups[0].similarity, 1.0);  // 发布 = 发布 once 张浦 and 张浦镇 are set aside
  EXPECT_EQ(groups[1].ids, (std::vector<int64_t>{5, 6}));  // by their positioning
  // Without setting the unit's name aside every account of the town would look alike by 张浦.
  EXPECT_TRUE(GroupSimilar({{7, "平安张浦", ""}, {8, "张浦教育", ""}}, "张浦镇").empty());
}

}  // namespace
}  // namespace govmedia::core
