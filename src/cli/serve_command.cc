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

#include "app/jobs/worker.h"
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
  int lease_seconds = 120;
  std::vector<std::string> trusted_proxies;
  std::string secure_cookies = "auto";
};

// One SQLite file is served by one process: a second `serve` (or a `worker`) on the same file
// would split the office's work between two processes writing one file; several nodes share a
// PostgreSQL database instead. The lock is an flock on "<db>.serve.lock" (not on the database
// file itself, whose POSIX locks SQLite owns), held until the process ends, so a killed server
// leaves no stale lock; the file names the holder ("<pid> <command>"). CLI commands beside the
// server (import, poll) do not take it.
core::Status LockForServing(const std::string& db, const std::string& command) {
  const std::string path = db + ".serve.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return core::Status::IOError("无法创建锁文件 " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[64] = {};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    const std::string text(core::Trim(n > 0 ? holder : ""));
    const size_t space = text.find(' ');
    const std::string pid = text.substr(0, space);
    const std::string what = space == std::string::npos ? "serve" : text.substr(space + 1);
    return core::Status::IOError("数据库 " + db + " 已由另一个 govmedia " + what + " 进程使用" +
                                  (pid.empty() ? std::string() : "（进程号 " + pid + "）") +
                                  "；一个 SQLite 数据库只能由一个 serve 或 worker 进程使用，多个节点请使用 PostgreSQL");
  }
  const std::string me = std::to_string(::getpid()) + " " + command + "\n";
  if (::ftruncate(fd, 0) == 0) (void)::pwrite(fd, me.data(), me.size(), 0);
  return core::Status::Ok();  // fd stays open (and locked) for the life of the process
}

// The worker of this node (app::Worker) with the command's flags, reporting through spdlog.
app::WorkerOptions WorkerOptionsOf(int poll_minutes, bool check_availability, int lease_seconds) {
  app::WorkerOptions o;
  o.poll_minutes = poll_minutes;
  o.check_availability = check_availability;
  o.lease_seconds = lease_seconds;
  o.log = [](bool error, const std::string& message) {
    if (error) spdlog::error("{}", message);
    else spdlog::info("{}", message);
  };
  return o;
}

// Blocks the stop signals in every thread (call first, before any thread starts); WaitForStop
// waits for one of them.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int WaitForStop(const sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {} received, stopping", sig);
  return sig;
}

int Serve(const ServeArgs& a) {
  const sigset_t set = BlockStopSignals();  // this thread waits for them below

  EnsureParentDir(a.db);
  // Several nodes share one PostgreSQL database; a SQLite file is served by one process.
  if (!storage::IsPostgresUrl(a.db)) {
    if (core::Status s = LockForServing(a.db, "serve"); !s.ok()) return Report(s);
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
  // The node's background work runs beside the server (app::Worker): the rounds of feed polling
  // (every poll_minutes), availability checks (at the settings' interval), engagement detection
  // and the alert webhook, as jobs shared with the other nodes on the database.
  app::Worker worker(**platform, WorkerOptionsOf(a.poll_minutes, a.check_availability, a.lease_seconds));
  worker.Start();
  WaitForStop(set);
  worker.Stop();
  server.Stop();
  return kExitOk;
}

struct WorkerArgs {
  std::string db = kDefaultDb;
  int poll_minutes = 15;
  bool check_availability = true;
  int lease_seconds = 120;
};

// A node that serves no HTTP: the same background work as `serve`, beside other nodes on one
// PostgreSQL database (or alone on a SQLite file).
int Work(const WorkerArgs& a) {
  const sigset_t set = BlockStopSignals();
  if (!storage::IsPostgresUrl(a.db)) {
    EnsureParentDir(a.db);
    if (core::Status s = LockForServing(a.db, "worker"); !s.ok()) return Report(s);
  }
  app::SystemClock clock;
  auto node = app::Node::Open(a.db, clock);
  if (!node.ok()) return Report(node.status());
  app::Worker worker(**node, WorkerOptionsOf(a.poll_minutes, a.check_availability, a.lease_seconds));
  spdlog::info("govmedia worker {} started (database {})", worker.queue().node(), a.db);
  worker.Start();
  WaitForStop(set);
  worker.Stop();
  return kExitOk;
}

void AddWorkerFlags(CLI::App* sub, int* poll_minutes, bool* check_availability, int* lease_seconds) {
  sub->add_option("--poll-minutes", *poll_minutes, "读取 RSS/Atom 数据源的间隔（分钟，0 表示本节点不读取）")
      ->capture_default_str()
      ->check(CLI::Range(0, 10080));
  sub->add_flag("--check-availability,!--no-check-availability", *check_availability,
                "按监测设置的间隔检查账号的客户端下载地址和功能地址（默认开启）");
  sub->add_option("--lease-seconds", *lease_seconds,
                  "后台作业的租约（秒）：节点停止后，其未完成的作业在租约到期后由其他节点重做")
      ->capture_default_str()
      ->check(CLI::Range(2, 86400));
}

}  // namespace

void RegisterWorker(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<WorkerArgs>();
  CLI::App* sub = app.add_subcommand("worker", "只运行后台作业（读取数据源、可用性检查、告警推送等），不提供网页和接口");
  sub->add_option("--db", args->db, "数据库：SQLite 文件或 postgresql:// 地址（多个节点共用一个 PostgreSQL 数据库）")
      ->capture_default_str();
  AddWorkerFlags(sub, &args->poll_minutes, &args->check_availability, &args->lease_seconds);
  sub->callback([args, exit_code] { *exit_code = Work(*args); });
}

void RegisterServe(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand("serve", "启动平台：/api/ 接口与 / 网页控制台");
  sub->add_option("--db", args->db, "数据库：SQLite 文件（首次启动时创建），或 PostgreSQL 地址 postgresql://用户@主机:端口/库名；首次使用时建表并导入附件1单位")->capture_default_str();
  sub->add_option("--port", args->port, "监听端口（0 表示任选空闲端口）")->capture_default_str()->check(CLI::Range(0, 65535));
  sub->add_option("--bind", args->bind, "监听地址")->capture_default_str();
  sub->add_option("--web", args->web, "网页控制台目录（默认为程序旁的 ../web/dist）");
  sub->add_option("--trusted-proxy", args->trusted_proxies,
                  "反向代理的地址（可多次指定）：仅相信来自这些地址的 X-Forwarded-For / X-Forwarded-Proto");
  sub->add_option("--secure-cookies", args->secure_cookies,
                  "会话 Cookie 的 Secure 标记：auto（默认：监听本机回环地址以外时开启，或可信代理报告 https 时）、on、off")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "on", "off"}));
  AddWorkerFlags(sub, &args->poll_minutes, &args->check_availability, &args->lease_seconds);
  sub->callback([args, exit_code] { *exit_code = Serve(*args); });
}

}  // namespace govmedia::cli
