// One sheet of a list as XLSX: a bold header row, then one row per record. The one exporter the
// console's lists share (accounts have their own layout, see registry_import.h). A cell's text
// that is a date (YYYY-MM-DD) becomes a date cell in a date column, a number stays a number.
// Thread-safety: each call is independent.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace govmedia::app {

struct TableColumn {
  std::string header;
  double width = 14;   // in Excel's character units
  bool date = false;   // YYYY-MM-DD values written as date cells
  bool wrap = false;   // long text: wrapped in the cell
};

/// A cell: empty, text or a number.
using TableCell = std::variant<std::monostate, std::string, double>;

/// The workbook: `sheet` (at most 31 characters as Excel allows; longer is cut) with `columns`
/// and `rows` (each as long as `columns`, shorter rows leave the rest empty); the header row stays
/// in view when scrolling. IOError when the file cannot be written.
core::Result<std::string> TableXlsx(const std::string& sheet, const std::vector<TableColumn>& columns,
                                    const std::vector<std::vector<TableCell>>& rows);

}  // namespace govmedia::app
