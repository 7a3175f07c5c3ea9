#include "core/indicator_set.h"

#include <algorithm>
#include <set>

namespace govmedia::core {
namespace {

bool WellFormedId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

const InspectionIndicator* InspectionRules::Find(const std::string& id) const {
  for (const auto& i : indicators)
    if (i.id == id) return &i;
  return nullptr;
}

const AssessmentIndicator* AssessmentRules::Find(const std::string& id) const {
  for (const auto& i : indicators)
    if (i.id == id) return &i;
  return nullptr;
}

const AssessmentItem* AssessmentRules::FindItem(const std::string& id) const {
  for (const auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

Status ValidateIndicatorSet(const IndicatorSet& s) {
  const bool set_id_ok = !s.id.empty() && s.id.size() <= 64 &&
                         std::all_of(s.id.begin(), s.id.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                         });
  if (!set_id_ok)
    return Status::InvalidArgument("id", "指标体系编号只能包含小写字母、数字、下划线和连字符");
  if (s.version < 1) return Status::InvalidArgument("version", "版本号应为正整数");
  const auto& in = s.inspection;
  if (in.full_score <= 0) return Status::InvalidArgument("inspection.full_score", "满分应为正数");
  if (in.pass_score < 0 || in.pass_score > in.full_score)
    return Status::InvalidArgument("inspection.pass_score", "合格线应在 0 到满分之间");
  const auto& f = in.freshness;
  if (f.veto_days < 1 || f.window_days < 1 || f.windows < 0 || f.service_window_days < 1 || f.service_posts_per_week < 0)
    return Status::InvalidArgument("inspection.freshness", "更新频率规则的天数应为正数");
  std::set<std::string> seen;
  for (size_t i = 0; i < in.indicators.size(); ++i) {
    const auto& x = in.indicators[i];
    const std::string field = "inspection.indicators[" + std::to_string(i) + "]";
    if (!WellFormedId(x.id)) return Status::InvalidArgument(field + ".id", "指标编号格式不正确");
    if (!seen.insert(x.id).second) return Status::InvalidArgument(field + ".id", "指标编号重复：" + x.id);
    if (x.name.empty()) return Status::InvalidArgument(field + ".name", "指标名称不能为空");
    if (!x.veto && (x.points < 0 || x.max < 0)) return Status::InvalidArgument(field + ".points", "分值不能为负数");
    if (!x.veto && x.max == 0 && x.points > 0) return Status::InvalidArgument(field + ".max", "扣分上限应为正数");
    if (!x.veto && x.points > x.max) return Status::InvalidArgument(field + ".points", "每次扣分不能大于扣分上限");
  }
  const auto& as = s.assessment;
  if (as.full_score <= 0) return Status::InvalidArgument("assessment.full_score", "满分应为正数");
  if (as.pass_score < 0 || as.pass_score > as.full_score)
    return Status::InvalidArgument("assessment.pass_score", "合格线应在 0 到满分之间");
  if (as.bonus_above < 0 || as.bonus_above > as.full_score)
    return Status::InvalidArgument("assessment.bonus_above", "加分门槛应在 0 到满分之间");
  if (as.bonus_cap < 0) return Status::InvalidArgument("assessment.bonus_cap", "加分上限不能为负数");
  std::set<std::string> items;
  for (size_t i = 0; i < as.items.size(); ++i) {
    const std::string field = "assessment.items[" + std::to_string(i) + "]";
    if (!WellFormedId(as.items[i].id) || !items.insert(as.items[i].id).second)
      return Status::InvalidArgument(field + ".id", "考核项目编号格式不正确或重复");
    if (as.items[i].max < 0) return Status::InvalidArgument(field + ".max", "分值不能为负数");
  }
  seen.clear();
  for (size_t i = 0; i < as.indicators.size(); ++i) {
    const auto& x = as.indicators[i];
    const std::string field = "assessment.indicators[" + std::to_string(i) + "]";
    if (!WellFormedId(x.id)) return Status::InvalidArgument(field + ".id", "指标编号格式不正确");
    if (!seen.insert(x.id).second) return Status::InvalidArgument(field + ".id", "指标编号重复：" + x.id);
    if (x.name.empty()) return Status::InvalidArgument(field + ".name", "指标名称不能为空");
    if (x.points < 0 || (x.max && *x.max < 0)) return Status::InvalidArgument(field + ".points", "分值不能为负数");
    if (x.max && x.points > *x.max) return Status::InvalidArgument(field + ".points", "每次扣分不能大于扣分上限");
    if (!x.veto && !x.bonus && !items.count(x.item))
      return Status::InvalidArgument(field + ".item", "扣分指标所属考核项目不存在：" + x.item);
    for (size_t t = 0; t < x.tiers.size(); ++t) {
      if (x.tiers[t].min_ratio < 0 || x.tiers[t].min_ratio > 1 || x.tiers[t].points < 0)
        return Status::InvalidArgument(field + ".tiers[" + std::to_string(t) + "]", "比例应在 0 到 1 之间，分值不能为负数");
    }
  }
  return Status::Ok();
}

}  // namespace govmedia::core
