#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <functional>
#include <thread>
#include <vector>

#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "core/text.h"
#include "http/server.h"
#include "storage/db.h"

namespace govmedia::cli {
namespace {

// The console's files sit beside the build: <repo>/build/govmedia → <repo>/web/dist. Resolved
// from the executable, never from the working directory.
std::string DefaultWebDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (exe.parent_path().parent_path() / "web" / "dist").string();
}

struct ServeArgs {
  std::string db = kDefaultDb;
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string web;
  int poll_minutes = 15;
  bool check_availability = true;
  std::vector<std::string> trusted_proxies;
  std::string secure_cookies = "auto";
};

// One database file is served by one process: a second `serve` on the same file would keep its
// own sessions, throttles and background jobs and split the office's work. The lock is an flock
// on "<db>.serve.lock" (not on the database file itself, whose POSIX locks SQLite owns), held
// until the process ends, so a killed server leaves no stale lock. CLI commands beside the server
// (import, poll) do not take it.
core::Status LockForServing(const std::string& db) {
  const std::string path = db + ".serve.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return core::Status::IOError("无法创建锁文件 " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = {};
    const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    return core::Status::IOError("数据库 " + db + " 已由另一个 govmedia serve 进程使用" +
                                  (n > 0 ? "（进程号 " + std::string(core::Trim(pid)) + "）" : std::string()) +
                                  "；同一数据库只能由一个服务进程提供");
  }
  const std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)::pwrite(fd, me.data(), me.size(), 0);
  return core::Status::Ok();  // fd stays open (and locked) for the life of the process
}

// Jobs that repeat beside the server, each on its own thread, until Stop. A job is told whether
// this is its first run and returns how long to wait before the next.
class Background {
 public:
  void Every(std::function<std::chrono::seconds(bool first)> job) {
    threads_.emplace_back([this, job = std::move(job)] {
      bool first = true;
      std::unique_lock lock(mu_);
      while (!stopping_) {
        lock.unlock();
        const auto wait = job(first);
        first = false;
        lock.lock();
        cv_.wait_for(lock, wait, [&] { return stopping_; });
      }
    });
  }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

int Serve(const ServeArgs& a) {
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  EnsureParentDir(a.db);
  // Several nodes share one PostgreSQL database; a SQLite file is served by one process.
  if (!storage::IsPostgresUrl(a.db)) {
    if (core::Status s = LockForServing(a.db); !s.ok()) return Report(s);
  }
  app::SystemClock clock;
  auto platform = app::Node::Open(a.db, clock);
  if (!platform.ok()) return Report(platform.status());
  const http::CookieSecurity cookies = a.secure_cookies == "on"    ? http::CookieSecurity::kOn
                                       : a.secure_cookies == "off" ? http::CookieSecurity::kOff
                                                                   : http::CookieSecurity::kAuto;
  http::ServerOptions opts{a.bind, a.port, a.web.empty() ? DefaultWebDir() : a.web, a.trusted_proxies, cookies};
  http::ApiServer server(**platform, opts);
  if (core::Status s = server.Start(); !s.ok()) return Report(s);
  if (auto w = (*platform)->CalendarWarning(); !w.empty()) spdlog::warn("{}", w);
  const bool v6 = a.bind.find(':') != std::string::npos;
  spdlog::info("govmedia listening on http://{}{}{}:{} (database {})", v6 ? "[" : "", a.bind, v6 ? "]" : "",
               server.port(), a.db);
  // Monitoring runs beside the server: the feed poller every poll_minutes, the availability
  // checks at the interval of the monitoring settings, and the alert webhook's outbox.
  app::Node& node = **platform;
  Background jobs;
  if (a.poll_minutes > 0) {
    jobs.Every([&](bool) {
      auto reports = node.feeds().PollAll();
      if (reports.ok()) {
        int failing = 0;
        for (const auto& r : *reports) failing += r.outcome == "failing";
        if (!reports->empty()) spdlog::info("feeds polled: {} sources, {} failing", reports->size(), failing);
      } else {
        spdlog::error("feed poll failed: {}", reports.status().message());
      }
      return std::chrono::seconds(a.poll_minutes * 60);
    });
  }
  if (a.check_availability) {
    jobs.Every([&](bool first) {
      auto settings = node.settings().Get();
      const int minutes = settings.ok() ? settings->availability_minutes : 60;
      // The first round waits one interval, so a restart does not probe every URL again at once.
      if (first) return std::chrono::seconds(minutes * 60);
      auto sum = node.availability().CheckAll();
      if (sum.ok()) {
        if (sum->checked > 0) spdlog::info("availability checked: {} urls, {} broken, {} recovered", sum->checked, sum->broken, sum->recovered);
      } else {
        spdlog::error("availability check failed: {}", sum.status().message());
      }
      return std::chrono::seconds(minutes * 60);
    });
  }
  // The engagement detector over every open account, hourly (and at each snapshot push).
  jobs.Every([&](bool first) {
    if (!first) {
      auto added = node.engagement().Detect(std::nullopt);
      if (!added.ok()) spdlog::error("engagement detection failed: {}", added.status().message());
      else if (*added > 0) spdlog::info("engagement: {} new anomalies", *added);
    }
    return std::chrono::seconds(3600);
  });
  jobs.Every([&](bool) {
    auto rep = node.webhooks().DeliverDue();
    if (!rep.ok()) spdlog::error("alert webhook failed: {}", rep.status().message());
    else if (rep->delivered + rep->failed > 0) spdlog::info("alert webhook: {} delivered, {} failed", rep->delivered, rep->failed);
    return std::chrono::seconds(5);
  });
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {} received, stopping", sig);
  jobs.Stop();
  server.Stop();
  return kExitOk;
}

}  // namespace

void RegisterServe(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand("serve", "启动平台：/api/ 接口与 / 网页控制台");
  sub->add_option("--db", args->db, "数据库：SQLite 文件（首次启动时创建），或 PostgreSQL 地址 postgresql://用户@主机:端口/库名；首次使用时建表并导入附件1单位")->capture_default_str();
  sub->add_option("--port", args->port, "监听端口（0 表示任选空闲端口）")->capture_default_str()->check(CLI::Range(0, 65535));
  sub->add_option("--bind", args->bind, "监听地址")->capture_default_str();
  sub->add_option("--web", args->web, "网页控制台目录（默认为程序旁的 ../web/dist）");
  sub->add_option("--poll-minutes", args->poll_minutes, "读取 RSS/Atom 数据源的间隔（分钟，0 表示不读取）")
      ->capture_default_str()
      ->check(CLI::Range(0, 10080));
  sub->add_option("--trusted-proxy", args->trusted_proxies,
                  "反向代理的地址（可多次指定）：仅相信来自这些地址的 X-Forwarded-For / X-Forwarded-Proto");
  sub->add_option("--secure-cookies", args->secure_cookies,
                  "会话 Cookie 的 Secure 标记：auto（默认：监听本机回环地址以外时开启，或可信代理报告 https 时）、on、off")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "on", "off"}));
  sub->add_flag("--check-availability,!--no-check-availability", args->check_availability,
                "按监测设置的间隔检查账号的客户端下载地址和功能地址（默认开启）");
  sub->callback([args, exit_code] { *exit_code = Serve(*args); });
}

}  // namespace govmedia::cli
