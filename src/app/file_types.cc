#include "app/file_types.h"

#include <cctype>
#include <string_view>

namespace govmedia::app {

std::string SniffImage(const std::string& b) {
  auto starts = [&](std::string_view magic, size_t at = 0) {
    return b.size() >= at + magic.size() && b.compare(at, magic.size(), magic) == 0;
  };
  if (starts("\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts("\xff\xd8\xff")) return "image/jpeg";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  return "";
}

std::string SniffDocument(const std::string& b, const std::string& filename) {
  auto starts = [&](std::string_view sig) { return b.compare(0, sig.size(), sig) == 0; };
  std::string name = filename;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (starts("%PDF-")) return "application/pdf";
  if (const std::string image = SniffImage(b); image == "image/png" || image == "image/jpeg") return image;
  if (starts(std::string_view("PK\x03\x04", 4))) {
    if (name.ends_with(".docx"))
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (name.ends_with(".xlsx"))
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return "application/zip";
  }
  if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    if (name.ends_with(".doc")) return "application/msword";
    if (name.ends_with(".xls") || name.ends_with(".et")) return "application/vnd.ms-excel";
    if (name.ends_with(".wps")) return "application/vnd.ms-works";
  }
  return "";
}

}  // namespace govmedia::app
