#include <filesystem>
#include <iostream>

#include "cli/cli_util.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::cli {
namespace {

int Verify(const std::string& path) {
  if (!storage::IsPostgresUrl(path) && !std::filesystem::exists(path)) {
    return Report(core::Status::InvalidArgument("db", "数据库文件不存在：" + path));
  }
  auto db = storage::OpenDb(path);
  if (!db.ok()) return Report(db.status());
  storage::AuditLog log(**db);
  std::string why;
  auto broken = log.Verify(&why);
  if (!broken.ok()) return Report(broken.status());
  if (*broken) {
    std::cerr << "审计日志链校验失败：第 " << **broken << " 行（" << why << "）\n";
    return kExitFailure;
  }
  auto n = storage::QueryOne(**db, "SELECT COUNT(*) FROM audit_log");
  std::cout << "审计日志完整：" << (n.ok() ? n->Int(0) : 0) << " 行\n";
  return kExitOk;
}

}  // namespace

void RegisterAudit(CLI::App& app, int* exit_code) {
  CLI::App* audit = app.add_subcommand("audit", "审计日志");
  audit->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand("verify", "校验审计日志的哈希链：完整时退出码 0，否则 1 并指出第一处损坏的行");
  verify->add_option("--db", *db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->required();
  verify->callback([db, exit_code] { *exit_code = Verify(*db); });
}

}  // namespace govmedia::cli
