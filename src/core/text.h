// Small UTF-8 and string helpers used by the core's validators. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace govmedia::core {

bool StartsWith(std::string_view s, std::string_view prefix);
std::string_view Trim(std::string_view s);
/// Number of code points; invalid bytes count one each.
size_t Utf8Length(std::string_view s);
bool IsValidUtf8(std::string_view s);
/// The code points of `s`, counted as Utf8Length counts them: a continuation byte without its lead
/// goes with the code point before, an invalid sequence decodes as U+FFFD.
std::u32string DecodeUtf8(std::string_view s);
std::string EncodeUtf8(std::u32string_view s);
/// Why `s` cannot be stored as text, in Chinese ("不是有效的 UTF-8 文本", "含有控制字符",
/// "过长（最多 N 个字）"); empty when it can. A control character is any C0 code point or DEL
/// (NUL included); with `multiline`, tab, line feed and carriage return are allowed.
std::string TextProblem(std::string_view s, size_t max_chars, bool multiline);
/// An absolute http:// or https:// URL with a host, at most 2,048 bytes, without whitespace or
/// control characters (so no javascript:, data: or file: link is ever stored or shown).
bool IsHttpUrl(std::string_view s);
inline constexpr size_t kMaxUrlBytes = 2048;

}  // namespace govmedia::core
