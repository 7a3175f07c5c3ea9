// The XLSX reader (app::ReadFirstSheet) and the registry import that reads an uploaded workbook
// with it (app::RegistryImport::Import, dry run, into a scratch SQLite file with the units of
// 附件1). Two shapes of input:
//  - starting with "PK": the bytes of a workbook as uploaded (the zip container and all);
//  - anything else: the XML parts themselves, separated by NUL bytes, in the order
//    xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/sharedStrings.xml, xl/worksheets/sheet1.xml
//    (missing or empty parts are left out of the workbook). The target stores them in a valid zip,
//    so the search reaches the parts' XML rather than stopping at checksums and deflate streams.
// Beyond "does not crash": the rows of a sheet come in order within Excel's 1,048,576, each with
// at least one cell, every column is within A–XFD and its name reads back to it, and a numeric
// cell's date is within years 1–9999.
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/node.h"
#include "app/registry/registry_import.h"
#include "app/system_clock.h"
#include "app/xlsx_reader.h"

namespace {

void Put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

// A zip of `parts` with every entry stored (method 0), with correct checksums.
std::string StoredZip(const std::vector<std::pair<std::string, std::string_view>>& parts) {
  std::string out, central;
  for (const auto& [name, data] : parts) {
    const uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(out, 0x04034b50);
    Put16(out, 20);    // version needed
    Put16(out, 0);     // flags
    Put16(out, 0);     // stored
    Put16(out, 0);     // time
    Put16(out, 0x21);  // 1980-01-01
    Put32(out, crc);
    Put32(out, static_cast<uint32_t>(data.size()));
    Put32(out, static_cast<uint32_t>(data.size()));
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);
    out += name;
    out += data;
    Put32(central, 0x02014b50);
    Put16(central, 20);  // made by
    Put16(central, 20);  // needed
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0x21);
    Put32(central, crc);
    Put32(central, static_cast<uint32_t>(data.size()));
    Put32(central, static_cast<uint32_t>(data.size()));
    Put16(central, static_cast<uint32_t>(name.size()));
    Put16(central, 0);  // extra
    Put16(central, 0);  // comment
    Put16(central, 0);  // disk
    Put16(central, 0);  // internal attributes
    Put32(central, 0);  // external attributes
    Put32(central, offset);
    central += name;
  }
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(parts.size()));
  Put16(out, static_cast<uint32_t>(parts.size()));
  Put32(out, static_cast<uint32_t>(central.size()));
  Put32(out, cd_offset);
  Put16(out, 0);
  return out;
}

std::string Workbook(std::string_view input) {
  if (input.substr(0, 2) == "PK") return std::string(input);
  static const char* const kNames[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                       "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"};
  std::vector<std::pair<std::string, std::string_view>> parts;
  size_t start = 0;
  for (const char* name : kNames) {
    if (start > input.size()) break;
    const size_t end = std::min(input.find('\0', start), input.size());
    if (end > start) parts.emplace_back(name, input.substr(start, end - start));
    start = end + 1;
  }
  return StoredZip(parts);
}

void CheckSheet(const govmedia::app::XlsxSheet& sheet) {
  int last = 0;
  for (const auto& row : sheet.rows) {
    if (row.number <= last || row.number > 1'048'576 || row.cells.empty()) __builtin_trap();
    last = row.number;
    for (const auto& [col, cell] : row.cells) {
      if (col < 0 || col >= 16'384 ||
          govmedia::app::XlsxColumnIndex(govmedia::app::XlsxColumnName(col)) != col)
        __builtin_trap();
      if (cell.text.empty() && !cell.number) __builtin_trap();
      if (cell.number) {
        if (auto d = govmedia::app::ExcelSerialDate(*cell.number, sheet.date1904))
          if (d->year() < 1 || d->year() > 9999) __builtin_trap();
      }
    }
  }
}

// A node on a scratch file (the import reads units and accounts through the store), removed at
// exit; the dry run writes nothing, so runs do not depend on one another.
struct Scratch {
  std::string dir;
  govmedia::app::SystemClock clock;
  std::unique_ptr<govmedia::app::Node> node;
  std::unique_ptr<govmedia::app::RegistryImport> import;
  Scratch() {
    char tmpl[] = "/tmp/fuzz-xlsx-XXXXXX";
    if (!mkdtemp(tmpl)) __builtin_trap();
    dir = tmpl;
    auto n = govmedia::app::Node::Open(dir + "/f.db", clock);
    if (!n.ok()) __builtin_trap();
    node = std::move(*n);
    import = std::make_unique<govmedia::app::RegistryImport>(
        node->db(), node->registry_store(), node->audit(), node->registry(), clock);
  }
  ~Scratch() {
    import.reset();
    node.reset();
    for (const char* f : {"/f.db", "/f.db-wal", "/f.db-shm", "/f.db.lock"})
      unlink((dir + f).c_str());
    rmdir(dir.c_str());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch scratch;
  const std::string bytes = Workbook(std::string_view(reinterpret_cast<const char*>(data), size));
  auto sheet = govmedia::app::ReadFirstSheet(bytes);
  if (!sheet.ok()) {
    if (sheet.status().field() != "file") __builtin_trap();
    return 0;
  }
  CheckSheet(*sheet);
  const govmedia::core::Principal office{1, "fuzz", govmedia::core::Role::kCityAdmin, std::nullopt};
  auto report = scratch.import->Import(office, bytes, /*dry_run=*/true, "fuzz.xlsx");
  if (report.ok() &&
      (report->problems.empty()
           ? report->imported + static_cast<int64_t>(report->skipped.size()) != report->rows
           : report->imported != 0))
    __builtin_trap();
  return 0;
}
