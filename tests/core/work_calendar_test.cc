#include "core/work_calendar.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace govmedia::core {
namespace {

using testing::D;

CalendarYear Year2030() {
  CalendarYear y;
  y.year = 2030;
  y.days = {{D("2030-01-01"), "元旦", true}, {D("2030-01-05"), "调休", false}};
  return y;
}

TEST(WorkCalendar, ListedDaysOverrideTheWeek) {
  WorkCalendar cal;
  ASSERT_TRUE(cal.AddYear(Year2030()).ok());
  EXPECT_FALSE(*cal.IsWorkday(D("2030-01-01")));  // a Tuesday off
  EXPECT_TRUE(*cal.IsWorkday(D("2030-01-05")));   // a Saturday worked
  EXPECT_FALSE(*cal.IsWorkday(D("2030-01-06")));  // an ordinary Sunday
  EXPECT_TRUE(*cal.IsWorkday(D("2030-01-02")));
}

TEST(WorkCalendar, UncoveredYearIsAnErrorNamingTheYear) {
  WorkCalendar cal;
  ASSERT_TRUE(cal.AddYear(Year2030()).ok());
  auto r = cal.IsWorkday(D("2031-03-03"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2031"), std::string::npos);
  // A walk that crosses into the uncovered year fails too, naming that year.
  auto w = cal.AddWorkdays(D("2030-12-30"), 3);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("2031"), std::string::npos);
}

TEST(WorkCalendar, LenientFallsBackToWeekdaysAndSaysSo) {
  WorkCalendar cal;
  auto r = cal.AddWorkdaysLenient(D("2031-01-03"), 1);  // Friday → Monday
  EXPECT_EQ(r.date.ToString(), "2031-01-06");
  EXPECT_TRUE(r.fell_back);
}

TEST(WorkCalendar, RefusesEmptyAndOutOfRangeYears) {
  WorkCalendar cal;
  CalendarYear empty;
  empty.year = 2027;
  EXPECT_FALSE(cal.AddYear(empty).ok());
  EXPECT_FALSE(cal.Covers(2027));
  CalendarYear far;
  far.year = 2030;
  far.days = {{D("2032-01-01"), "元旦", true}};
  auto s = cal.AddYear(far);
  EXPECT_EQ(s.field(), "days[0].date");
  CalendarYear twice = Year2030();
  twice.days.push_back(twice.days.front());
  EXPECT_EQ(cal.AddYear(twice).field(), "days[2].date");
}

TEST(WorkCalendar, AddWorkdaysBackwardsAndZero) {
  WorkCalendar cal;
  ASSERT_TRUE(cal.AddYear(Year2030()).ok());
  EXPECT_EQ(cal.AddWorkdays(D("2030-01-07"), -1)->ToString(), "2030-01-05");  // the 调休 Saturday
  EXPECT_EQ(cal.AddWorkdays(D("2030-01-06"), 0)->ToString(), "2030-01-06");
}

}  // namespace
}  // namespace govmedia::core
