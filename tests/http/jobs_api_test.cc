// 后台作业: the city office sees every node's jobs — who holds what, what is stuck and what failed —
// and nobody else does.
#include "app/jobs/job_queue.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class JobsApiTest : public ApiTest {};

TEST_F(JobsApiTest, TheCityOfficeSeesNodesKindsStuckAndFailedJobs) {
  const int64_t now = clock_.NowSeconds();
  app::JobOptions once;
  once.max_attempts = 1;
  app::JobQueue a(node_->db(), clock_, "node-a:1", once), b(node_->db(), clock_, "node-b:2", once);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(*a.Enqueue("feed.poll", "round-1/" + std::to_string(i), "{}", now - 10));
  ASSERT_TRUE(*a.Enqueue("availability.check", "acc-1", "{}", now - 5));
  // Node a finishes one feed, node b holds another; the availability check fails for good.
  auto j1 = a.Claim({"feed.poll"});
  ASSERT_TRUE(j1.ok() && j1->has_value());
  ASSERT_TRUE(a.Complete(**j1).ok());
  auto j2 = b.Claim({"feed.poll"});
  ASSERT_TRUE(j2.ok() && j2->has_value());
  auto j3 = b.Claim({"availability.check"});
  ASSERT_TRUE(j3.ok() && j3->has_value());
  ASSERT_TRUE(b.Fail(**j3, "下载地址无法解析").ok());
  // A job due ten minutes ago that no node has taken (its kind's nodes are gone): stuck.
  ASSERT_TRUE(*a.Enqueue("feed.poll", "round-0/late", "{}", now - 600));

  auto r = Get(Login("admin"), "/api/jobs");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  std::map<std::string, json> nodes, kinds;
  for (const auto& n : r.body["nodes"]) nodes[n["node"]] = n;
  for (const auto& k : r.body["kinds"]) kinds[k["kind"]] = k;
  ASSERT_EQ(nodes.size(), 2u) << r.body.dump();
  EXPECT_EQ(nodes["node-a:1"]["done_last_hour"], 1);
  EXPECT_EQ(nodes["node-a:1"]["running"], 0);
  EXPECT_EQ(nodes["node-b:2"]["running"], 1);
  EXPECT_EQ(kinds["feed.poll"]["done"], 1);
  EXPECT_EQ(kinds["feed.poll"]["running"], 1);
  EXPECT_EQ(kinds["feed.poll"]["queued"], 2);
  EXPECT_EQ(kinds["feed.poll"]["overdue"], 1);  // the one due ten minutes ago
  EXPECT_EQ(kinds["availability.check"]["failed"], 1);
  ASSERT_EQ(r.body["failed"].size(), 1u);
  EXPECT_EQ(r.body["failed"][0]["last_error"], "下载地址无法解析");
  EXPECT_EQ(r.body["failed"][0]["node"], "node-b:2");

  for (const char* user : {"zp", "insp", "boss"}) EXPECT_EQ(Get(Login(user), "/api/jobs").status, 403) << user;
}

TEST_F(JobsApiTest, TheCityOfficeBringsARoundForwardAndItIsAudited) {
  Session admin = Login("admin");
  // No node has scheduled feed polling yet.
  EXPECT_EQ(Post(admin, "/api/jobs/schedules/feed.poll/run", json::object()).status, 404);
  const int64_t later = clock_.NowSeconds() + 900;
  ASSERT_TRUE(node_->db().Exec("INSERT INTO schedules (name, next_at, updated_at) VALUES ('feed.poll', ?, 'x')", {later}).ok());
  EXPECT_EQ(Post(Login("zp"), "/api/jobs/schedules/feed.poll/run", json::object()).status, 403);
  auto r = Post(admin, "/api/jobs/schedules/feed.poll/run", json::object());
  ASSERT_EQ(r.status, 200) << r.body.dump();
  auto next = storage::QueryOne(node_->db(), "SELECT next_at FROM schedules WHERE name = 'feed.poll'");
  EXPECT_LE(next->Int(0), clock_.NowSeconds());
  auto audit = storage::QueryOne(node_->db(), "SELECT actor, entity_id, before_json FROM audit_log WHERE action = 'schedule.run_now'");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->Text(0), "admin");
  EXPECT_EQ(audit->Text(1), "feed.poll");
  EXPECT_NE(audit->Text(2).find(std::to_string(later)), std::string::npos);
}

}  // namespace
}  // namespace govmedia::testing
