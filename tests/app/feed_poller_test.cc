// The feed poller against a real HTTP server on loopback serving feed files.
#include "app/monitoring/feed_poller.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <thread>

#include "app/monitoring/fetch_history.h"
#include "app/node.h"
#include "core/timestamp.h"
#include "storage/audit_log.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

std::string Rss(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string s = R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>f</title>)";
  int day = 20;
  for (const auto& [id, text] : items) {
    s += "<item><title>" + text + "</title><guid>" + id + "</guid><pubDate>" + std::to_string(day--) +
         " Nov 2026 10:00:00 +0800</pubDate></item>";
  }
  return s + "</channel></rss>";
}

class FeedPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto node = Node::Open(db_.target(), clock_);
    ASSERT_TRUE(node.ok()) << node.status().ToString();
    node_ = std::move(*node);
    server_.Get("/feed", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests_;
      if (mode_ == "500") {
        res.status = 500;
        return;
      }
      if (mode_ == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(800));
      if (req.get_header_value("If-None-Match") == "\"v1\"" && mode_ == "etag") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(body_, content_type_);
    });
    // The pages of posts, for confirming a deletion.
    server_.Get(R"(/post/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      auto it = pages_.find(req.matches[1].str());
      if (it == pages_.end()) {
        res.status = 200;
        res.set_content("<html><body>正文仍在</body></html>", "text/html; charset=utf-8");
        return;
      }
      res.status = it->second.first;
      res.set_content(it->second.second, "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/feed";
    const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
    NewAccount a;
    a.existing = true;
    a.record.unit_id = 5;
    a.record.name = "张浦发布";
    a.record.platform = core::Platform::kWeibo;
    a.record.opened_on = core::Date::Parse("2018-01-01");
    a.record.feed_urls = {url};
    auto acc = node_->registry().CreateAccount(admin, a);
    ASSERT_TRUE(acc.ok()) << acc.status().ToString();
    account_ = acc->id;
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  FeedReport PollOnce() {
    fetch::FetchOptions o;
    o.timeout_ms = 400;
    o.attempts = 2;
    o.backoff_ms = 10;
    auto r = node_->feeds().PollAll(o);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 1u);
    return r->front();
  }
  int64_t Count(const std::string& sql) { return storage::QueryOne(node_->db(), sql)->Int(0); }

  testing::TempDir tmp_;
  SystemClock clock_;
  testing::TestDb db_{tmp_};
  std::unique_ptr<Node> node_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int64_t account_ = 0;
  std::string mode_ = "etag";
  std::string body_;
  std::string content_type_ = "application/rss+xml";
  std::map<std::string, std::pair<int, std::string>> pages_;  // post id → status, body
  std::atomic<int> requests_{0};
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }
};

TEST_F(FeedPollerTest, ArchivesThenAsksConditionally) {
  body_ = Rss({{"a", "第一条"}, {"b", "第二条"}});
  auto r = PollOnce();
  EXPECT_EQ(r.outcome, "updated");
  EXPECT_EQ(r.added, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 2);
  r = PollOnce();  // the server answers 304 to the stored ETag
  EXPECT_EQ(r.outcome, "not_modified");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 2);
}

TEST_F(FeedPollerTest, EditedAndDeletedPostsAreNoticedNothingIsRemoved) {
  mode_ = "plain";
  body_ = Rss({{"a", "第一条"}, {"b", "第二条"}, {"c", "第三条"}});
  PollOnce();
  // b vanished inside the window: newer than the document's oldest item (this helper dates items by
  // position, one day apart).
  body_ = Rss({{"a", "第一条（更正）"}, {"c", "第三条"}, {"z", "新一"}, {"y", "新二"}});
  auto r = PollOnce();
  EXPECT_EQ(r.edited, 1);
  // b has no page to confirm its deletion: not seen since (未再出现), never "deleted".
  EXPECT_EQ(r.deleted, 0);
  EXPECT_EQ(r.not_seen, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE not_seen_since IS NOT NULL AND platform_post_id = 'b'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_deletion_checks WHERE verdict = 'no_url'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_versions"), 6);
  // Back in the feed: no longer missing.
  body_ = Rss({{"a", "第一条（更正）"}, {"b", "第二条"}, {"c", "第三条"}});
  PollOnce();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE not_seen_since IS NOT NULL"), 0);
}

TEST_F(FeedPollerTest, FailingSourcesAreMarkedAndNotCountedSilent) {
  mode_ = "500";
  auto r = PollOnce();
  EXPECT_EQ(r.outcome, "failing");
  EXPECT_EQ(requests_.load(), 2);  // retried
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_state WHERE health = 'failing'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_fetches WHERE outcome = 'blind'"), 1);
  EXPECT_TRUE(*node_->posts().AnyFeedFailing(account_));
  // An inspection now derives no freshness finding: no veto for an account whose source fails.
  const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
  char when[40];
  std::snprintf(when, sizeof when, "%sT00:00:00+08:00", clock_.Today().ToString().c_str());
  auto insp = node_->scoring().Create(admin, {account_, "city", "", when});
  ASSERT_TRUE(insp.ok()) << insp.status().ToString();
  EXPECT_FALSE(insp->result["score"].is_null());
  // Malformed XML and timeouts fail too; a good answer heals the state.
  mode_ = "plain";
  body_ = "<rss><channel><item>";
  EXPECT_EQ(PollOnce().outcome, "failing");
  mode_ = "slow";
  body_ = Rss({{"a", "x"}});
  EXPECT_EQ(PollOnce().outcome, "failing");
  mode_ = "plain";
  EXPECT_EQ(PollOnce().outcome, "updated");
  EXPECT_FALSE(*node_->posts().AnyFeedFailing(account_));
}

// ---- issue 10: feeds as they are ----

// The posts of the account as (id → published_epoch, date_missing, text).
struct Archived {
  int64_t epoch = 0;
  bool date_missing = false;
  std::string text;
};

class FeedShapesTest : public FeedPollerTest {
 protected:
  std::map<std::string, Archived> Posts() {
    std::map<std::string, Archived> out;
    auto rows = node_->db().Query(
        "SELECT p.platform_post_id, p.published_epoch, p.date_missing, v.text FROM posts p JOIN post_versions v ON "
        "v.post_id = p.id AND v.version = p.current_version WHERE p.account_id = ?",
        {account_});
    EXPECT_TRUE(rows.ok());
    for (const auto& r : *rows) out[r.Text(0)] = {r.Int(1), r.Int(2) != 0, r.Text(3)};
    return out;
  }
  void Serve(std::string body, std::string content_type) {
    mode_ = "plain";
    body_ = std::move(body);
    content_type_ = std::move(content_type);
  }
};

int64_t At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

TEST_F(FeedShapesTest, EachEncodingIsArchivedAsText) {
  const std::string gbk = "\xd5\xfe\xce\xf1\xb7\xa2\xb2\xbc";  // 政务发布
  const std::string big5 = "\xac\x46\xb0\xc8\xb5\x6f\xa5\xac";  // 政務發布
  auto rss = [](const std::string& decl, const std::string& id, const std::string& title) {
    return decl + "<rss version=\"2.0\"><channel><title>t</title><item><guid>" + id + "</guid><title>" + title +
           "</title><pubDate>Wed, 16 Jun 2021 21:22:47 +0800</pubDate></item></channel></rss>";
  };
  Serve(rss("", "gbk-http", gbk), "application/rss+xml; charset=GBK");
  EXPECT_EQ(PollOnce().outcome, "updated");
  Serve(rss("<?xml version=\"1.0\" encoding=\"gb2312\"?>", "gb2312-decl", gbk), "text/xml");
  PollOnce();
  Serve(rss("\n<?xml version=\"1.0\" encoding=\"big5\"?>", "big5", big5), "text/xml");
  PollOnce();
  Serve(rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "latin1", "Espa\xf1" "a"), "application/xml");
  PollOnce();
  // Nothing declared at all: the detector reads the GBK bytes.
  Serve(rss("", "sniffed",
            "\xb2\xbb\xb9\xe9\xd2\xc6\xc3\xf1\xc2\xfe\xbb\xad\xcf\xb5\xc1\xd0\xa3\xba\xd7\xa8\xd2\xb5\xb9\xa4\xd7\xf7"),
        "application/octet-stream");
  PollOnce();
  std::string utf16 = "\xff\xfe";
  for (char c : rss("<?xml version=\"1.0\" encoding=\"utf-16\"?>", "utf16", "Title")) {
    utf16 += c;
    utf16 += '\0';
  }
  Serve(utf16, "application/xml");
  PollOnce();
  auto posts = Posts();
  EXPECT_EQ(posts["gbk-http"].text, "政务发布");
  EXPECT_EQ(posts["gb2312-decl"].text, "政务发布");
  EXPECT_EQ(posts["big5"].text, "政務發布");
  EXPECT_EQ(posts["latin1"].text, "España");
  EXPECT_EQ(posts["sniffed"].text, "不归移民漫画系列：专业工作");
  EXPECT_EQ(posts["utf16"].text, "Title");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_fetches WHERE outcome = 'blind'"), 0);
}

TEST_F(FeedShapesTest, EachFormatAndEachDateForm) {
  // Links point at the loopback server: a post missing from a later document has its page looked at.
  Serve(R"(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>t</title></channel>
<item rdf:about=")" + Base() + R"(/post/rdf1"><title>RDF 条目</title><dc:date>2021-06-16T21:22:47+08:00</dc:date></item></rdf:RDF>)",
        "application/rdf+xml");
  EXPECT_EQ(PollOnce().added, 1);
  Serve(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry><id>atom03</id><title>旧 Atom</title>
<issued>2021-06-16T21:22:47+08:00</issued></entry></feed>)",
        "application/atom+xml");
  EXPECT_EQ(PollOnce().added, 1);
  Serve(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>atom10</id><title>Atom</title>
<published>2021-06-16T13:22:47Z</published></entry></feed>)",
        "application/atom+xml");
  EXPECT_EQ(PollOnce().added, 1);
  Serve(R"({"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"json11","content_text":"JSON",
"date_published":"2021-06-16T21:22:47+08:00"}]})",
        "application/feed+json");
  EXPECT_EQ(PollOnce().added, 1);
  // RSS 0.91/0.92/2.0 with every date form Chinese sites and bridges write, and one without a date.
  std::string rss = R"(<rss version="0.92"><channel><title>t</title>)";
  const char* forms[][2] = {{"rfc822", "Wed, 16 Jun 2021 21:22:47 +0800"}, {"gmt", "Wed, 16 Jun 2021 13:22:47 GMT"},
                            {"twodigit", "16 Jun 21 13:22:47 UT"},        {"cst", "Wed Jun 16 21:22:47 CST 2021"},
                            {"dash", "2021-06-16 21:22:47"},             {"slash", "2021/6/16 21:22"},
                            {"han", "2021年6月16日 21:22"},              {"rfc3339", "2021-06-16T13:22:47Z"}};
  for (const auto& f : forms) {
    rss += std::string("<item><guid>") + f[0] + "</guid><title>" + f[0] + "</title><pubDate>" + f[1] + "</pubDate></item>";
  }
  rss += "<item><guid>nodate</guid><title>没有日期</title></item></channel></rss>";
  Serve(rss, "application/rss+xml");
  const int64_t before = clock_.NowSeconds();
  auto r = PollOnce();
  EXPECT_EQ(r.added, 9);
  EXPECT_EQ(r.undated, 1);
  auto posts = Posts();
  const int64_t t = At("2021-06-16T21:22:47+08:00");
  for (const char* id : {"rdf1", "atom03", "atom10", "json11", "rfc822", "gmt", "twodigit", "cst", "dash", "rfc3339"}) {
    EXPECT_EQ(posts[id == std::string("rdf1") ? Base() + "/post/rdf1" : id].epoch, t) << id;
  }
  EXPECT_EQ(posts["slash"].epoch, t - 47);
  EXPECT_EQ(posts["han"].epoch, t - 47);
  // Archived at its first-seen time and marked so, never dropped.
  EXPECT_TRUE(posts["nodate"].date_missing);
  EXPECT_GE(posts["nodate"].epoch, before);
  EXPECT_FALSE(posts["rfc822"].date_missing);
}

TEST_F(FeedShapesTest, IllFormedXmlIsRecoveredAndTheRepairRecorded) {
  Serve("\xEF\xBB\xBF  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A & B</title>"
        "<item><guid>x1</guid><title>控制\x08字符 &nbsp;与 & 符号 &copy=2</title>"
        "<pubDate>Wed, 16 Jun 2021 21:22:47 +0800</pubDate></item></channel></rss>",
        "application/rss+xml");
  auto r = PollOnce();
  EXPECT_EQ(r.outcome, "updated");
  EXPECT_EQ(r.added, 1);
  EXPECT_NE(r.error.find("&"), std::string::npos) << r.error;  // what was mended is said
  EXPECT_EQ(Posts()["x1"].text, "控制字符 与 & 符号 &copy=2");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_fetches WHERE outcome = 'ok' AND reason LIKE '%控制字符%'"), 1);
}

TEST_F(FeedShapesTest, NotAFeedPageIsSourceFailingNeverSilent) {
  Serve("<head><title>Document Moved</title></head><body><h1>Object Moved</h1></body>", "text/html");
  auto r = PollOnce();
  EXPECT_EQ(r.outcome, "failing");
  EXPECT_NE(r.error.find("不是 RSS"), std::string::npos) << r.error;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_state WHERE health = 'failing' AND last_error LIKE '%不是 RSS%'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_fetches WHERE outcome = 'blind'"), 1);
  // Items present but unreadable: 数据源异常 too.
  Serve("<rss><channel><item></item><item><title>可读</title></item></channel></rss>", "application/rss+xml");
  r = PollOnce();
  EXPECT_EQ(r.outcome, "failing");
  EXPECT_NE(r.error.find("无法读取"), std::string::npos) << r.error;
  // The freshness page says why: 无法判定（数据源异常） with the source's problem.
  const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
  auto rep = node_->freshness().Report(admin, {});
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->rows.size(), 1u);
  EXPECT_EQ(rep->rows[0].f.level, core::FreshnessLevel::kSourceFailing);
  EXPECT_EQ(FreshnessLabel(rep->rows[0].f.level, rep->thresholds, rep->veto_days), "无法判定（数据源异常）");
  EXPECT_NE(rep->rows[0].source_problem.find("无法读取"), std::string::npos);
}

// A WeChat bridge holds the newest items; one push shares a timestamp. Rolling forward drops the
// oldest of a push off the end: not evidence of anything.
TEST_F(FeedShapesTest, RollingForwardWithSharedOldestTimestampMarksNothing) {
  auto doc = [](const std::vector<std::pair<std::string, std::string>>& items) {
    std::string s = R"(<rss version="2.0"><channel><title>上海发布 | wechat-feeds</title>)";
    for (const auto& [id, when] : items) {
      s += "<item><title>" + id + "</title><link>https://mp.weixin.qq.com/s/" + id + "</link><pubDate>" + when +
           "</pubDate></item>";
    }
    return s + "</channel></rss>";
  };
  const char* t3 = "Wed, 16 Jun 2021 20:04:54 +0800";
  Serve(doc({{"a", "Thu, 17 Jun 2021 09:00:00 +0800"}, {"b", "Thu, 17 Jun 2021 08:00:00 +0800"}, {"c", t3}, {"d", t3},
             {"e", t3}}),
        "application/rss+xml");
  EXPECT_EQ(PollOnce().added, 5);
  Serve(doc({{"f", "Thu, 17 Jun 2021 15:00:00 +0800"}, {"g", "Thu, 17 Jun 2021 14:00:00 +0800"},
             {"a", "Thu, 17 Jun 2021 09:00:00 +0800"}, {"b", "Thu, 17 Jun 2021 08:00:00 +0800"}, {"c", t3}}),
        "application/rss+xml");
  auto r = PollOnce();
  EXPECT_EQ(r.added, 2);
  EXPECT_EQ(r.deleted, 0);
  EXPECT_EQ(r.not_seen, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL OR not_seen_since IS NOT NULL"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_deletion_checks"), 0);
}

TEST_F(FeedShapesTest, AReallyDeletedPostIsMarkedWithItsPageAsEvidence) {
  auto doc = [this](const std::vector<std::pair<std::string, std::string>>& items) {
    std::string s = R"(<rss version="2.0"><channel><title>t</title>)";
    for (const auto& [id, when] : items) {
      s += "<item><title>" + id + "</title><link>" + Base() + "/post/" + id + "</link><pubDate>" + when +
           "</pubDate></item>";
    }
    return s + "</channel></rss>";
  };
  Serve(doc({{"n1", "Thu, 17 Jun 2021 12:00:00 +0800"}, {"wx", "Thu, 17 Jun 2021 11:00:00 +0800"},
             {"wb", "Thu, 17 Jun 2021 10:40:00 +0800"}, {"dy", "Thu, 17 Jun 2021 10:20:00 +0800"},
             {"gone", "Thu, 17 Jun 2021 10:00:00 +0800"}, {"g410", "Thu, 17 Jun 2021 09:30:00 +0800"},
             {"alive", "Thu, 17 Jun 2021 09:00:00 +0800"}, {"n5", "Thu, 17 Jun 2021 08:00:00 +0800"}}),
        "application/rss+xml");
  PollOnce();
  // Each platform's deleted page, and the two statuses that say gone.
  pages_["wx"] = {200, "<html><body><div class=\"weui-msg\"><h2>该内容已被发布者删除</h2></div></body></html>"};
  pages_["wb"] = {200, "<html><body><p>抱歉，此微博已被作者删除。查看帮助：<a href=\"#\">帮助</a></p></body></html>"};
  pages_["dy"] = {200, "<html><body><div class=\"error\">你要观看的视频不存在</div></body></html>"};
  pages_["gone"] = {404, "<html><body>Not Found</body></html>"};
  pages_["g410"] = {410, "<html><body>Gone</body></html>"};
  // "alive" is missing from the feed but its page is still there: 未再出现, not deleted.
  Serve(doc({{"n1", "Thu, 17 Jun 2021 12:00:00 +0800"}, {"n5", "Thu, 17 Jun 2021 08:00:00 +0800"}}),
        "application/rss+xml");
  auto r = PollOnce();
  EXPECT_EQ(r.deleted, 5);
  EXPECT_EQ(r.not_seen, 1);
  for (const char* id : {"wb", "dy", "g410"})
    EXPECT_EQ(Count(std::string("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL AND platform_post_id LIKE '%/post/") +
                    id + "'"),
              1)
        << id;
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT marker FROM post_deletion_checks WHERE url LIKE '%/post/wb'")->Text(0),
            "此微博已被作者删除");
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT marker FROM post_deletion_checks WHERE url LIKE '%/post/dy'")->Text(0),
            "你要观看的视频不存在");
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT http_status FROM post_deletion_checks WHERE url LIKE '%/post/g410'")
                ->Int(0),
            410);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL AND platform_post_id LIKE '%/post/wx'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL AND platform_post_id LIKE '%/post/gone'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NULL AND not_seen_since IS NOT NULL AND "
                  "platform_post_id LIKE '%/post/alive'"),
            1);
  auto ev = storage::QueryOne(node_->db(),
                              "SELECT verdict, http_status, body_sha256, excerpt, marker, checked_at FROM "
                              "post_deletion_checks WHERE url LIKE '%/post/wx'");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->Text(0), "deleted");
  EXPECT_EQ(ev->Int(1), 200);
  EXPECT_EQ(ev->Text(2), storage::Sha256Hex(pages_["wx"].second));
  EXPECT_NE(ev->Text(3).find("该内容已被发布者删除"), std::string::npos);
  EXPECT_EQ(ev->Text(4), "该内容已被发布者删除");
  EXPECT_FALSE(ev->Text(5).empty());
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT http_status FROM post_deletion_checks WHERE url LIKE '%/post/gone'")
                ->Int(0),
            404);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT verdict FROM post_deletion_checks WHERE url LIKE '%/post/alive'")
                ->Text(0),
            "present");

  // 未再出现 is looked at again, but not at every poll: once a day.
  pages_["alive"] = {410, "<html><body>Gone</body></html>"};
  r = PollOnce();
  EXPECT_EQ(r.deleted, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_deletion_checks WHERE url LIKE '%/post/alive'"), 1);
  // A day later the page is gone: deleted now, with the second look as its evidence.
  ASSERT_TRUE(node_->db()
                  .Exec("UPDATE post_deletion_checks SET checked_at = ? WHERE url LIKE '%/post/alive'",
                        {app::Rfc3339Utc(clock_.NowSeconds() - core::kSecondsPerDay - 60)})
                  .ok());
  r = PollOnce();
  EXPECT_EQ(r.deleted, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL AND not_seen_since IS NULL AND "
                  "platform_post_id LIKE '%/post/alive'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_deletion_checks WHERE url LIKE '%/post/alive' AND verdict = 'deleted' "
                  "AND http_status = 410"),
            1);
  // Deleted posts are not looked at again.
  ASSERT_TRUE(node_->db().Exec("UPDATE post_deletion_checks SET checked_at = '2000-01-01T00:00:00Z'").ok());
  EXPECT_EQ(PollOnce().deleted, 0);
}

TEST(DeletionMarker, PlatformsDeletedPagesOnly) {
  EXPECT_EQ(DeletionMarker("该内容已被发布者删除"), "该内容已被发布者删除");
  EXPECT_EQ(DeletionMarker("抱歉，此微博已被作者删除。查看帮助"), "此微博已被作者删除");
  EXPECT_EQ(DeletionMarker("你要观看的视频不存在"), "你要观看的视频不存在");
  EXPECT_EQ(DeletionMarker("请登录后查看"), "");
  EXPECT_EQ(DeletionMarker("微博不存在或暂无查看权限"), "");
}

// issue 10: an account whose source was blind for 10 of the last 14 days: no veto, and the
// freshness page and the inspection say 无法判定（数据源异常）.
TEST_F(FeedShapesTest, Issue10BlindTenOfFourteenDaysGivesNoVeto) {
  const int64_t now = clock_.NowSeconds();
  const int64_t day = core::kSecondsPerDay;
  // The feed's newest post is 20 days old; it was read fine on days −14…−11, then failed every day.
  Serve("<rss version=\"2.0\"><channel><title>t</title><item><guid>old</guid><title>旧帖</title><pubDate>" +
            core::FormatRfc3339Beijing(now - 20 * day) + "</pubDate></item></channel></rss>",
        "application/rss+xml");
  for (int d = 14; d >= 1; --d) {
    app::FetchRecord f;
    f.account_id = account_;
    f.url = "u";
    f.fetched_at = "x";
    f.fetched_epoch = now - d * day;
    f.outcome = d > 10 ? "ok" : "blind";
    f.reason = d > 10 ? "" : "获取失败（2 次）：HTTP 502";
    ASSERT_TRUE(app::RecordFetch(node_->db(), f).ok());
  }
  // Today's fetch fails too, through the poller.
  mode_ = "500";
  EXPECT_EQ(PollOnce().outcome, "failing");
  const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
  auto rep = node_->freshness().Report(admin, {});
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->rows.size(), 1u);
  const auto& row = rep->rows[0];
  EXPECT_EQ(row.f.level, core::FreshnessLevel::kSourceFailing);
  EXPECT_GE(row.blind_days.size(), 10u);
  EXPECT_FALSE(row.source_problem.empty());
  EXPECT_EQ(rep->counts.front(), (std::pair<std::string, int>{"veto", 0}));
  // The day the source came back, the verdict still does not rest on the blind days.
  mode_ = "plain";
  EXPECT_EQ(PollOnce().outcome, "updated");
  rep = node_->freshness().Report(admin, {});
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->rows[0].f.level, core::FreshnessLevel::kSourceFailing);
  EXPECT_EQ(*rep->rows[0].f.withheld, core::FreshnessLevel::kVeto);
  // An inspection at this moment derives no veto and says why.
  char when[40];
  std::snprintf(when, sizeof when, "%sT00:00:00+08:00", clock_.Today().ToString().c_str());
  auto insp = node_->scoring().Create(admin, {account_, "city", "", when});
  ASSERT_TRUE(insp.ok()) << insp.status().ToString();
  EXPECT_TRUE(insp->result["vetoes"].empty()) << insp->result.dump();
  EXPECT_FALSE(insp->result["score"].is_null());
  ASSERT_TRUE(insp->result.contains("undetermined")) << insp->result.dump();
  EXPECT_NE(insp->result["undetermined"][0].get<std::string>().find("无法判定（数据源异常）"), std::string::npos);
}

}  // namespace
}  // namespace govmedia::app
