// Hijacked or misused accounts through the API: an account's normal history pushed, then a night
// burst of adverts linking to a new domain raises one 疑似账号被盗用 alert with its evidence for
// the duty officer, who handles it like any alert; a normal day and a young account raise
// nothing; the settings move the thresholds; a renamed feed channel with adverts alerts.
#include <httplib.h>

#include <algorithm>
#include <thread>

#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class HijackTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
    admin_ = Login("admin");
    token_ = Post(admin_, "/api/integrations", {{"name", "接入"}}).body["token"];
  }
  Reply Push(const json& posts) {
    return ToReply(client_->Post("/api/ingest/posts", {{"Authorization", "Bearer " + token_}},
                                 json{{"posts", posts}}.dump(), "application/json"));
  }
  static json Item(int64_t account, const std::string& id, const std::string& at, const std::string& text) {
    return {{"account_id", account}, {"id", id}, {"published_at", at}, {"text", text},
            {"url", "https://weibo.com/zp/" + id}};
  }
  // Three posts a day (09:00, 14:00, 19:00) for `days` days up to 2024-10-16, linking to the
  // town's site.
  void PushHistory(int64_t account, int days) {
    json items = json::array();
    const int64_t last = core::StartOfDay(*core::Date::Parse("2024-10-16"));
    for (int d = days - 1; d >= 0; --d) {
      for (int h : {9, 14, 19}) {
        const std::string id = "h" + std::to_string(d) + "-" + std::to_string(h);
        items.push_back(Item(account, id, core::FormatRfc3339Beijing(last - d * core::kSecondsPerDay + h * 3600),
                             "张浦镇开展秋季消防安全检查 https://www.ks.gov.cn/zp/" + id));
      }
    }
    auto r = Push(items);
    ASSERT_EQ(r.status, 200) << r.body.dump();
  }
  json AdsAt3(int64_t account, int n, int first_minute = 0) {
    json items = json::array();
    for (int i = 0; i < n; ++i) {
      char at[40];
      std::snprintf(at, sizeof at, "2024-10-18T03:%02d:00+08:00", first_minute + i * 5);
      items.push_back(Item(account, "ad" + std::to_string(first_minute + i), at,
                           "正品运动鞋特价包邮，加微信 shoes888 私信领取 http://cheap-shoes.example.com/p" +
                               std::to_string(i)));
    }
    return items;
  }
  json HijackAlerts() {
    auto r = Get(Login("duty"), "/api/alerts?type=hijack");
    EXPECT_EQ(r.status, 200) << r.body.dump();
    return r.body["items"];
  }
  Session admin_;
  std::string token_;
};

// The codes of an alert's signals, sorted (an episode's evidence lists them as they appeared).
std::vector<std::string> Codes(const json& alert) {
  std::vector<std::string> out;
  for (const auto& s : alert["evidence"]["signals"]) out.push_back(s["code"]);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Detail(const json& alert, const std::string& code) {
  for (const auto& s : alert["evidence"]["signals"])
    if (s["code"] == code) return s["detail"];
  return "";
}

TEST_F(HijackTest, NightBurstOfAdsWithANewDomainRaisesOneAlertWithEvidence) {
  ASSERT_EQ(Put(admin_, "/api/settings/monitoring", {{"alert_webhook_url", "http://127.0.0.1:9/hook"}}).status, 200);
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  PushHistory(acc, 40);
  EXPECT_TRUE(HijackAlerts().empty());
  ASSERT_EQ(Push(AdsAt3(acc, 3)).status, 200);
  json alerts = HijackAlerts();
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump();
  json a = alerts[0];
  EXPECT_EQ(a["type"], "hijack");
  EXPECT_EQ(a["category"], "hijack");
  EXPECT_EQ(a["category_label"], "疑似账号被盗用");
  EXPECT_EQ(a["indicator_name"], "疑似账号被盗用");
  EXPECT_EQ(a["account_name"], "张浦发布");
  EXPECT_EQ(a["platform_post_id"], "ad0");  // the episode's first post
  EXPECT_EQ(Codes(a), (std::vector<std::string>{"ad", "new_domain", "night"}));
  const json& ev = a["evidence"];
  EXPECT_EQ(ev["history_posts"], 120);
  EXPECT_EQ(ev["posts"].size(), 3u);
  EXPECT_EQ(ev["posts"][0]["platform_post_id"], "ad0");
  EXPECT_EQ(ev["posts"][0]["published_at"], "2024-10-18T03:00:00+08:00");
  EXPECT_NE(ev["posts"][0]["text"].get<std::string>().find("加微信"), std::string::npos);
  EXPECT_NE(Detail(a, "night").find("3 时（历史 0 条"), std::string::npos) << Detail(a, "night");
  EXPECT_NE(Detail(a, "new_domain").find("example.com"), std::string::npos);
  EXPECT_NE(Detail(a, "ad").find("历史 120 条中 0 条"), std::string::npos) << Detail(a, "ad");
  // The webhook outbox carries it like any new alert; the content alerts do not list it.
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM webhook_outbox WHERE alert_id = ?",
                              {a["id"].get<int64_t>()})->Int(0), 1);
  auto content = Get(Login("duty"), "/api/alerts?type=content");
  EXPECT_TRUE(content.body["items"].empty());
  EXPECT_EQ(Get(Login("duty"), "/api/alerts?type=other").body["error"]["field"], "type");

  // More of the episode: the same alert, its evidence grown.
  ASSERT_EQ(Push(AdsAt3(acc, 2, 30)).status, 200);
  alerts = HijackAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["evidence"]["posts"].size(), 5u);

  // Not a rectification of 附件2: the office is told to handle or forward it.
  auto rect = Post(admin_, "/api/alerts/" + std::to_string(a["id"].get<int64_t>()) + "/rectification", json::object());
  EXPECT_EQ(rect.status, 409) << rect.body.dump();
  EXPECT_EQ(Count("rectifications"), 0);

  // The duty officer handles it like any alert, audited.
  Session duty = Login("duty");
  const std::string path = "/api/alerts/" + std::to_string(a["id"].get<int64_t>());
  EXPECT_EQ(Post(duty, path + "/acknowledge", json::object()).status, 200);
  auto handled = Post(duty, path + "/handle", {{"note", "已联系单位修改密码并删除广告"}});
  ASSERT_EQ(handled.status, 200) << handled.body.dump();
  EXPECT_EQ(handled.body["status"], "handled");
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.handle' AND entity_id = ?",
                              {std::to_string(a["id"].get<int64_t>())})->Int(0), 1);
  // Once handled, the episode's posts never raise it again.
  ASSERT_EQ(Push(AdsAt3(acc, 2, 30)).status, 200);
  EXPECT_EQ(HijackAlerts().size(), 1u);
  // Other units' operators and inspectors see no alerts.
  EXPECT_EQ(Get(Login("zp"), "/api/alerts?type=hijack").status, 403);
}

TEST_F(HijackTest, ANormalDayRaisesNothing) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  PushHistory(acc, 40);
  ASSERT_EQ(Push({Item(acc, "n1", "2024-10-18T09:05:00+08:00", "重阳节敬老活动 https://www.ks.gov.cn/zp/n1"),
                  Item(acc, "n2", "2024-10-18T15:00:00+08:00", "道路施工交通管制通知"),
                  Item(acc, "n3", "2024-10-18T19:30:00+08:00", "明日天气")})
                .status,
            200);
  EXPECT_TRUE(HijackAlerts().empty());
  EXPECT_EQ(Count("alerts"), 0);
}

TEST_F(HijackTest, AYoungAccountRaisesNothingUntilTheSettingsAllowIt) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  PushHistory(acc, 10);
  ASSERT_EQ(Push(AdsAt3(acc, 3)).status, 200);
  EXPECT_TRUE(HijackAlerts().empty());  // 无法判定: ten days of history

  // Bad settings are refused naming the field; good ones apply to the next posts.
  auto bad = Put(admin_, "/api/settings/monitoring", {{"hijack_min_history_days", 3}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "hijack_min_history_days");
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"hijack_min_signals", 9}}).body["error"]["field"],
            "hijack_min_signals");
  auto ok = Put(admin_, "/api/settings/monitoring", {{"hijack_min_history_days", 7}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["hijack_min_history_days"], 7);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.update'")->Int(0), 1);
  ASSERT_EQ(Push(AdsAt3(acc, 2, 30)).status, 200);
  EXPECT_EQ(HijackAlerts().size(), 1u);
}

TEST_F(HijackTest, MinSignalsDecidesWhetherOneNightPostAlerts) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  PushHistory(acc, 40);
  ASSERT_EQ(Push(json::array({Item(acc, "q1", "2024-10-18T03:10:00+08:00", "地震快讯：我镇有震感")})).status, 200);
  EXPECT_TRUE(HijackAlerts().empty());  // one signal alone
  ASSERT_EQ(Put(admin_, "/api/settings/monitoring", {{"hijack_min_signals", 1}}).status, 200);
  ASSERT_EQ(Push(json::array({Item(acc, "q2", "2024-10-18T03:40:00+08:00", "地震快讯：暂无人员伤亡")})).status, 200);
  json alerts = HijackAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(Codes(alerts[0]), (std::vector<std::string>{"night"}));
}

// The feed's channel: a renamed account with a new avatar posting adverts, seen through its feed.
TEST_F(HijackTest, ARenamedFeedChannelWithAdvertsAlerts) {
  httplib::Server feed;
  std::string body;
  feed.Get("/feed", [&](const httplib::Request&, httplib::Response& res) { res.set_content(body, "application/rss+xml"); });
  const int port = feed.bind_to_any_port("127.0.0.1");
  std::thread t([&] { feed.listen_after_bind(); });
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  auto record = json::parse(storage::QueryOne(node_->db(), "SELECT record_json FROM accounts WHERE id = ?", {acc})->Text(0));
  record["feed_urls"] = json::array({"http://127.0.0.1:" + std::to_string(port) + "/feed"});
  ASSERT_TRUE(node_->db().Exec("UPDATE accounts SET record_json = ? WHERE id = ?", {record.dump(), acc}).ok());
  PushHistory(acc, 40);
  auto rss = [](const std::string& title, const std::string& image, const std::string& items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>" + title +
           "</title><image><url>" + image + "</url></image>" + items + "</channel></rss>";
  };
  const std::string old_item =
      "<item><guid>h0-19</guid><title>张浦镇开展秋季消防安全检查 https://www.ks.gov.cn/zp/h0-19</title>"
      "<pubDate>Wed, 16 Oct 2024 19:00:00 +0800</pubDate></item>";
  body = rss("张浦发布的微博", "https://img.example/zp.jpg", old_item);
  fetch::FetchOptions o;
  o.timeout_ms = 2000;
  auto first = node_->feeds().PollAll(o);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->front().outcome, "updated") << first->front().error;
  std::string ads;
  for (int i = 0; i < 3; ++i) {
    ads += "<item><guid>s" + std::to_string(i) + "</guid><title>潮鞋特价包邮，加微信 shoes888 私信领取</title>"
           "<pubDate>Fri, 18 Oct 2024 1" + std::to_string(i) + ":00:00 +0800</pubDate></item>";
  }
  body = rss("潮鞋小店的微博", "https://img.example/shoes.jpg", ads + old_item);
  auto second = node_->feeds().PollAll(o);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->front().added, 3);
  feed.stop();
  t.join();
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT channel_title FROM feed_fetches ORDER BY id DESC LIMIT 1")->Text(0),
            "潮鞋小店的微博");
  json alerts = HijackAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(Codes(alerts[0]), (std::vector<std::string>{"ad", "channel"}));
  const std::string detail = Detail(alerts[0], "channel");
  EXPECT_NE(detail.find("名称由「张浦发布的微博」变为「潮鞋小店的微博」，不含登记名称「张浦发布」"), std::string::npos) << detail;
  EXPECT_NE(detail.find("https://img.example/shoes.jpg"), std::string::npos);
}

}  // namespace
}  // namespace govmedia::testing
