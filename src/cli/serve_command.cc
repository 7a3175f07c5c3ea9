#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "http/server.h"

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
};

int Serve(const ServeArgs& a) {
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  EnsureParentDir(a.db);
  app::SystemClock clock;
  auto platform = app::Node::Open(a.db, clock);
  if (!platform.ok()) return Report(platform.status());
  http::ServerOptions opts{a.bind, a.port, a.web.empty() ? DefaultWebDir() : a.web};
  http::ApiServer server(**platform, opts);
  if (core::Status s = server.Start(); !s.ok()) return Report(s);
  if (auto w = (*platform)->CalendarWarning(); !w.empty()) spdlog::warn("{}", w);
  const bool v6 = a.bind.find(':') != std::string::npos;
  spdlog::info("govmedia listening on http://{}{}{}:{} (database {})", v6 ? "[" : "", a.bind, v6 ? "]" : "",
               server.port(), a.db);
  // The feed poller runs beside the server, one round every poll_minutes.
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread poller;
  if (a.poll_minutes > 0) {
    poller = std::thread([&] {
      std::unique_lock lock(mu);
      while (!stopping) {
        lock.unlock();
        auto reports = (*platform)->feeds().PollAll();
        if (reports.ok()) {
          int failing = 0;
          for (const auto& r : *reports) failing += r.outcome == "failing";
          if (!reports->empty()) spdlog::info("feeds polled: {} sources, {} failing", reports->size(), failing);
        } else {
          spdlog::error("feed poll failed: {}", reports.status().message());
        }
        lock.lock();
        cv.wait_for(lock, std::chrono::minutes(a.poll_minutes), [&] { return stopping; });
      }
    });
  }
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {} received, stopping", sig);
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  if (poller.joinable()) poller.join();
  server.Stop();
  return kExitOk;
}

}  // namespace

void RegisterServe(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand("serve", "启动平台：/api/ 接口与 / 网页控制台");
  sub->add_option("--db", args->db, "SQLite 数据库文件（首次启动时创建并导入附件1单位）")->capture_default_str();
  sub->add_option("--port", args->port, "监听端口（0 表示任选空闲端口）")->capture_default_str()->check(CLI::Range(0, 65535));
  sub->add_option("--bind", args->bind, "监听地址")->capture_default_str();
  sub->add_option("--web", args->web, "网页控制台目录（默认为程序旁的 ../web/dist）");
  sub->add_option("--poll-minutes", args->poll_minutes, "读取 RSS/Atom 数据源的间隔（分钟，0 表示不读取）")
      ->capture_default_str()
      ->check(CLI::Range(0, 10080));
  sub->callback([args, exit_code] { *exit_code = Serve(*args); });
}

}  // namespace govmedia::cli
