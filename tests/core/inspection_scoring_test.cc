// 附件2 scoring: every indicator, cap and veto, the freshness windows at their edges, and the
// interpretations of PRODUCT.md. The set is the shipped kunshan-2019.
#include "core/inspection_scoring.h"

#include <gtest/gtest.h>

#include <random>

#include "app/scoring/indicator_set_json.h"
#include "core/timestamp.h"

namespace govmedia::core {
namespace {

const IndicatorSet& Set() { return app::BuiltinIndicatorSets().front(); }

int64_t T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

InspectionCase Base() {
  InspectionCase c;
  c.monitoring_time = T("2020-06-30T10:00:00+08:00");
  c.account = {"昆山市场监管", "昆山市市场监督管理局", Platform::kWechatSubscription, Date::Parse("2018-03-01"),
               false, std::nullopt, true};
  return c;
}

const Deduction* Find(const InspectionResult& r, const std::string& id) {
  for (const auto& d : r.deductions)
    if (d.indicator == id) return &d;
  for (const auto& d : r.vetoes)
    if (d.indicator == id) return &d;
  return nullptr;
}

TEST(InspectionScoring, TheShippedSetHoldsEveryIndicatorOfTheContract) {
  const char* ids[] = {"veto.serious_error", "veto.secret_leak", "veto.harmful_content", "veto.negative_opinion",
                       "veto.no_update_2w", "veto.app_unusable", "veto.no_interaction", "veto.fake_engagement",
                       "opening_irregular", "name_irregular", "certification_irregular", "update_late",
                       "improper_content", "commercial_ad", "comment_moderation", "improper_reply",
                       "function_broken", "excess_personal_info"};
  ASSERT_EQ(Set().inspection.indicators.size(), std::size(ids));
  for (size_t i = 0; i < std::size(ids); ++i) EXPECT_EQ(Set().inspection.indicators[i].id, ids[i]);
  EXPECT_EQ(Set().id, "kunshan-2019");
  EXPECT_EQ(Set().issued_on.ToString(), "2019-11-09");
}

struct LineCase {
  const char* indicator;
  int count;
  int points;
};

TEST(InspectionScoring, EachDeductionLineAndItsCap) {
  const LineCase cases[] = {
      {"opening_irregular", 1, 10},  {"opening_irregular", 2, 10},  {"name_irregular", 1, 10},
      {"certification_irregular", 1, 10}, {"update_late", 1, 5}, {"update_late", 2, 10}, {"update_late", 3, 10},
      {"improper_content", 1, 2},    {"improper_content", 5, 10},   {"improper_content", 6, 10},
      {"commercial_ad", 1, 10},      {"commercial_ad", 3, 10},      {"comment_moderation", 1, 1},
      {"comment_moderation", 10, 10}, {"comment_moderation", 11, 10}, {"improper_reply", 4, 8},
      {"improper_reply", 9, 10},     {"function_broken", 2, 4},     {"function_broken", 7, 10},
      {"excess_personal_info", 1, 10},
  };
  for (const auto& lc : cases) {
    InspectionCase c = Base();
    c.findings = {{lc.indicator, lc.count, "证据"}};
    auto r = ScoreInspection(Set(), c);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->deductions.size(), 1u) << lc.indicator;
    EXPECT_EQ(r->deductions[0].points, lc.points) << lc.indicator << " x" << lc.count;
    EXPECT_EQ(r->deductions[0].occurrences, lc.count);
    EXPECT_EQ(r->deductions[0].max, 10);
    EXPECT_EQ(r->deductions[0].source, FindingSource::kManual);
    EXPECT_EQ(*r->score, 100 - lc.points);
  }
}

TEST(InspectionScoring, EveryVetoStopsScoring) {
  for (const auto& ind : Set().inspection.indicators) {
    if (!ind.veto) continue;
    InspectionCase c = Base();
    c.findings = {{ind.id, 1, "证据"}, {"improper_content", 2, ""}};
    auto r = ScoreInspection(Set(), c);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->qualified) << ind.id;
    EXPECT_FALSE(r->score.has_value()) << ind.id;
    EXPECT_TRUE(r->deductions.empty()) << ind.id;
    ASSERT_EQ(r->vetoes.size(), 1u);
    EXPECT_EQ(r->vetoes[0].indicator, ind.id);
    EXPECT_EQ(r->vetoes[0].evidence, std::vector<std::string>{"证据"});
  }
}

TEST(InspectionScoring, PassMarkIsSixty) {
  InspectionCase c = Base();
  // 10 + 10 + 10 + 10 = 40 lost → 60, qualified.
  c.findings = {{"name_irregular", 1, ""}, {"commercial_ad", 1, ""}, {"excess_personal_info", 1, ""},
                {"improper_content", 5, ""}};
  auto r = ScoreInspection(Set(), c);
  EXPECT_EQ(*r->score, 60);
  EXPECT_TRUE(r->qualified);
  c.findings.push_back({"comment_moderation", 1, ""});  // one more point → 59
  r = ScoreInspection(Set(), c);
  EXPECT_EQ(*r->score, 59);
  EXPECT_FALSE(r->qualified);
}

TEST(InspectionScoring, OccurrencesOfOneIndicatorAddUpBeforeTheCap) {
  InspectionCase c = Base();
  c.findings = {{"improper_content", 3, "a"}, {"improper_content", 3, "b"}};
  auto r = ScoreInspection(Set(), c);
  ASSERT_EQ(r->deductions.size(), 1u);
  EXPECT_EQ(r->deductions[0].occurrences, 6);
  EXPECT_EQ(r->deductions[0].points, 10);
  EXPECT_EQ(r->deductions[0].evidence, (std::vector<std::string>{"a", "b"}));
}

TEST(InspectionScoring, DeductionsFollowTheTableOrder) {
  InspectionCase c = Base();
  c.findings = {{"excess_personal_info", 1, ""}, {"name_irregular", 1, ""}, {"update_late", 1, ""}};
  auto r = ScoreInspection(Set(), c);
  ASSERT_EQ(r->deductions.size(), 3u);
  EXPECT_EQ(r->deductions[0].indicator, "name_irregular");
  EXPECT_EQ(r->deductions[1].indicator, "update_late");
  EXPECT_EQ(r->deductions[2].indicator, "excess_personal_info");
}

TEST(InspectionScoring, InternalBodyOpeningFromTheDayAfterIssue) {
  InspectionCase c = Base();
  c.account.opened_by_internal_body = true;
  c.account.opened_on = Date::Parse("2019-11-09");
  EXPECT_EQ(Find(*ScoreInspection(Set(), c), "opening_irregular"), nullptr);
  c.account.opened_on = Date::Parse("2019-11-10");
  auto r = ScoreInspection(Set(), c);
  ASSERT_NE(Find(*r, "opening_irregular"), nullptr);
  EXPECT_EQ(Find(*r, "opening_irregular")->source, FindingSource::kDerived);
  EXPECT_EQ(*r->score, 90);
  // Opened by the unit itself: never irregular.
  c.account.opened_by_internal_body = false;
  EXPECT_EQ(Find(*ScoreInspection(Set(), c), "opening_irregular"), nullptr);
}

TEST(InspectionScoring, CertificationMustNameTheUnit) {
  InspectionCase c = Base();
  c.account.certification = "昆山市市场监督管理局官方账号";
  EXPECT_EQ(Find(*ScoreInspection(Set(), c), "certification_irregular"), nullptr);
  c.account.certification = "昆山市场监管";
  EXPECT_NE(Find(*ScoreInspection(Set(), c), "certification_irregular"), nullptr);
  c.account.certification.reset();  // not given: nothing derived
  EXPECT_EQ(Find(*ScoreInspection(Set(), c), "certification_irregular"), nullptr);
}

TEST(InspectionScoring, NoInteractionIsAVeto) {
  InspectionCase c = Base();
  c.account.interaction_enabled = false;
  auto r = ScoreInspection(Set(), c);
  ASSERT_EQ(r->vetoes.size(), 1u);
  EXPECT_EQ(r->vetoes[0].indicator, "veto.no_interaction");
  EXPECT_EQ(r->vetoes[0].source, FindingSource::kDerived);
}

TEST(InspectionScoring, DerivedAndManualTogetherAreBoth) {
  InspectionCase c = Base();
  c.account.certification = "别的名字";
  c.findings = {{"certification_irregular", 1, "截图"}};
  auto r = ScoreInspection(Set(), c);
  const Deduction* d = Find(*r, "certification_irregular");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->source, FindingSource::kBoth);
  EXPECT_EQ(d->occurrences, 2);
  EXPECT_EQ(d->points, 10);
}

// Freshness: windows (t − 7k, t − 7(k−1)], the 2-week veto (t − 14d, t].
InspectionCase WithPosts(std::vector<const char*> times, Platform p = Platform::kWeibo) {
  InspectionCase c = Base();
  c.account.platform = p;
  c.posts.emplace();
  int i = 0;
  for (const char* t : times) c.posts->push_back({"p" + std::to_string(i++), T(t)});
  return c;
}

TEST(Freshness, NoPostsAtAllIsTheVeto) {
  auto r = ScoreInspection(Set(), WithPosts({}));
  ASSERT_EQ(r->vetoes.size(), 1u);
  EXPECT_EQ(r->vetoes[0].indicator, "veto.no_update_2w");
}

TEST(Freshness, AbsentPostsDeriveNothing) {
  auto r = ScoreInspection(Set(), Base());
  EXPECT_TRUE(r->vetoes.empty());
  EXPECT_EQ(*r->score, 100);
}

TEST(Freshness, FourteenDayVetoEdges) {
  // t = 2020-06-30 10:00. A post at exactly t − 14 days is outside (t − 14d, t]; one second later inside.
  auto out = ScoreInspection(Set(), WithPosts({"2020-06-16T10:00:00+08:00"}));
  EXPECT_NE(Find(*out, "veto.no_update_2w"), nullptr);
  auto in = ScoreInspection(Set(), WithPosts({"2020-06-16T10:00:01+08:00", "2020-06-25T10:00:00+08:00"}));
  EXPECT_EQ(Find(*in, "veto.no_update_2w"), nullptr);
  // A post at exactly t counts; one after t is ignored.
  auto at_t = ScoreInspection(Set(), WithPosts({"2020-06-30T10:00:00+08:00"}));
  EXPECT_EQ(Find(*at_t, "veto.no_update_2w"), nullptr);
  auto after = ScoreInspection(Set(), WithPosts({"2020-06-30T10:00:01+08:00"}));
  EXPECT_NE(Find(*after, "veto.no_update_2w"), nullptr);
  // Offsets are honoured: 02:00Z is 10:00 Beijing.
  auto utc = ScoreInspection(Set(), WithPosts({"2020-06-30T02:00:00Z"}));
  EXPECT_EQ(Find(*utc, "veto.no_update_2w"), nullptr);
}

TEST(Freshness, EachEmptyWeekIsOneOccurrence) {
  // Posts in weeks 1 and 2 only: weeks 3 and 4 empty → 2 occurrences, 10 points.
  auto r = ScoreInspection(Set(), WithPosts({"2020-06-29T09:00:00+08:00", "2020-06-20T09:00:00+08:00"}));
  const Deduction* d = Find(*r, "update_late");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->occurrences, 2);
  EXPECT_EQ(d->points, 10);
  EXPECT_EQ(d->evidence.size(), 2u);
  EXPECT_EQ(*r->score, 90);
  // A post on every week: nothing.
  auto full = ScoreInspection(Set(), WithPosts({"2020-06-29T09:00:00+08:00", "2020-06-22T09:00:00+08:00",
                                                "2020-06-15T09:00:00+08:00", "2020-06-08T09:00:00+08:00"}));
  EXPECT_EQ(Find(*full, "update_late"), nullptr);
}

// issue 10: an update deduction is never drawn from a week on which the collection was blind.
TEST(Freshness, AnEmptyWeekWithABlindDayIsNoDeductionButUndetermined) {
  // Posts in weeks 1 and 2 only (t = 2020-06-30 10:00): weeks 3 (06-09 … 06-16) and 4 empty.
  InspectionCase c = WithPosts({"2020-06-29T09:00:00+08:00", "2020-06-20T09:00:00+08:00"});
  c.blind_days = {*Date::Parse("2020-06-12")};  // inside week 3
  auto r = ScoreInspection(Set(), c);
  const Deduction* d = Find(*r, "update_late");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->occurrences, 1);  // week 4 only
  EXPECT_EQ(d->points, 5);
  ASSERT_EQ(r->undetermined.size(), 1u);
  EXPECT_NE(r->undetermined[0].find("第 3 周"), std::string::npos) << r->undetermined[0];
  EXPECT_NE(r->undetermined[0].find("1 天数据源异常"), std::string::npos) << r->undetermined[0];
  // Blind days in both empty weeks: no deduction at all, both weeks undetermined.
  c.blind_days.push_back(*Date::Parse("2020-06-05"));
  r = ScoreInspection(Set(), c);
  EXPECT_EQ(Find(*r, "update_late"), nullptr);
  EXPECT_EQ(r->undetermined.size(), 2u);
  EXPECT_EQ(*r->score, 100);
  // A blind day in a week that has a post changes nothing.
  c.blind_days = {*Date::Parse("2020-06-25")};
  r = ScoreInspection(Set(), c);
  ASSERT_NE(Find(*r, "update_late"), nullptr);
  EXPECT_EQ(Find(*r, "update_late")->occurrences, 2);
  EXPECT_TRUE(r->undetermined.empty());
}

TEST(Freshness, WindowEdgesBelongToTheLaterWindow) {
  // A post exactly at t − 7 days lies in window 2 (t − 14d, t − 7d], not window 1.
  auto r = ScoreInspection(Set(), WithPosts({"2020-06-29T09:00:00+08:00", "2020-06-23T10:00:00+08:00",
                                             "2020-06-16T10:00:00+08:00", "2020-06-09T10:00:00+08:00"}));
  // Windows: 1 has 06-29; 2 has 06-23 10:00 (its upper edge); 3 has 06-16 10:00; 4 has 06-09 10:00.
  EXPECT_EQ(Find(*r, "update_late"), nullptr);
  // Week 4's lower edge t − 28d is outside.
  auto edge = ScoreInspection(Set(), WithPosts({"2020-06-29T09:00:00+08:00", "2020-06-23T10:00:00+08:00",
                                                "2020-06-16T10:00:00+08:00", "2020-06-02T10:00:00+08:00"}));
  ASSERT_NE(Find(*edge, "update_late"), nullptr);
  EXPECT_EQ(Find(*edge, "update_late")->occurrences, 1);
}

TEST(Freshness, WechatServiceNeedsMoreThanFourPostsIn30Days) {
  std::vector<const char*> four = {"2020-06-29T09:00:00+08:00", "2020-06-20T09:00:00+08:00", "2020-06-10T09:00:00+08:00",
                                   "2020-06-01T09:00:00+08:00"};
  auto r = ScoreInspection(Set(), WithPosts(four, Platform::kWechatService));
  const Deduction* d = Find(*r, "update_late");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->occurrences, 1);
  EXPECT_EQ(d->points, 5);
  auto five = four;
  five.push_back("2020-06-05T09:00:00+08:00");
  EXPECT_EQ(Find(*ScoreInspection(Set(), WithPosts(five, Platform::kWechatService)), "update_late"), nullptr);
  // The 30-day window is (t − 30d, t]: a post at exactly t − 30d does not count.
  auto edge = four;
  edge.push_back("2020-05-31T10:00:00+08:00");
  EXPECT_NE(Find(*ScoreInspection(Set(), WithPosts(edge, Platform::kWechatService)), "update_late"), nullptr);
}

TEST(Freshness, DismissedDerivedFindingsDoNotCount) {
  InspectionCase c = WithPosts({"2020-06-29T09:00:00+08:00"});
  auto before = ScoreInspection(Set(), c);
  EXPECT_EQ(*before->score, 90);
  c.dismissed = {"update_late"};
  auto after = ScoreInspection(Set(), c);
  EXPECT_EQ(*after->score, 100);
}

TEST(InspectionScoring, UnknownIndicatorAndBadCountNameTheField) {
  InspectionCase c = Base();
  c.findings = {{"improper_content", 1, ""}, {"no_such_thing", 1, ""}};
  auto r = ScoreInspection(Set(), c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "findings[1].indicator");
  c.findings = {{"improper_content", 0, ""}};
  EXPECT_EQ(ScoreInspection(Set(), c).status().field(), "findings[0].count");
}

TEST(InspectionScoring, RandomFindingsAlwaysScoreBetweenZeroAndHundred) {
  std::mt19937 rng(162);
  const auto& inds = Set().inspection.indicators;
  for (int round = 0; round < 2000; ++round) {
    InspectionCase c = Base();
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      const auto& ind = inds[rng() % inds.size()];
      if (ind.veto && rng() % 4) continue;
      c.findings.push_back({ind.id, 1 + static_cast<int>(rng() % 20), ""});
    }
    auto r = ScoreInspection(Set(), c);
    ASSERT_TRUE(r.ok());
    if (r->score) {
      EXPECT_GE(*r->score, 0);
      EXPECT_LE(*r->score, 100);
      EXPECT_EQ(r->qualified, *r->score >= 60);
      int lost = 0;
      for (const auto& d : r->deductions) {
        EXPECT_LE(d.points, d.max);
        lost += d.points;
      }
      EXPECT_EQ(*r->score, 100 - lost);
    } else {
      EXPECT_FALSE(r->vetoes.empty());
      EXPECT_TRUE(r->deductions.empty());
    }
  }
}

}  // namespace
}  // namespace govmedia::core
