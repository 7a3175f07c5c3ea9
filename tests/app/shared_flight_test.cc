// SharedFlight: those who ask for the same key while it is being computed take that computation's
// result; the next request after it computes again; other keys are computed on their own.
#include "app/shared_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace govmedia::app {
namespace {

TEST(SharedFlight, WhoAsksWhileItRunsTakesItsResultAndTheNextAskComputesAgain) {
  SharedFlight<int> flight;
  std::atomic<int> runs{0}, arrived{0};
  std::atomic<bool> release{false};
  auto work = [&]() -> core::Result<int> {
    const int n = ++runs;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 41 + n;
  };
  constexpr int kAskers = 8;
  std::vector<int> got(kAskers, 0);
  std::vector<std::thread> askers;
  for (int i = 0; i < kAskers; ++i) {
    askers.emplace_back([&, i] {
      ++arrived;
      auto r = flight.Run("dashboard/2026", work);
      got[i] = r.ok() ? *r : -1;
    });
  }
  while (arrived < kAskers) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Time for the last of them to go from counting itself to asking.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  release = true;
  for (auto& t : askers) t.join();
  EXPECT_EQ(runs, 1);
  for (int v : got) EXPECT_EQ(v, 42);

  // Nothing is kept: the next ask computes again, and so does another key.
  auto again = flight.Run("dashboard/2026", work);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 43);
  auto other = flight.Run("dashboard/2025", work);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, 44);
}

TEST(SharedFlight, AnErrorReachesEveryoneWhoWaitedAndAThrowFreesTheKey) {
  SharedFlight<int> flight;
  auto failing = flight.Run("k", []() -> core::Result<int> { return core::Status::Unavailable("数据库繁忙"); });
  EXPECT_TRUE(failing.status().IsUnavailable());
  EXPECT_THROW(flight.Run("k", []() -> core::Result<int> { throw std::runtime_error("boom"); }), std::runtime_error);
  auto after = flight.Run("k", []() -> core::Result<int> { return 7; });
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, 7);
}

}  // namespace
}  // namespace govmedia::app
