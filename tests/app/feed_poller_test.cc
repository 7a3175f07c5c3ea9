// The feed poller against a real HTTP server on loopback serving feed files.
#include "app/feed_poller.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "app/node.h"
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
    auto node = Node::Open(tmp_.File("t.db"), clock_);
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
      res.set_content(body_, "application/rss+xml");
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
  std::unique_ptr<Node> node_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int64_t account_ = 0;
  std::string mode_ = "etag";
  std::string body_;
  std::atomic<int> requests_{0};
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
  body_ = Rss({{"a", "第一条（更正）"}, {"c", "第三条"}});  // b vanished inside the window
  auto r = PollOnce();
  EXPECT_EQ(r.edited, 1);
  EXPECT_EQ(r.deleted, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL AND platform_post_id = 'b'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_versions"), 4);
}

TEST_F(FeedPollerTest, FailingSourcesAreMarkedAndNotCountedSilent) {
  mode_ = "500";
  auto r = PollOnce();
  EXPECT_EQ(r.outcome, "failing");
  EXPECT_EQ(requests_.load(), 2);  // retried
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feed_state WHERE health = 'failing'"), 1);
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

}  // namespace
}  // namespace govmedia::app
