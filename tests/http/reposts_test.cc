// Coordinated reposts (联动发声) through the HTTP API: a task to two units, one publishes the
// article, the other misses it and then publishes late; each unit sees its own target and task.
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class RepostsTest : public ApiTest {
 protected:
  void Archive(int64_t account, const std::string& id, const std::string& text, const std::string& url,
               const std::string& at) {
    storage::IncomingPost p;
    p.account_id = account;
    p.platform_post_id = id;
    p.published_at = at;
    p.published_epoch = *core::ParseRfc3339(at);
    p.text = text;
    p.url = url;
    ASSERT_TRUE(node_->posts().Archive(p, at).ok());
  }
  static std::optional<json> Task(const json& tasks, const std::string& kind) {
    for (const auto& t : tasks["items"])
      if (t["kind"] == kind) return t;
    return std::nullopt;
  }
  static const json* Target(const json& task, const std::string& unit) {
    for (const auto& t : task["targets"])
      if (t["unit_name"] == unit) return &t;
    return nullptr;
  }
};

TEST_F(RepostsTest, TheOfficeSeesWhoPublishedTheArticleAndWhoDidNot) {
  Session admin = Login("admin");
  Session zp = Login("zp");
  Session edu = Login("edu");
  const int64_t zp_acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t edu_acc = OpenAccount(admin, UnitId("昆山市教育局"), "昆山教育");
  const json body{{"title", "关于开展冬季消防安全大检查的通知"},
                  {"url", "https://www.ks.gov.cn/xxgk/2024/1018.html"},
                  {"text", "为切实做好今冬明春火灾防控工作，市安委会决定开展冬季消防安全大检查。"},
                  {"due_on", "2024-10-21"},
                  {"unit_ids", {UnitId("张浦镇"), UnitId("昆山市教育局")}}};
  EXPECT_EQ(Post(zp, "/api/repost-tasks", body).status, 403);
  json none = body;
  none.erase("unit_ids");
  EXPECT_EQ(Post(admin, "/api/repost-tasks", none).body["error"]["field"], "unit_ids");
  json past = body;
  past["due_on"] = "2024-10-01";
  EXPECT_EQ(Post(admin, "/api/repost-tasks", past).body["error"]["field"], "due_on");
  auto created = Post(admin, "/api/repost-tasks", body);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string url = "/api/repost-tasks/" + std::to_string(created.body["id"].get<int64_t>());
  EXPECT_EQ(created.body["expected"], 2);
  EXPECT_EQ(created.body["published"], 0);
  // Before anyone publishes, both units have it on their home.
  EXPECT_TRUE(Task(Get(zp, "/api/my-tasks").body, "repost").has_value());
  auto edu_home = Task(Get(edu, "/api/my-tasks").body, "repost");
  ASSERT_TRUE(edu_home.has_value());
  EXPECT_EQ((*edu_home)["due_on"], "2024-10-21");

  // 张浦发布 posts the article under its title (a post before the task does not count).
  Archive(zp_acc, "old", "关于开展冬季消防安全大检查的通知（去年）", "", "2024-10-17T09:00:00+08:00");
  Archive(zp_acc, "zp-1", "【转发】关于开展冬季消防安全大检查的通知\n各村（社区）、各单位：……", "https://weibo.com/zp/1",
          "2024-10-18T15:00:00+08:00");
  auto d = Get(admin, url);
  ASSERT_EQ(d.status, 200) << d.body.dump();
  EXPECT_EQ(d.body["published"], 1);
  const json* zpt = Target(d.body, "张浦镇");
  ASSERT_NE(zpt, nullptr);
  EXPECT_EQ((*zpt)["status"], "published");
  EXPECT_EQ((*zpt)["method_label"], "标题一致");
  EXPECT_EQ((*zpt)["post_account"], "张浦发布");
  EXPECT_EQ((*zpt)["post_url"], "https://weibo.com/zp/1");
  EXPECT_EQ((*Target(d.body, "昆山市教育局"))["status"], "pending");
  EXPECT_FALSE(Task(Get(zp, "/api/my-tasks").body, "repost").has_value());

  // A unit sees its own target only; the other's task is not there for it.
  auto mine = Get(edu, url);
  ASSERT_EQ(mine.body["targets"].size(), 1u);
  EXPECT_EQ(mine.body["targets"][0]["unit_name"], "昆山市教育局");

  // After the deadline the education bureau has missed it; publishing by link later is late.
  clock_.SetToday(D("2024-10-22"));
  auto after = Get(admin, url);
  ASSERT_NE(Target(after.body, "昆山市教育局"), nullptr);
  EXPECT_EQ((*Target(after.body, "昆山市教育局"))["status"], "missed");
  EXPECT_EQ(after.body["overdue"], true);
  Archive(edu_acc, "edu-1", "转发：市安委会通知 http://ks.gov.cn/xxgk/2024/1018.html", "", "2024-10-22T10:00:00+08:00");
  const Reply later = Get(admin, url);
  const json* late = Target(later.body, "昆山市教育局");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ((*late)["status"], "late");
  EXPECT_EQ((*late)["method"], "link");
  EXPECT_EQ(Get(admin, "/api/audit?action=repost.create").body["total"], 1);
}

}  // namespace
}  // namespace govmedia::testing
