#include "app/table_xlsx.h"

#include "app/xlsx_file.h"
#include "core/date.h"

namespace govmedia::app {

core::Result<std::string> TableXlsx(const std::string& sheet, const std::vector<TableColumn>& columns,
                                    const std::vector<std::vector<TableCell>>& rows) {
  // Excel's limit is 31 characters; cut at a UTF-8 boundary.
  std::string name;
  size_t chars = 0;
  for (size_t i = 0; i < sheet.size() && chars < 31; ++chars) {
    size_t n = 1;
    const auto b = static_cast<unsigned char>(sheet[i]);
    if (b >= 0xF0) n = 4;
    else if (b >= 0xE0) n = 3;
    else if (b >= 0xC0) n = 2;
    name += sheet.substr(i, n);
    i += n;
  }
  return XlsxBytes([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.empty() ? nullptr : name.c_str());
    const auto [head, date, wrap] = AddSheetFormats(wb);
    for (size_t c = 0; c < columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_write_string(ws, 0, col, columns[c].header.c_str(), head);
      worksheet_set_column(ws, col, col, columns[c].width, nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < rows[r].size() && c < columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const TableCell& cell = rows[r][c];
        if (const auto* n = std::get_if<double>(&cell)) {
          worksheet_write_number(ws, row, col, *n, nullptr);
        } else if (const auto* s = std::get_if<std::string>(&cell); s && !s->empty()) {
          const auto d = columns[c].date && s->size() == 10 ? core::Date::Parse(*s) : std::nullopt;
          if (d) {
            lxw_datetime dt{d->year(), d->month(), d->day(), 0, 0, 0};
            worksheet_write_datetime(ws, row, col, &dt, date);
          } else {
            worksheet_write_string(ws, row, col, s->c_str(), columns[c].wrap ? wrap : nullptr);
          }
        }
      }
    }
  });
}

}  // namespace govmedia::app
