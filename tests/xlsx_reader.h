// Reading back the XLSX files the platform writes, for tests: the text of a part of the zip
// container (central directory, stored or deflated entries) and a sheet's cells by reference.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <map>
#include <regex>
#include <string>

namespace govmedia::testing {

/// The bytes of `name` inside the zip `zip`; empty when absent.
inline std::string ZipEntry(const std::string& zip, const std::string& name) {
  auto u16 = [&](size_t p) { return static_cast<uint32_t>(static_cast<uint8_t>(zip[p]) | static_cast<uint8_t>(zip[p + 1]) << 8); };
  auto u32 = [&](size_t p) { return u16(p) | u16(p + 2) << 16; };
  const size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return "";
  size_t p = u32(eocd + 16);
  const uint32_t entries = u16(eocd + 10);
  for (uint32_t i = 0; i < entries && zip.compare(p, 4, "PK\x01\x02") == 0; ++i) {
    const uint32_t method = u16(p + 10), csize = u32(p + 20), usize = u32(p + 24);
    const uint32_t nlen = u16(p + 28), xlen = u16(p + 30), clen = u16(p + 32), local = u32(p + 42);
    if (zip.compare(p + 46, nlen, name) == 0 && nlen == name.size()) {
      const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
      if (method == 0) return zip.substr(data, csize);
      std::string out(usize, '\0');
      z_stream zs{};
      inflateInit2(&zs, -15);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      zs.avail_in = csize;
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = usize;
      inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      return out;
    }
    p += 46 + nlen + xlen + clen;
  }
  return "";
}

/// The cells of the first sheet: "B4" → its text (shared strings resolved) or number as written.
inline std::map<std::string, std::string> SheetCells(const std::string& xlsx) {
  std::vector<std::string> shared;
  const std::string ss = ZipEntry(xlsx, "xl/sharedStrings.xml");
  static const std::regex si("<si>([\\s\\S]*?)</si>"), t("<t[^>]*>([^<]*)</t>");
  for (std::sregex_iterator it(ss.begin(), ss.end(), si), end; it != end; ++it) {
    std::string text;
    const std::string inner = (*it)[1];
    for (std::sregex_iterator k(inner.begin(), inner.end(), t); k != end; ++k) text += (*k)[1];
    shared.push_back(text);
  }
  std::map<std::string, std::string> cells;
  const std::string sheet = ZipEntry(xlsx, "xl/worksheets/sheet1.xml");
  static const std::regex c(R"re(<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>))re");
  for (std::sregex_iterator it(sheet.begin(), sheet.end(), c), end; it != end; ++it) {
    const std::string attrs = (*it)[2], v = (*it)[3];
    cells[(*it)[1]] = attrs.find("t=\"s\"") != std::string::npos && !v.empty() ? shared.at(std::stoul(v)) : v;
  }
  return cells;
}

}  // namespace govmedia::testing
