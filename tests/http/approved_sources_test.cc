// The approved source units (稿源单位) and news-service qualifications (issue 12 item 6), through
// the API of a real node on loopback: the city office's list, a post crediting a source not on it
// found as a review-level hit of 内容发布不当 with a note naming the source, approvals that expire,
// and the licence warning of an account that publishes news.
#include <sqlite3.h>

#include <map>
#include <set>

#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class ApprovedSourcesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = Login("admin");
    auto made = Post(admin_, "/api/integrations", {{"name", "测试接入"}});
    ASSERT_EQ(made.status, 201);
    token_ = made.body["token"];
  }
  Reply Push(int64_t account, const std::string& id, const std::string& text, const std::string& at) {
    json body{{"posts", json::array({{{"account_id", account}, {"id", id}, {"published_at", at}, {"text", text}}})}};
    return ToReply(client_->Post("/api/ingest/posts", {{"Authorization", "Bearer " + token_}}, body.dump(),
                                 "application/json"));
  }
  // The source hits (category improper) of the posts, by platform post id.
  std::map<std::string, json> SourceHits(const Session& s) {
    Reply r = Get(s, "/api/scan-hits?level=review&category=improper&page_size=100");
    EXPECT_EQ(r.status, 200) << r.body.dump();
    std::map<std::string, json> out;
    for (const auto& h : r.body["items"]) out[h["platform_post_id"].get<std::string>()] = h;
    return out;
  }
  Reply AddSource(const json& body) { return Post(admin_, "/api/approved-sources", body); }

  Session admin_;
  std::string token_;
};

TEST_F(ApprovedSourcesTest, TheCityOfficeKeepsTheListEveryoneReadsItAndEachChangeIsAudited) {
  const int64_t before_audit = Count("audit_log");
  auto made = AddSource({{"name", "新华社"},
                         {"aliases", {"新华网", "新华社客户端"}},
                         {"domains", {"https://www.news.cn/", "xinhuanet.com"}},
                         {"valid_from", "2020-01-01"},
                         {"note", "中央新闻单位"}});
  ASSERT_EQ(made.status, 201) << made.body.dump();
  const std::string id = std::to_string(made.body["id"].get<int64_t>());
  EXPECT_EQ(made.body["domains"], json({"news.cn", "xinhuanet.com"}));  // a link is kept as its domain
  EXPECT_EQ(made.body["status"], "valid");
  EXPECT_EQ(made.body["status_label"], "有效");

  // Bad input names its field; nothing is written.
  auto field = [&](const json& body) { return AddSource(body).body["error"]["field"]; };
  EXPECT_EQ(field({{"name", " "}}), "name");
  EXPECT_EQ(field({{"name", "人民日报"}, {"domains", {"人民网"}}}), "domains[0]");
  EXPECT_EQ(field({{"name", "人民日报"}, {"aliases", "人民网"}}), "aliases");
  EXPECT_EQ(field({{"name", "人民日报"}, {"valid_from", "2024-02-01"}, {"valid_to", "2024-01-31"}}), "valid_to");
  EXPECT_EQ(field({{"name", "人民日报"}, {"valid_to", "2024/1/31"}}), "valid_to");
  EXPECT_EQ(field({{"name", "人民日报"}, {"colour", "红"}}), "colour");
  // A name or alias already on the list, written another way, is the same publisher.
  auto dup = AddSource({{"name", "人民日报"}, {"aliases", {"新华网客户端"}}});
  ASSERT_EQ(dup.status, 400);
  EXPECT_EQ(dup.body["error"]["field"], "aliases[0]");
  EXPECT_NE(dup.body["error"]["message"].get<std::string>().find("新华社"), std::string::npos) << dup.body.dump();
  EXPECT_EQ(Count("approved_sources"), 1);

  // Only the city office edits; everyone reads.
  Session zp = Login("zp");
  EXPECT_EQ(Post(zp, "/api/approved-sources", {{"name", "张浦日报"}}).status, 403);
  EXPECT_EQ(Patch(zp, "/api/approved-sources/" + id, {{"note", "x"}}).status, 403);
  EXPECT_EQ(Post(zp, "/api/approved-sources/" + id + "/delete", json::object()).status, 403);
  EXPECT_EQ(Post(Login("insp"), "/api/approved-sources", {{"name", "张浦日报"}}).status, 403);
  auto list = Get(zp, "/api/approved-sources");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["total"], 1);
  EXPECT_EQ(list.body["items"][0]["name"], "新华社");
  EXPECT_EQ(Get(Login("boss"), "/api/approved-sources/" + id).body["aliases"], json({"新华网", "新华社客户端"}));
  EXPECT_EQ(Get(zp, "/api/approved-sources?q=news.cn").body["total"], 1);
  EXPECT_EQ(Get(zp, "/api/approved-sources?q=人民").body["total"], 0);
  EXPECT_EQ(Get(zp, "/api/approved-sources?status=soon").body["error"]["field"], "status");

  auto changed = Patch(admin_, "/api/approved-sources/" + id, {{"valid_to", "2024-06-30"}});
  ASSERT_EQ(changed.status, 200) << changed.body.dump();
  EXPECT_EQ(changed.body["status"], "expired");  // today is 2024-10-18
  EXPECT_EQ(Get(zp, "/api/approved-sources?status=expired").body["total"], 1);
  EXPECT_EQ(Get(zp, "/api/approved-sources?status=valid").body["total"], 0);
  ASSERT_EQ(Post(admin_, "/api/approved-sources/" + id + "/delete", json::object()).status, 200);
  EXPECT_EQ(Get(admin_, "/api/approved-sources/" + id).status, 404);
  EXPECT_EQ(Count("approved_sources"), 0);

  auto audit = node_->db().Query("SELECT action FROM audit_log WHERE entity = 'approved_source' ORDER BY id");
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> actions;
  for (const auto& row : *audit) actions.push_back(row.Text(0));
  EXPECT_EQ(actions, (std::vector<std::string>{"approved_source.create", "approved_source.update",
                                               "approved_source.delete"}));
  auto deleted = storage::QueryOne(node_->db(),
                                   "SELECT before_json FROM audit_log WHERE action = 'approved_source.delete'");
  EXPECT_NE(deleted->Text(0).find("新华社客户端"), std::string::npos);  // what was removed stays on record
  EXPECT_EQ(Count("audit_log"), before_audit + 3);
}

TEST_F(ApprovedSourcesTest, APostFromAnUnlistedSourceIsFlaggedWithItsNoteAndListedOnesAreNot) {
  ASSERT_EQ(AddSource({{"name", "新华社"}, {"aliases", {"新华网"}}, {"domains", {"news.cn"}}}).status, 201);
  const int64_t zp_unit = UnitId("张浦镇");
  const int64_t account = OpenAccount(admin_, zp_unit, "张浦发布");
  // Another account of the city: the city's own media.
  OpenAccount(admin_, UnitId("昆山市人民政府办公室"), "昆山发布");
  const std::string at = "2024-10-17T09:00:00+08:00";
  const std::string unlisted = "张浦镇开展秋季消防演练。（来源：某某资讯）";
  ASSERT_EQ(Push(account, "p-unlisted", unlisted, at).status, 200);
  ASSERT_EQ(Push(account, "p-name", "国务院常务会议部署稳就业工作。来源：新华社", at).status, 200);
  ASSERT_EQ(Push(account, "p-alias", "国务院常务会议部署稳就业工作。来源丨新华网", at).status, 200);
  ASSERT_EQ(Push(account, "p-link", "全文见原文链接：http://www.news.cn/politics/2024-10/17/c_1.htm", at).status, 200);
  ASSERT_EQ(Push(account, "p-unit", "镇村道路改造完工。稿源：张浦镇", at).status, 200);
  ASSERT_EQ(Push(account, "p-city", "本文转自微信公众号“昆山发布”", at).status, 200);
  ASSERT_EQ(Push(account, "p-video", "转发，为消防员点赞！某某视频的秒拍视频 @某某视频", at).status, 200);
  ASSERT_EQ(Push(account, "p-plain", "本周六上午九点，张浦镇文化站举办书画展。", at).status, 200);

  auto hits = SourceHits(admin_);
  ASSERT_EQ(hits.size(), 2u) << json(hits).dump();
  const json& h = hits.at("p-unlisted");
  EXPECT_EQ(h["level"], "review");
  EXPECT_EQ(h["indicator"], "improper_content");
  EXPECT_EQ(h["indicator_name"], "内容发布不当");
  EXPECT_EQ(h["term"], "某某资讯");
  EXPECT_EQ(h["matched"], "来源：某某资讯");
  EXPECT_EQ(h["start"], 13);  // code points of 来源：某某资讯 in the text
  EXPECT_EQ(h["end"], 20);
  EXPECT_EQ(h["note"], "转载来源「某某资讯」不在稿源单位名单中（转载发布的，原则上只转载市委市政府确定的稿源单位发布的信息）");
  EXPECT_EQ(h["text"], unlisted);
  // A video card of another account is a repost too; credited twice, it is flagged once.
  EXPECT_EQ(hits.at("p-video")["term"], "某某视频");

  // The unit sees its own hits; another unit sees none.
  EXPECT_EQ(SourceHits(Login("zp")).size(), 2u);
  EXPECT_TRUE(SourceHits(Login("edu")).empty());

  // Listing the publisher settles the next post that credits it (the list is read for each post).
  ASSERT_EQ(AddSource({{"name", "某某资讯"}}).status, 201);
  ASSERT_EQ(Push(account, "p-later", "又一条。（来源：某某资讯）", at).status, 200);
  EXPECT_EQ(SourceHits(admin_).count("p-later"), 0u);

  // A comment quoting a source is the netizen's words, not the account's repost.
  json comment{{"comments", json::array({{{"account_id", account}, {"id", "c1"}, {"post_id", "p-plain"},
                                          {"published_at", at}, {"text", "来源：某某论坛"}}})}};
  ASSERT_EQ(client_->Post("/api/ingest/comments", {{"Authorization", "Bearer " + token_}}, comment.dump(),
                          "application/json")->status,
            200);
  EXPECT_EQ(SourceHits(admin_).size(), 2u);
}

TEST_F(ApprovedSourcesTest, AnApprovalOutsideItsPeriodFlagsAgain) {
  auto made = AddSource({{"name", "苏州日报"}, {"valid_from", "2020-01-01"}, {"valid_to", "2024-06-30"}});
  ASSERT_EQ(made.status, 201);
  const std::string id = std::to_string(made.body["id"].get<int64_t>());
  const int64_t account = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  // Judged on the day of publication: valid in June, expired in October.
  ASSERT_EQ(Push(account, "june", "古镇旅游持续升温。来源：苏州日报", "2024-06-30T20:00:00+08:00").status, 200);
  ASSERT_EQ(Push(account, "october", "古镇旅游持续升温。来源：苏州日报", "2024-10-17T09:00:00+08:00").status, 200);
  auto hits = SourceHits(admin_);
  ASSERT_EQ(hits.size(), 1u) << json(hits).dump();
  EXPECT_EQ(hits.at("october")["note"],
            "稿源单位「苏州日报」在名单中的有效期为 2020-01-01 至 2024-06-30，本帖发布于 2024-10-17，不在有效期内"
            "（转载发布的，原则上只转载市委市政府确定的稿源单位发布的信息）");
  // Renewed, the source is approved again for what follows.
  ASSERT_EQ(Patch(admin_, "/api/approved-sources/" + id, {{"valid_to", "2026-12-31"}}).status, 200);
  ASSERT_EQ(Push(account, "renewed", "古镇旅游持续升温。来源：苏州日报", "2024-10-18T09:00:00+08:00").status, 200);
  EXPECT_EQ(SourceHits(admin_).size(), 1u);
}

TEST_F(ApprovedSourcesTest, AnAccountThatPublishesNewsNeedsAValidLicence) {
  const int64_t account = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  const std::string path = "/api/accounts/" + std::to_string(account);
  auto codes = [&](const json& a) {
    std::set<std::string> out;
    for (const auto& w : a["warnings"]) out.insert(w["code"].get<std::string>());
    return out;
  };
  auto flagged = [&]() {
    Reply r = Get(admin_, "/api/accounts?warning=true");
    EXPECT_EQ(r.status, 200);
    for (const auto& a : r.body["items"])
      if (a["id"] == account) return codes(a);
    return std::set<std::string>{};
  };
  EXPECT_TRUE(flagged().empty());

  auto r = Patch(admin_, path, {{"publishes_news", true}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(codes(r.body), std::set<std::string>{"news_license_missing"});
  EXPECT_EQ(flagged(), std::set<std::string>{"news_license_missing"});

  EXPECT_EQ(Patch(admin_, path, {{"news_license_valid_to", "2025-13-01"}}).body["error"]["field"], "news_license_valid_to");
  EXPECT_EQ(Patch(admin_, path, {{"news_license_number", std::string(61, '1')}}).body["error"]["field"],
            "news_license_number");
  r = Patch(admin_, path, {{"news_license_number", "32120190001"},
                           {"news_license_holder", "张浦镇人民政府"},
                           {"news_license_valid_to", "2024-12-31"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_TRUE(codes(r.body).empty());
  EXPECT_EQ(r.body["news_license_valid_to"], "2024-12-31");
  EXPECT_TRUE(flagged().empty());
  auto audit = storage::QueryOne(node_->db(), "SELECT after_json FROM audit_log WHERE action = 'account.update' "
                                             "ORDER BY id DESC LIMIT 1");
  EXPECT_NE(audit->Text(0).find("32120190001"), std::string::npos);

  // The licence runs out with no change to the account: the first read of the new day finds it —
  // unless another process holds the write lock, when the read goes on and the next one finds it.
  clock_.SetToday(D("2025-01-01"));
  if (!OnPostgres()) {  // a write lock held by another process is SQLite's
    node_->db().SetBusyTimeout(300);
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(tmp_.File("t.db").c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_TRUE(flagged().empty());
    ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
  }
  EXPECT_EQ(flagged(), std::set<std::string>{"news_license_expired"});
  auto one = Get(Login("zp"), path);
  ASSERT_EQ(one.status, 200);
  ASSERT_EQ(one.body["warnings"].size(), 1u) << one.body.dump();
  EXPECT_EQ(one.body["warnings"][0]["message"],
            "互联网新闻信息服务许可证（32120190001）有效期至 2024-12-31，已过期");
  EXPECT_GE(Get(admin_, "/api/dashboard").body["warnings"], 1);
}

}  // namespace
}  // namespace govmedia::testing
