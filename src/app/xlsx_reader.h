// Reading the first sheet of an XLSX workbook (Office Open XML) held in memory: the cells of each
// row as text or number, for imports of spreadsheets that offices already keep.
//
// Why minizip + pugixml: Debian 12 packages no C or C++ library that reads XLSX (libxlsxwriter
// only writes), so the reader works on the OOXML parts itself. minizip (libminizip-dev, zlib's
// own unzip) opens the zip container, including zip64 archives and entries written with data
// descriptors (as streaming writers such as Excel on some platforms and LibreOffice produce);
// pugixml (already used for feeds) parses the parts: xl/workbook.xml for the first sheet and
// whether dates count from 1904, xl/_rels/workbook.xml.rels for the sheet's and the shared
// strings' paths, xl/sharedStrings.xml, and the sheet itself (shared, inline and formula
// strings, numbers, booleans; cell references with gaps between them).
// Thread-safety: the functions are pure over their arguments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::app {

/// One cell as the file stores it: `text` is the string (or the number written out, integers
/// without a decimal point); `number` is set for numeric cells (dates are numbers in XLSX).
struct XlsxCell {
  std::string text;
  std::optional<double> number;
};

/// A non-empty row of the sheet: `number` is the row number Excel shows (1-based); `cells` maps
/// the 0-based column (A = 0) to its cell, only for cells that hold something.
struct XlsxRow {
  int number = 0;
  std::map<int, XlsxCell> cells;
};

struct XlsxSheet {
  std::string name;
  bool date1904 = false;  // the workbook counts date serials from 1904-01-01
  std::vector<XlsxRow> rows;
};

/// The first sheet of the workbook in `bytes`. InvalidArgument naming "file" when the bytes are
/// not a readable XLSX workbook (not a zip, a part missing or malformed, a part over 64 MB, a row
/// or column past Excel's limits of 1,048,576 rows and XFD).
core::Result<XlsxSheet> ReadFirstSheet(std::string_view bytes);

/// The date of an Excel date serial (whole days; a time of day is dropped). In the 1900 system
/// serial 1 is 1900-01-01 and serial 60 is Excel's non-existent 1900-02-29 (kept from Lotus 1-2-3),
/// so serials from 61 on are one day ahead of a plain count; nullopt for 60 and for serials out of
/// range (below 1, after 9999-12-31).
std::optional<core::Date> ExcelSerialDate(double serial, bool date1904 = false);

/// "A" → 0, "AB" → 27; nullopt for anything that is not a column of letters (at most 3).
std::optional<int> XlsxColumnIndex(std::string_view letters);
/// 0 → "A", 27 → "AB".
std::string XlsxColumnName(int index);

}  // namespace govmedia::app
