// libxlsxwriter writes workbooks to files only: this writes one to a private temporary file,
// reads the bytes back and removes the file. Thread-safety: each call is independent.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>

#include "core/status.h"

namespace govmedia::app {

/// The bytes of the workbook `fill` writes. IOError when the file cannot be made or written.
core::Result<std::string> XlsxBytes(const std::function<void(lxw_workbook*)>& fill);

/// The formats every list sheet uses: a bold, shaded, bordered header; dates as yyyy-mm-dd; text
/// that wraps, top-aligned.
struct SheetFormats {
  lxw_format* head = nullptr;
  lxw_format* date = nullptr;
  lxw_format* wrap = nullptr;
};
SheetFormats AddSheetFormats(lxw_workbook* wb);

}  // namespace govmedia::app
