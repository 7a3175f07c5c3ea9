// The push API: tokens issued and revoked by the city office, batches checked before anything
// is archived, edits kept as versions.
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
