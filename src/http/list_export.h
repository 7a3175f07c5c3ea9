// XLSX export of a list route: the export answers what the list answers for the same query (its
// filters and scope, every page), laid out in columns taken from each item's JSON. So an export
// can neither show more than the list (scope, masked contacts) nor filter differently, and eight
// lists share one exporter (app/table_xlsx.h) instead of eight copies.
// Thread-safety: register before the server starts.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/table_xlsx.h"
#include "http/router.h"

namespace govmedia::http {

/// One column: its header and how an item's JSON gives its cell (a string, a number or null).
struct ExportColumn {
  app::TableColumn column;
  std::function<json(const json& item)> value;
};

/// The item's `key` as it is ("a.b" reaches into objects).
ExportColumn Field(std::string header, std::string key, double width = 14);
/// A YYYY-MM-DD (or RFC 3339: the date part, or the time in Beijing when `time`) as a date cell.
ExportColumn DateField(std::string header, std::string key, bool time = false);
/// `key`'s value through `labels` (unknown values as they are).
ExportColumn Label(std::string header, std::string key, std::map<std::string, std::string> labels, double width = 12);
/// true → 是, false → 否.
ExportColumn YesNo(std::string header, std::string key);
/// Long text, wrapped.
ExportColumn Text(std::string header, std::string key, double width = 40);
/// Any value from the whole item.
ExportColumn Computed(std::string header, std::function<json(const json&)> value, double width = 14);

/// Registers GET `path`: calls `list` (the list route's handler) with the request's query, page by
/// page until its "total" is reached, and answers the items as `filename` (ASCII) / `title`
/// (the sheet, and the file name a browser saves).
void AddListExport(Router& r, const std::string& path, std::string filename, std::string title, Handler list,
                   std::vector<ExportColumn> columns);

}  // namespace govmedia::http
