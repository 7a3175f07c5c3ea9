// Fake engagement through the HTTP API: counts pushed with posts and as account snapshots, the
// detector's anomalies (a post's likes out of proportion, a follower jump, forced wording in a post
// and in a document the office records), an inspector dismissing one and confirming another with
// reasons, and the confirmed one scored as the veto of the account's inspection.
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class EngagementApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = Login("admin");
    auto made = Post(admin_, "/api/integrations", {{"name", "数据采集"}});
    ASSERT_EQ(made.status, 201);
    token_ = made.body["token"];
  }
  Reply Push(const std::string& path, const json& body) {
    return ToReply(client_->Post(path.c_str(), {{"Authorization", "Bearer " + token_}}, body.dump(), "application/json"));
  }
  // Posts of the account over September 2024, each with its likes, reposts and comments.
  void History(int64_t account, int n) {
    json posts = json::array();
    for (int i = 0; i < n; ++i) {
      char at[40];
      std::snprintf(at, sizeof at, "2024-09-%02dT%02d:00:00+08:00", 1 + i % 28, 8 + i % 10);
      posts.push_back({{"account_id", account}, {"id", "h" + std::to_string(i)}, {"published_at", at},
                       {"text", "张浦镇工作动态第 " + std::to_string(i) + " 期"},
                       {"metrics", {{"reads", 2000 + 37 * i}, {"likes", 120 + (i * 17) % 80}, {"reposts", 12 + i % 9}, {"comments", 6 + i % 5}}}});
    }
    Reply r = Push("/api/ingest/posts", {{"posts", posts}});
    ASSERT_EQ(r.status, 200) << r.body.dump();
  }
  std::map<std::string, json> Anomalies(const Session& s, const std::string& query = "") {
    Reply r = Get(s, "/api/engagement/anomalies?page_size=100" + query);
    EXPECT_EQ(r.status, 200) << r.body.dump();
    std::map<std::string, json> out;
    for (const auto& a : r.body["items"]) out[a["kind"].get<std::string>()] = a;
    return out;
  }

  Session admin_;
  std::string token_;
};

TEST_F(EngagementApiTest, CountsAreCheckedAndKeptAndALikePurchaseIsProposedThenConfirmedAsTheVeto) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  // Bad counts are refused naming the field, and nothing is archived.
  Reply bad = Push("/api/ingest/posts", {{"posts", {{{"account_id", acc}, {"id", "x"}, {"published_at", "2024-10-01T09:00:00+08:00"},
                                                    {"text", "x"}, {"metrics", {{"likes", -3}}}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "posts[0].metrics.likes");
  Reply unknown = Push("/api/ingest/posts", {{"posts", {{{"account_id", acc}, {"id", "x"}, {"published_at", "2024-10-01T09:00:00+08:00"},
                                                        {"text", "x"}, {"metrics", {{"fans", 3}}}}}}});
  EXPECT_EQ(unknown.body["error"]["field"], "posts[0].metrics.fans");
  EXPECT_EQ(Count("posts"), 0);

  History(acc, 30);
  EXPECT_EQ(Count("post_metrics"), 30);
  // A post whose likes were bought: 30,000 likes with the reposts and comments of an ordinary day.
  Reply bought = Push("/api/ingest/posts",
                      {{"posts", {{{"account_id", acc}, {"id", "bought"}, {"published_at", "2024-10-08T10:00:00+08:00"},
                                   {"text", "张浦镇召开秋季消防安全会议"},
                                   {"metrics", {{"reads", 3100}, {"likes", 30000}, {"reposts", 15}, {"comments", 8}}}}}}});
  ASSERT_EQ(bought.status, 200) << bought.body.dump();
  // A real success: everything up together, in proportion.
  Reply loved = Push("/api/ingest/posts",
                     {{"posts", {{{"account_id", acc}, {"id", "loved"}, {"published_at", "2024-10-09T10:00:00+08:00"},
                                  {"text", "张浦镇新建口袋公园开放"},
                                  {"metrics", {{"reads", 60000}, {"likes", 4000}, {"reposts", 600}, {"comments", 300}}}}}}});
  ASSERT_EQ(loved.status, 200);
  // Only inspectors and the office run the detector.
  Session zp = Login("zp");
  EXPECT_EQ(Post(zp, "/api/engagement/detect", json::object()).status, 403);
  Session insp = Login("insp");
  Reply detected = Post(insp, "/api/engagement/detect", {{"account_id", acc}});
  ASSERT_EQ(detected.status, 200) << detected.body.dump();
  EXPECT_EQ(detected.body["added"], 1);
  EXPECT_EQ(Post(insp, "/api/engagement/detect", {{"account_id", acc}}).body["added"], 0);  // known ones stay as they are
  auto found = Anomalies(insp);
  ASSERT_EQ(found.size(), 1u);
  const json a = found["post_outlier"];
  EXPECT_EQ(a["evidence"]["platform_post_id"], "bought");
  EXPECT_EQ(a["evidence"]["metric"], "likes");
  EXPECT_EQ(a["occurred_on"], "2024-10-08");
  EXPECT_EQ(a["status"], "open");
  EXPECT_NE(a["summary"].get<std::string>().find("点赞数 30000"), std::string::npos) << a.dump();
  // The unit sees what is proposed against it; another unit does not.
  EXPECT_EQ(Anomalies(zp).size(), 1u);
  EXPECT_TRUE(Anomalies(Login("edu")).empty());

  // An open anomaly is no finding.
  auto before = Post(insp, "/api/inspections", {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  ASSERT_EQ(before.status, 201) << before.body.dump();
  for (const auto& d : before.body["derived"]) EXPECT_NE(d["indicator"], "veto.fake_engagement");

  const std::string url = "/api/engagement/anomalies/" + std::to_string(a["id"].get<int64_t>()) + "/decision";
  EXPECT_EQ(Post(zp, url, {{"decision", "dismiss"}, {"reason", "不是买的"}}).status, 403);  // not the unit's to decide
  EXPECT_EQ(Post(insp, url, {{"decision", "confirm"}}).body["error"]["field"], "reason");
  EXPECT_EQ(Post(insp, url, {{"decision", "maybe"}, {"reason", "x"}}).body["error"]["field"], "decision");
  Reply confirmed = Post(insp, url, {{"decision", "confirm"}, {"reason", "平台后台显示点赞集中来自 3 分钟内的新注册账号"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body.dump();
  EXPECT_EQ(confirmed.body["status"], "confirmed");
  EXPECT_EQ(confirmed.body["decided_by"], "insp");
  EXPECT_EQ(Post(insp, url, {{"decision", "dismiss"}, {"reason", "x"}}).status, 409);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'engagement.confirm'")->Int(0), 1);

  // The account's next inspection is vetoed, with the evidence and the inspector's reason.
  auto after = Post(insp, "/api/inspections", {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-18T10:00:00+08:00"}});
  ASSERT_EQ(after.status, 201) << after.body.dump();
  bool veto = false;
  for (const auto& d : after.body["derived"]) {
    if (d["indicator"] != "veto.fake_engagement") continue;
    veto = true;
    const std::string evidence = d["evidence"][0];
    EXPECT_NE(evidence.find("bought"), std::string::npos) << evidence;
    EXPECT_NE(evidence.find("新注册账号"), std::string::npos) << evidence;
  }
  EXPECT_TRUE(veto) << after.body["derived"].dump();
  EXPECT_EQ(after.body["result"]["verdict"], "unqualified") << after.body["result"].dump();

  // The series for the charts: the posts' latest counts and the anomaly.
  Reply series = Get(zp, "/api/accounts/" + std::to_string(acc) + "/engagement");
  ASSERT_EQ(series.status, 200) << series.body.dump();
  EXPECT_EQ(series.body["posts"].size(), 32u);
  EXPECT_EQ(series.body["anomalies"].size(), 1u);
  EXPECT_EQ(Get(Login("edu"), "/api/accounts/" + std::to_string(acc) + "/engagement").status, 404);
}

TEST_F(EngagementApiTest, AFollowerJumpIsFoundWhenTheSnapshotsArrive) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  json snaps = json::array();
  int64_t followers = 20000;
  for (int d = 1; d <= 25; ++d) {
    char at[40];
    std::snprintf(at, sizeof at, "2024-09-%02dT20:00:00+08:00", d);
    snaps.push_back({{"account_id", acc}, {"observed_at", at}, {"followers", followers += 40 + d % 4 * 5}});
  }
  Reply bad = Push("/api/ingest/snapshots", {{"snapshots", {{{"account_id", acc}, {"observed_at", "昨天"}, {"followers", 1}}}}});
  EXPECT_EQ(bad.body["error"]["field"], "snapshots[0].observed_at");
  Reply none = Push("/api/ingest/snapshots", {{"snapshots", {{{"account_id", acc}, {"observed_at", "2024-09-01T08:00:00+08:00"}}}}});
  EXPECT_EQ(none.body["error"]["field"], "snapshots[0].followers");
  Reply pushed = Push("/api/ingest/snapshots", {{"snapshots", snaps}});
  ASSERT_EQ(pushed.status, 200) << pushed.body.dump();
  EXPECT_EQ(pushed.body["added"], 25);
  EXPECT_TRUE(Anomalies(admin_).empty());  // steady growth
  // 8,000 new followers in a day.
  Reply jump = Push("/api/ingest/snapshots", {{"snapshots", {{{"account_id", acc}, {"observed_at", "2024-09-26T20:00:00+08:00"},
                                                              {"followers", followers + 8000}}}}});
  ASSERT_EQ(jump.status, 200);
  auto found = Anomalies(admin_);
  ASSERT_EQ(found.count("follower_jump"), 1u);
  EXPECT_EQ(found["follower_jump"]["occurred_on"], "2024-09-26");
  EXPECT_EQ(found["follower_jump"]["evidence"]["gain"], 8000);
  // A later observation of the same day replaces it; an earlier one does not.
  Reply later = Push("/api/ingest/snapshots", {{"snapshots", {{{"account_id", acc}, {"observed_at", "2024-09-26T21:00:00+08:00"},
                                                               {"followers", followers + 8100}}}}});
  EXPECT_EQ(later.body["edited"], 1);
  Reply earlier = Push("/api/ingest/snapshots", {{"snapshots", {{{"account_id", acc}, {"observed_at", "2024-09-26T08:00:00+08:00"},
                                                                 {"followers", 1}}}}});
  EXPECT_EQ(earlier.body["unchanged"], 1);
  Reply series = Get(admin_, "/api/accounts/" + std::to_string(acc) + "/engagement");
  EXPECT_EQ(series.body["followers"].size(), 26u);
  EXPECT_EQ(series.body["followers"][25]["followers"], followers + 8100);
}

TEST_F(EngagementApiTest, WordingThatForcesEngagementInAPostOrAnOfficeDocumentIsProposedForReview) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  Reply post = Push("/api/ingest/posts",
                    {{"posts", {{{"account_id", acc}, {"id", "order"}, {"published_at", "2024-10-10T09:00:00+08:00"},
                                 {"text", "【通知】请各村（社区）组织全体党员关注“张浦发布”公众号，每人转发本文，并于周五前截图上报。"}},
                                {{"account_id", acc}, {"id", "invite"}, {"published_at", "2024-10-11T09:00:00+08:00"},
                                 {"text", "张浦镇秋季运动会开幕，欢迎转发！"}}}}});
  ASSERT_EQ(post.status, 200) << post.body.dump();
  auto found = Anomalies(admin_);
  ASSERT_EQ(found.size(), 1u);
  const json a = found["forced_wording"];
  EXPECT_EQ(a["evidence"]["platform_post_id"], "order");
  EXPECT_GE(a["evidence"]["wording"].size(), 2u);
  // No veto without an inspector: the inspection's derived findings do not hold it yet.
  auto insp = Post(Login("insp"), "/api/inspections", {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  ASSERT_EQ(insp.status, 201);
  for (const auto& d : insp.body["derived"]) EXPECT_NE(d["indicator"], "veto.fake_engagement");

  // A work-group message the office recorded.
  const json doc{{"unit_id", UnitId("昆山市教育局")}, {"title", "关于推广“昆山教育”APP的通知"}, {"doc_number", "昆教办〔2024〕8号"},
                 {"issued_on", "2024-10-12"}, {"text", "各学校要确保家长下载率达到100%，下载情况纳入年度考核。"}};
  EXPECT_EQ(Post(Login("edu"), "/api/engagement/documents", doc).status, 403);
  json untitled = doc;
  untitled.erase("title");
  EXPECT_EQ(Post(admin_, "/api/engagement/documents", untitled).body["error"]["field"], "title");
  Reply recorded = Post(admin_, "/api/engagement/documents", doc);
  ASSERT_EQ(recorded.status, 201) << recorded.body.dump();
  ASSERT_EQ(recorded.body["anomalies"].size(), 1u);
  EXPECT_EQ(recorded.body["anomalies"][0]["unit_name"], "昆山市教育局");
  EXPECT_NE(recorded.body["anomalies"][0]["summary"].get<std::string>().find("下载率"), std::string::npos);
  // Dismissed with a reason: audited, and it stays dismissed.
  const std::string url = "/api/engagement/anomalies/" + std::to_string(a["id"].get<int64_t>()) + "/decision";
  Reply dismissed = Post(Login("insp"), url, {{"decision", "dismiss"}, {"reason", "系统内部通知误发至公众号，已删除并说明"}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body.dump();
  EXPECT_EQ(dismissed.body["status"], "dismissed");
  EXPECT_EQ(Get(admin_, "/api/engagement/anomalies?status=dismissed").body["total"], 1);
  EXPECT_EQ(Get(admin_, "/api/engagement/anomalies?status=weird").body["error"]["field"], "status");
}

}  // namespace
}  // namespace govmedia::testing
