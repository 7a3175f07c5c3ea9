// Logins, sessions, CSRF, throttling and the contract endpoints of contracts/server.md.
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

TEST_F(ApiTest, HealthNeedsNoLogin) {
  auto r = ToReply(client_->Get("/api/health"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, json({{"status", "ok"}}));
}

TEST_F(ApiTest, EverythingElseNeedsASession) {
  auto r = ToReply(client_->Get("/api/units"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body["error"]["code"], "unauthenticated");
  EXPECT_EQ(ToReply(client_->Get("/api/accounts")).status, 401);
}

TEST_F(ApiTest, LoginSetsAStrictHttpOnlyCookie) {
  auto r = client_->Post("/api/login", json{{"username", "admin"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("gm_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  // Only a hash of the token is stored.
  const std::string token = cookie.substr(11, cookie.find(';') - 11);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {token})->Int(0), 0);
}

TEST_F(ApiTest, WrongCredentialsSayNothingAboutWhichPart) {
  auto wrong_pw = ToReply(client_->Post("/api/login", json{{"username", "admin"}, {"password", "nope-nope-1"}}.dump(),
                                        "application/json"));
  auto no_user = ToReply(client_->Post("/api/login", json{{"username", "ghost"}, {"password", "nope-nope-1"}}.dump(),
                                       "application/json"));
  EXPECT_EQ(wrong_pw.status, 401);
  EXPECT_EQ(no_user.status, 401);
  EXPECT_EQ(wrong_pw.body, no_user.body);
}

TEST_F(ApiTest, UnitsAreScopedToTheSession) {
  auto admin = Get(Login("admin"), "/api/units");
  ASSERT_EQ(admin.status, 200);
  ASSERT_TRUE(admin.body.is_array());
  EXPECT_EQ(admin.body.size(), 51u);  // 附件1's 50 units and the city office
  for (const auto& u : admin.body) {
    EXPECT_TRUE(u.contains("id") && u.contains("name") && u.contains("category"));
  }
  auto op = Get(Login("zp"), "/api/units");
  ASSERT_EQ(op.body.size(), 1u);
  EXPECT_EQ(op.body[0]["name"], "张浦镇");
  EXPECT_EQ(op.body[0]["category"], "区镇");
}

TEST_F(ApiTest, CsrfTokenIsRequiredForEveryChange) {
  Session s = Login("admin");
  const int64_t before = Count("accounts");
  httplib::Headers no_token{{"Cookie", s.cookie}};
  auto r = ToReply(client_->Post("/api/accounts", no_token, NewAccountBody(UnitId("张浦镇"), "甲").dump(), "application/json"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["error"]["code"], "csrf");
  httplib::Headers wrong{{"Cookie", s.cookie}, {"X-CSRF-Token", std::string(64, 'a')}};
  EXPECT_EQ(ToReply(client_->Post("/api/accounts", wrong, NewAccountBody(UnitId("张浦镇"), "甲").dump(), "application/json")).status, 403);
  // Another session's token does not fit this session.
  Session other = Login("admin");
  httplib::Headers crossed{{"Cookie", s.cookie}, {"X-CSRF-Token", other.csrf}};
  EXPECT_EQ(ToReply(client_->Post("/api/accounts", crossed, NewAccountBody(UnitId("张浦镇"), "甲").dump(), "application/json")).status, 403);
  EXPECT_EQ(Count("accounts"), before);
  EXPECT_EQ(Post(s, "/api/accounts", NewAccountBody(UnitId("张浦镇"), "甲")).status, 201);
}

TEST_F(ApiTest, FormPostsAreRefused) {
  Session s = Login("admin");
  httplib::Headers h{{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
  auto r = ToReply(client_->Post("/api/accounts", h, "name=x", "application/x-www-form-urlencoded"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "Content-Type");
}

TEST_F(ApiTest, FailedLoginsAreDelayedPerUserNameAndAddress) {
  for (int i = 0; i < 5; ++i) {
    auto r = client_->Post("/api/login", json{{"username", "admin"}, {"password", "wrong-pass-x"}}.dump(), "application/json");
    ASSERT_EQ(r->status, 401);
  }
  auto r = client_->Post("/api/login", json{{"username", "admin"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);  // even the right password waits
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  // Another user at the same address is not locked out by it (issue 9: behind one proxy that
  // would be the whole office).
  auto other = client_->Post("/api/login", json{{"username", "insp"}, {"password", kPassword}}.dump(), "application/json");
  EXPECT_EQ(other->status, 200);
}

TEST_F(ApiTest, FailedLoginsForManyNamesFromOneAddressAreSlowed) {
  for (int i = 0; i < app::LoginThrottle::kSprayNames; ++i) {
    auto r = client_->Post("/api/login", json{{"username", "guess" + std::to_string(i)}, {"password", "x-x-x-x-x-x"}}.dump(),
                           "application/json");
    ASSERT_EQ(r->status, 401);
  }
  auto r = client_->Post("/api/login", json{{"username", "guess99"}, {"password", "x-x-x-x-x-x"}}.dump(), "application/json");
  EXPECT_EQ(r->status, 429);
}

TEST_F(ApiTest, LogoutEndsTheSession) {
  Session s = Login("admin");
  EXPECT_EQ(Get(s, "/api/session").status, 200);
  EXPECT_EQ(Post(s, "/api/logout", json::object()).status, 200);
  EXPECT_EQ(Get(s, "/api/session").status, 401);
}

TEST_F(ApiTest, PasswordChangeChecksTheOldOneAndEndsOtherSessions) {
  Session s = Login("insp");
  Session other = Login("insp");
  auto bad = Post(s, "/api/session/password", {{"old_password", "wrong-one-1"}, {"new_password", "another-pass-2"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "old_password");
  auto weak = Post(s, "/api/session/password", {{"old_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(weak.body["error"]["field"], "new_password");
  EXPECT_EQ(Post(s, "/api/session/password", {{"old_password", kPassword}, {"new_password", "another-pass-2"}}).status, 200);
  EXPECT_EQ(Get(s, "/api/session").status, 200);
  EXPECT_EQ(Get(other, "/api/session").status, 401);
  Login("insp", "another-pass-2");
}

TEST_F(ApiTest, OnlyTheCityOfficeManagesUsers) {
  EXPECT_EQ(Get(Login("zp"), "/api/users").status, 403);
  Session admin = Login("admin");
  auto made = Post(admin, "/api/users", {{"username", "zp2"}, {"role", "unit_operator"}, {"password", "long-enough-1"}});
  EXPECT_EQ(made.status, 400);
  EXPECT_EQ(made.body["error"]["field"], "unit_id");
  made = Post(admin, "/api/users", {{"username", "zp2"}, {"role", "unit_operator"}, {"unit_id", UnitId("张浦镇")},
                                    {"password", "long-enough-1"}});
  EXPECT_EQ(made.status, 201);
  EXPECT_EQ(Post(admin, "/api/users", {{"username", "zp2"}, {"role", "viewer"}, {"password", "long-enough-1"}}).status, 409);
}

}  // namespace
}  // namespace govmedia::testing
