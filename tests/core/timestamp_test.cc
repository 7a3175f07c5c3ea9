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

// Found by fuzz/fuzz_date: an instant whose Beijing day lies outside years 1–9999 was accepted,
// and FormatRfc3339Beijing wrote a year (0, 10000) that no parser reads back.
TEST(Timestamp, RejectsInstantsOutsideYearsOneTo9999InBeijing) {
  EXPECT_FALSE(ParseRfc3339("0001-01-01T00:00:00+23:59").has_value());
  EXPECT_FALSE(ParseRfc3339("9999-12-31T20:00:00Z").has_value());
  const int64_t first = *ParseRfc3339("0001-01-01T00:00:00");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339Beijing(first)), first);
  const int64_t last = *ParseRfc3339("9999-12-31T15:59:59Z");
  EXPECT_EQ(FormatRfc3339Beijing(last), "9999-12-31T23:59:59+08:00");
}

}  // namespace
}  // namespace govmedia::core
