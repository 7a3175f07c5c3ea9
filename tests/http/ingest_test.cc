// The push API: tokens issued and revoked by the city office, batches checked before anything
// is archived, edits kept as versions.
#include <set>

#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class IngestTest : public ApiTest {
 protected:
  Reply Push(const std::string& token, const json& body) {
    return ToReply(client_->Post("/api/ingest/posts", {{"Authorization", "Bearer " + token}}, body.dump(),
                                 "application/json"));
  }
  json PostJson(int64_t account, const std::string& id, const std::string& text) {
    return {{"account_id", account}, {"id", id}, {"published_at", "2024-10-17T08:00:00+08:00"}, {"text", text}};
  }
};

TEST_F(IngestTest, TokensAreIssuedOnceAndRevoked) {
  Session admin = Login("admin");
  EXPECT_EQ(Post(Login("insp"), "/api/integrations", {{"name", "x"}}).status, 403);
  auto made = Post(admin, "/api/integrations", {{"name", "RSSHub 转换服务"}});
  ASSERT_EQ(made.status, 201);
  const std::string token = made.body["token"];
  EXPECT_EQ(token.substr(0, 4), "gmi_");
  auto list = Get(admin, "/api/integrations");
  EXPECT_FALSE(list.body["items"][0].contains("token"));
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM integrations WHERE token_hash = ?", {token})->Int(0), 0);

  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  auto ok = Push(token, {{"posts", {PostJson(acc, "w1", "第一条"), PostJson(acc, "w2", "第二条")}}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body, json({{"added", 2}, {"edited", 0}, {"unchanged", 0}}));
  auto again = Push(token, {{"posts", {PostJson(acc, "w1", "第一条（更正）"), PostJson(acc, "w2", "第二条")}}});
  EXPECT_EQ(again.body, json({{"added", 0}, {"edited", 1}, {"unchanged", 1}}));
  EXPECT_EQ(Count("post_versions"), 3);

  EXPECT_EQ(Push("gmi_wrong", {{"posts", json::array()}}).status, 401);
  EXPECT_EQ(ToReply(client_->Post("/api/ingest/posts", json{{"posts", json::array()}}.dump(), "application/json")).status, 401);
  const std::string revoke = "/api/integrations/" + std::to_string(made.body["id"].get<int64_t>()) + "/revoke";
  ASSERT_EQ(Post(admin, revoke, json::object()).status, 200);
  EXPECT_EQ(Post(admin, revoke, json::object()).status, 409);
  auto refused = Push(token, {{"posts", {PostJson(acc, "w3", "第三条")}}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(Count("posts"), 2);
}

TEST_F(IngestTest, ABadPostRejectsTheWholeBatch) {
  Session admin = Login("admin");
  const std::string token = Post(admin, "/api/integrations", {{"name", "接入"}}).body["token"];
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  json bad = PostJson(acc, "w2", "x");
  bad["published_at"] = "2024-13-01T00:00:00";
  auto r = Push(token, {{"posts", {PostJson(acc, "w1", "第一条"), bad}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "posts[1].published_at");
  r = Push(token, {{"posts", {PostJson(9999, "w1", "x")}}});
  EXPECT_EQ(r.body["error"]["field"], "posts[0].account_id");
  EXPECT_EQ(Count("posts"), 0);
}

}  // namespace
}  // namespace govmedia::testing

namespace govmedia::testing {
namespace {

TEST_F(IngestTest, VetoHitsAlertTheDutyOfficerOncePerPost) {
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  Session admin = Login("admin");
  const std::string token = Post(admin, "/api/integrations", {{"name", "接入"}}).body["token"];
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Push(token, {{"posts", {PostJson(acc, "w1", "本文件标注为绝密，请勿外传"),
                                    PostJson(acc, "w2", "全场包邮，加我微信"),
                                    PostJson(acc, "w3", "今日天气晴")}}}).status, 200);
  Session duty = Login("duty");
  auto alerts = Get(duty, "/api/alerts?status=new");
  ASSERT_EQ(alerts.status, 200);
  ASSERT_EQ(alerts.body["total"], 1);  // the ad is a finding, not an alert
  const json& a = alerts.body["items"][0];
  EXPECT_EQ(a["category"], "secret");
  EXPECT_EQ(a["indicator"], "veto.secret_leak");
  EXPECT_EQ(a["platform_post_id"], "w1");
  ASSERT_EQ(a["hits"].size(), 2u);  // 绝密 and 请勿外传: both secret in the default lexicon
  EXPECT_EQ(a["hits"][0]["matched"], "绝密");
  EXPECT_EQ(a["hits"][0]["start"], 6);
  EXPECT_EQ(a["hits"][1]["matched"], "请勿外传");
  // An edit of the same post adds no second alert.
  Push(token, {{"posts", {PostJson(acc, "w1", "本文件标注为绝密★，请勿外传！")}}});
  EXPECT_EQ(Get(duty, "/api/alerts").body["total"], 1);

  EXPECT_EQ(Get(Login("insp"), "/api/alerts").status, 403);
  const std::string base = "/api/alerts/" + std::to_string(a["id"].get<int64_t>());
  EXPECT_EQ(Post(duty, base + "/handle", json::object()).body["error"]["field"], "note");
  EXPECT_EQ(Post(duty, base + "/acknowledge", json::object()).body["status"], "acknowledged");
  EXPECT_EQ(Post(duty, base + "/acknowledge", json::object()).status, 409);
  auto fwd = Post(duty, base + "/forward", {{"department", "市委网信办"}, {"note", "涉嫌泄密，转网信办"}});
  EXPECT_EQ(fwd.body["status"], "forwarded");
  EXPECT_EQ(fwd.body["forwarded_to"], "市委网信办");
  EXPECT_EQ(Post(duty, base + "/handle", {{"note", "x"}}).status, 409);

  // The hits are derived findings of the account's next inspection.
  auto insp = Post(Login("insp"), "/api/inspections", {{"account_id", acc}, {"kind", "city"},
                                                       {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  std::set<std::string> derived;
  for (const auto& d : insp.body["derived"]) derived.insert(d["indicator"]);
  EXPECT_TRUE(derived.count("veto.secret_leak"));
  EXPECT_TRUE(derived.count("commercial_ad"));
  EXPECT_TRUE(insp.body["result"]["score"].is_null());  // the secret-leak veto
}

}  // namespace
}  // namespace govmedia::testing

namespace govmedia::testing {
namespace {

std::string Enc(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else out += '%', out += kHex[c >> 4], out += kHex[c & 15];
  }
  return out;
}

TEST_F(IngestTest, TheArchiveIsSearchableWithHitsAndScope) {
  Session admin = Login("admin");
  const std::string token = Post(admin, "/api/integrations", {{"name", "接入"}}).body["token"];
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Push(token, {{"posts", {PostJson(acc, "w1", "张浦镇开展防汛演练，确保安全度汛"),
                                    PostJson(acc, "w2", "此件标注绝密，已按规定处理"),
                                    PostJson(acc, "w3", "周末市集开张")}}}).status, 200);
  auto three = Get(admin, "/api/posts?q=" + Enc("防汛演练"));
  ASSERT_EQ(three.status, 200) << three.body.dump();
  ASSERT_EQ(three.body["total"], 1);
  EXPECT_EQ(three.body["items"][0]["platform_post_id"], "w1");
  EXPECT_EQ(three.body["items"][0]["matches"][0], json({{"start", 5}, {"end", 9}}));
  auto two = Get(admin, "/api/posts?q=" + Enc("防汛"));  // below the trigram size
  EXPECT_EQ(two.body["total"], 1);
  auto secret = Get(admin, "/api/posts?category=secret");
  ASSERT_EQ(secret.body["total"], 1);
  EXPECT_EQ(secret.body["items"][0]["hits"][0]["matched"], "绝密");
  EXPECT_EQ(Get(admin, "/api/posts").body["total"], 3);
  // An edit: the search sees the current version only, and says there were two.
  Push(token, {{"posts", {PostJson(acc, "w3", "周末市集取消")}}});
  auto edited = Get(admin, "/api/posts?q=" + Enc("市集取消"));
  ASSERT_EQ(edited.body["total"], 1);
  EXPECT_EQ(edited.body["items"][0]["versions"], 2);
  EXPECT_EQ(Get(admin, "/api/posts?q=" + Enc("市集开张")).body["total"], 0);
  // Another unit's operator sees none of it.
  EXPECT_EQ(Get(Login("edu"), "/api/posts?q=" + Enc("防汛")).body["total"], 0);
  EXPECT_EQ(Get(Login("zp"), "/api/posts?q=" + Enc("防汛")).body["total"], 1);
  EXPECT_EQ(Get(admin, "/api/posts?from=2024-13-01").body["error"]["field"], "from");
}

}  // namespace
}  // namespace govmedia::testing
