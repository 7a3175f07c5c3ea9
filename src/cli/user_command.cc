#include <iostream>

#include "app/auth/password.h"
#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "core/text.h"

namespace govmedia::cli {
namespace {

struct UserArgs {
  std::string db = kDefaultDb;
  std::string username;
  std::string role;
  std::string unit;
  bool password_stdin = false;
};

int AddUser(const UserArgs& a) {
  auto role = core::ParseRole(a.role);
  if (!role) {
    return Report(core::Status::InvalidArgument(
        "role", "未知角色 " + a.role + "（应为 city_admin、unit_operator、inspector、duty_officer、viewer）"));
  }
  std::string password;
  if (a.password_stdin) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    password = app::GeneratePassword();
  }
  EnsureParentDir(a.db);
  app::SystemClock clock;
  auto platform = app::Node::Open(a.db, clock);
  if (!platform.ok()) return Report(platform.status());
  app::NewUser u{a.username, *role, std::nullopt, password};
  if (!a.unit.empty()) {
    auto unit = storage::QueryOne((*platform)->db(), "SELECT id FROM units WHERE name = ?", {a.unit});
    if (!unit.ok()) return Report(core::Status::InvalidArgument("unit", "单位不存在：" + a.unit));
    u.unit_id = unit->Int(0);
  }
  auto row = (*platform)->auth().AddUser("cli", u);
  if (!row.ok()) return Report(row.status());
  std::cout << "已创建用户 " << row->username << "（" << core::RoleLabel(row->role) << "）\n";
  if (!a.password_stdin) std::cout << "初始口令（只显示这一次）：" << password << "\n";
  return kExitOk;
}

}  // namespace

void RegisterUser(CLI::App& app, int* exit_code) {
  CLI::App* user = app.add_subcommand("user", "管理登录用户");
  user->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();
  CLI::App* add = user->add_subcommand("add", "新建登录用户");
  add->add_option("--db", args->db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
  add->add_option("--username", args->username, "用户名")->required();
  add->add_option("--role", args->role, "角色：city_admin、unit_operator、inspector、duty_officer、viewer")->required();
  add->add_option("--unit", args->unit, "所属单位名称（unit_operator 必填）");
  add->add_flag("--password-stdin", args->password_stdin, "从标准输入读取口令（否则生成并显示一次）");
  add->callback([args, exit_code] { *exit_code = AddUser(*args); });
}

}  // namespace govmedia::cli
