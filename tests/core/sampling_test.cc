#include "core/sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace govmedia::core {
namespace {

// 5 units × up to 3 platforms, 3–9 accounts a stratum: 13 strata, 83 accounts.
std::vector<Candidate> Population() {
  std::vector<Candidate> out;
  int64_t id = 1;
  const char* platforms[] = {"weibo", "wechat_subscription", "douyin"};
  for (int64_t unit = 1; unit <= 5; ++unit) {
    for (int p = 0; p < (unit == 3 ? 1 : 3); ++p) {
      for (int k = 0; k < 3 + (unit + p) % 7; ++k) out.push_back({id++, unit, platforms[p]});
    }
  }
  return out;
}

std::vector<int64_t> All(const std::vector<Stratum>& strata) {
  std::vector<int64_t> out;
  for (const auto& s : strata) out.insert(out.end(), s.sampled.begin(), s.sampled.end());
  return out;
}

TEST(Sampling, TheSameSeedDrawsTheSameSampleAndAnotherSeedAnother) {
  SampleSpec spec{SampleSpec::Method::kRatio, 0.3, 0, 20241018};
  auto a = DrawSample(Population(), spec), b = DrawSample(Population(), spec);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(All(*a), All(*b));
  // The order the population arrives in does not matter.
  auto reversed = Population();
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(All(*DrawSample(reversed, spec)), All(*a));
  spec.seed = 7;
  EXPECT_NE(All(*DrawSample(Population(), spec)), All(*a));
  // Pinned: the generator is fixed by definition, so a recorded seed redraws this on any machine.
  spec.seed = 1;
  const auto pinned = All(*DrawSample(Population(), spec));
  std::string ids;
  for (int64_t id : pinned) ids += std::to_string(id) + ",";
  EXPECT_EQ(ids, "11,14,5,6,1,4,27,30,31,24,26,17,20,35,39,56,59,61,48,50,53,40,41,46,83,74,78,80,66,68,71,");
}

TEST(Sampling, ARatioTakesItsShareOfEveryStratumAndAtLeastOne) {
  auto strata = DrawSample(Population(), {SampleSpec::Method::kRatio, 0.3, 0, 99});
  ASSERT_TRUE(strata.ok());
  EXPECT_EQ(strata->size(), 13u);
  for (const auto& s : *strata) {
    const size_t want = std::max<size_t>(1, static_cast<size_t>(std::ceil(0.3 * s.population.size() - 1e-9)));
    EXPECT_EQ(s.sampled.size(), want) << s.unit_id << "/" << s.platform;
    for (int64_t id : s.sampled) EXPECT_TRUE(std::count(s.population.begin(), s.population.end(), id)) << id;
    EXPECT_EQ(std::set<int64_t>(s.sampled.begin(), s.sampled.end()).size(), s.sampled.size());
  }
  auto everything = DrawSample(Population(), {SampleSpec::Method::kRatio, 1.0, 0, 99});
  EXPECT_EQ(All(*everything).size(), 83u);
}

TEST(Sampling, ACountIsSpreadOverStrataAndCoversEachWhenItCan) {
  auto strata = DrawSample(Population(), {SampleSpec::Method::kCount, 0, 20, 5});
  ASSERT_TRUE(strata.ok());
  EXPECT_EQ(All(*strata).size(), 20u);
  for (const auto& s : *strata) EXPECT_GE(s.sampled.size(), 1u) << s.unit_id << "/" << s.platform;
  // Fewer than the strata: the count is still exact, spread by size.
  EXPECT_EQ(All(*DrawSample(Population(), {SampleSpec::Method::kCount, 0, 5, 5})).size(), 5u);
  // More than there are: everyone.
  EXPECT_EQ(All(*DrawSample(Population(), {SampleSpec::Method::kCount, 0, 500, 5})).size(), 83u);
}

// A city's registry: most units run one account on a platform, so a count below the number of
// strata leaves every stratum the same remainder. The seed, not the units' order, picks them.
TEST(Sampling, ACountBelowTheNumberOfStrataDrawsDifferentUnitsForDifferentSeeds) {
  std::vector<Candidate> city;
  for (int64_t unit = 1; unit <= 50; ++unit) city.push_back({unit, unit, "wechat_subscription"});
  auto units_of = [&](uint64_t seed) {
    std::set<int64_t> out;
    for (const auto& s : *DrawSample(city, {SampleSpec::Method::kCount, 0, 6, seed}))
      if (!s.sampled.empty()) out.insert(s.unit_id);
    return out;
  };
  EXPECT_EQ(units_of(20251), units_of(20251));
  std::set<int64_t> drawn;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const auto units = units_of(seed);
    EXPECT_EQ(units.size(), 6u) << seed;
    drawn.insert(units.begin(), units.end());
  }
  EXPECT_NE(units_of(1), units_of(2));
  // Twenty rounds of six reach most of the fifty units, not the first six again and again.
  EXPECT_GT(drawn.size(), 30u);
}

TEST(Sampling, AStratumAddedElsewhereLeavesTheOthersDrawnAsBefore) {
  const SampleSpec spec{SampleSpec::Method::kRatio, 0.5, 0, 42};
  auto before = DrawSample(Population(), spec);
  auto more = Population();
  for (int64_t id = 1000; id < 1004; ++id) more.push_back({id, 9, "bilibili"});
  auto after = DrawSample(more, spec);
  ASSERT_EQ(after->size(), before->size() + 1);
  for (size_t i = 0; i < before->size(); ++i) EXPECT_EQ((*after)[i].sampled, (*before)[i].sampled);
}

TEST(Sampling, BadSpecsNameTheirField) {
  EXPECT_EQ(DrawSample(Population(), {SampleSpec::Method::kRatio, 0, 0, 1}).status().field(), "ratio");
  EXPECT_EQ(DrawSample(Population(), {SampleSpec::Method::kRatio, 1.5, 0, 1}).status().field(), "ratio");
  EXPECT_EQ(DrawSample(Population(), {SampleSpec::Method::kCount, 0, 0, 1}).status().field(), "count");
}

}  // namespace
}  // namespace govmedia::core
