// Hijacked or misused accounts (疑似账号被盗用; 加强对账号密码的安全管理，防止账号被盗用或被恶意攻击):
// an account acting out of character, judged against its OWN history. Five signals, each with its
// evidence:
//   ad          commercial adverts (the lexicon's ad hits, or selling/contact cues such as 加微信,
//               私信领取, 包邮) in more posts than the account's own share of them explains;
//   night       posts at night hours (22:00–06:59) the account never posts at: an hour whose
//               smoothed share of the history (the hour counted twice, its neighbours once) is
//               below a per-mille bound;
//   burst       posts far above its usual rate: the most posts within 60 minutes, and the posts of
//               the 24 hours, against high quantiles of the same counts over its history;
//   channel     a changed display name or avatar in the feed's channel data;
//   new_domain  links to domains it never linked to.
// Precision first: without enough history (days and posts), or when the collection was blind
// for much of it, the verdict is 无法判定 and nothing alerts; one signal alone never alerts.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govmedia::core {

/// Tunable in the monitoring settings (hijack_*).
struct HijackSettings {
  int min_history_days = 28;   // the history must reach this many days before the window
  int min_history_posts = 20;  // and hold this many posts
  int history_days = 90;       // how far back the baseline reaches
  int window_hours = 24;       // the recent stretch judged against it
  int min_signals = 2;         // signals together that make 疑似账号被盗用
  int ad_min_posts = 2;        // adverts in the window for the ad signal
  int quiet_permille = 10;     // an hour below this smoothed share (‰) of the history is never posted at
  int burst_factor = 3;        // the window's counts must exceed this multiple of the history's quantile
  int burst_min_posts = 6;     // and be at least this many posts
};

/// One archived post of the account.
struct HijackPost {
  int64_t id = 0;
  int64_t epoch = 0;  // published
  std::string text;
  std::string url;
  int ad_hits = 0;  // hits of the lexicon's ad category stored for it
};

/// One look at the account's feed channel (<channel><title>/<image>, Atom <title>/<logo>/<icon>,
/// JSON Feed title/icon).
struct ChannelSeen {
  int64_t epoch = 0;
  std::string title;
  std::string image;
};

/// What the judgement reads besides the posts.
struct HijackContext {
  int64_t at = 0;                      // the window ends here (the newest post judged)
  std::string registered_name;         // the account's name in the registry
  std::vector<ChannelSeen> channel;    // oldest first
  std::vector<int64_t> blind_days;     // Beijing day numbers on which the collection was blind (数据源异常)
};

struct HijackSignal {
  std::string code;    // ad, night, burst, channel, new_domain
  std::string label;   // 商业广告, 非常用时段发帖, 发帖激增, 名称或头像变更, 新域名链接
  std::string detail;  // the evidence in words, with the baseline it was measured against
  std::vector<int64_t> post_ids;
};

enum class HijackVerdict { kUndecidable, kNormal, kSuspected };

struct HijackAssessment {
  HijackVerdict verdict = HijackVerdict::kUndecidable;
  std::string reason;  // why undecidable (无法判定), or a summary
  int64_t window_from = 0, window_to = 0;
  int history_posts = 0;
  int history_days = 0;
  std::vector<HijackSignal> signals;  // those that fired
  std::vector<int64_t> post_ids;      // the posts of the fired signals, oldest first
};

/// The Chinese label of a verdict: 无法判定, 正常, 疑似账号被盗用.
std::string_view HijackVerdictLabel(HijackVerdict v);

/// What a post says about itself: its Beijing hour, whether it reads as an advert (and why), the
/// registrable domains it links to (its text's http(s)/www links and its own URL).
struct PostTraits {
  int hour = 0;
  bool ad = false;
  std::vector<std::string> ad_cues;
  std::vector<std::string> domains;
};
PostTraits TraitsOf(const HijackPost& p);

/// The registrable domain of a host: "www.ks.gov.cn" → "ks.gov.cn", "m.example.com" → "example.com".
std::string RegistrableDomain(std::string_view host);

/// Judges the posts of the window (at - window_hours, at] against the history before it
/// (history_days back). `posts` may be in any order and may include posts after `at` (ignored).
HijackAssessment AssessHijack(const std::vector<HijackPost>& posts, const HijackContext& ctx,
                              const HijackSettings& s);

/// The same with each post's traits computed once by the caller (`traits[i]` of `posts[i]`), for
/// replays that judge a long history at every post.
HijackAssessment AssessHijackTraits(const std::vector<HijackPost>& posts, const std::vector<PostTraits>& traits,
                                    const HijackContext& ctx, const HijackSettings& s);

}  // namespace govmedia::core
