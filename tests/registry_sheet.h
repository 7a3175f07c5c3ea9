// Writing registry spreadsheets for the import tests with libxlsxwriter, as Excel users would:
// text cells, date cells, numbers (a phone typed as a number), rows with gaps between them.
#pragma once

#include <xlsxwriter.h>

#include <string>
#include <variant>
#include <vector>

#include "app/xlsx_file.h"
#include "core/date.h"

namespace govmedia::testing {

struct Number {
  double value;
};
/// A cell: text, an Excel date cell, or a number; an empty string leaves the cell out.
using SheetCell = std::variant<std::string, core::Date, Number>;
using SheetRow = std::vector<SheetCell>;

/// A workbook whose first sheet holds `rows` from row 1 (an empty row is left empty, so the rows
/// after it keep the numbers Excel shows); `second_sheet` adds a sheet that must not be read.
inline std::string Workbook(const std::vector<SheetRow>& rows, bool second_sheet = false) {
  auto bytes = app::XlsxBytes([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "台账");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/m/d");
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        if (const auto* s = std::get_if<std::string>(&rows[r][c])) {
          if (!s->empty()) worksheet_write_string(ws, row, col, s->c_str(), nullptr);
        } else if (const auto* d = std::get_if<core::Date>(&rows[r][c])) {
          lxw_datetime dt{d->year(), d->month(), d->day(), 0, 0, 0};
          worksheet_write_datetime(ws, row, col, &dt, date);
        } else {
          worksheet_write_number(ws, row, col, std::get<Number>(rows[r][c]).value, nullptr);
        }
      }
    }
    if (second_sheet) worksheet_write_string(workbook_add_worksheet(wb, "其他"), 0, 0, "不是台账", nullptr);
  });
  return bytes.ok() ? *bytes : std::string();
}

/// The contract's required columns, in a shuffled order, and two optional ones.
inline SheetRow RegistryHeader() {
  return {std::string("主办单位"), std::string("账号名称"), std::string("账号平台"), std::string("账号链接"),
          std::string("发布内容及功能定位"), std::string("开设日期"), std::string("主要领导姓名"),
          std::string("主要领导职务"), std::string("主要领导联系方式"), std::string("工作人员1姓名"),
          std::string("工作人员1联系方式"), std::string("订阅源")};
}

/// A good row for RegistryHeader(): opened on `opened` (a date cell).
inline SheetRow RegistryRow(const std::string& unit, const std::string& name, const std::string& platform,
                            core::Date opened) {
  return {unit, name, platform, std::string("https://weibo.com/u/1001"), std::string("政务信息发布"), opened,
          std::string("王五"), std::string("镇长"), Number{13812345678.0}, std::string("李四"),
          std::string("0512-57512345"),
          std::string("https://example.gov.cn/feed1.xml; https://example.gov.cn/feed2.xml")};
}

}  // namespace govmedia::testing
