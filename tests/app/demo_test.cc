// The demo city (app::SeedDemo) as of a fixed today: the previous year finalised with units
// qualified and unqualified for reasons the records give, the running year judged as it stands.
#include "app/demo.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/timestamp.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

using nlohmann::json;
using testing::D;

const core::Principal kOffice{0, "admin", core::Role::kCityAdmin, std::nullopt};

// A fresh database seeded as of `today` 10:00 in Beijing.
struct DemoCity {
  testing::TempDir tmp;
  testing::TestDb demo_db{tmp, "demo.db"};
  TravelClock clock;
  std::unique_ptr<Node> node;
  DemoSummary summary;

  explicit DemoCity(core::Date today) {
    clock.Set(core::StartOfDay(today) + 10 * 3600);
    auto opened = Node::Open(demo_db.target(), clock);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (!opened.ok()) return;
    node = std::move(*opened);
    auto seeded = SeedDemo(*node, clock);
    EXPECT_TRUE(seeded.ok()) << seeded.status().message();
    if (seeded.ok()) summary = *seeded;
  }
};

std::string Joined(const json& lines) {
  std::string out;
  for (const auto& l : lines)
    for (const auto& e : l.value("evidence", json::array())) out += e.get<std::string>() + "\n";
  return out;
}

std::set<std::string> Indicators(const json& lines) {
  std::set<std::string> out;
  for (const auto& l : lines) out.insert(l.value("indicator", ""));
  return out;
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { city_ = new DemoCity(D("2026-11-29")); }
  static void TearDownTestSuite() {
    delete city_;
    city_ = nullptr;
  }
  static Node& node() { return *city_->node; }
  static DemoCity* city_;
};

DemoCity* DemoTest::city_ = nullptr;

TEST_F(DemoTest, LeavesTheClockWhereItStood) {
  ASSERT_TRUE(city_->node);
  EXPECT_EQ(city_->clock.Today(), D("2026-11-29"));
  EXPECT_EQ(city_->summary.previous_year, 2025);
}

TEST_F(DemoTest, PreviousYearIsFinalisedMostUnitsQualifiedTheOthersForReasonsGiven) {
  ASSERT_TRUE(city_->node);
  auto rows = node().assessment().List(kOffice, 2025);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 50u);
  int qualified = 0;
  std::map<std::string, json> failed;
  for (const auto& r : *rows) {
    EXPECT_TRUE(r.final) << r.unit.name;
    EXPECT_FALSE(r.result.contains("provisional") && r.result["provisional"].get<bool>())
        << r.unit.name;
    if (r.result.value("verdict", "") == "qualified") {
      ++qualified;
      EXPECT_GE(r.result.value("score", 0), 60) << r.unit.name;
    } else {
      failed[r.unit.name] = r.result;
    }
  }
  EXPECT_GE(qualified, 40);
  EXPECT_GE(failed.size(), 3u);
  EXPECT_EQ(city_->summary.qualified, qualified);
  EXPECT_EQ(city_->summary.unqualified, static_cast<int64_t>(failed.size()));
  // Every unqualified unit says why: a veto with its evidence, or a score below 60 with every
  // deduction's evidence.
  for (const auto& [unit, result] : failed) {
    if (!result["vetoes"].empty()) {
      EXPECT_TRUE(result["score"].is_null()) << unit;
      for (const auto& v : result["vetoes"])
        EXPECT_FALSE(v["evidence"].empty()) << unit << " " << v.dump();
    } else {
      ASSERT_TRUE(result["score"].is_number()) << unit;
      EXPECT_LT(result["score"].get<int>(), 60) << unit;
      ASSERT_FALSE(result["deductions"].empty()) << unit;
      for (const auto& d : result["deductions"])
        EXPECT_FALSE(d["evidence"].empty()) << unit << " " << d.dump();
    }
  }
  // The reasons differ: a serious error in a higher check, two accounts failed in a higher check,
  // a quarter without self-inspection, and a unit that lost its points (reports missing, a
  // rectification overdue).
  ASSERT_TRUE(failed.count("周庄镇"));
  EXPECT_EQ(Indicators(failed["周庄镇"]["vetoes"]),
            std::set<std::string>{"veto.higher_check_serious"});
  ASSERT_TRUE(failed.count("锦溪镇"));
  EXPECT_EQ(Indicators(failed["锦溪镇"]["vetoes"]),
            std::set<std::string>{"veto.higher_check_unqualified_2plus"});
  ASSERT_TRUE(failed.count("昆山市商务局"));
  EXPECT_NE(Joined(failed["昆山市商务局"]["vetoes"]).find("第三季度未组织开展检查"),
            std::string::npos);
  ASSERT_TRUE(failed.count("昆山市统计局"));
  const auto lost = Indicators(failed["昆山市统计局"]["deductions"]);
  EXPECT_TRUE(lost.count("spot_check.report_late"));
  EXPECT_TRUE(lost.count("rectification.overdue"));
  EXPECT_NE(Joined(failed["昆山市统计局"]["deductions"]).find("第二季度检查整改情况未报送"),
            std::string::npos);

  // The finalised year is frozen.
  EXPECT_TRUE(node().assessment().Finalize(kOffice, 2025).IsConflict());
}

TEST_F(DemoTest, TheVetoesRestOnInspectionsWithTheirEvidence) {
  ASSERT_TRUE(city_->node);
  // The higher checks behind the two vetoes: the post with the serious error, the secret leak.
  auto findings_of = [&](const std::string& unit_name) {
    std::map<std::string, std::string> out;  // indicator → evidence of the unqualified checks
    auto units = node().registry().ListUnits(kOffice, false);
    EXPECT_TRUE(units.ok());
    int64_t unit_id = 0;
    for (const auto& u : *units)
      if (u.unit.name == unit_name) unit_id = u.unit.id;
    auto detail = node().assessment().Get(kOffice, unit_id, 2025);
    EXPECT_TRUE(detail.ok()) << detail.status().message();
    if (!detail.ok()) return out;
    for (const auto& h : detail->facts["higher_checks"]) {
      if (h["qualified"].get<bool>()) continue;
      auto insp = node().scoring().Get(kOffice, h["inspection_id"].get<int64_t>());
      EXPECT_TRUE(insp.ok());
      if (!insp.ok()) continue;
      for (const auto& v : insp->result["vetoes"]) out[v["indicator"]] += Joined(json::array({v}));
    }
    return out;
  };
  const auto zhouzhuang = findings_of("周庄镇");
  ASSERT_TRUE(zhouzhuang.count("veto.serious_error"));
  EXPECT_NE(zhouzhuang.at("veto.serious_error").find("国家旅游局"), std::string::npos);
  const auto jinxi = findings_of("锦溪镇");
  ASSERT_TRUE(jinxi.count("veto.secret_leak"));
  EXPECT_NE(jinxi.at("veto.secret_leak").find("机密"), std::string::npos);
  EXPECT_TRUE(jinxi.count("veto.no_update_2w"));
}

TEST_F(DemoTest, TheRunningYearHasItsPastQuartersDoneAndNothingOfTheQuarterUnderWayDeducted) {
  ASSERT_TRUE(city_->node);
  const core::Date today = D("2026-11-29");
  auto rows = node().assessment().List(kOffice, 2026);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 50u);
  int pending_inspections = 0;
  for (const auto& r : *rows) {
    const std::string& unit = r.unit.name;
    EXPECT_FALSE(r.final) << unit;
    EXPECT_TRUE(r.result.value("provisional", false)) << unit;
    const std::string said = Joined(r.result["vetoes"]) + Joined(r.result["deductions"]);
    EXPECT_EQ(said.find("第四季度"), std::string::npos) << unit << ": " << said;
    // What the fourth quarter asks is listed as pending, with its day.
    std::string pending;
    for (const auto& p : r.result["pending"]) pending += p.value("what", "") + "\n";
    EXPECT_NE(pending.find("第四季度检查整改情况报告（未到期）"), std::string::npos) << unit;
    pending_inspections += pending.find("第四季度检查（进行中）") != std::string::npos;

    auto detail = node().assessment().Get(kOffice, r.unit.id, 2026);
    ASSERT_TRUE(detail.ok()) << detail.status().message();
    const json& facts = detail->facts;
    for (int q = 0; q < 3; ++q) {
      EXPECT_TRUE(facts["quarterly_inspections"][q].get<bool>()) << unit << " Q" << q + 1;
      EXPECT_FALSE(facts["quarterly_reports"][q].is_null()) << unit << " Q" << q + 1;
    }
    // A rectification not yet due is not overdue.
    for (const auto& x : facts["rectifications"]) {
      const auto published = core::Date::Parse(x.value("published_on", ""));
      ASSERT_TRUE(published) << x.dump();
      if (published->AddDays(10) >= today)
        EXPECT_EQ(Joined(r.result["deductions"]).find(published->ToString()), std::string::npos)
            << unit;
    }
  }
  // The quarter is under way: some units have inspected, most have not yet.
  EXPECT_GT(pending_inspections, 0);
  EXPECT_LT(pending_inspections, 50);
}

TEST_F(DemoTest, CountsAddUpWithTheRecords) {
  ASSERT_TRUE(city_->node);
  const DemoSummary& s = city_->summary;
  EXPECT_GT(s.accounts, 90);
  EXPECT_GT(s.posts, 10000);
  // Every submitted report once: three quarters of the previous year's (less two missing) and
  // three of this year's, for 50 units.
  EXPECT_EQ(s.reports, 50 * 4 - 2 + 50 * 3);
  auto again = SeedDemo(node(), city_->clock);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_present);
  EXPECT_EQ(again->accounts, s.accounts);
}

// On the first days of a year the demo has just finalised the year before, and nothing of the new
// year is due: no veto, no deduction.
TEST(DemoNewYear, FinalisesTheYearJustEndedAndDeductsNothingOfTheNewOne) {
  DemoCity city(D("2026-01-05"));
  ASSERT_TRUE(city.node);
  EXPECT_EQ(city.summary.previous_year, 2025);
  EXPECT_GT(city.summary.qualified, 0);
  auto last = city.node->assessment().List(kOffice, 2025);
  ASSERT_TRUE(last.ok());
  for (const auto& r : *last) EXPECT_TRUE(r.final) << r.unit.name;
  auto rows = city.node->assessment().List(kOffice, 2026);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 50u);
  for (const auto& r : *rows) {
    EXPECT_TRUE(r.result.value("provisional", false)) << r.unit.name << r.result.dump();
    EXPECT_TRUE(r.result["vetoes"].empty()) << r.unit.name << r.result.dump();
    EXPECT_TRUE(r.result["deductions"].empty()) << r.unit.name << r.result.dump();
  }
}

}  // namespace
}  // namespace govmedia::app
