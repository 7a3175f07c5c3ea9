// Review before publication (先审后发, issue 12 item 4) through the API of a real node on loopback:
// a unit's three review levels, a draft pre-scanned, returned and resubmitted, approved by three
// reviewers (a wrong reviewer and the editor refused), then the published post matched to it; a
// post changed after approval and a post with no draft flagged with both texts side by side; a post
// before the enabling day and a post too short left alone; another unit sees none of it.
#include <ctime>

#include "core/timestamp.h"
#include "http/api_fixture.h"
#include "storage/audit_log.h"

namespace govmedia::testing {
namespace {

const std::string kText =
    "【张浦镇秋季征兵体检安排】10月25日起，全镇应征青年在镇社区卫生服务中心参加体检，共安排3批次。"
    "请应征青年携带身份证按时参加，咨询电话13812345678。";
const std::string kFixed =
    "【张浦镇秋季征兵体检安排】10月25日起，全镇应征青年在镇社区卫生服务中心参加体检，共安排3批次。"
    "请应征青年携带身份证按时参加，咨询电话请拨打镇武装部。";

class ReviewTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    for (const char* name : {"zp_chu", "zp_fu", "zp_zhong"}) AddUser(name, core::Role::kUnitOperator, UnitId("张浦镇"));
    admin_ = Login("admin");
    auto made = Post(admin_, "/api/integrations", {{"name", "测试接入"}});
    ASSERT_EQ(made.status, 201);
    token_ = made.body["token"];
    account_ = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  }
  int64_t UserId(const std::string& name) {
    return storage::QueryOne(node_->db(), "SELECT id FROM users WHERE username = ?", {name})->Int(0);
  }
  Reply Push(const std::string& id, const std::string& text, const std::string& at) {
    json body{{"posts", json::array({{{"account_id", account_}, {"id", id}, {"published_at", at}, {"text", text}}})}};
    return ToReply(client_->Post("/api/ingest/posts", {{"Authorization", "Bearer " + token_}}, body.dump(),
                                 "application/json"));
  }
  // A moment after the approvals (which carry the real time), in RFC 3339.
  static std::string Later(int64_t seconds) {
    const std::time_t t = std::time(nullptr) + seconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }
  int64_t PostId(const std::string& platform_id) {
    return storage::QueryOne(node_->db(), "SELECT id FROM posts WHERE platform_post_id = ?", {platform_id})->Int(0);
  }
  // The review hits (未经审核发布, 发布内容与审核稿不一致) by platform post id.
  std::map<std::string, json> ReviewHits() {
    const Reply r = Get(admin_, "/api/scan-hits?level=review&category=improper&page_size=100");
    EXPECT_EQ(r.status, 200) << r.body.dump();
    std::map<std::string, json> out;
    for (const auto& h : r.body["items"]) out[h["platform_post_id"].get<std::string>()] = h;
    return out;
  }
  Session admin_;
  std::string token_;
  int64_t account_ = 0;
};

TEST_F(ReviewTest, ADraftGoesThroughThreeLevelsAndThePublishedPostIsMatchedToIt) {
  Session zp = Login("zp"), chu = Login("zp_chu"), fu = Login("zp_fu"), zhong = Login("zp_zhong"), edu = Login("edu");
  const json levels = json::array({{{"name", "初审"}, {"reviewer_id", UserId("zp_chu")}},
                                   {{"name", "复审"}, {"reviewer_id", UserId("zp_fu")}},
                                   {{"name", "终审"}, {"reviewer_id", UserId("zp_zhong")}}});
  // Bad settings are refused naming the field; a reviewer must be of the unit.
  json bad = {{"enabled_from", "2024-10-01"}, {"levels", levels}};
  bad["levels"][1]["name"] = "";
  EXPECT_EQ(Put(zp, "/api/review/settings", bad).body["error"]["field"], "levels[1].name");
  bad = {{"levels", json::array({{{"name", "初审"}, {"reviewer_id", UserId("edu")}}})}};
  EXPECT_EQ(Put(zp, "/api/review/settings", bad).body["error"]["field"], "levels[0].reviewer_id");
  EXPECT_EQ(Put(zp, "/api/review/settings", {{"enabled_from", "10月1日"}, {"levels", levels}}).body["error"]["field"],
            "enabled_from");
  // No chain yet: a draft cannot be submitted.
  EXPECT_EQ(Post(zp, "/api/review/drafts", {{"account_id", account_}, {"text", kText}}).body["error"]["field"],
            "account_id");
  auto set = Put(zp, "/api/review/settings", {{"enabled_from", "2024-10-01"}, {"levels", levels}});
  ASSERT_EQ(set.status, 200) << set.body.dump();
  EXPECT_EQ(set.body["levels"].size(), 3u);
  EXPECT_EQ(set.body["levels"][2]["reviewer"], "zp_zhong");
  EXPECT_EQ(set.body["enabled_from"], "2024-10-01");
  // Another unit's operator edits only their own unit's chain and sees only it.
  EXPECT_EQ(Get(edu, "/api/review/settings?unit_id=" + std::to_string(UnitId("张浦镇"))).body["unit_name"], "昆山市教育局");

  // The editor submits; the pre-scan finds the phone number with its place in the text.
  EXPECT_EQ(Post(zp, "/api/review/drafts", {{"account_id", account_}, {"text", ""}}).body["error"]["field"], "text");
  auto sub = Post(zp, "/api/review/drafts", {{"account_id", account_}, {"title", "征兵体检"}, {"text", kText}});
  ASSERT_EQ(sub.status, 201) << sub.body.dump();
  const std::string url = "/api/review/drafts/" + std::to_string(sub.body["id"].get<int64_t>());
  EXPECT_EQ(sub.body["status"], "reviewing");
  EXPECT_EQ(sub.body["waiting_for"], "zp_chu");
  bool phone = false;
  for (const auto& h : sub.body["hits"]) {
    if (h["category"] != "privacy") continue;
    phone = true;
    EXPECT_EQ(h["matched"], "13812345678");
    EXPECT_EQ(h["field"], "text");
    EXPECT_EQ(h["start"], 68);
    EXPECT_EQ(h["end"], 79);
  }
  EXPECT_TRUE(phone) << sub.body["hits"].dump();
  // The first reviewer has it on their home; another unit neither sees nor reaches it.
  const Reply home = Get(chu, "/api/my-tasks");
  bool task = false;
  for (const auto& t : home.body["items"]) task |= t["kind"] == "review_draft" && t["link"] == "/review/queue";
  EXPECT_TRUE(task) << home.body.dump();
  EXPECT_EQ(Get(edu, url).status, 404);
  EXPECT_EQ(Get(edu, "/api/review/drafts").body["total"], 0);
  EXPECT_EQ(Get(chu, "/api/review/drafts?queue=1").body["total"], 1);
  EXPECT_EQ(Get(fu, "/api/review/drafts?queue=1").body["total"], 0);

  // Only the level's named reviewer acts; the editor never reviews their own draft.
  auto wrong = Post(fu, url + "/decision", {{"decision", "approve"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.body["error"]["message"], "本级（初审）应由 zp_chu 审核");
  auto self = Post(zp, url + "/decision", {{"decision", "approve"}});
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(self.body["error"]["message"], "不能审核本人提交的稿件");
  ASSERT_EQ(Post(chu, url + "/decision", {{"decision", "approve"}, {"comment", "同意"}}).status, 200);
  // The second level returns it with a comment (required).
  EXPECT_EQ(Post(fu, url + "/decision", {{"decision", "return"}}).body["error"]["field"], "comment");
  auto ret = Post(fu, url + "/decision", {{"decision", "return"}, {"comment", "个人手机号不宜公开，请改为单位电话"}});
  ASSERT_EQ(ret.status, 200) << ret.body.dump();
  EXPECT_EQ(ret.body["status"], "returned");
  EXPECT_EQ(Post(zhong, url + "/decision", {{"decision", "approve"}}).status, 409);
  // Only the editor resubmits; the chain starts again at the first level.
  EXPECT_EQ(Post(chu, url + "/resubmit", {{"text", kFixed}}).status, 403);
  auto again = Post(zp, url + "/resubmit", {{"text", kFixed}});
  ASSERT_EQ(again.status, 200) << again.body.dump();
  EXPECT_EQ(again.body["round"], 2);
  EXPECT_EQ(again.body["waiting_for"], "zp_chu");
  EXPECT_TRUE(again.body["hits"].empty()) << again.body["hits"].dump();
  for (Session* s : {&chu, &fu, &zhong}) ASSERT_EQ(Post(*s, url + "/decision", {{"decision", "approve"}}).status, 200);
  const Reply done = Get(zp, url);
  EXPECT_EQ(done.body["status"], "approved");
  EXPECT_EQ(done.body["approved_sha256"], storage::Sha256Hex(kFixed));
  ASSERT_EQ(done.body["approvers"].size(), 3u);
  EXPECT_EQ(done.body["approvers"][0]["reviewer"], "zp_chu");
  EXPECT_EQ(done.body["approvers"][2]["level_name"], "终审");
  EXPECT_EQ(done.body["steps"].size(), 7u);  // submit, approve, return, resubmit, 3 approvals
  EXPECT_EQ(Get(admin_, "/api/audit?action=review.approve").body["total"], 4);
  EXPECT_EQ(Get(admin_, "/api/audit?action=review.return").body["total"], 1);
  EXPECT_EQ(Get(admin_, "/api/audit?action=review.resubmit").body["total"], 1);
  EXPECT_EQ(Get(admin_, "/api/audit?action=review.config").body["total"], 1);

  // Published as approved, with a hashtag, a mention and a link the platform adds: matched.
  ASSERT_EQ(Push("p-same", "#张浦征兵# " + kFixed + " @张浦发布 http://t.cn/A6x", Later(600)).status, 200);
  // Changed after approval: another date. Flagged with both texts.
  std::string changed = kFixed;
  changed.replace(changed.find("10月25日"), std::string("10月25日").size(), "10月26日");
  ASSERT_EQ(Push("p-changed", changed, Later(1200)).status, 200);
  // Never reviewed.
  ASSERT_EQ(Push("p-none", "【张浦镇开展秋季消防安全检查】近日，镇安监办对辖区企业开展消防安全专项检查，排查隐患12处。",
                 Later(1800)).status,
            200);
  // Before the enabling day, and too short to judge: nothing.
  ASSERT_EQ(Push("p-before", "【张浦镇开展九月消防安全检查】镇安监办对辖区企业开展消防安全专项检查，排查隐患8处。",
                 "2024-09-30T10:00:00+08:00").status,
            200);
  ASSERT_EQ(Push("p-short", "转发微博", Later(2400)).status, 200);

  const Reply draft = Get(zp, url);
  ASSERT_EQ(draft.body["posts"].size(), 2u) << draft.body.dump();
  EXPECT_EQ(draft.body["posts"][0]["verdict"], "same");
  EXPECT_EQ(draft.body["posts"][1]["verdict"], "differs");
  auto hits = ReviewHits();
  EXPECT_FALSE(hits.count("p-same"));
  EXPECT_FALSE(hits.count("p-before"));
  EXPECT_FALSE(hits.count("p-short"));
  ASSERT_TRUE(hits.count("p-changed"));
  EXPECT_EQ(hits["p-changed"]["term"], "发布内容与审核稿不一致");
  EXPECT_EQ(hits["p-changed"]["indicator"], "improper_content");
  EXPECT_EQ(hits["p-changed"]["matched"], "6");
  EXPECT_NE(hits["p-changed"]["note"].get<std::string>().find("数字不同"), std::string::npos);
  ASSERT_TRUE(hits.count("p-none"));
  EXPECT_EQ(hits["p-none"]["term"], "未经审核发布");
  EXPECT_EQ(hits["p-none"]["level"], "review");

  // The flagged posts, and one of them beside its draft with the differing spans.
  const Reply flagged = Get(zp, "/api/review/posts");
  ASSERT_EQ(flagged.body["total"], 2) << flagged.body.dump();
  EXPECT_EQ(Get(zp, "/api/review/posts?verdict=undecidable").body["total"], 1);
  const Reply side = Get(zp, "/api/review/posts/" + std::to_string(PostId("p-changed")));
  ASSERT_EQ(side.status, 200) << side.body.dump();
  EXPECT_EQ(side.body["verdict"], "differs");
  EXPECT_EQ(side.body["draft"]["text"], kFixed);
  EXPECT_EQ(side.body["post"]["text"], changed);
  ASSERT_EQ(side.body["post_spans"].size(), 1u);
  EXPECT_EQ(side.body["post_spans"][0]["start"], 17);
  EXPECT_EQ(side.body["post_spans"][0]["material"], true);
  ASSERT_EQ(side.body["draft_spans"].size(), 1u);
  EXPECT_EQ(side.body["draft_spans"][0]["start"], 17);
  const Reply none = Get(zp, "/api/review/posts/" + std::to_string(PostId("p-none")));
  EXPECT_EQ(none.body["verdict_label"], "未经审核发布");
  EXPECT_TRUE(none.body["draft"].is_null());
  // Another unit sees none of it.
  EXPECT_EQ(Get(edu, "/api/review/posts").body["total"], 0);
  EXPECT_EQ(Get(edu, "/api/review/posts/" + std::to_string(PostId("p-changed"))).status, 404);
}

TEST_F(ReviewTest, AnImageGoesWithTheDraftAndOnlyPicturesAreTaken) {
  Session zp = Login("zp");
  ASSERT_EQ(Put(zp, "/api/review/settings", {{"levels", json::array({{{"name", "终审"}, {"reviewer_id", UserId("zp_chu")}}})}})
                .status,
            200);
  auto sub = Post(zp, "/api/review/drafts", {{"account_id", account_}, {"text", kFixed}});
  ASSERT_EQ(sub.status, 201);
  const std::string url = "/api/review/drafts/" + std::to_string(sub.body["id"].get<int64_t>());
  EXPECT_EQ(Post(zp, url + "/images", {{"filename", "a.txt"}, {"content_base64", "aGVsbG8="}}).body["error"]["field"],
            "content_base64");
  auto img = Post(zp, url + "/images", {{"filename", "现场.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(img.status, 201) << img.body.dump();
  ASSERT_EQ(img.body["images"].size(), 1u);
  auto bytes = client_->Get(("/api/review/images/" + std::to_string(img.body["images"][0]["id"].get<int64_t>())).c_str(),
                            {{"Cookie", zp.cookie}});
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->get_header_value("Content-Type"), "image/png");
  // A unit that has not enabled review (no day set) never has a post flagged.
  ASSERT_EQ(Push("x", "【张浦镇开展秋季消防安全检查】近日，镇安监办对辖区企业开展消防安全专项检查，排查隐患12处。", Later(60))
                .status,
            200);
  EXPECT_TRUE(ReviewHits().empty());
}

}  // namespace
}  // namespace govmedia::testing
