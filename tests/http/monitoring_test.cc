// Lexicon versions, comments, monitoring settings, the freshness monitor and the alert webhook,
// through the API of a real node on loopback.
#include <atomic>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class MonitoringTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = Login("admin");
    auto made = Post(admin_, "/api/integrations", {{"name", "测试接入"}});
    ASSERT_EQ(made.status, 201);
    token_ = made.body["token"];
  }
  Reply Push(const std::string& list, const std::vector<json>& items) {
    json body = json::object();
    body[list] = items;
    return ToReply(client_->Post(("/api/ingest/" + list).c_str(), {{"Authorization", "Bearer " + token_}}, body.dump(),
                                 "application/json"));
  }
  static std::string Ago(double days) {
    return core::FormatRfc3339Beijing(static_cast<int64_t>(std::time(nullptr) - days * core::kSecondsPerDay));
  }
  static json Item(int64_t account, const std::string& id, const std::string& text, const std::string& at) {
    return {{"account_id", account}, {"id", id}, {"published_at", at}, {"text", text}};
  }
  Reply Publish(const json& body) { return Post(admin_, "/api/lexicons", body); }
  json TestLexicon() {
    return {{"terms_tsv", "improper\t测试违规词\nsecret\t秘密\nharmful\t暴恐视频\n"},
            {"categories", {{"improper", "improper_content"}, {"secret", "veto.secret_leak"}, {"harmful", "veto.harmful_content"}}},
            {"allow", {"保守秘密"}},
            {"note", "测试"}};
  }
  Session admin_;
  std::string token_;
};

TEST_F(MonitoringTest, APublishedLexiconIsUsedAtOnceWithItsMapAndAllowList) {
  auto list = Get(admin_, "/api/lexicons");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["created_by"], "system");
  EXPECT_EQ(list.body["active_version"], 1);
  EXPECT_EQ(Get(Login("insp"), "/api/lexicons").status, 403);
  EXPECT_EQ(Post(Login("insp"), "/api/lexicons", TestLexicon()).status, 403);

  // Bad versions are refused naming the field, and nothing is stored.
  json bad = TestLexicon();
  bad["terms_tsv"] = "improper\t测试违规词\nNOT A LINE\n";
  auto r = Publish(bad);
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "terms_tsv");
  EXPECT_EQ(r.body["error"]["message"].get<std::string>().rfind("第 2 行：", 0), 0u) << r.body.dump();
  bad = TestLexicon();
  bad["categories"]["improper"] = "no_such_indicator";
  EXPECT_EQ(Publish(bad).body["error"]["field"], "categories.improper");
  bad = TestLexicon();
  bad["allow"] = {"  "};
  EXPECT_EQ(Publish(bad).body["error"]["field"], "allow[0]");
  EXPECT_EQ(Count("lexicon_versions"), 1);

  auto v2 = Publish(TestLexicon());
  ASSERT_EQ(v2.status, 201) << v2.body.dump();
  EXPECT_EQ(v2.body["version"], 2);
  EXPECT_TRUE(v2.body["active"].get<bool>());
  EXPECT_EQ(v2.body["terms"], 3);
  EXPECT_EQ(node_->monitor().lexicon_version(), 2);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'lexicon.publish'")->Int(0), 1);

  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Push("posts", {Item(acc, "w1", "本周出现测试违规词", Ago(1)), Item(acc, "w2", "请大家保守秘密", Ago(1)),
                           Item(acc, "w3", "有人泄露秘密", Ago(1))})
                .status,
            200);
  auto hits = node_->db().Query("SELECT p.platform_post_id, h.term, h.indicator FROM scan_hits h JOIN posts p ON p.id = h.post_id "
                                "ORDER BY p.platform_post_id");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);  // w2's 秘密 lies inside the allowed 保守秘密
  EXPECT_EQ((*hits)[0].Text(0), "w1");
  EXPECT_EQ((*hits)[0].Text(2), "improper_content");
  EXPECT_EQ((*hits)[1].Text(0), "w3");
  EXPECT_EQ((*hits)[1].Text(2), "veto.secret_leak");
  EXPECT_EQ(Count("alerts"), 1);

  // A version published on another node (written straight to the shared database) is picked
  // up before the next batch.
  ASSERT_TRUE(node_->db()
                  .Exec("INSERT INTO lexicon_versions (version, terms_tsv, categories, allow, created_by, created_at) "
                        "VALUES (3, 'ad\t新广告词', '{\"ad\":\"commercial_ad\"}', '[]', 'other', 'now')")
                  .ok());
  ASSERT_EQ(Push("posts", {Item(acc, "w4", "新广告词上线", Ago(1))}).status, 200);
  EXPECT_EQ(node_->monitor().lexicon_version(), 3);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM scan_hits WHERE indicator = 'commercial_ad'")->Int(0), 1);
}

// The context phrases are part of the lexicon the office edits: a phrase published in a new
// version makes the hits it softens `review` at once (no alert), and only those it names.
TEST_F(MonitoringTest, AContextPhrasePublishedInALexiconSoftensTheCategoriesItNames) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  json lex = TestLexicon();
  lex["terms_tsv"] = lex["terms_tsv"].get<std::string>() + "context\t扫黄打非\t\tsoftens=harmful\n";
  auto bad = lex;
  bad["terms_tsv"] = "harmful\t暴恐视频\ncontext\t扫黄打非\t\tsoftens=\n";
  auto refused = Publish(bad);
  ASSERT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["error"]["field"], "terms_tsv");
  EXPECT_EQ(refused.body["error"]["message"].get<std::string>().rfind("第 2 行：", 0), 0u) << refused.body.dump();
  ASSERT_EQ(Publish(lex).status, 201);
  ASSERT_EQ(Push("posts", {Item(acc, "c1", "扫黄打非办公室通报：清理暴恐视频", Ago(1)),
                           Item(acc, "c2", "扫黄打非工作会议上泄露秘密", Ago(1))})
                .status,
            200);
  auto hits = node_->db().Query(
      "SELECT p.platform_post_id, h.term, h.level, h.context FROM scan_hits h JOIN posts p ON p.id = h.post_id "
      "ORDER BY p.platform_post_id");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].Text(2), "review");
  EXPECT_EQ((*hits)[0].Text(3), "扫黄打非");
  EXPECT_EQ((*hits)[1].Text(1), "秘密");
  EXPECT_EQ((*hits)[1].Text(2), "alert");  // secret is not softened by this phrase
  EXPECT_EQ((*hits)[1].Text(3), "");
  EXPECT_EQ(Count("alerts"), 1);
}

// 重新扫描存档 (issue 14 item 3: a scan batch is a job): a term published today finds last week's
// posts, batch by batch on whichever node claims the jobs; a batch redone, or the period scanned
// again, adds nothing.
TEST_F(MonitoringTest, ARescanFindsOlderPostsWithTheNewLexiconInBatchesThatAreJobs) {
  clock_.SetToday(core::BeijingDay(std::time(nullptr)));
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  // 501 posts of last week: two batches. One holds the term the next version adds.
  ASSERT_TRUE(node_->db()
                  .Transaction([&]() -> core::Status {
                    for (int i = 0; i < 501; ++i) {
                      storage::IncomingPost p;
                      p.account_id = acc;
                      p.platform_post_id = "old-" + std::to_string(i);
                      p.published_at = Ago(7 - i / 100);
                      p.published_epoch = *core::ParseRfc3339(p.published_at);
                      p.text = i == 450 ? "本周发现新型违规词在传播" : "张浦镇第 " + std::to_string(i) + " 期工作简报";
                      auto a = node_->posts().Archive(p, Ago(0));
                      if (!a.ok()) return a.status();
                      if (core::Status s = node_->monitor().OnArchived(p, *a); !s.ok()) return s;
                    }
                    return core::Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(Count("scan_hits"), 0);
  json lex = TestLexicon();
  lex["terms_tsv"] = lex["terms_tsv"].get<std::string>() + "harmful\t新型违规词\n";
  ASSERT_EQ(Publish(lex).status, 201);
  EXPECT_EQ(Count("scan_hits"), 0);  // a new version scans what is archived from now on

  const std::string from = core::BeijingDay(std::time(nullptr) - 10 * core::kSecondsPerDay).ToString();
  const std::string today = clock_.Today().ToString();
  // Bad periods name their field; only the city office may start one.
  EXPECT_EQ(Post(admin_, "/api/lexicons/rescans", {{"from", today}, {"to", from}}).body["error"]["field"], "to");
  EXPECT_EQ(Post(admin_, "/api/lexicons/rescans", {{"from", from}, {"to", clock_.Today().AddDays(1).ToString()}})
                .body["error"]["field"],
            "to");
  EXPECT_EQ(Post(admin_, "/api/lexicons/rescans", {{"from", "2020-01-01"}, {"to", today}}).body["error"]["field"],
            "from");
  EXPECT_EQ(Post(admin_, "/api/lexicons/rescans", {{"from", "昨天"}, {"to", today}}).body["error"]["field"], "from");
  EXPECT_EQ(Post(Login("insp"), "/api/lexicons/rescans", {{"from", from}, {"to", today}}).status, 403);
  EXPECT_EQ(Count("rescans"), 0);

  auto started = Post(admin_, "/api/lexicons/rescans", {{"from", from}, {"to", today}});
  ASSERT_EQ(started.status, 201) << started.body.dump();
  EXPECT_EQ(started.body["posts"], 501);
  EXPECT_EQ(started.body["batches"], 2);
  EXPECT_EQ(started.body["status"], "running");
  EXPECT_EQ(started.body["lexicon_version"], 2);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'lexicon.rescan'")->Int(0), 1);

  // A node's worker takes the batches as jobs.
  EXPECT_EQ(RunDueJobs(), 2);
  auto list = Get(admin_, "/api/lexicons/rescans");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  const json& done = list.body["items"][0];
  EXPECT_EQ(done["status"], "done");
  EXPECT_EQ(done["batches_done"], 2);
  EXPECT_EQ(done["posts_done"], 501);
  EXPECT_EQ(done["hits_added"], 1);
  EXPECT_EQ(done["alerts_added"], 1);
  EXPECT_FALSE(done["finished_at"].is_null());
  auto hit = storage::QueryOne(node_->db(), "SELECT p.platform_post_id, h.level FROM scan_hits h JOIN posts p ON p.id = h.post_id");
  ASSERT_TRUE(hit.ok());
  EXPECT_EQ(hit->Text(0), "old-450");
  EXPECT_EQ(hit->Text(1), "alert");
  EXPECT_EQ(Count("alerts"), 1);

  // A batch redone after its node died (its job claimed again) adds nothing and counts once.
  ASSERT_TRUE(node_->rescans().RunBatch({done["id"].get<int64_t>(), 1, 0, 1'000'000'000}).ok());
  EXPECT_EQ(Get(admin_, "/api/lexicons/rescans").body["items"][0]["batches_done"], 2);
  // The same period again: every post scanned, nothing new.
  ASSERT_EQ(Post(admin_, "/api/lexicons/rescans", {{"from", from}, {"to", today}}).status, 201);
  RunDueJobs();
  const json again = Get(admin_, "/api/lexicons/rescans").body["items"][0];
  EXPECT_EQ(again["status"], "done");
  EXPECT_EQ(again["posts_done"], 501);
  EXPECT_EQ(again["hits_added"], 0);
  EXPECT_EQ(again["alerts_added"], 0);
  EXPECT_EQ(Count("scan_hits"), 1);
  EXPECT_EQ(Count("alerts"), 1);
  EXPECT_EQ(Get(Login("insp"), "/api/lexicons/rescans").status, 403);
}

TEST_F(MonitoringTest, CommentsAreArchivedBesidePostsAndCountAsModeration) {
  ASSERT_EQ(Publish(TestLexicon()).status, 201);
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  json missing = Item(acc, "c1", "留言", Ago(1));
  auto bad = Push("comments", {missing});
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "comments[0].post_id");

  ASSERT_EQ(Push("posts", {Item(acc, "1001", "今日通知", Ago(2))}).status, 200);
  json c = Item(acc, "1001", "评论里有测试违规词", Ago(1));  // the same id as the post: another namespace
  c["post_id"] = "1001";
  c["author"] = "网友甲";
  json veto = Item(acc, "1002", "转发暴恐视频", Ago(1));
  veto["post_id"] = "1001";
  auto pushed = Push("comments", {c, veto});
  ASSERT_EQ(pushed.status, 200) << pushed.body.dump();
  EXPECT_EQ(pushed.body["added"], 2);
  EXPECT_EQ(Push("comments", {c}).body["unchanged"], 1);
  EXPECT_EQ(Count("posts"), 3);

  auto comments = Get(admin_, "/api/posts?kind=comment&q=" + httplib::detail::encode_query_param("测试违规词"));
  ASSERT_EQ(comments.status, 200);
  ASSERT_EQ(comments.body["total"], 1);
  EXPECT_EQ(comments.body["items"][0]["kind"], "comment");
  EXPECT_EQ(comments.body["items"][0]["author"], "网友甲");
  EXPECT_EQ(comments.body["items"][0]["parent_id"], "1001");
  EXPECT_EQ(comments.body["items"][0]["hits"].size(), 1u);
  EXPECT_EQ(Get(admin_, "/api/posts?kind=post").body["total"], 1);
  EXPECT_EQ(Get(admin_, "/api/posts?kind=reply").status, 400);

  // Hits in comments are the account's moderation failure; veto-level ones still alert.
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM scan_hits WHERE indicator = 'comment_moderation'")->Int(0), 2);
  auto alerts = Get(admin_, "/api/alerts");
  ASSERT_EQ(alerts.body["items"].size(), 1u);
  EXPECT_EQ(alerts.body["items"][0]["kind"], "comment");
  auto insp = Post(Login("insp"), "/api/inspections",
                   {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", Ago(0)}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  bool moderation = false;
  for (const auto& d : insp.body["derived"]) {
    if (d["indicator"] != "comment_moderation") continue;
    moderation = true;
    EXPECT_EQ(d["occurrences"], 2);
    EXPECT_NE(d["evidence"][0].get<std::string>().find("留言 "), std::string::npos);
  }
  EXPECT_TRUE(moderation) << insp.body["derived"].dump();
  // Freshness counts posts only: the comments do not make the account look active.
  EXPECT_EQ(*node_->posts().CountPosts(acc), 1);
}

TEST_F(MonitoringTest, SettingsAreCheckedAuditedAndTheWebhookAddressShownOnlyToTheCityOffice) {
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"freshness_warn_days", {10, 7}}}).body["error"]["field"],
            "freshness_warn_days");
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"freshness_warn_days", {7, 14}}}).status, 400);
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"availability_failures", 0}}).body["error"]["field"],
            "availability_failures");
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"alert_webhook_url", "ftp://x"}}).body["error"]["field"],
            "alert_webhook_url");
  EXPECT_EQ(Put(Login("insp"), "/api/settings/monitoring", {{"availability_failures", 2}}).status, 403);
  auto ok = Put(admin_, "/api/settings/monitoring",
                {{"freshness_warn_days", {5, 9}}, {"alert_webhook_url", "http://127.0.0.1:9/hook?key=secret"}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["freshness_warn_days"], json({5, 9}));
  EXPECT_EQ(ok.body["availability_failures"], 3);  // untouched
  EXPECT_EQ(Get(admin_, "/api/settings/monitoring").body["alert_webhook_url"], "http://127.0.0.1:9/hook?key=secret");
  EXPECT_EQ(Get(Login("insp"), "/api/settings/monitoring").body["alert_webhook_url"], "（已配置）");
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.update'")->Int(0), 1);
}

TEST_F(MonitoringTest, FreshnessListsAccountsAtRiskFirstUnderTheThresholdsSet) {
  const int64_t zp = UnitId("张浦镇");
  const int64_t warn = OpenAccount(admin_, zp, "张浦发布");
  const int64_t fine = OpenAccount(admin_, UnitId("昆山市教育局"), "昆山教育");
  const int64_t veto = OpenAccount(admin_, UnitId("周市镇"), "周市发布");
  const int64_t none = OpenAccount(admin_, UnitId("巴城镇"), "巴城发布");
  ASSERT_EQ(Push("posts", {Item(warn, "a", "八天前", Ago(8)), Item(fine, "b", "昨天", Ago(1)),
                           Item(veto, "c", "十五天前", Ago(15))})
                .status,
            200);
  auto all = Get(admin_, "/api/freshness");
  ASSERT_EQ(all.status, 200) << all.body.dump();
  EXPECT_EQ(all.body["thresholds"], json({7, 10}));
  std::map<int64_t, std::string> level;
  for (const auto& x : all.body["items"]) level[x["account_id"]] = x["level"];
  EXPECT_EQ(level[warn], "warn");
  EXPECT_EQ(level[fine], "ok");
  EXPECT_EQ(level[veto], "veto");
  EXPECT_EQ(level[none], "no_source");
  EXPECT_EQ(all.body["items"][0]["account_id"], veto);
  auto risk = Get(admin_, "/api/freshness?level=risk");
  ASSERT_EQ(risk.body["items"].size(), 2u);
  EXPECT_EQ(risk.body["items"][1]["account_id"], warn);
  EXPECT_NEAR(risk.body["items"][1]["days_silent"].get<double>(), 8.0, 0.1);
  EXPECT_EQ(risk.body["items"][1]["windows"], json({0, 1, 0, 0}));
  EXPECT_EQ(Get(admin_, "/api/freshness?level=soon").status, 400);
  // Paged as the console asks: the page's rows in the same order, the total and counts of all.
  auto second = Get(admin_, "/api/freshness?page=2&page_size=1");
  ASSERT_EQ(second.status, 200) << second.body.dump();
  ASSERT_EQ(second.body["items"].size(), 1u);
  EXPECT_EQ(second.body["items"][0], all.body["items"][1]);
  EXPECT_EQ(second.body["total"], all.body["items"].size());
  EXPECT_EQ(second.body["counts"], all.body["counts"]);
  EXPECT_EQ(Get(admin_, "/api/freshness?page=9&page_size=50").body["items"].size(), 0u);
  auto bad_page = Get(admin_, "/api/freshness?page_size=many");
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_NE(bad_page.body.dump().find("page_size"), std::string::npos) << bad_page.body.dump();

  // Tighter thresholds move the 8-day account to the second warning.
  ASSERT_EQ(Put(admin_, "/api/settings/monitoring", {{"freshness_warn_days", {3, 6}}}).status, 200);
  auto tighter = Get(admin_, "/api/freshness?level=danger");
  ASSERT_EQ(tighter.body["items"].size(), 1u);
  EXPECT_EQ(tighter.body["items"][0]["account_id"], warn);

  // A unit operator sees the unit's own accounts only.
  auto own = Get(Login("zp"), "/api/freshness");
  ASSERT_EQ(own.body["items"].size(), 1u);
  EXPECT_EQ(own.body["items"][0]["account_id"], warn);
  EXPECT_EQ(Get(Login("zp"), "/api/freshness?unit_id=" + std::to_string(UnitId("周市镇"))).body["items"].size(), 0u);

  // The report is computed once and shared, but never stale: a post of today, a new account and
  // a renamed one show at the next request.
  ASSERT_EQ(Push("posts", {Item(warn, "d", "今天", Ago(0.01))}).status, 200);
  const int64_t added = OpenAccount(admin_, zp, "张浦政务");
  ASSERT_EQ(Patch(admin_, "/api/accounts/" + std::to_string(fine), {{"name", "昆山教育发布"}}).status, 200);
  auto now = Get(admin_, "/api/freshness");
  std::map<int64_t, std::string> name;
  level.clear();
  for (const auto& x : now.body["items"]) level[x["account_id"]] = x["level"], name[x["account_id"]] = x["account_name"];
  EXPECT_EQ(level[warn], "ok");
  EXPECT_EQ(level[added], "no_source");
  EXPECT_EQ(name[fine], "昆山教育发布");
}

// A webhook receiver on loopback that fails its first request.
class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      bodies_.push_back(req.body);
      res.status = bodies_.size() == 1 ? 500 : 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

TEST_F(MonitoringTest, AnAlertIsPushedToTheWebhookOnceAndRetriedUntilReceived) {
  Receiver hook;
  ASSERT_EQ(Put(admin_, "/api/settings/monitoring",
                {{"alert_webhook_url", "http://127.0.0.1:" + std::to_string(hook.port()) + "/hook"}})
                .status,
            200);
  ASSERT_EQ(Publish(TestLexicon()).status, 201);
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Push("posts", {Item(acc, "w1", "有人泄露秘密，联系 13812345678", Ago(1))}).status, 200);
  ASSERT_EQ(Push("posts", {Item(acc, "w1", "有人泄露秘密（已编辑）", Ago(1))}).status, 200);  // same post: no second alert
  EXPECT_EQ(Count("webhook_outbox"), 1);

  auto first = node_->webhooks().DeliverDue(5000);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->failed, 1);
  EXPECT_EQ(node_->webhooks().DeliverDue(5000)->failed, 0);  // not due again yet
  ASSERT_TRUE(node_->db().Exec("UPDATE webhook_outbox SET next_attempt_epoch = 0").ok());
  auto second = node_->webhooks().DeliverDue(5000);
  EXPECT_EQ(second->delivered, 1);
  EXPECT_EQ(node_->webhooks().DeliverDue(5000)->delivered, 0);

  auto bodies = hook.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  const json payload = json::parse(bodies[1]);
  EXPECT_EQ(payload["category"], "secret");
  EXPECT_EQ(payload["indicator"], "veto.secret_leak");
  EXPECT_EQ(payload["account"]["id"], acc);
  EXPECT_EQ(payload["item"]["platform_id"], "w1");
  // The post's text (here with a phone number) never leaves through the webhook.
  EXPECT_EQ(bodies[1].find("13812345678"), std::string::npos);
  EXPECT_EQ(bodies[1].find("泄露秘密"), std::string::npos);
}

}  // namespace
}  // namespace govmedia::testing

namespace govmedia::testing {
namespace {

// 一键整改 (issue 11): the city office opens a rectification for the alert's account with the
// alert's evidence as the problem; the alert is handled with a note naming it; both audited.
TEST_F(MonitoringTest, TheCityOfficeOpensARectificationFromAnAlertInOneStep) {
  ASSERT_EQ(Publish(TestLexicon()).status, 201);
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  const int64_t town = UnitId("张浦镇");
  const int64_t acc = OpenAccount(admin_, town, "张浦发布");
  json post = Item(acc, "2001", "张浦镇今日发布：网传一段暴恐视频系旧闻，请勿转发。", Ago(1));
  post["url"] = "https://weibo.com/zhangpu/2001";
  ASSERT_EQ(Push("posts", {post}).status, 200);
  auto alerts = Get(admin_, "/api/alerts");
  ASSERT_EQ(alerts.body["items"].size(), 1u) << alerts.body.dump();
  const int64_t alert = alerts.body["items"][0]["id"];
  EXPECT_EQ(alerts.body["items"][0]["url"], "https://weibo.com/zhangpu/2001");
  EXPECT_TRUE(alerts.body["items"][0]["rectification_id"].is_null());
  const std::string path = "/api/alerts/" + std::to_string(alert) + "/rectification";

  // Only the city office opens rectifications: not the duty officer, not a unit.
  EXPECT_EQ(Post(Login("duty"), path, json::object()).status, 403);
  EXPECT_EQ(Post(Login("zp"), path, json::object()).status, 403);
  EXPECT_EQ(Count("rectifications"), 0);

  auto opened = Post(admin_, path, json::object());
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  const int64_t task = opened.body["rectification"]["id"];
  const std::string problem = opened.body["rectification"]["problem"];
  for (const char* part : {"有害信息", "帖子 2001", "「暴恐视频」", "网传一段暴恐视频系旧闻", "https://weibo.com/zhangpu/2001"})
    EXPECT_NE(problem.find(part), std::string::npos) << part << " in " << problem;
  EXPECT_EQ(opened.body["rectification"]["due_on"], "2024-10-28");  // 10 days from today (2024-10-18)
  EXPECT_EQ(opened.body["rectification"]["indicator"], "veto.harmful_content");
  // The alert: handled, with a note naming the rectification, and linked to it.
  EXPECT_EQ(opened.body["alert"]["status"], "handled");
  EXPECT_EQ(opened.body["alert"]["handled_by"], "admin");
  EXPECT_NE(opened.body["alert"]["note"].get<std::string>().find("整改 #" + std::to_string(task)), std::string::npos)
      << opened.body["alert"].dump();
  EXPECT_EQ(opened.body["alert"]["rectification_id"], task);
  // Once is enough.
  EXPECT_EQ(Post(admin_, path, json::object()).status, 409);
  EXPECT_EQ(Count("rectifications"), 1);

  // The unit sees it like a notice's rectification, and answers it; another unit does not see it.
  Session zp = Login("zp");
  auto own = Get(zp, "/api/rectifications?alert_id=" + std::to_string(alert));
  ASSERT_EQ(own.body["items"].size(), 1u) << own.body.dump();
  EXPECT_EQ(own.body["items"][0]["alert_id"], alert);
  EXPECT_TRUE(own.body["items"][0]["notice_id"].is_null());
  EXPECT_EQ(own.body["items"][0]["notice_title"], "告警 #" + std::to_string(alert));
  EXPECT_EQ(own.body["items"][0]["published_on"], "2024-10-18");
  EXPECT_EQ(own.body["items"][0]["status"], "open");
  bool on_home = false;
  Reply home = Get(zp, "/api/my-tasks");
  for (const auto& t : home.body["items"]) on_home = on_home || t["kind"] == "rectification";
  EXPECT_TRUE(on_home) << home.body.dump();
  EXPECT_EQ(Post(zp, "/api/rectifications/" + std::to_string(task) + "/answer", {{"answer", "已删除该帖"}}).status, 200);
  EXPECT_EQ(Get(Login("edu"), "/api/rectifications").body["total"], 0);

  // Audited: the rectification opened from the alert, and the alert handled.
  auto rows = node_->db().Query(
      "SELECT action, entity, entity_id, after_json FROM audit_log WHERE action IN ('rectification.open', "
      "'alert.handle') ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "rectification.open");
  EXPECT_EQ((*rows)[0].Text(2), std::to_string(task));
  EXPECT_EQ(json::parse((*rows)[0].Text(3))["alert_id"], alert);
  EXPECT_EQ((*rows)[1].Text(0), "alert.handle");
  EXPECT_EQ((*rows)[1].Text(2), std::to_string(alert));

  // A forwarded alert is not rectified from here.
  json other = Item(acc, "2002", "再次出现暴恐视频链接", Ago(0.5));
  ASSERT_EQ(Push("posts", {other}).status, 200);
  const int64_t second = Get(admin_, "/api/alerts?status=new").body["items"][0]["id"];
  ASSERT_EQ(Post(admin_, "/api/alerts/" + std::to_string(second) + "/forward", {{"department", "市委网信办"}}).status, 200);
  EXPECT_EQ(Post(admin_, "/api/alerts/" + std::to_string(second) + "/rectification", json::object()).status, 409);
  EXPECT_EQ(Count("rectifications"), 1);
}

}  // namespace
}  // namespace govmedia::testing
