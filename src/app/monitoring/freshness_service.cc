#include "app/monitoring/freshness_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/monitoring/fetch_history.h"
#include "core/timestamp.h"
#include "storage/record_codec.h"

namespace govmedia::app {

using core::FreshnessLevel;
using core::Status;

std::string FreshnessLabel(FreshnessLevel l, const core::FreshnessThresholds& th, int veto_days) {
  switch (l) {
    case FreshnessLevel::kVeto:
      return "已超 " + std::to_string(veto_days) + " 天未更新（单项否决）";
    case FreshnessLevel::kDanger:
      return "严重预警（" + std::to_string(th.danger_days) + " 天未更新）";
    case FreshnessLevel::kWarn:
      return "预警（" + std::to_string(th.warn_days) + " 天未更新或更新不足）";
    case FreshnessLevel::kSourceFailing:
      return "无法判定（数据源异常）";
    case FreshnessLevel::kOk:
      return "正常";
    case FreshnessLevel::kNoSource:
      return "未接入";
  }
  return "";
}

core::Result<FreshnessReport> FreshnessService::Report(const core::Principal& p,
                                                       const FreshnessFilter& filter) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  static const std::set<std::string> kLevels{"",     "risk",           "veto", "danger",
                                             "warn", "source_failing", "ok",   "no_source"};
  if (!kLevels.count(filter.level)) {
    return Status::InvalidArgument(
        "level", "应为 risk、veto、danger、warn、source_failing、ok 或 no_source");
  }
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  FreshnessReport rep;
  rep.as_of = clock_.NowSeconds();
  rep.thresholds = {settings->warn_days, settings->danger_days};
  const core::FreshnessRule& rule = set->set.inspection.freshness;
  rep.veto_days = rule.veto_days;
  const int64_t t = rep.as_of;

  std::optional<int64_t> unit = filter.unit_id;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit && *unit != *scope) return rep;
    unit = scope;
  }
  std::string where = " WHERE a.status = 'open'";
  storage::Params params;
  if (unit) where += " AND a.unit_id = ?", params.emplace_back(*unit);
  if (!filter.platform.empty())
    where += " AND a.platform = ?", params.emplace_back(filter.platform);
  auto accounts = db_.Query(
      "SELECT a.id, a.name, a.unit_id, u.name, a.platform, a.record_json FROM accounts a JOIN "
      "units u ON u.id = a.unit_id" +
          where + " ORDER BY a.id",
      params);
  if (!accounts.ok()) return accounts.status();

  // Three reads for all accounts rather than three per account.
  const int64_t from = t - core::kGapLookBackDays * core::kSecondsPerDay;
  std::map<int64_t, std::vector<int64_t>> posts;
  auto recent = db_.Query(
      "SELECT account_id, published_epoch FROM posts WHERE kind = 'post' AND published_epoch > ? "
      "AND published_epoch <= ? ORDER BY account_id, published_epoch",
      {from, t});
  if (!recent.ok()) return recent.status();
  for (const auto& r : *recent) posts[r.Int(0)].push_back(r.Int(1));
  std::map<int64_t, int64_t> last;
  auto latest = db_.Query(
      "SELECT account_id, MAX(published_epoch) FROM posts WHERE kind = 'post' AND published_epoch "
      "<= ? "
      "GROUP BY account_id",
      {t});
  if (!latest.ok()) return latest.status();
  for (const auto& r : *latest) last[r.Int(0)] = r.Int(1);
  std::map<int64_t, bool> failing;  // account → any feed failing
  auto feeds =
      db_.Query("SELECT account_id, MAX(CASE WHEN health = 'failing' THEN 1 ELSE 0 END) FROM feed_state GROUP BY account_id");
  if (!feeds.ok()) return feeds.status();
  for (const auto& r : *feeds) failing[r.Int(0)] = r.Int(1) != 0;

  // Day-by-day health over the longest period a rule looks at.
  const int64_t blind_from =
      t - std::max({rule.veto_days, rule.window_days * rule.windows, rule.service_window_days}) * core::kSecondsPerDay;
  auto checks = CollectionChecks(db_, std::nullopt, blind_from, t);
  if (!checks.ok()) return checks.status();
  auto reasons = LatestBlindReasons(db_, blind_from);  // account → the latest reason its source was blind
  if (!reasons.ok()) return reasons.status();
  std::map<int64_t, std::string>& problem = *reasons;
  auto errors = db_.Query("SELECT account_id, last_error FROM feed_state WHERE health = 'failing'");
  if (!errors.ok()) return errors.status();
  for (const auto& r : *errors) problem[r.Int(0)] = r.Text(1);  // failing now: today's reason

  std::map<std::string, int> counts;
  for (const auto& r : *accounts) {
    FreshnessRow row;
    row.account_id = r.Int(0);
    row.account_name = r.Text(1);
    row.unit_id = r.Int(2);
    row.unit_name = r.Text(3);
    row.platform = r.Text(4);
    core::AccountRecord rec;
    (void)storage::DecodeRecordExtras(r.Text(5), &rec);
    core::FreshnessInput in;
    in.posts = posts[row.account_id];
    if (auto it = last.find(row.account_id); it != last.end())
      in.last_post = row.last_post = it->second;
    in.wechat_service = row.platform == "wechat_service";
    const bool has_feed = !rec.feed_urls.empty() || failing.count(row.account_id);
    in.has_source = has_feed || in.last_post.has_value();
    in.source_failing = failing[row.account_id];
    row.feed_health = !has_feed ? "none" : in.source_failing ? "failing" : "ok";
    row.blind_days = core::BlindDays((*checks)[row.account_id], blind_from, t);
    in.blind_days = row.blind_days;
    if (!row.blind_days.empty() || in.source_failing) row.source_problem = problem[row.account_id];
    row.f = core::ComputeFreshness(in, t, rule, rep.thresholds);
    counts[std::string(core::FreshnessLevelId(row.f.level))]++;
    const std::string id(core::FreshnessLevelId(row.f.level));
    const bool keep = filter.level.empty() || filter.level == id ||
                      (filter.level == "risk" && (id == "warn" || id == "danger" || id == "veto"));
    if (keep) rep.rows.push_back(std::move(row));
  }
  for (const char* l : {"veto", "danger", "warn", "source_failing", "ok", "no_source"})
    rep.counts.emplace_back(l, counts[l]);
  std::stable_sort(rep.rows.begin(), rep.rows.end(),
                   [](const FreshnessRow& a, const FreshnessRow& b) {
                     if (a.f.level != b.f.level)
                       return core::FreshnessRank(a.f.level) < core::FreshnessRank(b.f.level);
                     return a.f.days_silent.value_or(1e9) > b.f.days_silent.value_or(1e9);
                   });
  return rep;
}

}  // namespace govmedia::app
