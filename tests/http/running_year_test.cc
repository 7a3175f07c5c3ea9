// Issue 11: an office's first day. The running year is judged as it stands (a quarter not yet due
// is never deducted or vetoed; the same year after its end is), accounts registered after the
// fact are 历史补录 (never late, never waiting to be forwarded), and the XLSX says what the page
// says — a vetoed unit is 未评分 in both, never 0.
#include "http/api_fixture.h"
#include "xlsx_reader.h"

namespace govmedia::testing {
namespace {

class RunningYearTest : public ApiTest {
 protected:
  // The office's record of zp's 2024: three quarters inspected and reported, the fourth still
  // running on the fixture's today (2024-10-18).
  void EnterRunningYear(const Session& admin) {
    auto saved = Patch(admin, "/api/assessments/" + std::to_string(UnitId("张浦镇")),
                       {{"year", 2024},
                        {"quarterly_inspections", {true, true, true, false}},
                        {"quarterly_coverage", {1, 1, 1, 0}},
                        {"annual_coverage", 0.7},
                        {"quarterly_reports", {"2024-03-31", "2024-06-30", "2024-09-30", nullptr}}});
    ASSERT_EQ(saved.status, 200) << saved.body.dump();
  }
};

TEST_F(RunningYearTest, Issue11AQuarterNotYetDueIsNeverDeductedOrVetoed) {
  Session admin = Login("admin");
  OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  EnterRunningYear(admin);
  auto d = Get(admin, "/api/assessments/" + std::to_string(UnitId("张浦镇")) + "?year=2024");
  ASSERT_EQ(d.status, 200);
  const json& r = d.body["result"];
  EXPECT_EQ(r["vetoes"].size(), 0u) << r.dump();
  EXPECT_EQ(r["deductions"].size(), 0u) << r.dump();
  EXPECT_EQ(r["provisional"], true);
  EXPECT_EQ(r["as_of"], "2024-10-18");
  std::set<std::string> pending;
  for (const auto& p : r["pending"]) pending.insert(p["indicator"]);
  EXPECT_TRUE(pending.count("veto.no_quarterly_inspection"));
  EXPECT_TRUE(pending.count("spot_check.report_late"));
  EXPECT_EQ(d.body["summary"]["verdict"], "合格（暂定）");
  // The platform's own records (no report submitted through it) name the three quarters that are
  // over under 扣分依据, never the fourth.
  const json& late = d.body["facts"]["records"]["spot_check.report_late"];
  ASSERT_EQ(late.size(), 3u) << late.dump();
  for (const auto& x : late) EXPECT_NE(x["quarter"], 4);
}

TEST_F(RunningYearTest, Issue11TheSameYearAfterItsEndIsDeductedAndVetoed) {
  Session admin = Login("admin");
  OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  EnterRunningYear(admin);
  // The same database on 5 January 2025: the fourth quarter passed without an inspection.
  app::FixedDateClock later{D("2025-01-05")};
  auto node = app::Node::Open(db_.target(), later);
  ASSERT_TRUE(node.ok());
  auto user = (*node)->user_store().FindByName("admin");
  const core::Principal p{user->id, "admin", core::Role::kCityAdmin, std::nullopt};
  auto d = (*node)->assessment().Get(p, UnitId("张浦镇"), 2024);
  ASSERT_TRUE(d.ok());
  const json& r = d->row.result;
  ASSERT_EQ(r["vetoes"].size(), 1u) << r.dump();
  EXPECT_EQ(r["vetoes"][0]["indicator"], "veto.no_quarterly_inspection");
  EXPECT_EQ(r["provisional"], false);
  EXPECT_EQ(d->row.summary["verdict"], "单项否决（未评分）");
}

TEST_F(RunningYearTest, Issue11FinalisingJudgesTheYearAsOver) {
  Session admin = Login("admin");
  OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  EnterRunningYear(admin);
  ASSERT_EQ(Post(admin, "/api/assessments/finalize", {{"year", 2024}}).status, 200);
  auto d = Get(admin, "/api/assessments/" + std::to_string(UnitId("张浦镇")) + "?year=2024");
  EXPECT_EQ(d.body["final"], true);
  EXPECT_EQ(d.body["result"]["vetoes"].size(), 1u);
  EXPECT_EQ(d.body["summary"]["provisional"], false);
}

TEST_F(RunningYearTest, Issue11TheXlsxSaysWhatThePageSaysForScoredAndVetoedUnits) {
  Session admin = Login("admin");
  OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  EnterRunningYear(admin);
  auto list = Get(admin, "/api/assessments?year=2024");
  ASSERT_EQ(list.status, 200);
  auto xlsx = client_->Get("/api/assessments/export?year=2024", {{"Cookie", admin.cookie}});
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200);
  const auto cells = SheetCells(xlsx->body);
  ASSERT_FALSE(cells.empty());
  auto column = [](int i) { return std::string(1, static_cast<char>('A' + i)); };
  int checked_scored = 0, checked_vetoed = 0;
  for (const auto& item : list.body["items"]) {
    // Find the unit's row by its name in column B.
    std::string row;
    for (const auto& [ref, text] : cells)
      if (ref[0] == 'B' && text == item["unit_name"]) row = ref.substr(1);
    ASSERT_FALSE(row.empty()) << item["unit_name"];
    const json& s = item["summary"];
    const size_t n = s["items"].size();
    for (size_t i = 0; i < n; ++i) {
      const json& points = s["items"][i]["points"];
      const std::string cell = cells.at(column(3 + static_cast<int>(i)) + row);
      if (points.is_null()) EXPECT_EQ(cell, "—") << item["unit_name"];
      else EXPECT_EQ(cell, std::to_string(points.get<int>())) << item["unit_name"];
    }
    EXPECT_EQ(cells.at(column(3 + static_cast<int>(n) + 3) + row), s["verdict"]) << item["unit_name"];
    const std::string score = cells.at(column(3 + static_cast<int>(n) + 2) + row);
    EXPECT_EQ(score, s["score"].is_null() ? "—" : std::to_string(s["score"].get<int>()));
    if (s["scored"] == true) ++checked_scored;
    else if (s["verdict"].get<std::string>().rfind("单项否决（未评分）", 0) == 0) ++checked_vetoed;
  }
  EXPECT_EQ(checked_scored, 1);   // 张浦镇
  EXPECT_EQ(checked_vetoed, 49);  // no inspection in the quarters that are over
}

TEST_F(RunningYearTest, Issue11AnAccountRegisteredAfterTheFactIsNeverOverdue) {
  Session admin = Login("admin");
  json body = NewAccountBody(UnitId("张浦镇"), "张浦发布");
  body["registration"] = "existing";
  body["opened_on"] = "2016-05-01";
  auto a = Post(admin, "/api/accounts", body);
  ASSERT_EQ(a.status, 201) << a.body.dump();
  auto filings = Get(admin, "/api/filings");
  ASSERT_EQ(filings.body["items"].size(), 1u);
  EXPECT_EQ(filings.body["items"][0]["historical"], true);
  EXPECT_EQ(filings.body["items"][0]["state"], "historical");
  EXPECT_EQ(filings.body["items"][0]["overdue"], false);
  EXPECT_EQ(Get(admin, "/api/filings?view=overdue").body["items"].size(), 0u);
  EXPECT_EQ(Get(admin, "/api/filings?view=pending").body["items"].size(), 0u);
  auto home = Get(admin, "/api/dashboard");
  EXPECT_EQ(home.body["overdue_filings"], 0);
  EXPECT_EQ(home.body["pending_forward"], 0);
  // A change filed late afterwards is an ordinary late filing.
  const int64_t id = a.body["id"];
  auto f = Post(admin, "/api/accounts/" + std::to_string(id) + "/filings",
                {{"kind", "change"}, {"event_on", "2024-10-08"}, {"reason", "更换管理员"}, {"changes", {{"positioning", "政务信息发布与政务服务"}}}});
  ASSERT_EQ(f.status, 201) << f.body.dump();
  EXPECT_EQ(f.body["overdue"], true);
  EXPECT_EQ(Get(admin, "/api/filings?view=overdue").body["items"].size(), 1u);
}

}  // namespace
}  // namespace govmedia::testing
