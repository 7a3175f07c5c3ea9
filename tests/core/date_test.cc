#include "core/date.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(Date, ParsesOnlyRealDates) {
  EXPECT_TRUE(Date::Parse("2020-02-29"));
  EXPECT_FALSE(Date::Parse("2021-02-29"));
  EXPECT_FALSE(Date::Parse("2021-13-01"));
  EXPECT_FALSE(Date::Parse("2021-1-01"));
  EXPECT_FALSE(Date::Parse("2021/01/01"));
  EXPECT_FALSE(Date::Parse(""));
  EXPECT_FALSE(Date::Parse("2021-01-01T00:00"));
}

TEST(Date, RoundTripsAndCountsWeekdays) {
  auto d = *Date::Parse("2019-11-09");
  EXPECT_EQ(d.ToString(), "2019-11-09");
  EXPECT_EQ(d.year(), 2019);
  EXPECT_EQ(d.month(), 11);
  EXPECT_EQ(d.day(), 9);
  EXPECT_EQ(d.iso_weekday(), 6);  // a Saturday
  EXPECT_TRUE(d.is_weekend());
  EXPECT_EQ(d.AddDays(1).ToString(), "2019-11-10");
  EXPECT_EQ(Date::Parse("2024-12-31")->AddDays(1).ToString(), "2025-01-01");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::Parse("1969-12-31")->days(), -1);
}

}  // namespace
}  // namespace govmedia::core
