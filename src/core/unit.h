// Units (单位) under supervision: the 50 of 附件1 and the city office. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::core {

/// Categories of 附件1, plus the city office's own.
inline constexpr std::string_view kCategoryTown = "区镇";
inline constexpr std::string_view kCategoryCityOffice = "市政府办公室";
const std::vector<std::string_view>& UnitCategories();
bool IsUnitCategory(std::string_view c);

struct Unit {
  int64_t id = 0;
  std::string name;
  std::string category;
  bool retired = false;
  bool is_city_office = false;
};

/// Checks a new or renamed unit; InvalidArgument naming "name" or "category".
Status ValidateUnit(std::string_view name, std::string_view category);

}  // namespace govmedia::core
