#include "cli/cli_util.h"

#include <filesystem>

namespace govmedia::cli {

void EnsureParentDir(const std::string& db_path) {
  const auto parent = std::filesystem::path(db_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

}  // namespace govmedia::cli
