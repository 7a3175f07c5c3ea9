#include "core/unit.h"

#include "core/text.h"

namespace govmedia::core {

const std::vector<std::string_view>& UnitCategories() {
  static const std::vector<std::string_view> all{kCategoryTown, "城市管理办事处", "市级部门",
                                                 "条线单位", "其他", kCategoryCityOffice};
  return all;
}

bool IsUnitCategory(std::string_view c) {
  for (auto v : UnitCategories())
    if (v == c) return true;
  return false;
}

Status ValidateUnit(std::string_view name, std::string_view category) {
  if (Trim(name).empty()) return Status::InvalidArgument("name", "单位名称不能为空");
  if (Utf8Length(name) > 60 || !IsValidUtf8(name))
    return Status::InvalidArgument("name", "单位名称不能超过 60 个字");
  if (!IsUnitCategory(category)) {
    return Status::InvalidArgument("category",
                                   "单位类别应为 区镇、城市管理办事处、市级部门、条线单位、其他 之一");
  }
  return Status::Ok();
}

}  // namespace govmedia::core
