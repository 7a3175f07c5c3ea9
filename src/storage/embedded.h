// Data files compiled into the binary (see cmake/embed.cmake): migrations, the built-in
// working-day calendar, the units of 附件1, the OpenAPI document. Empty view for an unknown name.
#pragma once

#include <string_view>

namespace govmedia::storage {
std::string_view Embedded(std::string_view name);
}  // namespace govmedia::storage
