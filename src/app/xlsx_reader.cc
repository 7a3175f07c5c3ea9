#include "app/xlsx_reader.h"

#include <unzip.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <pugixml.hpp>

namespace govmedia::app {

using core::Status;

namespace {

/// A part larger than this is refused, so a small zip cannot expand into gigabytes.
constexpr uint64_t kMaxPartBytes = 64ull << 20;
/// A worksheet's size in Excel (rows 1–1,048,576, columns A–XFD): anything past it is no cell of a
/// sheet an office could have saved.
constexpr int kMaxRows = 1'048'576;
constexpr int kMaxColumns = 16'384;

Status BadFile(const std::string& why) { return Status::InvalidArgument("file", why); }

// ---- minizip over a buffer in memory (zlib_filefunc64_def callbacks) ----

struct MemoryFile {
  std::string_view data;
  uint64_t pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void*, int) { return opaque; }

uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemoryFile*>(stream);
  if (f->pos >= f->data.size()) return 0;
  const uint64_t n = std::min<uint64_t>(size, f->data.size() - f->pos);
  std::memcpy(buf, f->data.data() + f->pos, n);
  f->pos += n;
  return static_cast<uLong>(n);
}

uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }

long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemoryFile*>(stream);
  uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = f->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = f->data.size(); break;
    default: return -1;
  }
  if (offset > f->data.size() || base + offset > f->data.size()) return -1;
  f->pos = base + offset;
  return 0;
}

int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

class Zip final {
 public:
  explicit Zip(std::string_view bytes) : file_{bytes, 0} {
    zlib_filefunc64_def io{};
    io.zopen64_file = MemOpen;
    io.zread_file = MemRead;
    io.zwrite_file = MemWrite;
    io.ztell64_file = MemTell;
    io.zseek64_file = MemSeek;
    io.zclose_file = MemClose;
    io.zerror_file = MemError;
    io.opaque = &file_;
    zip_ = unzOpen2_64("memory", &io);
  }
  ~Zip() {
    if (zip_) unzClose(zip_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;
  bool ok() const { return zip_ != nullptr; }

  /// The bytes of the entry `name`; nullopt when absent; an error when it cannot be read.
  core::Result<std::optional<std::string>> Entry(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 2) != UNZ_OK) return std::optional<std::string>{};
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
      return BadFile("文件已损坏（" + name + "）");
    if (info.uncompressed_size > kMaxPartBytes) return BadFile("文件过大（" + name + "）");
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return BadFile("文件已损坏或已加密（" + name + "）");
    std::string out;
    char buf[16384];
    for (;;) {
      const int n = unzReadCurrentFile(zip_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zip_);
        return BadFile("文件已损坏（" + name + "）");
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > kMaxPartBytes) {
        unzCloseCurrentFile(zip_);
        return BadFile("文件过大（" + name + "）");
      }
    }
    // UNZ_CRCERROR here means the bytes do not match the stored checksum.
    if (unzCloseCurrentFile(zip_) != UNZ_OK) return BadFile("文件已损坏（" + name + "）");
    return std::optional<std::string>(std::move(out));
  }

 private:
  MemoryFile file_;
  unzFile zip_ = nullptr;
};

// ---- XML helpers: generators differ in namespace prefixes ("x:c"), so match local names ----

std::string_view Local(const char* name) {
  std::string_view n(name);
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && Local(c.name()) == local) return c;
  return {};
}

/// An attribute by local name (r:id and id alike are found as "id" with `prefixed`).
pugi::xml_attribute Attr(pugi::xml_node n, std::string_view local, bool prefixed = false) {
  for (pugi::xml_attribute a : n.attributes()) {
    std::string_view name(a.name());
    const bool has_prefix = name.find(':') != std::string_view::npos;
    if (Local(a.name()) == local && has_prefix == prefixed) return a;
  }
  return {};
}

/// The text of an <si> or <is>: its <t>, or the <t> of each rich-text run <r> (phonetic <rPh>
/// runs are not part of the value).
std::string StringItem(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = Local(c.name());
    if (name == "t") out += c.text().get();
    else if (name == "r") out += Child(c, "t").text().get();
  }
  return out;
}

core::Result<pugi::xml_document*> ParsePart(pugi::xml_document& doc, const std::string& text,
                                            const std::string& name) {
  const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!r) return BadFile("文件已损坏（" + name + " 不是有效的 XML）");
  return &doc;
}

/// A relationship target resolved against the xl/ folder ("worksheets/sheet1.xml" or
/// "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml").
std::string ResolveTarget(std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string base = "xl/";
  while (target.rfind("../", 0) == 0) {
    target = target.substr(3);
    base = "";
  }
  if (target.rfind("./", 0) == 0) target = target.substr(2);
  return base + target;
}

std::string NumberText(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

/// A row number as a sheet writes it: digits only, 1 to kMaxRows; nullopt otherwise (an int
/// read with atoi overflowed on "2147483647" plus one, and wrapped on longer numbers).
std::optional<int> ParseRowNumber(std::string_view text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  int row = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    row = row * 10 + (ch - '0');
  }
  if (row < 1 || row > kMaxRows) return std::nullopt;
  return row;
}

/// Splits "AB12" into column 27 and row 12; nullopt when it is not a cell reference of a sheet.
std::optional<std::pair<int, int>> ParseRef(std::string_view ref) {
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) ++i;
  auto col = XlsxColumnIndex(ref.substr(0, i));
  if (!col || *col >= kMaxColumns) return std::nullopt;
  auto row = ParseRowNumber(ref.substr(i));
  if (!row) return std::nullopt;
  return std::make_pair(*col, *row);
}

}  // namespace

std::optional<int> XlsxColumnIndex(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  int v = 0;
  for (char ch : letters) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') return std::nullopt;
    v = v * 26 + (ch - 'A' + 1);
  }
  return v - 1;
}

std::string XlsxColumnName(int index) {
  std::string out;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

std::optional<core::Date> ExcelSerialDate(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < (date1904 ? 0 : 1) || serial > 2'958'465) return std::nullopt;
  const auto days = static_cast<int64_t>(std::floor(serial));
  if (date1904) return core::Date::FromYmd(1904, 1, 1)->AddDays(days);
  if (days == 60) return std::nullopt;  // 1900-02-29 does not exist
  // Serial 1 is 1900-01-01, so day 0 is 1899-12-31; past the phantom leap day, one day less.
  const core::Date zero = *core::Date::FromYmd(1899, 12, 31);
  return zero.AddDays(days < 60 ? days : days - 1);
}

core::Result<XlsxSheet> ReadFirstSheet(std::string_view bytes) {
  if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") return BadFile("不是 XLSX 文件（请在 Excel 中另存为 .xlsx）");
  Zip zip(bytes);
  if (!zip.ok()) return BadFile("不是 XLSX 文件或文件已损坏");

  auto read = [&](const std::string& name, bool required) -> core::Result<std::optional<std::string>> {
    auto e = zip.Entry(name);
    if (!e.ok()) return e.status();
    if (!*e && required) return BadFile("不是 XLSX 工作簿（缺少 " + name + "）");
    return e;
  };

  XlsxSheet sheet;
  auto workbook_text = read("xl/workbook.xml", true);
  if (!workbook_text.ok()) return workbook_text.status();
  pugi::xml_document workbook;
  if (auto p = ParsePart(workbook, **workbook_text, "xl/workbook.xml"); !p.ok()) return p.status();
  const pugi::xml_node wb = workbook.document_element();
  if (pugi::xml_node pr = Child(wb, "workbookPr")) {
    const std::string v = Attr(pr, "date1904").value();
    sheet.date1904 = v == "1" || v == "true";
  }
  const pugi::xml_node first = Child(Child(wb, "sheets"), "sheet");
  if (!first) return BadFile("工作簿中没有工作表");
  sheet.name = Attr(first, "name").value();
  const std::string rel_id = Attr(first, "id", true).value();

  // Paths of the first sheet and the shared strings, from the workbook's relationships.
  std::string sheet_path = "xl/worksheets/sheet1.xml", shared_path = "xl/sharedStrings.xml";
  auto rels_text = read("xl/_rels/workbook.xml.rels", false);
  if (!rels_text.ok()) return rels_text.status();
  if (*rels_text) {
    pugi::xml_document rels;
    if (auto p = ParsePart(rels, **rels_text, "xl/_rels/workbook.xml.rels"); !p.ok()) return p.status();
    for (pugi::xml_node r : rels.document_element().children()) {
      if (r.type() != pugi::node_element || Local(r.name()) != "Relationship") continue;
      const std::string type = r.attribute("Type").value();
      const std::string target = ResolveTarget(r.attribute("Target").value());
      if (!rel_id.empty() && rel_id == r.attribute("Id").value()) sheet_path = target;
      if (type.ends_with("/sharedStrings")) shared_path = target;
    }
  }

  std::vector<std::string> shared;
  auto shared_text = read(shared_path, false);
  if (!shared_text.ok()) return shared_text.status();
  if (*shared_text) {
    pugi::xml_document doc;
    if (auto p = ParsePart(doc, **shared_text, shared_path); !p.ok()) return p.status();
    for (pugi::xml_node si : doc.document_element().children())
      if (si.type() == pugi::node_element && Local(si.name()) == "si") shared.push_back(StringItem(si));
  }

  auto sheet_text = read(sheet_path, true);
  if (!sheet_text.ok()) return sheet_text.status();
  pugi::xml_document doc;
  if (auto p = ParsePart(doc, **sheet_text, sheet_path); !p.ok()) return p.status();
  const pugi::xml_node data = Child(doc.document_element(), "sheetData");
  int next_row = 1;
  for (pugi::xml_node row : data.children()) {
    if (row.type() != pugi::node_element || Local(row.name()) != "row") continue;
    XlsxRow out;
    out.number = next_row;
    if (const char* r = Attr(row, "r").value(); *r) {
      auto number = ParseRowNumber(r);
      if (!number) return BadFile("工作表的行号有误（" + std::string(r).substr(0, 20) + "）");
      out.number = *number;
      if (out.number < next_row) return BadFile("工作表的行顺序有误（第 " + std::string(r) + " 行）");
    }
    if (out.number > kMaxRows) return BadFile("工作表超过 Excel 的最大行数（1048576 行）");
    next_row = out.number + 1;
    int next_col = 0;
    for (pugi::xml_node c : row.children()) {
      if (c.type() != pugi::node_element || Local(c.name()) != "c") continue;
      int col = next_col;
      if (const char* ref = Attr(c, "r").value(); *ref) {
        auto parsed = ParseRef(ref);
        if (!parsed || parsed->second != out.number)
          return BadFile("单元格引用有误：" + std::string(ref).substr(0, 20));
        col = parsed->first;
      }
      if (col >= kMaxColumns)
        return BadFile("第 " + std::to_string(out.number) + " 行超过 Excel 的最大列数（XFD 列）");
      next_col = col + 1;
      const std::string type = Attr(c, "t").value();
      XlsxCell cell;
      const pugi::xml_node v = Child(c, "v");
      if (type == "inlineStr") {
        cell.text = StringItem(Child(c, "is"));
      } else if (type == "s") {
        const std::string idx = v.text().get();
        if (idx.empty()) continue;  // a styled cell with nothing in it
        char* end = nullptr;
        const unsigned long i = std::strtoul(idx.c_str(), &end, 10);
        if (*end || i >= shared.size())
          return BadFile("共享字符串编号有误（" + XlsxColumnName(col) + std::to_string(out.number) + "）");
        cell.text = shared[i];
      } else if (type == "str" || type == "e") {
        cell.text = v.text().get();
      } else if (type == "b") {
        cell.text = std::string(v.text().get()) == "1" ? "TRUE" : "FALSE";
      } else {  // "n" or absent: a number (dates are numbers with a date format)
        const std::string text = v.text().get();
        if (text.empty()) continue;
        char* end = nullptr;
        const double d = std::strtod(text.c_str(), &end);
        if (*end) return BadFile("数值有误（" + XlsxColumnName(col) + std::to_string(out.number) + "）");
        cell.number = d;
        cell.text = NumberText(d);
      }
      if (cell.text.empty() && !cell.number) continue;
      out.cells[col] = std::move(cell);
    }
    if (!out.cells.empty()) sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

}  // namespace govmedia::app
