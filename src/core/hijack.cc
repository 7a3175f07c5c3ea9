#include "core/hijack.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "core/timestamp.h"

namespace govmedia::core {

namespace {

constexpr int64_t kHour = 3600;

// Selling or soliciting contact: what a government account does not write. Generic words that
// government posts use (扫码, 二维码, 领取, 兼职 in fraud warnings) are not cues on their own.
constexpr std::array<std::string_view, 30> kAdCues = {
    "加微信", "加我微信", "加V", "加v", "加vx", "加VX", "微信号", "私信领取", "私信我", "私聊",
    "扫码领取", "扫码加群", "代购", "包邮", "优惠券", "特价", "秒杀", "低价出售", "原价", "返利",
    "日结", "招代理", "微商", "下单", "进店", "淘宝店", "拼多多", "一件代发", "稳赚", "点击链接"};

// Second-level public suffixes under which a registrable domain has three labels.
constexpr std::array<std::string_view, 8> kSecondLevel = {"com.cn", "gov.cn", "org.cn", "net.cn",
                                                         "edu.cn", "ac.cn",  "co.uk",  "com.hk"};

// Night (22:00–06:59): a daytime hour off the account's routine is a change of schedule, not a
// stranger at the keyboard, and a small account's fixed posting times would make every other
// daytime hour look new.
bool IsNightHour(int h) { return h >= 22 || h < 7; }

int BeijingHour(int64_t epoch) {
  const int64_t local = epoch + kBeijingOffsetMinutes * 60;
  return static_cast<int>(((local % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay / kHour);
}

int64_t BeijingDay(int64_t epoch) {
  const int64_t local = epoch + kBeijingOffsetMinutes * 60;
  return local >= 0 ? local / kSecondsPerDay : (local - kSecondsPerDay + 1) / kSecondsPerDay;
}

bool HostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Hosts of the http(s):// and www. links in a text.
void LinkHosts(std::string_view text, std::vector<std::string>* out) {
  const std::string lower = Lower(text);
  size_t pos = 0;
  while (pos < lower.size()) {
    size_t at = std::string::npos, start = 0;
    for (std::string_view m : {std::string_view("http://"), std::string_view("https://"), std::string_view("www.")}) {
      const size_t f = lower.find(m, pos);
      if (f != std::string::npos && (at == std::string::npos || f < at)) {
        at = f;
        start = m == "www." ? f : f + m.size();
      }
    }
    if (at == std::string::npos) break;
    size_t end = start;
    while (end < lower.size() && HostChar(lower[end])) ++end;
    std::string host = lower.substr(start, end - start);
    while (!host.empty() && (host.back() == '.' || host.back() == '-')) host.pop_back();
    if (host.find('.') != std::string::npos) out->push_back(host);
    pos = std::max(end, at + 1);
  }
}

// Nearest-rank quantile of an unsorted list (0 for an empty one).
int Quantile(std::vector<int> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

std::string Percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", x * 100);
  return buf;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}

struct Item {
  const HijackPost* post;
  const PostTraits* traits;
};

// The most posts within any 60 minutes ending at a post, for each post (sorted by time).
std::vector<int> HourCounts(const std::vector<Item>& items) {
  std::vector<int> out(items.size());
  size_t lo = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    while (items[i].post->epoch - items[lo].post->epoch >= kHour) ++lo;
    out[i] = static_cast<int>(i - lo + 1);
  }
  return out;
}

HijackAssessment Assess(std::vector<Item> items, const HijackContext& ctx, const HijackSettings& s) {
  HijackAssessment out;
  out.window_to = ctx.at;
  out.window_from = ctx.at - static_cast<int64_t>(s.window_hours) * kHour;
  const int64_t history_from = out.window_from - static_cast<int64_t>(s.history_days) * kSecondsPerDay;
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.post->epoch != b.post->epoch ? a.post->epoch < b.post->epoch : a.post->id < b.post->id;
  });
  std::vector<Item> history, window;
  for (const auto& it : items) {
    if (it.post->epoch <= history_from || it.post->epoch > ctx.at) continue;
    (it.post->epoch <= out.window_from ? history : window).push_back(it);
  }
  out.history_posts = static_cast<int>(history.size());
  // Enough history first: a young account, or one seen through a blind collector, is 无法判定.
  if (history.empty()) {
    out.reason = "无历史帖子，无法判定";
    return out;
  }
  const int64_t first_day = BeijingDay(history.front().post->epoch);
  const int64_t window_day = BeijingDay(out.window_from);
  out.history_days = static_cast<int>(window_day - first_day);
  if (out.history_days < s.min_history_days) {
    out.reason = "历史仅 " + std::to_string(out.history_days) + " 天（需 " + std::to_string(s.min_history_days) +
                 " 天），无法判定";
    return out;
  }
  if (out.history_posts < s.min_history_posts) {
    out.reason = "历史仅 " + std::to_string(out.history_posts) + " 条帖子（需 " + std::to_string(s.min_history_posts) +
                 " 条），无法判定";
    return out;
  }
  std::set<int64_t> blind;
  for (int64_t d : ctx.blind_days)
    if (d >= first_day && d < window_day) blind.insert(d);
  if (blind.size() * 4 > static_cast<size_t>(out.history_days)) {
    out.reason = "历史 " + std::to_string(out.history_days) + " 天中 " + std::to_string(blind.size()) +
                 " 天采集异常，无法判定";
    return out;
  }
  const int n_hist = out.history_posts;

  // 1. Adverts: more than the account's own share of them explains (≥ ad_min_posts, and above
  // three times the expected count plus one).
  {
    int hist_ads = 0;
    for (const auto& it : history) hist_ads += it.traits->ad;
    HijackSignal sig{"ad", "商业广告", "", {}};
    std::set<std::string> cues;
    for (const auto& it : window) {
      if (!it.traits->ad) continue;
      sig.post_ids.push_back(it.post->id);
      for (const auto& c : it.traits->ad_cues) cues.insert(c);
    }
    const double share = static_cast<double>(hist_ads) / n_hist;
    const double expected = share * static_cast<double>(window.size());
    const int k = static_cast<int>(sig.post_ids.size());
    if (k >= s.ad_min_posts && k > 3 * expected + 1) {
      sig.detail = std::to_string(k) + " 条帖子含广告用语（" + Join({cues.begin(), cues.end()}, "、") + "）；历史 " +
                   std::to_string(n_hist) + " 条中 " + std::to_string(hist_ads) + " 条（" + Percent(share) + "）";
      out.signals.push_back(std::move(sig));
    }
  }
  // 2. Night hours never posted at: the history's share of each hour, smoothed with its neighbours.
  {
    std::array<int, 24> c{};
    for (const auto& it : history) c[it.traits->hour]++;
    auto smoothed = [&](int h) {
      return (c[(h + 23) % 24] + 2.0 * c[h] + c[(h + 1) % 24]) / (4.0 * n_hist);
    };
    HijackSignal sig{"night", "非常用时段发帖", "", {}};
    std::set<int> hours;
    for (const auto& it : window) {
      const int h = it.traits->hour;
      if (IsNightHour(h) && smoothed(h) * 1000 < s.quiet_permille) {
        sig.post_ids.push_back(it.post->id);
        hours.insert(h);
      }
    }
    if (!sig.post_ids.empty()) {
      std::vector<std::string> parts;
      for (int h : hours) {
        parts.push_back(std::to_string(h) + " 时（历史 " + std::to_string(c[h]) + " 条，平滑占比 " +
                        Percent(smoothed(h)) + "）");
      }
      sig.detail = std::to_string(sig.post_ids.size()) +  " 条帖子发在该账号几乎从不发帖的夜间时段：" + Join(parts, "；") +
                   "；历史共 " + std::to_string(n_hist) + " 条";
      out.signals.push_back(std::move(sig));
    }
  }
  // 3. Bursts: the most posts within 60 minutes against the 99th percentile of the same count over
  // the history's posts; the window's posts against the 95th percentile of its days (silent days
  // counted, blind days not).
  {
    const auto hist_hours = HourCounts(history);
    const int q_hour = std::max(1, Quantile(hist_hours, 0.99));
    const auto win_hours = HourCounts(window);
    int max_hour = 0;
    size_t max_at = 0;
    for (size_t i = 0; i < win_hours.size(); ++i) {
      if (win_hours[i] > max_hour) max_hour = win_hours[i], max_at = i;
    }
    std::map<int64_t, int> per_day;
    for (int64_t d = first_day; d < window_day; ++d)
      if (!blind.count(d)) per_day[d] = 0;
    for (const auto& it : history) {
      auto f = per_day.find(BeijingDay(it.post->epoch));
      if (f != per_day.end()) f->second++;
    }
    std::vector<int> days;
    for (const auto& [d, n] : per_day) days.push_back(n);
    const int q_day = std::max(1, Quantile(days, 0.95));
    const int n_win = static_cast<int>(window.size());
    const bool hour_burst = max_hour >= s.burst_min_posts && max_hour > s.burst_factor * q_hour;
    const bool day_burst = n_win >= s.burst_min_posts && n_win > s.burst_factor * q_day;
    if (hour_burst || day_burst) {
      HijackSignal sig{"burst", "发帖激增", "", {}};
      if (hour_burst) {
        const int64_t end = window[max_at].post->epoch;
        for (const auto& it : window)
          if (it.post->epoch > end - kHour && it.post->epoch <= end) sig.post_ids.push_back(it.post->id);
      } else {
        for (const auto& it : window) sig.post_ids.push_back(it.post->id);
      }
      sig.detail = "60 分钟内最多 " + std::to_string(max_hour) + " 条（历史 99% 分位 " + std::to_string(q_hour) +
                   " 条）；" + std::to_string(s.window_hours) + " 小时内 " + std::to_string(n_win) +
                   " 条（历史每日 95% 分位 " + std::to_string(q_day) + " 条）；阈值为分位数的 " +
                   std::to_string(s.burst_factor) + " 倍且不少于 " + std::to_string(s.burst_min_posts) + " 条";
      out.signals.push_back(std::move(sig));
    }
  }
  // 4. The channel's name or avatar changed within the window against the value seen before.
  {
    const ChannelSeen* before = nullptr;
    std::vector<std::string> changes;
    // Looks after `at` count too: the fetch that brought the window's posts came after them.
    for (const auto& seen : ctx.channel) {
      if (before && seen.epoch > out.window_from) {
        if (!seen.title.empty() && !before->title.empty() && seen.title != before->title) {
          std::string c = "名称由「" + before->title + "」变为「" + seen.title + "」";
          if (!ctx.registered_name.empty() && seen.title.find(ctx.registered_name) == std::string::npos)
            c += "，不含登记名称「" + ctx.registered_name + "」";
          changes.push_back(c);
        }
        if (!seen.image.empty() && !before->image.empty() && seen.image != before->image)
          changes.push_back("头像由 " + before->image + " 变为 " + seen.image);
      }
      if (!seen.title.empty() || !seen.image.empty()) before = &seen;
    }
    if (!changes.empty()) {
      HijackSignal sig{"channel", "名称或头像变更", Join(changes, "；") + "（数据源频道信息）", {}};
      out.signals.push_back(std::move(sig));
    }
  }
  // 5. Links to domains the history never linked to.
  {
    std::set<std::string> known;
    for (const auto& it : history)
      for (const auto& d : it.traits->domains) known.insert(d);
    HijackSignal sig{"new_domain", "新域名链接", "", {}};
    std::set<std::string> fresh;
    for (const auto& it : window) {
      bool any = false;
      for (const auto& d : it.traits->domains)
        if (!known.count(d)) fresh.insert(d), any = true;
      if (any) sig.post_ids.push_back(it.post->id);
    }
    if (!fresh.empty()) {
      sig.detail = std::to_string(sig.post_ids.size()) + " 条帖子链接到从未出现过的域名：" +
                   Join({fresh.begin(), fresh.end()}, "、") + "；历史链接过 " + std::to_string(known.size()) + " 个域名";
      out.signals.push_back(std::move(sig));
    }
  }

  std::set<int64_t> ids;
  for (const auto& sig : out.signals) ids.insert(sig.post_ids.begin(), sig.post_ids.end());
  for (const auto& it : window)
    if (ids.count(it.post->id)) out.post_ids.push_back(it.post->id);
  const int fired = static_cast<int>(out.signals.size());
  if (fired >= s.min_signals) {
    out.verdict = HijackVerdict::kSuspected;
    out.reason = std::to_string(fired) + " 个信号同时出现";
  } else {
    out.verdict = HijackVerdict::kNormal;
    out.reason = fired == 0 ? "未见异常" : "仅 1 个信号，不足以判定（需 " + std::to_string(s.min_signals) + " 个）";
  }
  return out;
}

}  // namespace

std::string_view HijackVerdictLabel(HijackVerdict v) {
  switch (v) {
    case HijackVerdict::kUndecidable: return "无法判定";
    case HijackVerdict::kNormal: return "正常";
    case HijackVerdict::kSuspected: return "疑似账号被盗用";
  }
  return "";
}

std::string RegistrableDomain(std::string_view host_in) {
  std::string host = Lower(host_in);
  if (auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  std::vector<std::string> labels;
  size_t start = 0;
  while (start <= host.size()) {
    const size_t dot = host.find('.', start);
    const std::string label = host.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!label.empty()) labels.push_back(label);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels.size() <= 2) return Join(labels, ".");
  const std::string last2 = labels[labels.size() - 2] + "." + labels.back();
  const bool three = std::find(kSecondLevel.begin(), kSecondLevel.end(), last2) != kSecondLevel.end();
  const size_t keep = three ? 3 : 2;
  return Join(std::vector<std::string>(labels.end() - static_cast<std::ptrdiff_t>(keep), labels.end()), ".");
}

PostTraits TraitsOf(const HijackPost& p) {
  PostTraits t;
  t.hour = BeijingHour(p.epoch);
  for (std::string_view cue : kAdCues) {
    if (p.text.find(cue) != std::string::npos) t.ad_cues.emplace_back(cue);
  }
  t.ad = p.ad_hits > 0 || !t.ad_cues.empty();
  if (p.ad_hits > 0 && t.ad_cues.empty()) t.ad_cues.push_back("词库广告类命中");
  std::vector<std::string> hosts;
  LinkHosts(p.text, &hosts);
  LinkHosts(p.url.starts_with("http") ? p.url : "", &hosts);
  std::set<std::string> seen;
  for (const auto& h : hosts) {
    std::string d = RegistrableDomain(h);
    if (!d.empty() && seen.insert(d).second) t.domains.push_back(d);
  }
  return t;
}

HijackAssessment AssessHijack(const std::vector<HijackPost>& posts, const HijackContext& ctx,
                              const HijackSettings& s) {
  std::vector<PostTraits> traits;
  traits.reserve(posts.size());
  for (const auto& p : posts) traits.push_back(TraitsOf(p));
  std::vector<Item> items;
  items.reserve(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) items.push_back({&posts[i], &traits[i]});
  return Assess(std::move(items), ctx, s);
}

HijackAssessment AssessHijackTraits(const std::vector<HijackPost>& posts, const std::vector<PostTraits>& traits,
                                    const HijackContext& ctx, const HijackSettings& s) {
  std::vector<Item> items;
  items.reserve(posts.size());
  for (size_t i = 0; i < posts.size() && i < traits.size(); ++i) items.push_back({&posts[i], &traits[i]});
  return Assess(std::move(items), ctx, s);
}

}  // namespace govmedia::core
