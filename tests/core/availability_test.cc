#include "core/availability.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

const CheckOutcome kDown{false, false, "IPv4：HTTP 500；IPv6：无法连接"};
const CheckOutcome kUp{true, true, ""};
const CheckOutcome kV4Only{true, false, "IPv6：无 AAAA 记录"};

TEST(Availability, ThresholdFailuresInARowMakeABrokenServiceAndOneRecoveryEndsIt) {
  UrlState s;
  std::vector<AvailabilityEvent> events;
  for (int i = 0; i < 3; ++i) {
    auto step = NextUrlState(s, UrlKind::kService, kDown, 3);
    s = step.next;
    events.insert(events.end(), step.events.begin(), step.events.end());
    EXPECT_EQ(s.state, i < 2 ? "failing" : "broken");
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "broken");
  EXPECT_EQ(events[0].indicator, "function_broken");
  // Staying broken adds nothing; one success recovers.
  EXPECT_TRUE(NextUrlState(s, UrlKind::kService, kDown, 3).events.empty());
  auto up = NextUrlState(s, UrlKind::kService, kUp, 3);
  EXPECT_EQ(up.next.state, "ok");
  EXPECT_EQ(up.next.failures, 0);
  ASSERT_EQ(up.events.size(), 1u);
  EXPECT_EQ(up.events[0].event, "recovered");
}

TEST(Availability, ASuccessBetweenFailuresStartsTheCountAgain) {
  UrlState s;
  s = NextUrlState(s, UrlKind::kAppDownload, kDown, 3).next;
  s = NextUrlState(s, UrlKind::kAppDownload, kDown, 3).next;
  s = NextUrlState(s, UrlKind::kAppDownload, kUp, 3).next;
  auto step = NextUrlState(s, UrlKind::kAppDownload, kDown, 3);
  EXPECT_EQ(step.next.state, "failing");
  EXPECT_EQ(step.next.failures, 1);
  EXPECT_TRUE(step.events.empty());
}

TEST(Availability, AnAppThatCannotBeDownloadedIsAVeto) {
  UrlState s;
  auto step = NextUrlState(s, UrlKind::kAppDownload, kDown, 1);
  ASSERT_EQ(step.events.size(), 1u);
  EXPECT_EQ(step.events[0].indicator, "veto.app_unusable");
}

TEST(Availability, AnAppWithoutIpv6IsBrokenOnlyWhileIpv4Answers) {
  UrlState s;
  std::vector<AvailabilityEvent> events;
  for (int i = 0; i < 2; ++i) {
    auto step = NextUrlState(s, UrlKind::kAppDownload, kV4Only, 2);
    s = step.next;
    events.insert(events.end(), step.events.begin(), step.events.end());
  }
  EXPECT_EQ(s.state, "ok");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "ipv6_broken");
  EXPECT_EQ(events[0].indicator, "function_broken");
  auto back = NextUrlState(s, UrlKind::kAppDownload, kUp, 2);
  ASSERT_EQ(back.events.size(), 1u);
  EXPECT_EQ(back.events[0].event, "ipv6_recovered");
  // A service URL is not required to support IPv6.
  UrlState svc;
  for (int i = 0; i < 3; ++i) {
    auto step = NextUrlState(svc, UrlKind::kService, kV4Only, 2);
    EXPECT_TRUE(step.events.empty());
    svc = step.next;
  }
}

TEST(Availability, OutagesCountInTheWindowsTheyOverlap) {
  const std::vector<StoredEvent> events{
      {"https://a", "service", "broken", "function_broken", "连续 3 次检查失败：HTTP 500", 100},
      {"https://a", "service", "recovered", "", "恢复访问", 200},
      {"https://app", "app_download", "broken", "veto.app_unusable", "连续 3 次检查失败：无法连接", 300},
  };
  // (200, 250]: the first outage ended at 200 (not inside), the second has not begun.
  EXPECT_TRUE(OutageFindings(events, 200, 250).empty());
  auto mid = OutageFindings(events, 150, 250);
  ASSERT_EQ(mid.size(), 1u);
  EXPECT_EQ(mid[0].indicator, "function_broken");
  EXPECT_NE(mid[0].evidence[0].find("已于"), std::string::npos);
  auto late = OutageFindings(events, 1000, 2000);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].indicator, "veto.app_unusable");
  EXPECT_NE(late[0].evidence[0].find("尚未恢复"), std::string::npos);
}

}  // namespace
}  // namespace govmedia::core
