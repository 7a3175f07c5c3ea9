#include "core/correction.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace govmedia::core {
namespace {

using testing::D;

WorkCalendar Calendar2024() {
  // National Day 2024: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
  CalendarYear y{2024, {}, {}};
  for (int d = 1; d <= 7; ++d) y.days.push_back({*Date::FromYmd(2024, 10, d), "国庆节", true});
  y.days.push_back({D("2024-09-29"), "国庆节", false});
  y.days.push_back({D("2024-10-12"), "国庆节", false});
  WorkCalendar c;
  EXPECT_TRUE(c.AddYear(y).ok());
  return c;
}

TEST(CorrectionTest, DeadlinesCountWorkingDaysAcrossAHolidayAndItsWorkedSaturday) {
  const WorkCalendar cal = Calendar2024();
  CorrectionTimeline t{D("2024-09-30"), std::nullopt, std::nullopt, false};
  auto due = CorrectionDueDates(cal, {1, 3}, t);
  EXPECT_EQ(due.accept_by, D("2024-10-08"));  // the holiday week is skipped
  EXPECT_FALSE(due.answer_by);
  EXPECT_EQ(JudgeCorrection(due, t, D("2024-10-08")).overdue_step, "");
  auto late = JudgeCorrection(due, t, D("2024-10-09"));
  EXPECT_EQ(late.overdue_step, "accept");
  EXPECT_TRUE(late.late());

  t.accepted_on = D("2024-10-09");
  due = CorrectionDueDates(cal, {1, 3}, t);
  ASSERT_TRUE(due.answer_by);
  EXPECT_EQ(*due.answer_by, D("2024-10-12"));  // 10, 11 and the worked Saturday
  auto j = JudgeCorrection(due, t, D("2024-10-12"));
  EXPECT_EQ(j.accept, CorrectionTimeliness::kLate);
  EXPECT_EQ(j.answer, CorrectionTimeliness::kPending);
  EXPECT_EQ(j.overdue_step, "");
  t.answered_on = D("2024-10-12");
  EXPECT_EQ(JudgeCorrection(due, t, D("2024-12-31")).answer, CorrectionTimeliness::kOnTime);
  t.answered_on = D("2024-10-14");
  EXPECT_EQ(JudgeCorrection(due, t, D("2024-12-31")).answer, CorrectionTimeliness::kLate);
}

TEST(CorrectionTest, AReportHandledInTimeIsNotLateAndARejectionIsItsAnswer) {
  const WorkCalendar cal = Calendar2024();
  CorrectionTimeline t{D("2024-10-14"), D("2024-10-15"), D("2024-10-18"), false};
  auto due = CorrectionDueDates(cal, {1, 3}, t);
  EXPECT_FALSE(JudgeCorrection(due, t, D("2025-01-01")).late());
  CorrectionTimeline rejected{D("2024-10-14"), D("2024-10-14"), D("2024-10-14"), true};
  auto j = JudgeCorrection(CorrectionDueDates(cal, {1, 3}, rejected), rejected, D("2025-01-01"));
  EXPECT_EQ(j.answer, CorrectionTimeliness::kOnTime);
  EXPECT_FALSE(j.late());
}

TEST(CorrectionTest, ContactsAreAnEmailOrAPhoneAndAreMasked) {
  EXPECT_EQ(*NormalizeContact("  "), "");
  EXPECT_EQ(*NormalizeContact("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(*NormalizeContact("138-1234-5678"), "13812345678");
  EXPECT_EQ(*NormalizeContact("0512-57512345"), "0512-57512345");
  EXPECT_EQ(*NormalizeContact("wang.li@example.com"), "wang.li@example.com");
  for (const char* bad : {"12345", "wang@", "@example.com", "a@b", "王丽", "138123456789"}) {
    auto r = NormalizeContact(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "contact");
  }
  EXPECT_EQ(MaskContact("13812345678"), "138****5678");
  EXPECT_EQ(MaskContact("wang.li@example.com"), "w***@example.com");
}

TEST(CorrectionTest, ProofOfWorkBitsAndAnswersAndTickets) {
  const unsigned char a[] = {0x00, 0x0f, 0xff};
  EXPECT_EQ(LeadingZeroBits(a, 3), 12);
  const unsigned char b[] = {0x80};
  EXPECT_EQ(LeadingZeroBits(b, 1), 0);
  const unsigned char z[] = {0, 0};
  EXPECT_EQ(LeadingZeroBits(z, 2), 16);
  EXPECT_TRUE(IsDecimalAnswer("0"));
  EXPECT_TRUE(IsDecimalAnswer("1234567"));
  for (const char* bad : {"", "-1", "01", "1e3", " 12", "123456789012345678901"}) EXPECT_FALSE(IsDecimalAnswer(bad)) << bad;
  EXPECT_EQ(CorrectionTicket(D("2026-11-29"), 1), "JC20261129-0001");
  EXPECT_TRUE(IsCorrectionTicket("JC20261129-0001"));
  EXPECT_TRUE(IsCorrectionTicket("JC20261129-12345"));
  for (const char* bad : {"JC2026112-0001", "XX20261129-0001", "JC20261129_0001", "JC20261129-001", "../etc"})
    EXPECT_FALSE(IsCorrectionTicket(bad)) << bad;
}

}  // namespace
}  // namespace govmedia::core
