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

SheetFormats AddSheetFormats(lxw_workbook* wb) {
  SheetFormats f;
  f.head = workbook_add_format(wb);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xDDEBF7);
  format_set_border(f.head, LXW_BORDER_THIN);
  f.date = workbook_add_format(wb);
  format_set_num_format(f.date, "yyyy-mm-dd");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

}  // namespace govmedia::app
