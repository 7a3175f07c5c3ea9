#include "core/timestamp.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(Timestamp, ParsesOffsetsAndDefaultsToBeijing) {
  const int64_t t = *ParseRfc3339("2020-06-30T02:00:00Z");
  EXPECT_EQ(*ParseRfc3339("2020-06-30T10:00:00+08:00"), t);
  EXPECT_EQ(*ParseRfc3339("2020-06-30T10:00:00+0800"), t);
  EXPECT_EQ(*ParseRfc3339("2020-06-30T10:00:00"), t);
  EXPECT_EQ(*ParseRfc3339("2020-06-30 10:00:00.250"), t);
  EXPECT_EQ(*ParseRfc3339("2020-06-29T21:00:00-05:00"), t);
  EXPECT_EQ(FormatBeijing(t), "2020-06-30 10:00");
}

TEST(Timestamp, RejectsMalformedTimes) {
  for (const char* bad : {"", "2020-06-30", "2020-06-31T10:00:00", "2020-06-30T24:00:00", "2020-06-30T10:00",
                          "2020-06-30T10:00:00+8", "2020-06-30T10:00:00 Z", "2020-06-30T10:00:00.", "yesterday"})
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
}

}  // namespace
}  // namespace govmedia::core
