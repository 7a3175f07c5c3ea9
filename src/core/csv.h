// CSV as RFC 4180 writes it (and Excel saves it): comma-separated, fields in double quotes may
// hold commas, quotes ("" for one) and line breaks; CRLF or LF; a UTF-8 byte order mark is
// skipped. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::core {

struct CsvRecord {
  int line = 0;  // the 1-based line the record starts on
  std::vector<std::string> fields;
};

/// Every record, blank lines skipped. InvalidArgument with field "第 N 行" for a quote left open
/// or text after a closing quote.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

}  // namespace govmedia::core
