#include <iostream>

#include "app/demo.h"
#include "app/auth/password.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"

namespace govmedia::cli {
namespace {

// Loads the demo accounts and (re)sets the demo admin's password, printing the login.
int Demo(const std::string& path) {
  EnsureParentDir(path);
  app::TravelClock clock;  // the demo walks it through the past year
  auto platform = app::Node::Open(path, clock);
  if (!platform.ok()) return Report(platform.status());
  auto summary = app::SeedDemo(**platform, clock);
  if (!summary.ok()) return Report(summary.status());
  const std::string password = app::GeneratePassword();
  auto& users = (*platform)->user_store();
  if (auto admin = users.FindByName("admin"); admin.ok()) {
    auto hash = app::HashPassword(password);
    if (!hash.ok()) return Report(hash.status());
    if (core::Status s = users.SetPassword(admin->id, *hash); !s.ok()) return Report(s);
  } else {
    auto row = (*platform)->auth().AddUser("demo", {"admin", core::Role::kCityAdmin, std::nullopt, password});
    if (!row.ok()) return Report(row.status());
  }
  if (summary->already_present) {
    std::cout << "演示数据已存在（" << summary->accounts << " 个演示账号）\n";
  } else {
    const auto& s = *summary;
    std::cout << "已载入演示数据（均为演示）：" << s.accounts << " 个账号，" << s.filings << " 条备案，" << s.posts
              << " 条帖子，" << s.inspections << " 次检查，" << s.reports << " 份季度报告，" << s.rounds
              << " 轮抽查及通报（" << s.rectifications << " 项整改），" << s.alerts << " 条告警；" << s.previous_year
              << " 年度考核已定稿：合格 " << s.qualified << " 个单位，不合格 " << s.unqualified << " 个\n";
  }
  std::cout << "管理员登录：用户名 admin  口令 " << password << "\n";
  return kExitOk;
}

}  // namespace

void RegisterDemo(CLI::App& app, int* exit_code) {
  auto db = std::make_shared<std::string>(kDefaultDb);
  CLI::App* demo = app.add_subcommand("demo", "载入演示数据并重置演示管理员 admin 的口令（仅用于演示）");
  demo->add_option("--db", *db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
  demo->callback([db, exit_code] { *exit_code = Demo(*db); });
}

}  // namespace govmedia::cli
