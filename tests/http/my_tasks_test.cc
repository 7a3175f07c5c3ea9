// 我的任务: each role's home starts with its own tasks, built from the records — a unit's quarter
// (not overdue before the quarter ends), an application rejected with its reason, an approval to
// file; an inspector's assigned item that leaves the list once inspected; a duty officer's alert;
// the city office's queue with counts; a 催办 that stays on the unit's home until it publishes.
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class MyTasksTest : public ApiTest {
 protected:
  std::string S(int64_t id) { return std::to_string(id); }
  // The first task of a kind (a copy: the reply it came from is usually a temporary).
  static std::optional<json> Find(const json& tasks, const std::string& kind) {
    for (const auto& t : tasks["items"])
      if (t["kind"] == kind) return t;
    return std::nullopt;
  }
  void Archive(int64_t account, const std::string& id, const std::string& text, const std::string& at) {
    storage::IncomingPost p;
    p.account_id = account;
    p.platform_post_id = id;
    p.published_at = at;
    p.published_epoch = *core::ParseRfc3339(at);
    p.text = text;
    auto a = node_->posts().Archive(p, at);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(node_->monitor().OnArchived(p, *a).ok());
  }
};

TEST_F(MyTasksTest, EachRoleSeesItsOwnTasksFromTheRecords) {
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  Session admin = Login("admin"), zp = Login("zp"), insp = Login("insp"), duty = Login("duty"), boss = Login("boss");
  const int64_t town = UnitId("张浦镇");
  const int64_t open = OpenAccount(admin, town, "张浦发布");
  // An application rejected with a reason, and one approved but not yet opened.
  auto rejected = Post(zp, "/api/accounts", NewAccountBody(town, "张浦便民"));
  ASSERT_EQ(rejected.status, 201) << rejected.body.dump();
  ASSERT_EQ(Post(admin, "/api/accounts/" + S(rejected.body["id"]) + "/decision",
                 {{"decision", "reject"}, {"note", "与张浦发布定位重复，请整合"}})
                .status,
            200);
  auto approved = Post(zp, "/api/accounts", NewAccountBody(town, "张浦文旅", "douyin"));
  ASSERT_EQ(Post(admin, "/api/accounts/" + S(approved.body["id"]) + "/decision", {{"decision", "approve"}}).status, 200);

  // The unit operator (today 2024-10-18, Q4): the quarter's report and self-inspection, due
  // 12-31 and not overdue; the rejection with its reason; the approved account to open and file.
  auto mine = Get(zp, "/api/my-tasks");
  ASSERT_EQ(mine.status, 200) << mine.body.dump();
  const std::optional<json> report = Find(mine.body, "report");
  ASSERT_TRUE(report.has_value()) << mine.body.dump();
  EXPECT_EQ((*report)["due_on"], "2024-12-31");
  EXPECT_FALSE((*report)["overdue"].get<bool>());
  const std::optional<json> self = Find(mine.body, "self_inspection");
  ASSERT_TRUE(self.has_value());
  EXPECT_EQ((*self)["count"], 1);
  const std::optional<json> no = Find(mine.body, "rejected");
  ASSERT_TRUE(no.has_value());
  EXPECT_NE((*no)["detail"].get<std::string>().find("与张浦发布定位重复"), std::string::npos) << no->dump();
  const std::optional<json> filing = Find(mine.body, "filing");
  ASSERT_TRUE(filing.has_value());
  EXPECT_NE((*filing)["title"].get<std::string>().find("张浦文旅"), std::string::npos);
  // Not the city office's queue.
  EXPECT_FALSE(Find(mine.body, "forward").has_value());
  EXPECT_FALSE(Find(mine.body, "application").has_value());
  // Another unit's operator sees none of it.
  EXPECT_FALSE(Find(Get(Login("edu"), "/api/my-tasks").body, "rejected").has_value());

  // A spot check: the city office's queue shows the round; the inspector his item until inspected.
  auto round = Post(admin, "/api/spot-rounds", {{"year", 2024}, {"quarter", 4}, {"name", "第四季度抽查"}, {"method", "count"},
                                               {"count", 1}, {"seed", 3}, {"monitoring_time", "2024-10-18T08:00:00+08:00"}});
  ASSERT_EQ(round.status, 201) << round.body.dump();
  const int64_t item = round.body["items"][0]["id"];
  EXPECT_EQ(Find(Get(admin, "/api/my-tasks").body, "round")->at("detail"), "已完成 0/1，1 个账号未分派检查人员");
  EXPECT_FALSE(Find(Get(insp, "/api/my-tasks").body, "inspection").has_value());
  ASSERT_EQ(Post(admin, "/api/spot-rounds/" + S(round.body["id"]) + "/assign", {{"item_ids", {item}}, {"inspector", "insp"}})
                .status,
            200);
  const std::optional<json> assigned = Find(Get(insp, "/api/my-tasks").body, "inspection");
  ASSERT_TRUE(assigned.has_value());
  EXPECT_NE((*assigned)["title"].get<std::string>().find("张浦发布"), std::string::npos);
  auto started = Post(insp, "/api/spot-round-items/" + S(item) + "/inspection", json::object());
  ASSERT_EQ(started.status, 201);
  ASSERT_EQ(Post(insp, "/api/inspections/" + S(started.body["inspection_id"]) + "/close", json::object()).status, 200);
  EXPECT_FALSE(Find(Get(insp, "/api/my-tasks").body, "inspection").has_value());
  EXPECT_EQ(Find(Get(admin, "/api/my-tasks").body, "round")->at("detail"), "已完成 1/1，可以结束本轮并生成通报");

  // A secret leak: the duty officer's task; the leader sees it as a risk.
  Archive(open, "leak", "本文件为机密文件，请勿外传。", "2024-10-17T01:00:00Z");
  const std::optional<json> alert = Find(Get(duty, "/api/my-tasks").body, "alert");
  ASSERT_TRUE(alert.has_value());
  EXPECT_TRUE((*alert)["overdue"].get<bool>());  // a new alert is urgent
  EXPECT_EQ((*alert)["link"], "/alerts?tab=new");
  EXPECT_TRUE(Find(Get(boss, "/api/my-tasks").body, "risk").has_value());

  // 催办: only the city office; on the unit's home until the account publishes again.
  EXPECT_EQ(Post(zp, "/api/accounts/" + S(open) + "/urge", {{"note", "x"}}).status, 403);
  EXPECT_EQ(Post(admin, "/api/accounts/" + S(open) + "/urge", {{"due_on", "2024-13-01"}}).body["error"]["field"], "due_on");
  ASSERT_EQ(Post(admin, "/api/accounts/" + S(open) + "/urge", {{"note", "请本周内更新"}, {"due_on", "2024-10-31"}}).status, 201);
  const std::optional<json> urged = Find(Get(zp, "/api/my-tasks").body, "urge");
  ASSERT_TRUE(urged.has_value());
  EXPECT_EQ((*urged)["due_on"], "2024-10-31");
  EXPECT_NE((*urged)["detail"].get<std::string>().find("请本周内更新"), std::string::npos);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'account.urge'")->Int(0), 1);
  Archive(open, "news", "张浦镇召开秋季农业生产会议。", core::FormatRfc3339Beijing(node_->clock().NowSeconds() + 60));
  EXPECT_FALSE(Find(Get(zp, "/api/my-tasks").body, "urge").has_value());
}

}  // namespace
}  // namespace govmedia::testing

namespace govmedia::testing {
namespace {

// 我的待检 (issue 11): the inspector's assigned items of open rounds not yet inspected, each leaving
// the list when its inspection is closed; his home's tasks lead there.
TEST_F(MyTasksTest, MyPendingInspectionsHoldTheAssignedItemsUntilEachIsClosed) {
  AddUser("insp2", core::Role::kInspector, std::nullopt);
  Session admin = Login("admin"), insp = Login("insp"), insp2 = Login("insp2");
  const int64_t zp_wx = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t edu_wx = OpenAccount(admin, UnitId("昆山市教育局"), "昆山教育");
  auto round = Post(admin, "/api/spot-rounds", {{"year", 2024}, {"quarter", 4}, {"name", "第四季度抽查"}, {"method", "ratio"},
                                               {"ratio", 1.0}, {"seed", 3}, {"monitoring_time", "2024-10-18T08:00:00+08:00"}});
  ASSERT_EQ(round.status, 201) << round.body.dump();
  std::map<int64_t, int64_t> item_of;  // account → item
  for (const auto& i : round.body["items"]) item_of[i["account_id"]] = i["id"];
  ASSERT_TRUE(item_of.count(zp_wx) && item_of.count(edu_wx)) << round.body.dump();
  const std::string assign = "/api/spot-rounds/" + S(round.body["id"]) + "/assign";
  ASSERT_EQ(Post(admin, assign, {{"item_ids", {item_of[zp_wx], item_of[edu_wx]}}, {"inspector", "insp"}}).status, 200);

  Reply mine = Get(insp, "/api/my-inspections");
  ASSERT_EQ(mine.status, 200) << mine.body.dump();
  ASSERT_EQ(mine.body["total"], 2);
  EXPECT_EQ(mine.body["done"], 0);
  EXPECT_EQ(mine.body["items"][0]["round_name"], "第四季度抽查");
  EXPECT_TRUE(mine.body["items"][0]["inspection_id"].is_null());
  EXPECT_EQ(mine.body["items"][0]["item_id"], item_of[zp_wx]);  // by unit: 张浦镇 before 教育局
  EXPECT_EQ(mine.body["items"][0]["platform_label"], "微信订阅号");
  // Nobody else's: another inspector has none; roles that do not inspect are refused.
  EXPECT_EQ(Get(insp2, "/api/my-inspections").body["total"], 0);
  EXPECT_EQ(Get(Login("zp"), "/api/my-inspections").status, 403);
  EXPECT_EQ(Get(Login("boss"), "/api/my-inspections").status, 403);
  // His home's tasks lead to the list.
  Reply tasks = Get(insp, "/api/my-tasks");
  int leading = 0;
  for (const auto& t : tasks.body["items"]) leading += t["kind"] == "inspection" && t["link"] == "/my-inspections";
  EXPECT_EQ(leading, 2) << tasks.body.dump();

  // Started: still pending, now in progress; closed: gone, and counted as done.
  auto started = Post(insp, "/api/spot-round-items/" + S(item_of[zp_wx]) + "/inspection", json::object());
  ASSERT_EQ(started.status, 201);
  mine = Get(insp, "/api/my-inspections");
  ASSERT_EQ(mine.body["total"], 2);
  EXPECT_EQ(mine.body["items"][0]["inspection_id"], started.body["inspection_id"]);
  EXPECT_EQ(mine.body["items"][0]["status"], "open");
  ASSERT_EQ(Post(insp, "/api/inspections/" + S(started.body["inspection_id"]) + "/close", json::object()).status, 200);
  mine = Get(insp, "/api/my-inspections");
  ASSERT_EQ(mine.body["total"], 1);
  EXPECT_EQ(mine.body["done"], 1);
  EXPECT_EQ(mine.body["items"][0]["account_name"], "昆山教育");
  // Reassigned to another inspector: it moves to his list.
  ASSERT_EQ(Post(admin, assign, {{"item_ids", {item_of[edu_wx]}}, {"inspector", "insp2"}}).status, 200);
  EXPECT_EQ(Get(insp, "/api/my-inspections").body["total"], 0);
  EXPECT_EQ(Get(insp2, "/api/my-inspections").body["total"], 1);
}

}  // namespace
}  // namespace govmedia::testing
