// `govmedia serve`: one database is served by one process (issue 9, finding 7).
#include <gtest/gtest.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

TEST(ServeCli, Issue9ASecondServerOnTheSameDatabaseRefusesToStart) {
  GOVMEDIA_SQLITE_ONLY("one process per SQLite file; nodes share a PostgreSQL database");
  TempDir tmp;
  const std::string db = tmp.File("t.db");
  const std::string bin = GOVMEDIA_BINARY;
  std::vector<std::string> args{bin, "serve", "--db", db, "--port", "0", "--poll-minutes", "0",
                                "--no-check-availability", "--web", tmp.File("none")};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  // The first server holds the lock once its pid is in the lock file.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ReadFile(db + ".serve.lock").find(std::to_string(pid)) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto second = RunGovmedia("serve --db " + db + " --port 0 --poll-minutes 0 --no-check-availability");
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_NE(second.err.find("已由另一个 govmedia serve 进程使用（进程号 " + std::to_string(pid) + "）"),
            std::string::npos)
      << second.err;
  kill(pid, SIGKILL);  // a killed server leaves no stale lock behind
  int status = 0;
  waitpid(pid, &status, 0);
  std::vector<std::string> again{bin, "serve", "--db", db, "--port", "0", "--poll-minutes", "0",
                                 "--no-check-availability", "--web", tmp.File("none")};
  argv.clear();
  for (auto& a : again) argv.push_back(a.data());
  argv.push_back(nullptr);
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  const auto deadline2 = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ReadFile(db + ".serve.lock").find(std::to_string(pid)) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline2)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(ReadFile(db + ".serve.lock").find(std::to_string(pid)), std::string::npos);
  kill(pid, SIGTERM);
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(ServeCli, Issue9ABusyPortIsAClearErrorNotASilentSecondServer) {
  TempDir tmp;
  // Take a port with a plain listening socket, then ask govmedia for it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);  // as the old server set it
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 5), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  auto r = RunGovmedia("serve --db " + tmp.File("t.db") + " --port " + std::to_string(port) +
                       " --poll-minutes 0 --no-check-availability");
  ::close(fd);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("端口已被占用"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace govmedia::testing
