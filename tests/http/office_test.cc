// The city office's care of people and personal data: logins edited, disabled (their sessions end)
// and given a new password, all audited and never to itself; the duty officer reaches the contacts
// of a unit only while it has an open alert, and every such look is in the audit log.
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class OfficeTest : public ApiTest {
 protected:
  std::string S(int64_t id) { return std::to_string(id); }
  int64_t UserId(const std::string& name) {
    return storage::QueryOne(node_->db(), "SELECT id FROM users WHERE username = ?", {name})->Int(0);
  }
  int64_t Audited(const std::string& action) {
    return storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", {action})->Int(0);
  }
};

TEST_F(OfficeTest, TheCityOfficeEditsDisablesAndResetsLogins) {
  Session admin = Login("admin"), zp = Login("zp"), insp = Login("insp");
  const int64_t zp_id = UserId("zp"), admin_id = UserId("admin");

  // Moved to another unit: the old session ends (its rights changed).
  auto moved = Patch(admin, "/api/users/" + S(zp_id), {{"unit_id", UnitId("昆山市教育局")}});
  ASSERT_EQ(moved.status, 200) << moved.body.dump();
  EXPECT_EQ(moved.body["unit_name"], "昆山市教育局");
  EXPECT_EQ(Get(zp, "/api/session").status, 401);
  // A unit operator needs a unit; an unknown role is named.
  EXPECT_EQ(Patch(admin, "/api/users/" + S(UserId("insp")), {{"role", "unit_operator"}}).body["error"]["field"], "unit_id");
  EXPECT_EQ(Patch(admin, "/api/users/" + S(zp_id), {{"role", "boss"}}).body["error"]["field"], "role");
  EXPECT_EQ(Patch(admin, "/api/users/" + S(zp_id), {{"disabled", "yes"}}).body["error"]["field"], "disabled");
  // Only the city office; never against itself.
  EXPECT_EQ(Patch(insp, "/api/users/" + S(zp_id), {{"disabled", true}}).status, 403);
  EXPECT_EQ(Patch(admin, "/api/users/" + S(admin_id), {{"disabled", true}}).status, 409);
  EXPECT_EQ(Patch(admin, "/api/users/" + S(admin_id), {{"role", "viewer"}}).status, 409);

  // Disabled: no login, the session already open ends.
  ASSERT_EQ(Patch(admin, "/api/users/" + S(UserId("insp")), {{"disabled", true}}).body["disabled"], true);
  EXPECT_EQ(Get(insp, "/api/session").status, 401);
  auto refused = client_->Post("/api/login", json{{"username", "insp"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  ASSERT_EQ(Patch(admin, "/api/users/" + S(UserId("insp")), {{"disabled", false}}).status, 200);
  Login("insp");

  // A lost password: the office sets a new one (strength checked), the old stops working.
  EXPECT_EQ(Post(admin, "/api/users/" + S(zp_id) + "/password", {{"password", "123"}}).body["error"]["field"], "password");
  ASSERT_EQ(Post(admin, "/api/users/" + S(zp_id) + "/password", {{"password", "brand-new-Pa55word"}}).status, 200);
  Login("zp", "brand-new-Pa55word");
  EXPECT_EQ(Audited("user.update"), 1);
  EXPECT_EQ(Audited("user.disable"), 1);
  EXPECT_EQ(Audited("user.enable"), 1);
  EXPECT_EQ(Audited("user.password_reset"), 1);
  // The password itself is in no audit row.
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%brand-new%' OR before_json LIKE '%brand-new%'")->Int(0), 0);
}

TEST_F(OfficeTest, TheDutyOfficerReachesAUnitsContactsOnlyWhileItHasAnOpenAlert) {
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  Session admin = Login("admin"), duty = Login("duty"), boss = Login("boss"), zp = Login("zp");
  const int64_t account = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const std::string path = "/api/accounts/" + S(account) + "/contacts";
  // No open alert: masked on the account page, refused here.
  EXPECT_EQ(Get(duty, "/api/accounts/" + S(account)).body["main_leader"]["phone"], "138****5678");
  EXPECT_EQ(Get(duty, path).status, 403);
  EXPECT_EQ(Get(boss, path).status, 403);

  storage::IncomingPost p;
  p.account_id = account;
  p.platform_post_id = "leak";
  p.published_at = "2024-10-17T22:00:00+08:00";
  p.published_epoch = *core::ParseRfc3339(p.published_at);
  p.text = "本文件为机密文件，请勿外传。";
  auto a = node_->posts().Archive(p, "2024-10-17T14:00:00Z");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(node_->monitor().OnArchived(p, *a).ok());

  auto seen = Get(duty, path);
  ASSERT_EQ(seen.status, 200) << seen.body.dump();
  EXPECT_EQ(seen.body["main_leader"]["phone"], "13812345678");
  EXPECT_EQ(seen.body["staff"][0]["phone"], "0512-57512345");
  EXPECT_EQ(Audited("contacts.view"), 1);
  // The unit's own operator is not audited for its own contacts; the city office is.
  ASSERT_EQ(Get(zp, path).status, 200);
  EXPECT_EQ(Audited("contacts.view"), 1);
  ASSERT_EQ(Get(admin, path).status, 200);
  EXPECT_EQ(Audited("contacts.view"), 2);
  // Once the alert is handled, the access ends.
  auto alert = Get(duty, "/api/alerts").body["items"][0]["id"].get<int64_t>();
  ASSERT_EQ(Post(duty, "/api/alerts/" + S(alert) + "/handle", {{"note", "已电话通知单位删除"}}).status, 200);
  EXPECT_EQ(Get(duty, path).status, 403);
}

TEST_F(OfficeTest, BatchActionsActOnEachAndNameTheOnesThatFailed) {
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  Session admin = Login("admin"), duty = Login("duty"), zp = Login("zp");
  const int64_t a = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t b = OpenAccount(admin, UnitId("张浦镇"), "张浦文旅");
  auto pending = Get(admin, "/api/filings?view=pending");
  ASSERT_EQ(pending.status, 200) << pending.body.dump();
  std::vector<int64_t> ids;
  for (const auto& f : pending.body["items"])
    if (f["account_id"] == a || f["account_id"] == b) ids.push_back(f["id"]);
  ASSERT_EQ(ids.size(), 2u) << pending.body.dump();
  // Bad input refuses the whole batch, naming the field.
  EXPECT_EQ(Post(admin, "/api/filings/forward", {{"filing_ids", json::array()}}).body["error"]["field"], "filing_ids");
  EXPECT_EQ(Post(admin, "/api/filings/forward", {{"filing_ids", {ids[0], ids[0]}}}).body["error"]["field"], "filing_ids");
  // One unknown id among them: the two are forwarded, the third named.
  auto forwarded = Post(admin, "/api/filings/forward", {{"filing_ids", {ids[0], ids[1], 999999}}});
  ASSERT_EQ(forwarded.status, 200) << forwarded.body.dump();
  EXPECT_EQ(forwarded.body["done"], 2);
  ASSERT_EQ(forwarded.body["failed"].size(), 1u);
  EXPECT_EQ(forwarded.body["failed"][0]["id"], 999999);
  EXPECT_EQ(Audited("filing.forward"), 2);
  // Forwarding again: each already forwarded is named, nothing changes.
  EXPECT_EQ(Post(admin, "/api/filings/forward", {{"filing_ids", ids}}).body["done"], 0);
  // A unit operator may not forward.
  EXPECT_EQ(Post(zp, "/api/filings/forward", {{"filing_ids", ids}}).body["done"], 0);

  // Two alerts acknowledged at once.
  for (const auto& [account, id] : {std::pair{a, "p1"}, std::pair{b, "p2"}}) {
    storage::IncomingPost p;
    p.account_id = account;
    p.platform_post_id = id;
    p.published_at = "2024-10-17T22:00:00+08:00";
    p.published_epoch = *core::ParseRfc3339(p.published_at);
    p.text = "本文件为机密文件，请勿外传。";
    auto archived = node_->posts().Archive(p, "2024-10-17T14:00:00Z");
    ASSERT_TRUE(archived.ok());
    ASSERT_TRUE(node_->monitor().OnArchived(p, *archived).ok());
  }
  std::vector<int64_t> alerts;
  const Reply fresh = Get(duty, "/api/alerts?status=new");
  for (const auto& x : fresh.body["items"]) alerts.push_back(x["id"]);
  ASSERT_EQ(alerts.size(), 2u) << fresh.body.dump();
  auto acked = Post(duty, "/api/alerts/acknowledge", {{"alert_ids", alerts}});
  ASSERT_EQ(acked.status, 200) << acked.body.dump();
  EXPECT_EQ(acked.body["done"], 2);
  EXPECT_EQ(Get(duty, "/api/alerts?status=new").body["total"], 0);
  EXPECT_EQ(Audited("alert.acknowledge"), 2);
}

}  // namespace
}  // namespace govmedia::testing
