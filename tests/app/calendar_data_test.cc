// The built-in calendar on real dates of the State Council's notices, and filing deadlines on it.
#include <gtest/gtest.h>

#include "app/node.h"
#include "core/lifecycle.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

using testing::D;

class RealCalendar : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = LoadCalendar(nullptr);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    cal_ = std::move(*c);
  }
  bool Workday(const char* d) { return cal_.IsWorkday(D(d)).value(); }
  std::string Add(const char* d, int n) { return cal_.AddWorkdays(D(d), n).value().ToString(); }
  core::WorkCalendar cal_;
};

TEST_F(RealCalendar, CoversThePublishedYearsOnly) {
  for (int y = 2019; y <= 2026; ++y) EXPECT_TRUE(cal_.Covers(y)) << y;
  EXPECT_FALSE(cal_.Covers(2027));  // the data set's 2027 file is empty: not yet published
  EXPECT_FALSE(cal_.Covers(2018));
}

TEST_F(RealCalendar, NationalDay2019) {
  for (const char* d : {"2019-10-01", "2019-10-04", "2019-10-07"}) EXPECT_FALSE(Workday(d)) << d;
  EXPECT_TRUE(Workday("2019-09-29"));  // Sunday worked
  EXPECT_TRUE(Workday("2019-10-12"));  // Saturday worked
  EXPECT_TRUE(Workday("2019-10-08"));
  EXPECT_EQ(Add("2019-09-30", 2), "2019-10-09");
}

TEST_F(RealCalendar, SpringFestival2020Extension) {
  // The 2020 holiday was extended to 2 February by the State Council's second notice.
  for (const char* d : {"2020-01-24", "2020-01-30", "2020-01-31", "2020-02-01", "2020-02-02"})
    EXPECT_FALSE(Workday(d)) << d;
  EXPECT_TRUE(Workday("2020-01-19"));  // Sunday worked before the holiday
  EXPECT_TRUE(Workday("2020-02-03"));
  EXPECT_EQ(Add("2020-01-23", 2), "2020-02-04");
}

TEST_F(RealCalendar, Year2024) {
  EXPECT_FALSE(Workday("2024-02-12"));  // 春节
  EXPECT_TRUE(Workday("2024-02-04"));   // Sunday worked
  EXPECT_TRUE(Workday("2024-02-18"));   // Sunday worked
  EXPECT_FALSE(Workday("2024-10-07"));
  EXPECT_TRUE(Workday("2024-10-12"));   // Saturday worked
  EXPECT_EQ(Add("2024-09-30", 2), "2024-10-09");
}

TEST_F(RealCalendar, Year2026) {
  EXPECT_FALSE(Workday("2026-01-01"));
  EXPECT_TRUE(Workday("2026-01-04"));   // Sunday worked
  EXPECT_FALSE(Workday("2026-02-17"));  // 春节
  EXPECT_FALSE(Workday("2026-10-01"));
  EXPECT_TRUE(Workday("2026-11-25"));
}

TEST_F(RealCalendar, UncoveredYearNamesTheYear) {
  auto r = cal_.IsWorkday(D("2027-03-01"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2027"), std::string::npos);
}

// Filing deadline: the end of the 2nd working day after the event; forwarding: the 1st after
// receipt. A filing on the deadline day is on time; a day later is late.
struct DeadlineCase {
  const char* event_on;
  const char* due_on;
  const char* why;
};

TEST_F(RealCalendar, FilingDeadlinesAcrossHolidaysAndAdjustedWeekends) {
  const DeadlineCase cases[] = {
      {"2019-09-30", "2019-10-09", "国庆 2019: Oct 1–7 off"},
      {"2019-10-11", "2019-10-14", "Saturday 2019-10-12 worked (调休)"},
      {"2020-01-23", "2020-02-04", "春节 2020 extended to Feb 2"},
      {"2020-01-17", "2020-01-20", "Sunday 2020-01-19 worked"},
      {"2024-09-30", "2024-10-09", "国庆 2024"},
      {"2024-10-11", "2024-10-14", "Saturday 2024-10-12 worked"},
      {"2026-11-20", "2026-11-24", "an ordinary weekend"},
  };
  for (const auto& c : cases) {
    auto s = core::AssessFiling(cal_, {D(c.event_on), D(c.due_on), std::nullopt}, D(c.due_on));
    EXPECT_EQ(s.due_on.ToString(), c.due_on) << c.why;
    EXPECT_FALSE(s.filed_late) << c.why;
    auto late = core::AssessFiling(cal_, {D(c.event_on), D(c.due_on).AddDays(1), std::nullopt}, D(c.due_on).AddDays(1));
    EXPECT_TRUE(late.filed_late) << c.why;
    EXPECT_EQ(*core::IsFiledLate(cal_, D(c.event_on), D(c.due_on)), false) << c.why;
  }
}

TEST_F(RealCalendar, ForwardDeadlineIsOneWorkingDayAfterReceipt) {
  // Received Monday 2019-09-30: the next working day is 10-08, after National Day.
  auto s = core::AssessFiling(cal_, {D("2019-09-29"), D("2019-09-30"), D("2019-10-08")}, D("2019-10-20"));
  EXPECT_EQ(s.forward_due_on.ToString(), "2019-10-08");
  EXPECT_FALSE(s.forward_late);
  EXPECT_FALSE(s.pending);
  auto late = core::AssessFiling(cal_, {D("2019-09-29"), D("2019-09-30"), D("2019-10-09")}, D("2019-10-20"));
  EXPECT_TRUE(late.forward_late);
  EXPECT_TRUE(late.overdue());
  // Not yet forwarded: late only once today is past the deadline.
  auto waiting = core::AssessFiling(cal_, {D("2019-09-29"), D("2019-09-30"), std::nullopt}, D("2019-10-08"));
  EXPECT_FALSE(waiting.forward_late);
  EXPECT_TRUE(waiting.pending);
  auto overdue = core::AssessFiling(cal_, {D("2019-09-29"), D("2019-09-30"), std::nullopt}, D("2019-10-09"));
  EXPECT_TRUE(overdue.forward_late);
}

TEST_F(RealCalendar, StrictLatenessRefusesAnUncoveredYear) {
  auto r = core::IsFiledLate(cal_, D("2026-12-30"), D("2027-01-04"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2027"), std::string::npos);
  // The lenient assessment the server uses still answers, and says it fell back.
  auto s = core::AssessFiling(cal_, {D("2026-12-30"), D("2026-12-31"), std::nullopt}, D("2026-12-31"));
  EXPECT_TRUE(s.calendar_fell_back);
}

}  // namespace
}  // namespace govmedia::app
