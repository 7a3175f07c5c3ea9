#include "core/lifecycle.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

using S = AccountStatus;
using K = FilingKind;

struct Move {
  S from;
  K kind;
  bool allowed;
  S to;
  bool flagged;
};

TEST(Lifecycle, EveryFilingFromEveryState) {
  const Move table[] = {
      {S::kApproved, K::kOpen, true, S::kOpen, false},
      {S::kApplied, K::kOpen, true, S::kOpen, true},   // opened before approval: flagged
      {S::kRejected, K::kOpen, true, S::kOpen, true},  // opened though rejected: flagged
      {S::kOpen, K::kOpen, false, S::kOpen, false},
      {S::kClosed, K::kOpen, false, S::kOpen, false},
      {S::kCancelled, K::kOpen, false, S::kOpen, false},
      {S::kOpen, K::kChange, true, S::kOpen, false},
      {S::kApplied, K::kChange, false, S::kOpen, false},
      {S::kApproved, K::kChange, false, S::kOpen, false},
      {S::kClosed, K::kChange, false, S::kOpen, false},
      {S::kCancelled, K::kChange, false, S::kOpen, false},
      {S::kOpen, K::kClose, true, S::kClosed, false},
      {S::kClosed, K::kClose, false, S::kOpen, false},
      {S::kApproved, K::kClose, false, S::kOpen, false},
      {S::kOpen, K::kCancel, true, S::kCancelled, false},
      {S::kClosed, K::kCancel, true, S::kCancelled, false},
      {S::kApplied, K::kCancel, false, S::kOpen, false},
      {S::kCancelled, K::kCancel, false, S::kOpen, false},
  };
  for (const auto& m : table) {
    auto r = ApplyFiling(m.from, m.kind);
    const std::string what = std::string(AccountStatusId(m.from)) + " + " + std::string(FilingKindId(m.kind));
    ASSERT_EQ(r.ok(), m.allowed) << what;
    if (m.allowed) {
      EXPECT_EQ(r->next, m.to) << what;
      EXPECT_EQ(r->without_application, m.flagged) << what;
    } else {
      EXPECT_TRUE(r.status().IsConflict()) << what;
      EXPECT_NE(r.status().message().find(AccountStatusLabel(m.from)), std::string::npos) << what;
    }
  }
}

TEST(Lifecycle, DecisionsOnlyOnPendingApplications) {
  EXPECT_EQ(*Decide(S::kApplied, Decision::kApprove), S::kApproved);
  EXPECT_EQ(*Decide(S::kApplied, Decision::kReject), S::kRejected);
  for (S s : {S::kApproved, S::kRejected, S::kOpen, S::kClosed, S::kCancelled}) {
    EXPECT_TRUE(Decide(s, Decision::kApprove).status().IsConflict()) << AccountStatusId(s);
  }
  EXPECT_EQ(*Reapply(S::kRejected), S::kApplied);
  EXPECT_TRUE(Reapply(S::kOpen).status().IsConflict());
}

TEST(Lifecycle, FilingDatesAreChecked) {
  const Date today = *Date::Parse("2024-05-10");
  EXPECT_TRUE(ValidateFilingDates(*Date::Parse("2024-05-08"), today, today).ok());
  EXPECT_EQ(ValidateFilingDates(*Date::Parse("2024-05-11"), today, today).field(), "event_on");
  EXPECT_EQ(ValidateFilingDates(today, *Date::Parse("2024-05-09"), today).field(), "filed_on");
}

}  // namespace
}  // namespace govmedia::core
