// Inspections and the annual assessment through the API: findings with screenshots, 核减,
// freezing at close, new indicator set versions, assessment from the records, finalising.
#include "app/scoring/indicator_set_json.h"
#include "core/timestamp.h"
#include "http/api_fixture.h"
#include "storage/post_store.h"

namespace govmedia::testing {
namespace {

class ScoringApiTest : public ApiTest {
 protected:
  /// An open account of 张浦镇 whose certification does not name the unit (a derived finding).
  int64_t Account(const Session& admin, const std::string& name = "张浦发布") {
    json b = NewAccountBody(UnitId("张浦镇"), name, "weibo");
    b["registration"] = "existing";
    b["opened_on"] = "2018-05-01";
    b["certification"] = "张浦官方";
    auto r = Post(admin, "/api/accounts", b);
    EXPECT_EQ(r.status, 201) << r.body.dump();
    return r.body["id"];
  }
  Reply NewInspection(const Session& s, int64_t account, const std::string& kind = "city") {
    return Post(s, "/api/inspections", {{"account_id", account}, {"kind", kind},
                                        {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  }
  std::string I(int64_t id, const std::string& tail = "") { return "/api/inspections/" + std::to_string(id) + tail; }
};

TEST_F(ScoringApiTest, InspectorRecordsFindingsWithEvidenceAndDismissesADerivedOne) {
  const int64_t acc = Account(Login("admin"));
  Session insp = Login("insp");
  auto created = NewInspection(insp, acc);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const int64_t id = created.body["id"];
  EXPECT_EQ(created.body["status"], "open");
  EXPECT_EQ(created.body["indicator_set"], "kunshan-2019");
  EXPECT_EQ(created.body["indicators"].size(), 18u);
  // The registry's certification gives a derived finding at once.
  ASSERT_EQ(created.body["derived"].size(), 1u);
  EXPECT_EQ(created.body["derived"][0]["indicator"], "certification_irregular");
  EXPECT_EQ(created.body["result"]["score"], 90);

  auto f = Post(insp, I(id, "/findings"), {{"indicator", "improper_content"}, {"count", 2}, {"evidence", "转载失真信息"},
                                           {"evidence_url", "https://weibo.example/p/1"}});
  ASSERT_EQ(f.status, 200) << f.body.dump();
  EXPECT_EQ(f.body["result"]["score"], 86);
  const json& d = f.body["result"]["deductions"];
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]["indicator"], "certification_irregular");
  EXPECT_EQ(d[0]["source"], "derived");
  EXPECT_EQ(d[1]["indicator"], "improper_content");
  EXPECT_EQ(d[1]["points"], 4);
  EXPECT_NE(d[1]["evidence"][0].get<std::string>().find("转载失真信息"), std::string::npos);

  const int64_t finding = f.body["findings"][0]["id"];
  auto shot = Post(insp, "/api/findings/" + std::to_string(finding) + "/screenshots",
                   {{"filename", "证据.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(shot.status, 200) << shot.body.dump();
  const json& s = shot.body["findings"][0]["screenshots"][0];
  EXPECT_EQ(s["mime"], "image/png");
  EXPECT_EQ(s["sha256"].get<std::string>().size(), 64u);
  auto bytes = client_->Get(("/api/screenshots/" + std::to_string(s["id"].get<int64_t>())).c_str(),
                            {{"Cookie", insp.cookie}});
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->status, 200);
  EXPECT_EQ(bytes->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(bytes->body.substr(1, 3), "PNG");

  // 核减 needs a reason; with one, the derived finding stops counting but stays listed.
  EXPECT_EQ(Post(insp, I(id, "/dismissals"), {{"indicator", "certification_irregular"}}).body["error"]["field"], "reason");
  EXPECT_EQ(Post(insp, I(id, "/dismissals"), {{"indicator", "name_irregular"}, {"reason", "x"}}).status, 400);
  auto dismissed = Post(insp, I(id, "/dismissals"), {{"indicator", "certification_irregular"}, {"reason", "认证已含单位简称"}});
  ASSERT_EQ(dismissed.status, 200);
  EXPECT_EQ(dismissed.body["result"]["score"], 96);
  EXPECT_EQ(dismissed.body["derived"][0]["dismissed"], true);
  EXPECT_EQ(dismissed.body["derived"][0]["dismissal"]["reason"], "认证已含单位简称");
  // Undo and redo: nothing is deleted, both are audited.
  const int64_t dismissal = dismissed.body["dismissals"][0]["id"];
  EXPECT_EQ(Post(insp, "/api/dismissals/" + std::to_string(dismissal) + "/withdraw", json::object()).body["result"]["score"], 86);
  EXPECT_EQ(Post(insp, I(id, "/dismissals"), {{"indicator", "certification_irregular"}, {"reason", "复核后仍核减"}}).body["result"]["score"], 96);
  // Withdrawing the manual finding keeps it, marked.
  auto withdrawn = Post(insp, "/api/findings/" + std::to_string(finding) + "/withdraw", {{"reason", "录入错误"}});
  EXPECT_EQ(withdrawn.body["result"]["score"], 100);
  EXPECT_EQ(withdrawn.body["findings"][0]["withdrawn"], true);
  EXPECT_EQ(Count("inspection_findings"), 1);

  auto audit = Get(Login("admin"), "/api/audit?entity=inspection&entity_id=" + std::to_string(id));
  std::vector<std::string> actions;
  for (const auto& e : audit.body["items"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"inspection.finding.withdraw", "inspection.dismiss", "inspection.undismiss",
                                               "inspection.dismiss", "inspection.screenshot.add",
                                               "inspection.finding.add", "inspection.create"}));
}

TEST_F(ScoringApiTest, ClosingFreezesTheResult) {
  const int64_t acc = Account(Login("admin"));
  Session insp = Login("insp");
  const int64_t id = NewInspection(insp, acc).body["id"];
  Post(insp, I(id, "/findings"), {{"indicator", "commercial_ad"}});
  auto closed = Post(insp, I(id, "/close"), json::object());
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.body["status"], "closed");
  EXPECT_EQ(closed.body["result"]["score"], 80);
  EXPECT_EQ(Post(insp, I(id, "/findings"), {{"indicator", "improper_content"}}).status, 409);
  EXPECT_EQ(Post(insp, I(id, "/dismissals"), {{"indicator", "certification_irregular"}, {"reason", "x"}}).status, 409);
  EXPECT_EQ(Post(insp, I(id, "/close"), json::object()).status, 409);
  // A registry change after closing does not move a frozen result.
  Session admin = Login("admin");
  ASSERT_EQ(Patch(admin, "/api/accounts/" + std::to_string(acc), {{"certification", "张浦镇官方"}}).status, 200);
  EXPECT_EQ(Get(insp, I(id)).body["result"]["score"], 80);
}

TEST_F(ScoringApiTest, ScreenshotsAreTypeCheckedAndSizeLimited) {
  const int64_t acc = Account(Login("admin"));
  Session insp = Login("insp");
  const int64_t id = NewInspection(insp, acc).body["id"];
  const int64_t finding = Post(insp, I(id, "/findings"), {{"indicator", "commercial_ad"}}).body["findings"][0]["id"];
  const std::string url = "/api/findings/" + std::to_string(finding) + "/screenshots";
  auto text = Post(insp, url, {{"filename", "a.png"}, {"content_base64", "aGVsbG8gd29ybGQ="}});  // "hello world"
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(text.body["error"]["field"], "content_base64");
  EXPECT_EQ(Post(insp, url, {{"filename", "a.png"}, {"content_base64", "%%%"}}).body["error"]["field"], "content_base64");
  std::string big = "\x89PNG\r\n\x1a\n" + std::string(5 * 1024 * 1024, 'x');
  std::string encoded(big.size() * 4 / 3 + 8, '\0');
  // Base64 by hand is long; the size check happens after decoding, so send real base64.
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  encoded.clear();
  for (size_t i = 0; i + 2 < big.size(); i += 3) {
    const uint32_t n = (uint8_t(big[i]) << 16) | (uint8_t(big[i + 1]) << 8) | uint8_t(big[i + 2]);
    for (int k = 18; k >= 0; k -= 6) encoded += kAlphabet[(n >> k) & 63];
  }
  auto too_big = Post(insp, url, {{"filename", "big.png"}, {"content_base64", encoded}});
  EXPECT_EQ(too_big.status, 400);
  EXPECT_EQ(too_big.body["error"]["field"], "content_base64");
  EXPECT_EQ(Post(insp, url, {{"filename", "../etc/passwd"}, {"content_base64", kTinyPng}}).body["error"]["field"], "filename");
  EXPECT_EQ(Count("screenshots"), 0);
}

TEST_F(ScoringApiTest, RolesOfInspectionKinds) {
  const int64_t acc = Account(Login("admin"));
  Session zp = Login("zp");
  EXPECT_EQ(NewInspection(zp, acc, "city").status, 403);  // the unit runs self-inspections only
  auto self = NewInspection(zp, acc, "self");
  ASSERT_EQ(self.status, 201);
  EXPECT_EQ(Post(zp, I(self.body["id"], "/findings"), {{"indicator", "improper_reply"}}).status, 200);
  EXPECT_EQ(NewInspection(Login("insp"), acc, "self").status, 403);  // self-inspections are the unit's
  EXPECT_EQ(NewInspection(Login("boss"), acc, "city").status, 403);
  auto higher = Post(Login("insp"), "/api/inspections", {{"account_id", acc}, {"kind", "higher"},
                                                         {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  EXPECT_EQ(higher.body["error"]["field"], "level");
  auto future = Post(Login("insp"), "/api/inspections", {{"account_id", acc}, {"kind", "city"},
                                                         {"monitoring_time", "2099-01-01T00:00:00+08:00"}});
  EXPECT_EQ(future.body["error"]["field"], "monitoring_time");
}

json SetWithImproperContentAt(int points) {
  json body = app::IndicatorSetToJson(app::BuiltinIndicatorSets().front());
  for (auto& ind : body["inspection"]["indicators"])
    if (ind["id"] == "improper_content") ind["points"] = points;
  return body;
}

TEST_F(ScoringApiTest, ANewSetVersionScoresNewInspectionsAndLeavesClosedOnesAlone) {
  Session admin = Login("admin");
  Session insp = Login("insp");
  const int64_t acc = Account(admin);
  const int64_t closed = NewInspection(insp, acc).body["id"];
  Post(insp, I(closed, "/findings"), {{"indicator", "improper_content"}, {"count", 2}});
  ASSERT_EQ(Post(insp, I(closed, "/close"), json::object()).body["result"]["score"], 86);
  const int64_t open = NewInspection(insp, acc).body["id"];
  Post(insp, I(open, "/findings"), {{"indicator", "improper_content"}, {"count", 2}});

  // Only the city office publishes; a bad version names the field and changes nothing.
  EXPECT_EQ(Post(insp, "/api/indicator-sets", {{"body", SetWithImproperContentAt(3)}}).status, 403);
  json bad = SetWithImproperContentAt(-1);
  auto refused = Post(admin, "/api/indicator-sets", {{"body", bad}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["error"]["field"], "body.inspection.indicators[12].points");
  auto published = Post(admin, "/api/indicator-sets", {{"body", SetWithImproperContentAt(3)}, {"note", "内容发布不当每起扣3分"}});
  ASSERT_EQ(published.status, 201) << published.body.dump();
  EXPECT_EQ(published.body["version"], 2);
  EXPECT_EQ(published.body["current"], true);
  const int64_t v2 = published.body["id"];
  auto versions = Get(admin, "/api/indicator-sets");
  ASSERT_EQ(versions.body["total"], 2);
  EXPECT_EQ(versions.body["items"][1]["current"], false);

  // A new inspection takes version 2.
  const int64_t fresh = NewInspection(insp, acc).body["id"];
  auto scored = Post(insp, I(fresh, "/findings"), {{"indicator", "improper_content"}, {"count", 2}});
  EXPECT_EQ(scored.body["indicator_set_version"], 2);
  EXPECT_EQ(scored.body["result"]["score"], 84);  // 10 + 2 × 3
  // The closed one stays as scored; a rescore under v2 is a preview only.
  EXPECT_EQ(Get(insp, I(closed)).body["result"]["score"], 86);
  EXPECT_EQ(Get(insp, I(closed)).body["indicator_set_version"], 1);
  auto preview = Post(insp, I(closed, "/rescore"), {{"indicator_set", v2}});
  EXPECT_EQ(preview.body["preview"], true);
  EXPECT_EQ(preview.body["result"]["score"], 84);
  EXPECT_EQ(Get(insp, I(closed)).body["result"]["score"], 86);
  // The open one, scored under v1, moves to v2 on request.
  EXPECT_EQ(Get(insp, I(open)).body["result"]["score"], 86);
  auto moved = Post(insp, I(open, "/rescore"), {{"indicator_set", v2}});
  EXPECT_EQ(moved.body["preview"], false);
  EXPECT_EQ(Get(insp, I(open)).body["result"]["score"], 84);
  EXPECT_EQ(Get(insp, I(open)).body["indicator_set_version"], 2);
}

TEST_F(ScoringApiTest, RetiringAnIndicatorKeepsOldFindingsOutOfNewScores) {
  Session admin = Login("admin");
  Session insp = Login("insp");
  const int64_t acc = Account(admin);
  const int64_t id = NewInspection(insp, acc).body["id"];
  Post(insp, I(id, "/findings"), {{"indicator", "comment_moderation"}, {"count", 3}});
  json body = app::IndicatorSetToJson(app::BuiltinIndicatorSets().front());
  auto& inds = body["inspection"]["indicators"];
  for (size_t i = 0; i < inds.size(); ++i)
    if (inds[i]["id"] == "comment_moderation") inds.erase(i);
  const int64_t v2 = Post(admin, "/api/indicator-sets", {{"body", body}}).body["id"];
  auto moved = Post(insp, I(id, "/rescore"), {{"indicator_set", v2}});
  EXPECT_EQ(moved.body["result"]["score"], 90);  // only the derived certification finding counts
  EXPECT_EQ(Post(insp, I(id, "/findings"), {{"indicator", "comment_moderation"}}).body["error"]["field"], "indicator");
}

TEST_F(ScoringApiTest, AssessmentComesFromTheRecordsAndFreezesWhenFinal) {
  Session admin = Login("admin");
  Session insp = Login("insp");
  Session zp = Login("zp");
  const int64_t zp_unit = UnitId("张浦镇");
  const int64_t acc = Account(admin);
  // A self-inspection in Q4 and a passed provincial check, closed.
  const int64_t self = NewInspection(zp, acc, "self").body["id"];
  Post(zp, I(self, "/close"), json::object());
  auto higher = Post(insp, "/api/inspections", {{"account_id", acc}, {"kind", "higher"}, {"level", "province"},
                                                {"monitoring_time", "2024-09-01T09:00:00+08:00"}});
  Post(insp, I(higher.body["id"], "/dismissals"), {{"indicator", "certification_irregular"}, {"reason", "省级结论合格"}});
  Post(insp, I(higher.body["id"], "/close"), json::object());

  const std::string url = "/api/assessments/" + std::to_string(zp_unit) + "?year=2024";
  auto d = Get(admin, url);
  ASSERT_EQ(d.status, 200) << d.body.dump();
  EXPECT_EQ(d.body["facts"]["accounts"], 1);
  EXPECT_EQ(d.body["facts"]["quarterly_inspections"], json({false, false, false, true}));
  EXPECT_EQ(d.body["facts"]["higher_checks"].size(), 1u);
  EXPECT_EQ(d.body["facts"]["higher_checks"][0]["qualified"], true);
  // Q1–Q3 without self-inspections: vetoed.
  EXPECT_EQ(d.body["result"]["vetoes"][0]["indicator"], "veto.no_quarterly_inspection");

  // The office records the rest: inspections done on paper, the reports, a commendation.
  auto bad = Patch(admin, "/api/assessments/" + std::to_string(zp_unit),
                   {{"year", 2024}, {"quarterly_reports", {"2024-03-31", "2024-06-31", nullptr, nullptr}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "quarterly_reports[1]");
  EXPECT_EQ(Patch(zp, "/api/assessments/" + std::to_string(zp_unit), {{"year", 2024}, {"fraud", false}}).status, 403);
  auto saved = Patch(admin, "/api/assessments/" + std::to_string(zp_unit),
                     {{"year", 2024},
                      {"quarterly_inspections", {true, true, true, true}},
                      {"quarterly_coverage", {1, 1, 1, 1}},
                      {"annual_coverage", 1},
                      {"quarterly_reports", {"2024-03-31", "2024-06-30", "2024-10-08", "2024-12-31"}},
                      {"commendations", {{{"level", "province"}, {"title", "优秀政务新媒体"}}}}});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  const json& r = saved.body["result"];
  EXPECT_EQ(r["deduction_score"], 95);  // Q3 report late
  EXPECT_EQ(r["bonus"], 22);            // 10 ratio + 10 pass rate + 2 provincial commendation
  EXPECT_EQ(r["score"], 117);

  auto all = Get(admin, "/api/assessments?year=2024");
  ASSERT_EQ(all.body["items"][0]["unit_name"], "张浦镇");  // the only one not vetoed ranks first
  EXPECT_EQ(all.body["items"][0]["rank"], 1);
  EXPECT_EQ(all.body["items"].size(), 50u);

  auto xlsx = client_->Get("/api/assessments/export?year=2024", {{"Cookie", admin.cookie}});
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip container, as XLSX is

  EXPECT_EQ(Post(zp, "/api/assessments/finalize", {{"year", 2024}}).status, 403);
  ASSERT_EQ(Post(admin, "/api/assessments/finalize", {{"year", 2024}}).status, 200);
  EXPECT_EQ(Post(admin, "/api/assessments/finalize", {{"year", 2024}}).status, 409);
  EXPECT_EQ(Patch(admin, "/api/assessments/" + std::to_string(zp_unit), {{"year", 2024}, {"fraud", true}}).status, 409);
  // Frozen: a new indicator set version changes nothing for 2024.
  json body = app::IndicatorSetToJson(app::BuiltinIndicatorSets().front());
  for (auto& ind : body["assessment"]["indicators"])
    if (ind["id"] == "spot_check.report_late") ind["points"] = 10;
  ASSERT_EQ(Post(admin, "/api/indicator-sets", {{"body", body}}).status, 201);
  auto frozen = Get(admin, url);
  EXPECT_EQ(frozen.body["final"], true);
  EXPECT_EQ(frozen.body["result"]["score"], 117);
  EXPECT_EQ(Get(admin, "/api/assessments?year=2024").body["final"], true);
}

}  // namespace
}  // namespace govmedia::testing

namespace govmedia::testing {
namespace {

TEST_F(ScoringApiTest, FreshnessIsDerivedFromTheArchivedPosts) {
  Session admin = Login("admin");
  Session insp = Login("insp");
  const int64_t acc = Account(admin);
  // Before any post or feed is known, the account is not monitored: nothing derived.
  auto before = NewInspection(insp, acc);
  for (const auto& d : before.body["derived"]) EXPECT_NE(d["indicator"], "update_late");
  // Posts in the 1st and 2nd weeks before 2024-10-18 09:00; weeks 3 and 4 empty.
  for (const char* t : {"2024-10-17T08:00:00+08:00", "2024-10-09T08:00:00+08:00"}) {
    storage::IncomingPost p;
    p.account_id = acc;
    p.platform_post_id = std::string("w") + t;
    p.published_at = t;
    p.published_epoch = *core::ParseRfc3339(t);
    p.text = "今日发布";
    ASSERT_TRUE(node_->posts().Archive(p, "2024-10-18T00:00:00Z").ok());
  }
  auto after = NewInspection(insp, acc);
  const json& ded = after.body["result"]["deductions"];
  bool found = false;
  for (const auto& d : ded) {
    if (d["indicator"] != "update_late") continue;
    found = true;
    EXPECT_EQ(d["occurrences"], 2);
    EXPECT_EQ(d["points"], 10);
    EXPECT_EQ(d["source"], "derived");
  }
  EXPECT_TRUE(found) << after.body.dump();
  EXPECT_EQ(after.body["result"]["score"], 80);  // certification 10 + freshness 10
  // Monitored at a time before both posts: nothing in the 14 days before it, the veto.
  auto early = Post(insp, "/api/inspections", {{"account_id", acc}, {"kind", "city"},
                                               {"monitoring_time", "2024-10-08T09:00:00+08:00"}});
  ASSERT_EQ(early.status, 201);
  EXPECT_TRUE(early.body["result"]["score"].is_null());
  EXPECT_EQ(early.body["result"]["vetoes"][0]["indicator"], "veto.no_update_2w");
}

}  // namespace
}  // namespace govmedia::testing
