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

}  // namespace govmedia::core
