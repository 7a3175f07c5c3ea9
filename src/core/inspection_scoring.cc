#include "core/inspection_scoring.h"

#include <algorithm>
#include <map>

#include "core/freshness.h"
#include "core/timestamp.h"

namespace govmedia::core {
namespace {

// Posts published in (from, to].
int CountIn(const std::vector<InspectedPost>& posts, int64_t from, int64_t to) {
  return static_cast<int>(std::count_if(posts.begin(), posts.end(), [&](const InspectedPost& p) {
    return p.published_at > from && p.published_at <= to;
  }));
}

std::optional<int64_t> LatestBefore(const std::vector<InspectedPost>& posts, int64_t t) {
  std::optional<int64_t> latest;
  for (const auto& p : posts)
    if (p.published_at <= t && (!latest || p.published_at > *latest)) latest = p.published_at;
  return latest;
}

void Add(std::vector<DerivedFinding>& out, const InspectionRules& rules, const std::string& id, int n,
         std::vector<std::string> evidence) {
  if (n <= 0 || !rules.Find(id)) return;
  out.push_back({id, n, std::move(evidence)});
}

}  // namespace

std::string_view FindingSourceId(FindingSource s) {
  switch (s) {
    case FindingSource::kDerived: return "derived";
    case FindingSource::kManual: return "manual";
    case FindingSource::kBoth: return "both";
  }
  return "manual";
}

std::vector<DerivedFinding> DeriveInspectionFindings(const InspectionRules& rules, const InspectionCase& c) {
  std::vector<DerivedFinding> out;
  const auto& a = c.account;
  if (a.opened_by_internal_body && a.opened_on && *a.opened_on >= rules.internal_body_cutoff) {
    Add(out, rules, "opening_irregular", 1,
        {"以内设机构名义于 " + a.opened_on->ToString() + " 开设（" + rules.internal_body_cutoff.ToString() + " 起不得新开设）"});
  }
  if (a.certification && a.certification->find(a.unit) == std::string::npos) {
    Add(out, rules, "certification_irregular", 1,
        {"公开认证信息「" + *a.certification + "」未标明主办单位名称「" + a.unit + "」"});
  }
  if (!a.interaction_enabled) Add(out, rules, "veto.no_interaction", 1, {"账号未提供有效互动功能"});

  if (c.posts) {
    const auto& posts = *c.posts;
    const int64_t t = c.monitoring_time;
    const auto& f = rules.freshness;
    const int64_t day = kSecondsPerDay;
    const auto latest = LatestBefore(posts, t);
    const std::string last = latest ? "最近一次更新为 " + FormatBeijing(*latest) : "监测范围内没有任何更新";
    auto blind = [&](int64_t from, int64_t to) { return BlindDaysIn(c.blind_days, from, to) > 0; };
    if (CountIn(posts, t - f.veto_days * day, t) == 0 && !blind(t - f.veto_days * day, t)) {
      Add(out, rules, "veto.no_update_2w", 1,
          {"监测时间点 " + FormatBeijing(t) + " 前 " + std::to_string(f.veto_days) + " 天内无更新；" + last});
    }
    if (a.platform == Platform::kWechatService) {
      const int n = CountIn(posts, t - f.service_window_days * day, t);
      // Fewer than one a week on average: n / (days / 7) < per_week, i.e. 7n < per_week · days.
      if (7 * n < f.service_posts_per_week * f.service_window_days && !blind(t - f.service_window_days * day, t)) {
        Add(out, rules, "update_late", 1,
            {"微信服务号监测时间点前 " + std::to_string(f.service_window_days) + " 天内更新 " + std::to_string(n) +
             " 次，平均每周少于 " + std::to_string(f.service_posts_per_week) + " 次"});
      }
    } else {
      int empty = 0;
      std::vector<std::string> evidence;
      for (int k = 1; k <= f.windows; ++k) {
        const int64_t to = t - (k - 1) * f.window_days * day;
        const int64_t from = t - k * f.window_days * day;
        if (CountIn(posts, from, to) == 0 && !blind(from, to)) {
          ++empty;
          evidence.push_back("第 " + std::to_string(k) + " 周（" + FormatBeijing(from) + " 至 " + FormatBeijing(to) +
                             "）无更新");
        }
      }
      Add(out, rules, "update_late", empty, std::move(evidence));
    }
  }
  for (const auto& m : c.monitoring) Add(out, rules, m.indicator, m.occurrences, m.evidence);
  // The set's order, so results read like the table.
  std::stable_sort(out.begin(), out.end(), [&](const DerivedFinding& x, const DerivedFinding& y) {
    return rules.Find(x.indicator) < rules.Find(y.indicator);
  });
  return out;
}

std::vector<std::string> FreshnessUndetermined(const InspectionRules& rules, const InspectionCase& c) {
  std::vector<std::string> out;
  if (!c.posts || c.blind_days.empty()) return out;
  const auto& posts = *c.posts;
  const int64_t t = c.monitoring_time;
  const auto& f = rules.freshness;
  const int64_t day = kSecondsPerDay;
  const std::string prefix = "无法判定（数据源异常）：";
  auto note = [&](const std::string& id, int64_t from, int64_t to, const std::string& what) {
    const int n = BlindDaysIn(c.blind_days, from, to);
    if (n == 0 || !rules.Find(id)) return;
    out.push_back(prefix + what + "（" + FormatBeijing(from) + " 至 " + FormatBeijing(to) + "）内无更新记录，但其中 " +
                  std::to_string(n) + " 天数据源异常，未据此扣分或否决");
  };
  if (CountIn(posts, t - f.veto_days * day, t) == 0) {
    note("veto.no_update_2w", t - f.veto_days * day, t, "监测时间点前 " + std::to_string(f.veto_days) + " 天");
  }
  if (c.account.platform == Platform::kWechatService) {
    const int n = CountIn(posts, t - f.service_window_days * day, t);
    if (7 * n < f.service_posts_per_week * f.service_window_days) {
      note("update_late", t - f.service_window_days * day, t,
           "微信服务号前 " + std::to_string(f.service_window_days) + " 天更新不足");
    }
  } else {
    for (int k = 1; k <= f.windows; ++k) {
      const int64_t to = t - (k - 1) * f.window_days * day, from = t - k * f.window_days * day;
      if (CountIn(posts, from, to) == 0) note("update_late", from, to, "第 " + std::to_string(k) + " 周");
    }
  }
  return out;
}

Result<InspectionResult> ScoreInspection(const IndicatorSet& set, const InspectionCase& c) {
  const auto& rules = set.inspection;
  struct Line {
    int derived = 0, manual = 0;
    std::vector<std::string> evidence;
  };
  std::map<std::string, Line> lines;
  for (const auto& d : DeriveInspectionFindings(rules, c)) {
    if (c.dismissed.count(d.indicator)) continue;
    Line& l = lines[d.indicator];
    l.derived += d.occurrences;
    l.evidence.insert(l.evidence.end(), d.evidence.begin(), d.evidence.end());
  }
  for (size_t i = 0; i < c.findings.size(); ++i) {
    const auto& m = c.findings[i];
    const std::string field = "findings[" + std::to_string(i) + "]";
    if (!rules.Find(m.indicator)) {
      return Status::InvalidArgument(field + ".indicator", "指标体系 " + set.id + " 中没有指标 " + m.indicator);
    }
    if (m.count < 1) return Status::InvalidArgument(field + ".count", "次数应为不小于 1 的整数");
    Line& l = lines[m.indicator];
    l.manual += m.count;
    if (!m.evidence.empty()) l.evidence.push_back(m.evidence);
  }
  InspectionResult r;
  r.undetermined = FreshnessUndetermined(rules, c);
  r.indicator_set = set.id;
  r.indicator_set_version = set.version;
  int lost = 0;
  for (const auto& ind : rules.indicators) {
    auto it = lines.find(ind.id);
    if (it == lines.end()) continue;
    const Line& l = it->second;
    Deduction d;
    d.indicator = ind.id;
    d.occurrences = l.derived + l.manual;
    d.source = l.derived && l.manual ? FindingSource::kBoth : l.derived ? FindingSource::kDerived : FindingSource::kManual;
    d.evidence = l.evidence;
    if (ind.veto) {
      r.vetoes.push_back(std::move(d));
    } else {
      d.max = ind.max;
      d.points = std::min(d.occurrences * ind.points, ind.max);
      lost += d.points;
      r.deductions.push_back(std::move(d));
    }
  }
  if (!r.vetoes.empty()) {
    r.deductions.clear();  // 出现单项否决，不再对其他指标进行评分
    r.qualified = false;
    return r;
  }
  r.score = std::max(0, rules.full_score - lost);
  r.qualified = *r.score >= rules.pass_score;
  return r;
}

}  // namespace govmedia::core
