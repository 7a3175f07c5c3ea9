#include "cli/cli_util.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/node.h"
#include "storage/db.h"

namespace govmedia::cli {

void EnsureParentDir(const std::string& db_path) {
  if (storage::IsPostgresUrl(db_path)) return;  // a server, not a file
  const auto parent = std::filesystem::path(db_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

core::Result<core::WorkCalendar> QueryCalendar(const std::string& db_path, bool db_given) {
  if (!storage::IsPostgresUrl(db_path) && !std::filesystem::exists(db_path)) {
    if (db_given) return core::Status::InvalidArgument("db", "数据库文件不存在：" + db_path);
    return app::LoadCalendar(nullptr);
  }
  auto db = storage::OpenDb(db_path);
  if (!db.ok()) return db.status();
  if (core::Status s = storage::Migrate(**db); !s.ok()) return s;
  return app::LoadCalendar(db->get());
}

core::Result<std::string> ReadInput(const std::string& file) {
  std::ostringstream ss;
  if (file == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::Status::InvalidArgument("FILE", "无法读取文件：" + file);
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace govmedia::cli
