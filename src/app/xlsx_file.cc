#include "app/xlsx_file.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace govmedia::app {

core::Result<std::string> XlsxBytes(const std::function<void(lxw_workbook*)>& fill) {
  char path[] = "/tmp/govmedia-xlsx-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return core::Status::IOError("无法创建临时文件");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    std::remove(path);
    return core::Status::IOError("无法创建 XLSX");
  }
  fill(wb);
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::remove(path);
    return core::Status::IOError("写入 XLSX 失败");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  return ss.str();
}

}  // namespace govmedia::app
