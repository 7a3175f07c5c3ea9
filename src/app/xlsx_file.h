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

}  // namespace govmedia::app
