// Background work as jobs in the database, shared by several nodes (issue 14 item 3): on SQLite and
// on PostgreSQL (TestDb). A "node" here is its own connection to the database (its own Db or Node)
// with its own name; a fixed clock moves leases and backoff without waiting.
#include "app/jobs/job_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <httplib.h>

#include <atomic>
#include <barrier>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "app/jobs/schedules.h"
#include "app/jobs/worker.h"
#include "app/node.h"
#include "app/system_clock.h"
#include "storage/search_index.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

using nlohmann::json;

constexpr int64_t kT0 = 1'729'216'800;  // 2024-10-18 02:00 UTC

class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override { clock_.Set(kT0); }

  // A node's own connection to the test's database.
  std::unique_ptr<storage::Db> Connect() {
    auto db = storage::OpenDb(db_.target());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_TRUE(storage::Migrate(**db).ok());
    return std::move(*db);
  }
  std::unique_ptr<Node> OpenNode() {
    auto node = Node::Open(db_.target(), clock_);
    EXPECT_TRUE(node.ok()) << node.status().ToString();
    return std::move(*node);
  }
  int64_t Count(storage::Db& db, const std::string& sql, const storage::Params& params = {}) {
    auto r = storage::QueryOne(db, sql, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }
  int64_t OpenAccount(Node& node, const std::string& name, std::vector<std::string> feeds) {
    const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
    NewAccount a;
    a.existing = true;
    a.record.unit_id = 5;
    a.record.name = name;
    a.record.platform = core::Platform::kWeibo;
    a.record.opened_on = core::Date::Parse("2018-01-01");
    a.record.feed_urls = std::move(feeds);
    auto acc = node.registry().CreateAccount(admin, a);
    EXPECT_TRUE(acc.ok()) << acc.status().ToString();
    return acc.ok() ? acc->id : 0;
  }

  testing::TempDir tmp_;
  TravelClock clock_;
  testing::TestDb db_{tmp_};
};

TEST_F(JobsTest, EnqueueingTheSameKindAndKeyAddsOneJob) {
  auto db = Connect();
  JobQueue a(*db, clock_, "a"), b(*db, clock_, "b");
  EXPECT_TRUE(a.Enqueue("feed.poll", "round-1/7", R"({"account_id":7})", kT0).value());
  EXPECT_FALSE(b.Enqueue("feed.poll", "round-1/7", R"({"account_id":7})", kT0).value());  // another node, same round
  EXPECT_TRUE(a.Enqueue("availability.check", "round-1/7", "{}", kT0).value());           // another kind
  auto rows = a.List("feed.poll").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "queued");
  EXPECT_EQ(rows[0].payload, R"({"account_id":7})");
}

TEST_F(JobsTest, TwoNodesClaimingAtOnceNeverTakeTheSameJob) {
  constexpr int kJobs = 120;
  auto db_a = Connect(), db_b = Connect();
  JobQueue a(*db_a, clock_, "a"), b(*db_b, clock_, "b");
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(a.Enqueue("feed.poll", std::to_string(i), "{}", kT0).ok());
  std::mutex mu;
  std::map<int64_t, int> claims;  // job id -> times claimed
  std::atomic<int> errors{0}, started{0};
  auto drain = [&](JobQueue& q) {
    bool first = true;
    for (;;) {
      auto job = q.Claim({"feed.poll"});
      if (!job.ok()) {
        ++errors;
        continue;
      }
      if (!*job) return;
      {
        std::lock_guard lock(mu);
        ++claims[(*job)->id];
      }
      if (!q.Complete(**job).ok()) ++errors;
      // Every claimer has taken its first job before any goes on, so a loaded machine cannot let
      // the first thread drain the queue alone (both nodes are then sure to take part).
      if (first) {
        first = false;
        ++started;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (started.load() < 4 && std::chrono::steady_clock::now() < until)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
  };
  // Two threads on each node, four claimers in all.
  std::vector<std::thread> threads;
  for (JobQueue* q : {&a, &b, &a, &b}) threads.emplace_back([&, q] { drain(*q); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claims.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << "job " << id << " claimed " << n << " times";
  EXPECT_EQ(Count(*db_a, "SELECT COUNT(*) FROM jobs WHERE status = 'done' AND attempts = 1"), kJobs);
  // Both nodes did some of the work.
  EXPECT_GT(Count(*db_a, "SELECT COUNT(*) FROM jobs WHERE node = 'a'"), 0);
  EXPECT_GT(Count(*db_a, "SELECT COUNT(*) FROM jobs WHERE node = 'b'"), 0);
}

TEST_F(JobsTest, ARenewedLeaseIsKeptAndAnExpiredOneIsRedoneByAnotherNodeWhoseCompletionAloneCounts) {
  auto db_a = Connect(), db_b = Connect();
  JobQueue a(*db_a, clock_, "a", {.lease_seconds = 60}), b(*db_b, clock_, "b", {.lease_seconds = 60});
  ASSERT_TRUE(a.Enqueue("feed.poll", "k", "{}", kT0).ok());
  auto held = a.Claim().value();
  ASSERT_TRUE(held);
  EXPECT_EQ(held->attempt, 1);
  EXPECT_FALSE(b.Claim().value());  // held
  // A long job renews its lease: still held past the first lease.
  clock_.Set(kT0 + 50);
  ASSERT_TRUE(a.Renew(*held).ok());
  clock_.Set(kT0 + 61);
  EXPECT_FALSE(b.Claim().value());
  // Node a is killed: it renews no more, and once its lease has passed node b takes the job.
  clock_.Set(kT0 + 111);
  auto redo = b.Claim().value();
  ASSERT_TRUE(redo);
  EXPECT_EQ(redo->id, held->id);
  EXPECT_EQ(redo->attempt, 2);
  // Node a was only paused: whatever it reports now is refused and changes nothing.
  EXPECT_TRUE(a.Renew(*held).IsConflict());
  EXPECT_TRUE(a.Complete(*held).IsConflict());
  EXPECT_TRUE(a.Fail(*held, "x").IsConflict());
  EXPECT_TRUE(a.Release(*held).IsConflict());
  auto rows = a.List("feed.poll").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "running");
  EXPECT_EQ(rows[0].node, "b");
  ASSERT_TRUE(b.Complete(*redo).ok());
  rows = a.List("feed.poll").value();
  EXPECT_EQ(rows[0].status, "done");
  EXPECT_EQ(rows[0].node, "b");
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_FALSE(a.Claim().value());  // done is done
}

TEST_F(JobsTest, AFailedJobWaitsLongerAfterEachAttemptAndFailsAtTheLimit) {
  auto db = Connect();
  JobQueue q(*db, clock_, "a", {.lease_seconds = 60, .max_attempts = 3, .backoff_seconds = 30});
  ASSERT_TRUE(q.Enqueue("webhook.deliver", "k", "{}", kT0).ok());
  auto first = q.Claim().value();
  ASSERT_TRUE(first);
  ASSERT_TRUE(q.Fail(*first, "连接被拒绝").ok());
  EXPECT_EQ(q.List("webhook.deliver").value()[0].status, "queued");
  EXPECT_EQ(q.List("webhook.deliver").value()[0].run_after, kT0 + 30);
  clock_.Set(kT0 + 29);
  EXPECT_FALSE(q.Claim().value());  // backing off
  clock_.Set(kT0 + 30);
  auto second = q.Claim().value();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->attempt, 2);
  ASSERT_TRUE(q.Fail(*second, "连接被拒绝").ok());
  EXPECT_EQ(q.List("webhook.deliver").value()[0].run_after, kT0 + 30 + 60);  // doubled
  clock_.Set(kT0 + 90);
  auto third = q.Claim().value();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->attempt, 3);
  ASSERT_TRUE(q.Fail(*third, "HTTP 500").ok());
  auto row = q.List("webhook.deliver").value()[0];
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.last_error, "HTTP 500");
  clock_.Set(kT0 + 100000);
  EXPECT_FALSE(q.Claim().value());  // never again
}

TEST_F(JobsTest, AJobWhoseNodeDiesOnItsLastAttemptFailsInsteadOfRunningForEver) {
  auto db = Connect();
  JobQueue a(*db, clock_, "a", {.lease_seconds = 60, .max_attempts = 1}), b(*db, clock_, "b");
  ASSERT_TRUE(a.Enqueue("maintenance", "k", "{}", kT0).ok());
  ASSERT_TRUE(a.Claim().value());
  clock_.Set(kT0 + 61);
  EXPECT_FALSE(b.Claim().value());
  auto row = a.List("maintenance").value()[0];
  EXPECT_EQ(row.status, "failed");
  EXPECT_NE(row.last_error.find("租约"), std::string::npos) << row.last_error;
}

TEST_F(JobsTest, AStoppingNodeGivesItsJobBackUntried) {
  auto db = Connect();
  JobQueue a(*db, clock_, "a", {.max_attempts = 1}), b(*db, clock_, "b", {.max_attempts = 1});
  ASSERT_TRUE(a.Enqueue("maintenance", "k", "{}", kT0).ok());
  auto job = a.Claim().value();
  ASSERT_TRUE(job);
  ASSERT_TRUE(a.Release(*job).ok());
  auto again = b.Claim().value();  // at once, and its one attempt is still there
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempt, 1);
  EXPECT_TRUE(b.Complete(*again).ok());
}

TEST_F(JobsTest, ARoundIsTakenByExactlyOneOfSeveralRacingNodes) {
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<storage::Db>> dbs;
  std::vector<std::unique_ptr<Schedules>> nodes;
  for (int i = 0; i < kNodes; ++i) {
    dbs.push_back(Connect());
    nodes.push_back(std::make_unique<Schedules>(*dbs.back(), clock_, "n" + std::to_string(i)));
  }
  std::atomic<int> enqueued{0};
  std::mutex mu;
  std::vector<int64_t> rounds;
  auto race = [&] {
    std::barrier start(kNodes);
    std::vector<std::thread> threads;
    for (auto& s : nodes) {
      threads.emplace_back([&, sched = s.get()] {
        start.arrive_and_wait();
        for (int i = 0; i < 5; ++i) {
          auto r = sched->Tick("feed.poll", 900, 0, [&](int64_t round) {
            ++enqueued;
            std::lock_guard lock(mu);
            rounds.push_back(round);
            return core::Status::Ok();
          });
          EXPECT_TRUE(r.ok()) << r.status().ToString();
        }
      });
    }
    for (auto& t : threads) t.join();
  };
  race();
  EXPECT_EQ(enqueued.load(), 1);
  EXPECT_EQ(nodes[0]->NextAt("feed.poll").value(), kT0 + 900);
  clock_.Set(kT0 + 899);
  race();
  EXPECT_EQ(enqueued.load(), 1);  // not due yet
  // Down for three intervals: one round, at the time it was due, then on from now.
  clock_.Set(kT0 + 900 * 3 + 10);
  race();
  EXPECT_EQ(enqueued.load(), 2);
  EXPECT_EQ(rounds, (std::vector<int64_t>{kT0, kT0 + 900}));
  EXPECT_EQ(nodes[0]->NextAt("feed.poll").value(), kT0 + 900 * 4);
}

TEST_F(JobsTest, AFeedPollRoundQueuesOneJobPerFeedOnceThoughTwoNodesTickIt) {
  auto node_a = OpenNode();
  auto node_b = OpenNode();
  OpenAccount(*node_a, "张浦发布", {"http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/a2.xml"});
  OpenAccount(*node_a, "周市发布", {"http://127.0.0.1:9/b.xml"});
  OpenAccount(*node_a, "锦溪发布", {});
  WorkerOptions o;
  o.poll_minutes = 15;
  o.check_availability = false;
  o.node_id = "a";
  Worker a(*node_a, o);
  o.node_id = "b";
  Worker b(*node_b, o);
  auto tick_both = [&] {
    std::barrier start(2);
    std::thread ta([&] {
      start.arrive_and_wait();
      EXPECT_TRUE(a.TickSchedules().ok());
    });
    std::thread tb([&] {
      start.arrive_and_wait();
      EXPECT_TRUE(b.TickSchedules().ok());
    });
    ta.join();
    tb.join();
  };
  tick_both();
  tick_both();
  auto jobs = a.queue().List("feed.poll").value();
  ASSERT_EQ(jobs.size(), 3u);  // three feeds, one round
  std::set<std::string> urls;
  for (const auto& j : jobs) {
    EXPECT_TRUE(j.key.starts_with(std::to_string(kT0) + "/")) << j.key;
    urls.insert(json::parse(j.payload)["url"].get<std::string>());
  }
  EXPECT_EQ(urls, (std::set<std::string>{"http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/a2.xml", "http://127.0.0.1:9/b.xml"}));
  // The next round, 15 minutes on: three more.
  clock_.Set(kT0 + 15 * 60);
  tick_both();
  EXPECT_EQ(a.queue().List("feed.poll").value().size(), 6u);
  // Engagement detection waits its first hour; nothing of it yet.
  EXPECT_TRUE(a.queue().List("engagement.detect").value().empty());
  clock_.Set(kT0 + 3600);
  tick_both();
  EXPECT_EQ(a.queue().List("engagement.detect").value().size(), 1u);
}

// A loopback server of RSS feeds, each with `items` posts.
class FeedServer {
 public:
  explicit FeedServer(int items) {
    server_.Get(R"(/feed/(\d+)\.xml)", [items](const httplib::Request& req, httplib::Response& res) {
      const std::string n = req.matches[1].str();
      std::string s = R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>f)" + n + "</title>";
      for (int i = 0; i < items; ++i) {
        s += "<item><title>第" + n + "号账号第" + std::to_string(i) + "条</title><guid>" + n + "-" + std::to_string(i) +
             "</guid><pubDate>" + std::to_string(10 + i) + " Oct 2024 10:00:00 +0800</pubDate></item>";
      }
      res.set_content(s + "</channel></rss>", "application/rss+xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FeedServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(int n) const { return "http://127.0.0.1:" + std::to_string(port_) + "/feed/" + std::to_string(n) + ".xml"; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(JobsTest, AFeedPollRedoneAfterItsNodeDiedArchivesNothingTwice) {
  FeedServer feeds(4);
  auto node_a = OpenNode();
  auto node_b = OpenNode();
  const int64_t acc = OpenAccount(*node_a, "张浦发布", {feeds.Url(1)});
  WorkerOptions o;
  o.check_availability = false;
  o.lease_seconds = 60;
  o.node_id = "a";
  Worker a(*node_a, o);
  o.node_id = "b";
  Worker b(*node_b, o);
  ASSERT_TRUE(a.TickSchedules().ok());
  // Node a claims the feed's job and polls the feed, then dies before recording the job done.
  auto job = a.queue().Claim({"feed.poll"}).value();
  ASSERT_TRUE(job);
  ASSERT_TRUE(node_a->feeds().PollFeed(acc, feeds.Url(1)).ok());
  EXPECT_EQ(Count(node_a->db(), "SELECT COUNT(*) FROM posts WHERE account_id = ?", {acc}), 4);
  EXPECT_FALSE(b.RunOne().value());  // a's lease holds
  clock_.Set(kT0 + 61);
  EXPECT_TRUE(b.RunOne().value());  // the redo
  auto rows = b.queue().List("feed.poll").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "done");
  EXPECT_EQ(rows[0].node, "b");
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_TRUE(a.queue().Complete(*job).IsConflict());
  // a had recorded its fetch: b's redo finds the feed polled in this round and does not poll again.
  EXPECT_EQ(Count(node_a->db(), "SELECT COUNT(*) FROM feed_fetches WHERE account_id = ?", {acc}), 1);
  // Each post once, each with its one version.
  EXPECT_EQ(Count(node_a->db(), "SELECT COUNT(*) FROM posts WHERE account_id = ?", {acc}), 4);
  EXPECT_EQ(Count(node_a->db(), "SELECT COUNT(*) FROM post_versions v JOIN posts p ON p.id = v.post_id WHERE p.account_id = ?",
                  {acc}),
            4);
}

TEST_F(JobsTest, OnSqliteTheSearchIndexJobCatchesUpWithWhatThePollsArchived) {
  GOVMEDIA_SQLITE_ONLY("PostgreSQL indexes the text itself");
  FeedServer feeds(4);
  auto node = OpenNode();
  ASSERT_NE(node->db().search_index(), nullptr);
  const int64_t acc = OpenAccount(*node, "张浦发布", {feeds.Url(1)});
  WorkerOptions o;
  o.check_availability = false;
  o.node_id = "a";
  Worker w(*node, o);
  // Nothing waits for the index: no round of it.
  ASSERT_TRUE(w.TickSchedules().ok());
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM jobs WHERE kind = 'search.index'"), 0);
  ASSERT_TRUE(node->feeds().PollFeed(acc, feeds.Url(1)).ok());
  const int64_t versions = Count(node->db(), "SELECT COUNT(*) FROM post_versions");
  ASSERT_EQ(versions, 4);
  EXPECT_EQ(node->db().search_index()->Watermark().value(), 0);
  // Now the archive is ahead of the index: the next tick queues the job, a runner does it.
  clock_.Set(kT0 + 11);
  ASSERT_TRUE(w.TickSchedules().ok());
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM jobs WHERE kind = 'search.index'"), 1);
  while (w.RunOne().value()) {
  }
  EXPECT_EQ(node->db().search_index()->Watermark().value(),
            Count(node->db(), "SELECT MAX(id) FROM post_versions"));
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM jobs WHERE kind = 'search.index' AND status = 'done'"), 1);
}

TEST_F(JobsTest, APollThatCannotWriteIsNoBlindFetchOfTheSource) {
  FeedServer feeds(3);
  auto node = OpenNode();
  const int64_t acc = OpenAccount(*node, "张浦发布", {feeds.Url(1)});
  node->db().SetBusyTimeout(200);
  // Another node holds the whole database's write turn while the poll runs.
  auto other = Connect();
  auto held = std::make_unique<testing::HeldWrite>([&](auto body) { return other->Transaction(body); });
  // The poll fails as the platform's failure (its job is tried again), not the source's: no fetch
  // recorded against the source, which is not marked 数据源异常.
  auto polled = node->feeds().PollFeed(acc, feeds.Url(1));
  held.reset();
  EXPECT_TRUE(polled.status().IsUnavailable()) << polled.status().ToString();
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM feed_fetches WHERE account_id = ?", {acc}), 0);
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM feed_state WHERE account_id = ? AND health = 'failing'", {acc}), 0);
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM posts WHERE account_id = ?", {acc}), 0);
  // Tried again: one healthy fetch, each post once.
  node->db().SetBusyTimeout(5000);
  auto again = node->feeds().PollFeed(acc, feeds.Url(1));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->outcome, "updated");
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM feed_fetches WHERE account_id = ? AND outcome = 'ok'", {acc}), 1);
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM feed_fetches WHERE account_id = ?", {acc}), 1);
  EXPECT_EQ(Count(node->db(), "SELECT COUNT(*) FROM posts WHERE account_id = ?", {acc}), 3);
}

// A webhook receiver on loopback that counts what it receives per alert.
class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the two senders overlap
      std::lock_guard lock(mu_);
      ++received_[json::parse(req.body)["alert_id"].get<int64_t>()];
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::map<int64_t, int> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<int64_t, int> received_;
};

TEST_F(JobsTest, TwoNodesDeliveringTheWebhookAtOnceSendEachAlertOnce) {
  constexpr int kAlerts = 30;
  Receiver hook;
  auto node_a = OpenNode();
  auto node_b = OpenNode();
  const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
  ASSERT_TRUE(node_a->settings().Update(admin, {{"alert_webhook_url", hook.Url()}}).ok());
  const int64_t acc = OpenAccount(*node_a, "张浦发布", {});
  std::set<int64_t> alerts;
  for (int i = 0; i < kAlerts; ++i) {
    storage::IncomingPost p;
    p.account_id = acc;
    p.platform_post_id = "w" + std::to_string(i);
    p.published_at = "2024-10-17T10:00:00+08:00";
    p.published_epoch = kT0 - 3600;
    p.text = "第" + std::to_string(i) + "条";
    auto archived = node_a->posts().Archive(p, clock_.NowRfc3339());
    ASSERT_TRUE(archived.ok());
    auto alert = node_a->db().Insert(
        "INSERT INTO alerts (post_id, post_version, account_id, category, indicator, created_at) "
        "VALUES (?, 1, ?, 'secret', 'veto.secret_leak', ?) RETURNING id",
        {archived->post_id, acc, clock_.NowRfc3339()});
    ASSERT_TRUE(alert.ok()) << alert.status().ToString();
    ASSERT_TRUE(node_a->webhooks().Enqueue(*alert).ok());
    alerts.insert(*alert);
  }
  std::atomic<int> delivered{0};
  auto deliver = [&](Node& node) {
    for (;;) {
      auto rep = node.webhooks().DeliverDue(5000);
      ASSERT_TRUE(rep.ok()) << rep.status().ToString();
      EXPECT_EQ(rep->failed, 0);
      delivered += rep->delivered;
      if (rep->delivered == 0) return;
    }
  };
  std::thread ta([&] { deliver(*node_a); }), tb([&] { deliver(*node_b); });
  ta.join();
  tb.join();
  const auto received = hook.received();
  EXPECT_EQ(received.size(), static_cast<size_t>(kAlerts));
  for (const auto& [id, n] : received) {
    EXPECT_TRUE(alerts.count(id));
    EXPECT_EQ(n, 1) << "alert " << id << " delivered " << n << " times";
  }
  EXPECT_EQ(delivered.load(), kAlerts);
  EXPECT_EQ(Count(node_a->db(), "SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NOT NULL"), kAlerts);
}

}  // namespace
}  // namespace govmedia::app
