// Indicator sets (指标体系): 附件2 (inspection of one account) and 附件3 (annual assessment of a
// unit) as data. Every point, cap, threshold and date the scoring uses comes from here, so the
// city office can publish a new version (动态调整) without a new binary; an inspection keeps the
// set id and version it was scored with. Pure data; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::core {

struct InspectionIndicator {
  std::string id;     // stable id, e.g. "update_late", "veto.no_update_2w"
  std::string name;   // 中文名称
  std::string group;  // 二级指标 / 评分细则 group, for display
  bool veto = false;  // 单项否决: stops scoring
  int points = 0;     // per occurrence
  int max = 0;        // line cap
};

/// The freshness rule of 附件2: windows and thresholds of "内容更新不及时" and the 2-week veto.
struct FreshnessRule {
  int veto_days = 0;               // no post in (t − veto_days, t] → veto.no_update_2w
  int window_days = 0;             // length of one window of update_late
  int windows = 0;                 // how many windows before t are checked
  int service_window_days = 0;     // WeChat service accounts: look-back period
  int service_posts_per_week = 0;  // … and the weekly average they must reach
};

struct InspectionRules {
  int full_score = 0;
  int pass_score = 0;  // qualified when score >= pass_score
  Date internal_body_cutoff;
  FreshnessRule freshness;
  std::vector<InspectionIndicator> indicators;  // in the table's order
  const InspectionIndicator* Find(const std::string& id) const;
};

struct AssessmentItem {
  std::string id;  // "spot_check"
  std::string name;
  int max = 0;  // item cap (单项指标扣分之和不超过本项指标总分值)
};

struct BonusTier {
  double min_ratio = 0;
  int points = 0;
};

struct AssessmentIndicator {
  std::string id;
  std::string name;
  bool veto = false;
  bool bonus = false;
  std::string item;            // the item a deduction line belongs to
  int points = 0;              // per occurrence (or the bonus)
  std::optional<int> max;      // line cap
  int threshold = 0;           // veto.higher_check_unqualified_2plus: how many
  std::string category;        // veto.no_account: which category must run an account
  int days = 0;                // rectification.overdue: calendar days allowed
  int workdays = 0;            // filing.late: working days allowed
  std::vector<BonusTier> tiers;          // bonus.inspection_ratio
  std::map<std::string, int> levels;     // bonus.commendation: points per level
};

struct AssessmentRules {
  int full_score = 0;
  int pass_score = 0;
  int bonus_above = 0;  // bonus only when the deduction score is above this
  int bonus_cap = 0;
  std::vector<AssessmentItem> items;
  std::vector<AssessmentIndicator> indicators;  // in the table's order
  const AssessmentIndicator* Find(const std::string& id) const;
  const AssessmentItem* FindItem(const std::string& id) const;
};

struct IndicatorSet {
  std::string id;  // "kunshan-2019"
  int version = 1;
  std::string title;
  Date issued_on;
  InspectionRules inspection;
  AssessmentRules assessment;
};

/// Checks a set before it is used or published: ids unique and well formed, points and caps not
/// negative, every deduction line's item exists, thresholds in range. InvalidArgument naming the
/// field ("inspection.indicators[3].points").
Status ValidateIndicatorSet(const IndicatorSet& s);

}  // namespace govmedia::core
