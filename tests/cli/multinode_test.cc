// Several nodes, one database (issue 14): three `govmedia` processes — two `worker`, one `serve` —
// on one PostgreSQL database share a polling round of 60 feeds; one worker is killed (SIGKILL)
// while it holds jobs. Every feed's job of the round is done once, every item archived once, and
// the other nodes go on answering. PostgreSQL only: a SQLite file is served by one process.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "app/node.h"
#include "app/system_clock.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

using nlohmann::json;

constexpr int kFeeds = 60;
constexpr int kItems = 5;

// A loopback server of kFeeds RSS feeds of kItems items each; each answer takes a while, so the
// round is still running when a node is killed. Counts the requests per feed.
class FeedServer {
 public:
  FeedServer() {
    server_.Get(R"(/feed/(\d+)\.xml)", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string n = req.matches[1].str();
      {
        std::lock_guard lock(mu_);
        ++hits_[std::stoi(n)];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      std::string s = R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>账号)" + n + "</title>";
      for (int i = 0; i < kItems; ++i) {
        s += "<item><title>第" + n + "号账号的第" + std::to_string(i) + "条消息</title><guid>" + n + "-" +
             std::to_string(i) + "</guid><link>https://example.gov.cn/" + n + "/" + std::to_string(i) +
             "</link><pubDate>" + std::to_string(10 + i) + " Oct 2024 10:00:00 +0800</pubDate></item>";
      }
      res.set_content(s + "</channel></rss>", "application/rss+xml; charset=utf-8");
    });
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FeedServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(int n) const { return "http://127.0.0.1:" + std::to_string(port_) + "/feed/" + std::to_string(n) + ".xml"; }
  std::map<int, int> hits() {
    std::lock_guard lock(mu_);
    return hits_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<int, int> hits_;
};

// A govmedia process whose output goes to a file.
struct Process {
  pid_t pid = 0;
  std::string log;
};

Process Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> all{GOVMEDIA_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  Process p{0, log};
  EXPECT_EQ(posix_spawn(&p.pid, all[0].c_str(), &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  return p;
}

// Waits until `done` holds, checking every 100 ms, for at most `seconds`.
template <typename F>
bool WaitUntil(F done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

std::string NodeName(pid_t pid) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(pid);
}

// The accounts, each with its feed, and a login, made before the nodes start.
void Prepare(const std::string& target, const FeedServer& feeds, int n) {
  app::SystemClock clock;
  auto node = app::Node::Open(target, clock);
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  const core::Principal admin{0, "t", core::Role::kCityAdmin, std::nullopt};
  for (int i = 0; i < n; ++i) {
    app::NewAccount a;
    a.existing = true;
    a.record.unit_id = 1 + i % 50;
    a.record.name = "政务账号" + std::to_string(i);
    a.record.platform = core::Platform::kWeibo;
    a.record.opened_on = core::Date::Parse("2018-01-01");
    a.record.feed_urls = {feeds.Url(i)};
    auto acc = (*node)->registry().CreateAccount(admin, a);
    ASSERT_TRUE(acc.ok()) << acc.status().ToString();
  }
  auto user = (*node)->auth().AddUser("cli", {"office", core::Role::kCityAdmin, std::nullopt, "correct-horse-battery"});
  ASSERT_TRUE(user.ok()) << user.status().ToString();
}

TEST(MultiNode, OnSqliteOneWorkerPollsEveryFeedAndASecondNodeIsRefused) {
  GOVMEDIA_SQLITE_ONLY("a SQLite file is served by one node");
  TempDir tmp;
  const std::string db = tmp.File("t.db");
  FeedServer feeds;
  ASSERT_NO_FATAL_FAILURE(Prepare(db, feeds, 5));
  Process worker = Spawn({"worker", "--db", db, "--no-check-availability"}, tmp.File("worker.log"));
  auto storage = storage::OpenDb(db);
  ASSERT_TRUE(storage.ok());
  auto done = [&] {
    auto r = storage::QueryOne(**storage, "SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND status = 'done'");
    return r.ok() && r->Int(0) == 5;
  };
  const bool polled = WaitUntil(done, 60);
  // A second node on the same file is refused, naming the worker that has it.
  auto second = RunGovmedia("serve --db " + db + " --port 0 --poll-minutes 0 --no-check-availability");
  kill(worker.pid, SIGTERM);
  int status = 0;
  waitpid(worker.pid, &status, 0);
  ASSERT_TRUE(polled) << ReadFile(worker.log);
  EXPECT_EQ(storage::QueryOne(**storage, "SELECT COUNT(*) FROM posts")->Int(0), 5 * kItems);
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_NE(second.err.find("已由另一个 govmedia worker 进程使用（进程号 " + std::to_string(worker.pid) + "）"),
            std::string::npos)
      << second.err;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(worker.log);
}

TEST(MultiNode, Issue14ThreeNodesOnOnePostgresOneKilledDuringAPollingRoundEveryFeedPolledOnce) {
  if (!OnPostgres()) GTEST_SKIP() << "PostgreSQL only: several nodes share one PostgreSQL database";
  TempDir tmp;
  TestDb db(tmp);
  FeedServer feeds;
  ASSERT_NO_FATAL_FAILURE(Prepare(db.target(), feeds, kFeeds));
  auto storage = storage::OpenDb(db.target());
  ASSERT_TRUE(storage.ok());
  storage::Db& sql = **storage;
  auto count = [&](const std::string& q, const storage::Params& p = {}) {
    auto r = storage::QueryOne(sql, q, p);
    return r.ok() ? r->Int(0) : -1;
  };

  // One round (the next is 10 hours away); short leases, so a dead node's jobs return soon.
  const std::vector<std::string> common{"--db", db.target(), "--poll-minutes", "600", "--no-check-availability",
                                        "--lease-seconds", "3"};
  auto with = [&](std::vector<std::string> head) {
    head.insert(head.end(), common.begin(), common.end());
    return head;
  };
  Process victim = Spawn(with({"worker"}), tmp.File("worker1.log"));
  Process worker = Spawn(with({"worker"}), tmp.File("worker2.log"));
  Process server = Spawn(with({"serve", "--port", "0", "--web", tmp.File("none")}), tmp.File("serve.log"));
  std::vector<Process*> nodes{&victim, &worker, &server};
  auto stop_all = [&] {
    for (Process* p : nodes) {
      if (p->pid > 0) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, nullptr, 0);
        p->pid = 0;
      }
    }
  };

  // The round is queued once, and the victim is killed while it holds jobs of it.
  const std::string victim_name = NodeName(victim.pid);
  ASSERT_TRUE(WaitUntil([&] { return count("SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll'") == kFeeds; }, 60))
      << ReadFile(victim.log) << ReadFile(server.log);
  const bool holding = WaitUntil(
      [&] {
        return count("SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND status = 'running' AND node = ?", {victim_name}) >= 2;
      },
      60);
  kill(victim.pid, SIGKILL);
  waitpid(victim.pid, nullptr, 0);
  victim.pid = 0;
  if (!holding) stop_all();
  ASSERT_TRUE(holding) << "the victim never held two jobs at once";
  // What it held when it died (nothing of it can change any more).
  std::set<int64_t> orphaned;
  std::set<std::string> orphaned_urls;
  const auto held = sql.Query("SELECT id, payload FROM jobs WHERE kind = 'feed.poll' AND status = 'running' AND node = ?",
                              {victim_name});
  ASSERT_TRUE(held.ok());
  for (const auto& r : *held) {
    orphaned.insert(r.Int(0));
    orphaned_urls.insert(json::parse(r.Text(1))["url"].get<std::string>());
  }
  EXPECT_FALSE(orphaned.empty());

  // The others finish the round, the dead node's jobs once its leases have passed.
  const bool finished =
      WaitUntil([&] { return count("SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND status = 'done'") == kFeeds; }, 120);
  if (!finished) stop_all();
  ASSERT_TRUE(finished) << ReadFile(worker.log) << ReadFile(server.log);

  // One job per feed, all of one round, none left running or queued.
  auto jobs = sql.Query("SELECT id, key, payload, status, node, attempts FROM jobs WHERE kind = 'feed.poll'").value();
  ASSERT_EQ(jobs.size(), static_cast<size_t>(kFeeds));
  std::set<std::string> urls, rounds;
  for (const auto& j : jobs) {
    EXPECT_EQ(j.Text(3), "done");
    urls.insert(json::parse(j.Text(2))["url"].get<std::string>());
    rounds.insert(j.Text(1).substr(0, j.Text(1).find('/')));
    if (orphaned.count(j.Int(0))) {
      EXPECT_NE(j.Text(4), victim_name) << "job " << j.Int(0) << " redone by another node";
      EXPECT_EQ(j.Int(5), 2);
    } else {
      EXPECT_EQ(j.Int(5), 1);
    }
  }
  EXPECT_EQ(urls.size(), static_cast<size_t>(kFeeds));
  EXPECT_EQ(rounds.size(), 1u);

  // Every feed was fetched; only those the dead node held were fetched twice.
  const auto hits = feeds.hits();
  EXPECT_EQ(hits.size(), static_cast<size_t>(kFeeds));
  for (const auto& [n, times] : hits) {
    if (orphaned_urls.count(feeds.Url(n))) {
      EXPECT_LE(times, 2) << "feed " << n;
    } else {
      EXPECT_EQ(times, 1) << "feed " << n;
    }
  }
  // Every item archived once, with one version; every feed healthy.
  EXPECT_EQ(count("SELECT COUNT(*) FROM posts"), kFeeds * kItems);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT account_id || '/' || platform_post_id) FROM posts"), kFeeds * kItems);
  EXPECT_EQ(count("SELECT COUNT(*) FROM post_versions"), kFeeds * kItems);
  EXPECT_EQ(count("SELECT COUNT(*) FROM feed_state WHERE health = 'ok'"), kFeeds);
  // And each feed's fetch recorded once: a redone job whose dead node had recorded it does not poll again.
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT account_id, url FROM feed_fetches GROUP BY account_id, url "
                  "HAVING COUNT(*) = 1) x"),
            kFeeds);

  // The surviving nodes still answer: the server logs a person in, the worker is alive; both stop
  // cleanly on SIGTERM.
  std::smatch m;
  const std::string serve_log = ReadFile(server.log);
  ASSERT_TRUE(std::regex_search(serve_log, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) << serve_log;
  httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
  auto login = client.Post("/api/login", json{{"username", "office"}, {"password", "correct-horse-battery"}}.dump(),
                           "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200) << login->body;
  EXPECT_EQ(waitpid(worker.pid, nullptr, WNOHANG), 0);
  for (Process* p : {&worker, &server}) {
    kill(p->pid, SIGTERM);
    int status = 0;
    waitpid(p->pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(p->log);
    p->pid = 0;
  }
}

}  // namespace
}  // namespace govmedia::testing
