// `govmedia score inspection|assessment`: the contracts' JSON, batch mode, and exit 2 with one
// line naming the field for each kind of bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace govmedia::testing {
namespace {

using nlohmann::json;

json InspectionExample() {
  return json::parse(R"({
    "indicator_set": "kunshan-2019",
    "monitoring_time": "2020-06-30T10:00:00+08:00",
    "account": {"name": "昆山市场监管", "unit": "昆山市市场监督管理局", "platform": "wechat_subscription",
                "opened_on": "2018-03-01", "opened_by_internal_body": false,
                "certification": "昆山市市场监督管理局", "interaction_enabled": true},
    "posts": [{"id": "p1", "published_at": "2020-06-28T09:00:00+08:00", "text": "……"}],
    "findings": [{"indicator": "improper_content", "count": 2, "evidence": "……"}]})");
}

json AssessmentExample() {
  return json::parse(R"({
    "indicator_set": "kunshan-2019", "year": 2020, "unit": {"name": "张浦镇", "category": "区镇"}, "accounts": 3,
    "quarterly_inspections": [true, true, true, true],
    "quarterly_reports": ["2020-03-31", "2020-07-01", null, "2020-12-30"],
    "quarterly_coverage": [1.0, 1.0, 0.75, 1.0], "annual_coverage": 1.0,
    "rectifications": [{"published_on": "2020-05-10", "rectified_on": "2020-05-21"}],
    "filings": [{"kind": "open", "event_on": "2020-09-30", "filed_on": "2020-10-09", "applied": true}],
    "similar_account_groups": 0, "closures_not_done": 0, "accounts_outside_scope": 0,
    "in_performance_evaluation": true, "fraud": false,
    "higher_checks": [{"level": "province", "qualified": true, "serious_error": false}],
    "commendations": [{"level": "suzhou"}]})");
}

CommandResult Score(const std::string& kind, const json& in) { return RunGovmedia("score " + kind + " -", in.dump()); }

TEST(ScoreInspectionCli, ContractExample) {
  auto r = Score("inspection", InspectionExample());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["indicator_set"], "kunshan-2019");
  // Only 06-28 in 4 weeks: weeks 2–4 empty → update_late 3 × 5 capped at 10; improper_content 2 × 2.
  EXPECT_EQ(out["score"], 86);
  EXPECT_EQ(out["verdict"], "qualified");
  EXPECT_EQ(out["vetoes"], json::array());
  ASSERT_EQ(out["deductions"].size(), 2u);
  EXPECT_EQ(out["deductions"][0]["indicator"], "update_late");
  EXPECT_EQ(out["deductions"][0]["occurrences"], 3);
  EXPECT_EQ(out["deductions"][0]["points"], 10);
  EXPECT_EQ(out["deductions"][0]["max"], 10);
  EXPECT_EQ(out["deductions"][0]["source"], "derived");
  EXPECT_EQ(out["deductions"][1]["indicator"], "improper_content");
  EXPECT_EQ(out["deductions"][1]["points"], 4);
  EXPECT_EQ(out["deductions"][1]["source"], "manual");
  EXPECT_EQ(out["deductions"][1]["evidence"], json::array({"……"}));
}

TEST(ScoreInspectionCli, VetoGivesNullScoreAndNoDeductions) {
  json in = InspectionExample();
  in["posts"] = json::array();
  auto r = Score("inspection", in);
  ASSERT_EQ(r.exit_code, 0);
  const json out = json::parse(r.out);
  EXPECT_EQ(out["verdict"], "unqualified");
  EXPECT_TRUE(out["score"].is_null());
  EXPECT_EQ(out["deductions"], json::array());
  EXPECT_EQ(out["vetoes"][0]["indicator"], "veto.no_update_2w");
  EXPECT_FALSE(out["vetoes"][0]["evidence"].empty());
}

TEST(ScoreInspectionCli, DefaultsAndBeijingTime) {
  json in = {{"monitoring_time", "2020-06-30 10:00:00"},  // no offset: Beijing
             {"account", {{"name", "a"}, {"unit", "b"}, {"platform", "weibo"}}},
             {"posts", json::array({{{"id", "x"}, {"published_at", "2020-06-30T02:00:00Z"}}})},
             {"findings", json::array({{{"indicator", "commercial_ad"}}})}};
  auto r = Score("inspection", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["indicator_set"], "kunshan-2019");
  EXPECT_EQ(out["deductions"][1]["indicator"], "commercial_ad");
  EXPECT_EQ(out["deductions"][1]["occurrences"], 1);  // count defaults to 1
  EXPECT_TRUE(out["vetoes"].empty());                  // 02:00Z is exactly t
}

TEST(ScoreInspectionCli, BatchInBatchOut) {
  json a = InspectionExample(), b = InspectionExample();
  b["findings"] = json::array();
  auto r = Score("inspection", json::array({a, b}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["score"], 86);
  EXPECT_EQ(out[1]["score"], 90);
}

struct BadCase {
  std::string name;
  std::function<void(json&)> mutate;
  std::string field;
};

void ExpectRejected(const std::string& kind, const json& in, const std::string& field, const std::string& what) {
  auto r = Score(kind, in);
  EXPECT_EQ(r.exit_code, 2) << what;
  EXPECT_TRUE(r.out.empty()) << what;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
  EXPECT_NE(r.err.find(field), std::string::npos) << what << ": " << r.err;
}

TEST(ScoreInspectionCli, EachKindOfBadInputIsExit2NamingTheField) {
  const std::vector<BadCase> cases = {
      {"unknown indicator", [](json& j) { j["findings"][0]["indicator"] = "nope"; }, "findings[0].indicator"},
      {"count 0", [](json& j) { j["findings"][0]["count"] = 0; }, "findings[0].count"},
      {"count not integer", [](json& j) { j["findings"][0]["count"] = 1.5; }, "findings[0].count"},
      {"malformed time", [](json& j) { j["monitoring_time"] = "2020-06-31T10:00:00+08:00"; }, "monitoring_time"},
      {"date only", [](json& j) { j["monitoring_time"] = "2020-06-30"; }, "monitoring_time"},
      {"malformed post time", [](json& j) { j["posts"][0]["published_at"] = "yesterday"; }, "posts[0].published_at"},
      {"malformed date", [](json& j) { j["account"]["opened_on"] = "2018-02-30"; }, "account.opened_on"},
      {"missing time", [](json& j) { j.erase("monitoring_time"); }, "monitoring_time"},
      {"missing account", [](json& j) { j.erase("account"); }, "account"},
      {"missing name", [](json& j) { j["account"].erase("name"); }, "account.name"},
      {"missing unit", [](json& j) { j["account"].erase("unit"); }, "account.unit"},
      {"missing platform", [](json& j) { j["account"].erase("platform"); }, "account.platform"},
      {"unknown platform", [](json& j) { j["account"]["platform"] = "myspace"; }, "account.platform"},
      {"unknown set", [](json& j) { j["indicator_set"] = "beijing-2030"; }, "indicator_set"},
  };
  for (const auto& c : cases) {
    json in = InspectionExample();
    c.mutate(in);
    ExpectRejected("inspection", in, c.field, c.name);
  }
  // In a batch, the case is named too, and nothing is printed for the good ones.
  json bad = InspectionExample();
  bad["findings"][0]["indicator"] = "nope";
  ExpectRejected("inspection", json::array({InspectionExample(), bad}), "[1].findings[0].indicator", "batch");
  auto r = RunGovmedia("score inspection -", "{\"monitoring_time\": ");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 1"), std::string::npos);
  EXPECT_EQ(RunGovmedia("score inspection /nonexistent.json").exit_code, 2);
}

TEST(ScoreAssessmentCli, ContractExample) {
  auto r = Score("assessment", AssessmentExample());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["year"], 2020);
  EXPECT_EQ(out["unit"], "张浦镇");
  EXPECT_EQ(out["indicator_set"], "kunshan-2019");
  // Rectified on day 11 → 10; Q2 late and Q3 missing → 10; the National Day filing is on time
  // (Oct 9 is the 1st working day after Sep 30). 80 is not above 80: no bonus.
  EXPECT_EQ(out["deduction_score"], 80);
  EXPECT_EQ(out["bonus"], 0);
  EXPECT_EQ(out["score"], 80);
  EXPECT_EQ(out["verdict"], "qualified");
  EXPECT_EQ(out["items"], json::parse(R"([{"item":"rectification","points":10,"max":10},
                                          {"item":"spot_check","points":10,"max":30}])"));
  ASSERT_EQ(out["deductions"].size(), 2u);
  EXPECT_EQ(out["deductions"][1]["indicator"], "spot_check.report_late");
  EXPECT_EQ(out["deductions"][1]["occurrences"], 2);
  EXPECT_EQ(out["deductions"][1]["points"], 10);
  EXPECT_EQ(out["bonuses"], json::array());
}

TEST(ScoreAssessmentCli, BonusAboveEighty) {
  json in = AssessmentExample();
  in["rectifications"][0]["rectified_on"] = "2020-05-20";  // on the 10th day: on time
  auto r = Score("assessment", in);
  const json out = json::parse(r.out);
  EXPECT_EQ(out["deduction_score"], 90);
  // Coverage 0.75 in Q3 → 5; one provincial check passed → 10; one Suzhou commendation → 1.
  EXPECT_EQ(out["bonus"], 16);
  EXPECT_EQ(out["score"], 106);
  ASSERT_EQ(out["bonuses"].size(), 3u);
  EXPECT_EQ(out["bonuses"][0]["indicator"], "bonus.inspection_ratio");
  EXPECT_EQ(out["bonuses"][0]["points"], 5);
}

TEST(ScoreAssessmentCli, VetoNullsEverything) {
  json in = AssessmentExample();
  in["fraud"] = true;
  const json out = json::parse(Score("assessment", in).out);
  EXPECT_EQ(out["verdict"], "unqualified");
  EXPECT_TRUE(out["deduction_score"].is_null() && out["bonus"].is_null() && out["score"].is_null());
  EXPECT_EQ(out["vetoes"][0]["indicator"], "veto.fraud");
  EXPECT_TRUE(out["items"].empty() && out["deductions"].empty() && out["bonuses"].empty());
}

TEST(ScoreAssessmentCli, EachKindOfBadInputIsExit2NamingTheField) {
  const std::vector<BadCase> cases = {
      {"missing year", [](json& j) { j.erase("year"); }, "year"},
      {"missing unit", [](json& j) { j.erase("unit"); }, "unit"},
      {"bad category", [](json& j) { j["unit"]["category"] = "乡"; }, "unit.category"},
      {"missing accounts", [](json& j) { j.erase("accounts"); }, "accounts"},
      {"3 inspections", [](json& j) { j["quarterly_inspections"] = {true, true, true}; }, "quarterly_inspections"},
      {"bad report date", [](json& j) { j["quarterly_reports"][1] = "2020-06-31"; }, "quarterly_reports[1]"},
      {"coverage > 1", [](json& j) { j["quarterly_coverage"][2] = 1.5; }, "quarterly_coverage[2]"},
      {"missing annual", [](json& j) { j.erase("annual_coverage"); }, "annual_coverage"},
      {"bad rectification", [](json& j) { j["rectifications"][0]["published_on"] = "May 10"; }, "rectifications[0].published_on"},
      {"bad kind", [](json& j) { j["filings"][0]["kind"] = "reopen"; }, "filings[0].kind"},
      {"bad level", [](json& j) { j["higher_checks"][0]["level"] = "city"; }, "higher_checks[0].level"},
      {"bad commendation", [](json& j) { j["commendations"][0]["level"] = "county"; }, "commendations[0].level"},
      {"negative count", [](json& j) { j["closures_not_done"] = -1; }, "closures_not_done"},
      {"uncovered year", [](json& j) { j["filings"][0]["event_on"] = "2027-03-01", j["filings"][0]["filed_on"] = "2027-03-02"; }, "2027"},
  };
  for (const auto& c : cases) {
    json in = AssessmentExample();
    c.mutate(in);
    ExpectRejected("assessment", in, c.field, c.name);
  }
}

}  // namespace
}  // namespace govmedia::testing
