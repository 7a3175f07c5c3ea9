#include "core/freshness.h"

#include <algorithm>
#include <climits>
#include <optional>

#include "core/timestamp.h"

namespace govmedia::core {

std::string_view FreshnessLevelId(FreshnessLevel l) {
  switch (l) {
    case FreshnessLevel::kVeto:
      return "veto";
    case FreshnessLevel::kDanger:
      return "danger";
    case FreshnessLevel::kWarn:
      return "warn";
    case FreshnessLevel::kSourceFailing:
      return "source_failing";
    case FreshnessLevel::kOk:
      return "ok";
    case FreshnessLevel::kNoSource:
      return "no_source";
  }
  return "ok";
}

int FreshnessRank(FreshnessLevel l) { return static_cast<int>(l); }

namespace {

int CountIn(const std::vector<int64_t>& posts, int64_t from, int64_t to) {
  return static_cast<int>(
      std::count_if(posts.begin(), posts.end(), [&](int64_t p) { return p > from && p <= to; }));
}

}  // namespace

std::vector<Date> BlindDays(std::vector<CollectionCheck> checks, int64_t from, int64_t t) {
  std::stable_sort(checks.begin(), checks.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  std::vector<Date> out;
  if (checks.empty() || from >= t) return out;
  const int64_t offset = kBeijingOffsetMinutes * 60;
  auto day_of = [&](int64_t s) {
    const int64_t local = s + offset;
    return Date::FromDays(local >= 0 ? local / kSecondsPerDay : (local - kSecondsPerDay + 1) / kSecondsPerDay);
  };
  size_t i = 0;
  std::optional<bool> state;  // the last check's outcome before the day, if any
  for (Date d = day_of(from + 1); d <= day_of(t); d = d.AddDays(1)) {
    const int64_t start = StartOfDay(d), end = StartOfDay(d.AddDays(1));
    while (i < checks.size() && checks[i].at < start) state = checks[i++].ok;
    bool any = false, any_ok = false;
    for (size_t k = i; k < checks.size() && checks[k].at < end; ++k) {
      any = true;
      any_ok |= checks[k].ok;
    }
    const bool blind = any ? !any_ok : (state.has_value() && !*state);
    if (blind) out.push_back(d);
  }
  return out;
}

int BlindDaysIn(const std::vector<Date>& days, int64_t from, int64_t to) {
  return static_cast<int>(std::count_if(days.begin(), days.end(), [&](Date d) {
    // The day [start, end) overlaps (from, to] when start <= to and end > from + 1 second.
    return StartOfDay(d) <= to && StartOfDay(d.AddDays(1)) > from + 1;
  }));
}

Freshness ComputeFreshness(const FreshnessInput& in, int64_t t, const FreshnessRule& rule,
                           const FreshnessThresholds& th) {
  Freshness f;
  const int64_t day = kSecondsPerDay;
  const int window = rule.window_days > 0 ? rule.window_days : 7;
  for (int k = 1; k <= static_cast<int>(f.windows.size()); ++k) {
    f.windows[k - 1] = CountIn(in.posts, t - k * window * day, t - (k - 1) * window * day);
  }
  if (rule.service_window_days > 0) {
    f.posts_in_service_window = CountIn(in.posts, t - rule.service_window_days * day, t);
    f.service_short =
        in.wechat_service &&
        7 * f.posts_in_service_window < rule.service_posts_per_week * rule.service_window_days;
  }
  std::optional<int64_t> last = in.last_post;
  for (int64_t p : in.posts) {
    if (p <= t && (!last || p > *last)) last = p;
  }
  if (last) f.days_silent = static_cast<double>(t - *last) / day;

  // The longest stretch without a post inside the look-back, counting from its start and to t.
  const int64_t from = t - kGapLookBackDays * day;
  if (in.has_source) {
    int64_t prev = from;
    int64_t longest = 0;
    for (int64_t p : in.posts) {
      if (p <= from || p > t) continue;
      longest = std::max(longest, p - prev);
      prev = p;
    }
    longest = std::max(longest, t - prev);
    f.longest_gap_days = static_cast<double>(longest) / day;
  }

  if (!in.has_source) {
    f.level = FreshnessLevel::kNoSource;
    return f;
  }
  // A source that fails says nothing about the account: never counted silent.
  if (in.source_failing) {
    f.level = FreshnessLevel::kSourceFailing;
    return f;
  }
  // "No post in (t − d, t]" is the veto's own test; the warnings use the same form.
  auto silent_for = [&](int days) { return !last || *last <= t - days * day; };
  f.blind_days_veto_window = BlindDaysIn(in.blind_days, t - rule.veto_days * day, t);
  // The silent stretch a verdict rests on: since the last post, and no further back than the veto
  // window (older silence adds nothing to a veto).
  const int64_t quiet_from = std::max(last.value_or(INT64_MIN / 2), t - rule.veto_days * day);
  const bool quiet_blind = BlindDaysIn(in.blind_days, quiet_from, t) > 0;
  bool service_blind = false;
  if (silent_for(rule.veto_days)) {
    f.level = FreshnessLevel::kVeto;
  } else if (silent_for(th.danger_days)) {
    f.level = FreshnessLevel::kDanger;
    f.next_threshold_at = *last + rule.veto_days * day;
  } else if (silent_for(th.warn_days)) {
    f.level = FreshnessLevel::kWarn;
    f.next_threshold_at = *last + th.danger_days * day;
  } else {
    service_blind = f.service_short && BlindDaysIn(in.blind_days, t - rule.service_window_days * day, t) > 0;
    f.level = f.service_short ? FreshnessLevel::kWarn : FreshnessLevel::kOk;
    f.next_threshold_at = *last + th.warn_days * day;
  }
  // 无法判定（数据源异常）: a verdict against the account is never drawn from days we could not see.
  bool withhold = false;
  if (f.level == FreshnessLevel::kVeto || f.level == FreshnessLevel::kDanger) {
    withhold = quiet_blind;
  } else if (f.level == FreshnessLevel::kWarn) {
    withhold = silent_for(th.warn_days) ? quiet_blind : service_blind;
  }
  if (withhold) {
    f.withheld = f.level;
    f.level = FreshnessLevel::kSourceFailing;
  }
  return f;
}

}  // namespace govmedia::core
