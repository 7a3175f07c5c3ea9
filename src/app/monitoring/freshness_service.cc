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
  auto all = Everything();
  if (!all.ok()) return all.status();
  const FreshnessReport& full = **all;
  FreshnessReport rep;
  rep.as_of = full.as_of;
  rep.thresholds = full.thresholds;
  rep.veto_days = full.veto_days;
  std::optional<int64_t> unit = filter.unit_id;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit && *unit != *scope) return rep;
    unit = scope;
  }
  std::map<std::string, int> counts;
  for (const auto& row : full.rows) {  // most at risk first
    if (unit && row.unit_id != *unit) continue;
    if (!filter.platform.empty() && row.platform != filter.platform) continue;
    const std::string id(core::FreshnessLevelId(row.f.level));
    counts[id]++;
    const bool keep = filter.level.empty() || filter.level == id ||
                      (filter.level == "risk" && (id == "warn" || id == "danger" || id == "veto"));
    if (keep) rep.rows.push_back(row);
  }
  for (const char* l : {"veto", "danger", "warn", "source_failing", "ok", "no_source"})
    rep.counts.emplace_back(l, counts[l]);
  return rep;
}

core::Result<std::shared_ptr<const FreshnessReport>> FreshnessService::Everything() {
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  const core::FreshnessRule& rule = set->set.inspection.freshness;
  // What the report reads: a new post, fetch or account, a change by a person (an account renamed
  // or closed: every one is audited), a feed's health, the settings' thresholds or the rule's
  // numbers. Each is a primary key's end or a small table.
  auto mark = storage::QueryOne(
      db_,
      "SELECT (SELECT MAX(id) FROM posts), (SELECT MAX(id) FROM feed_fetches), (SELECT MAX(id) FROM audit_log), "
      "(SELECT MAX(id) FROM accounts), (SELECT COUNT(*) FROM feed_state WHERE health = 'failing'), "
      "(SELECT MAX(checked_at) FROM feed_state)");
  if (!mark.ok()) return mark.status();
  std::string key;
  for (size_t i = 0; i < mark->size(); ++i) key += mark->Text(i) + "/";
  for (int v : {settings->warn_days, settings->danger_days, rule.veto_days, rule.window_days, rule.windows,
                rule.service_window_days, rule.service_posts_per_week})
    key += std::to_string(v) + "/";
  auto fresh = [&]() -> std::shared_ptr<const FreshnessReport> {
    std::lock_guard lock(cache_mu_);
    const int64_t now = clock_.NowSeconds();
    if (cached_ && cached_key_ == key && now >= cached_at_ && now - cached_at_ < kReuseSeconds) return cached_;
    return nullptr;
  };
  if (auto hit = fresh()) return hit;
  // One computation at a time: those who ask meanwhile wait for it and take its result.
  std::lock_guard computing(compute_mu_);
  if (auto hit = fresh()) return hit;
  auto computed = Compute(rule, {settings->warn_days, settings->danger_days});
  if (!computed.ok()) return computed.status();
  auto shared = std::make_shared<const FreshnessReport>(std::move(*computed));
  std::lock_guard lock(cache_mu_);
  cached_ = shared;
  cached_key_ = key;
  cached_at_ = shared->as_of;
  return shared;
}

core::Result<FreshnessReport> FreshnessService::Compute(const core::FreshnessRule& rule,
                                                        const core::FreshnessThresholds& thresholds) {
  FreshnessReport rep;
  rep.as_of = clock_.NowSeconds();
  rep.thresholds = thresholds;
  rep.veto_days = rule.veto_days;
  const int64_t t = rep.as_of;
  auto accounts = db_.Query(
      "SELECT a.id, a.name, a.unit_id, u.name, a.platform, a.record_json FROM accounts a JOIN "
      "units u ON u.id = a.unit_id WHERE a.status = 'open' ORDER BY a.id");
  if (!accounts.ok()) return accounts.status();
  // Three reads for all accounts rather than three per account.
  const int64_t from = t - core::kGapLookBackDays * core::kSecondsPerDay;
  std::map<int64_t, std::vector<int64_t>> posts;
  // Account by account through the index on (account_id, kind, published_epoch): a province's
  // archive holds millions of posts and comments, of which these are a few hundred thousand.
  auto recent = db_.Query(
      "SELECT p.account_id, p.published_epoch FROM accounts a JOIN posts p ON p.account_id = a.id AND "
      "p.kind = 'post' AND p.published_epoch > ? AND p.published_epoch <= ? WHERE a.status = 'open' "
      "ORDER BY p.account_id, p.published_epoch",
      {from, t});
  if (!recent.ok()) return recent.status();
  for (const auto& r : *recent) posts[r.Int(0)].push_back(r.Int(1));
  std::map<int64_t, int64_t> last;
  auto latest = db_.Query(
      "SELECT a.id, (SELECT MAX(p.published_epoch) FROM posts p WHERE p.account_id = a.id AND p.kind = 'post' "
      "AND p.published_epoch <= ?) FROM accounts a WHERE a.status = 'open'",
      {t});
  if (!latest.ok()) return latest.status();
  for (const auto& r : *latest)
    if (!r.IsNull(1)) last[r.Int(0)] = r.Int(1);
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
    rep.rows.push_back(std::move(row));
  }
  std::stable_sort(rep.rows.begin(), rep.rows.end(),
                   [](const FreshnessRow& a, const FreshnessRow& b) {
                     if (a.f.level != b.f.level)
                       return core::FreshnessRank(a.f.level) < core::FreshnessRank(b.f.level);
                     return a.f.days_silent.value_or(1e9) > b.f.days_silent.value_or(1e9);
                   });
  return rep;
}

}  // namespace govmedia::app
