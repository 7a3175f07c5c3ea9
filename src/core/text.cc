#include "core/text.h"

#include <cctype>
#include <string>

namespace govmedia::core {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::string TextProblem(std::string_view s, size_t max_chars, bool multiline) {
  if (!IsValidUtf8(s)) return "不是有效的 UTF-8 文本";
  for (unsigned char c : s) {
    if (c >= 0x20 && c != 0x7F) continue;
    if (multiline && (c == '\t' || c == '\n' || c == '\r')) continue;
    return "含有控制字符";
  }
  if (Utf8Length(s) > max_chars) return "过长（最多 " + std::to_string(max_chars) + " 个字）";
  return "";
}

bool IsHttpUrl(std::string_view s) {
  if (s.size() > kMaxUrlBytes) return false;
  std::string_view rest;
  auto lower_prefix = [&](std::string_view p) {
    if (s.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
    rest = s.substr(p.size());
    return true;
  };
  if (!lower_prefix("https://") && !lower_prefix("http://")) return false;
  const size_t host_end = rest.find_first_of("/?#");
  const std::string_view host = rest.substr(0, host_end);
  if (host.empty() || host.front() == ':' || host.front() == '@') return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F) return false;
  return IsValidUtf8(s);
}

// Code points as the scanner counts them (core::Utf8Length): each byte that is not a
// continuation byte starts one; an invalid sequence decodes as U+FFFD.
std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) {  // a continuation byte without its lead: counted with the one before
      ++i;
      continue;
    }
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    size_t k = 1;
    for (; k < len && i + k < s.size(); ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) break;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (len == 0 || k < len) cp = 0xFFFD;
    i += k;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    out.push_back(cp);
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view t) {
  std::string out;
  for (char32_t c : t) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}


}  // namespace govmedia::core
