#include "core/engagement.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/text.h"

namespace govmedia::core {

namespace {

constexpr double kMadScale = 1.4826;  // MAD → standard deviation of a normal distribution
constexpr size_t kWindow = 200;       // prior posts a post is judged against

double Log(int64_t v) { return std::log1p(static_cast<double>(std::max<int64_t>(v, 0))); }

// Code point index of byte offset `byte` of `s` (as the scanner counts: core::Utf8Length).
uint32_t CodePointAt(std::string_view s, size_t byte) {
  return static_cast<uint32_t>(Utf8Length(s.substr(0, std::min(byte, s.size()))));
}

// The end of the clause starting at `from`: the next sentence stop or line break.
size_t ClauseEnd(std::string_view text, size_t from) {
  size_t end = text.size();
  for (std::string_view stop : {"。", "！", "？", "!", "?", "；", ";", "\n"}) {
    if (size_t at = text.find(stop, from); at != std::string_view::npos) end = std::min(end, at);
  }
  return end;
}

// Bytes of at most `n` code points from `from`.
size_t Ahead(std::string_view text, size_t from, size_t n) {
  size_t i = from;
  while (i < text.size() && n > 0) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    --n;
  }
  return i;
}

struct Found {
  size_t at = 0;
  std::string_view term;
};
std::vector<Found> FindAll(std::string_view text, std::initializer_list<std::string_view> terms) {
  std::vector<Found> out;
  for (auto t : terms)
    for (size_t at = text.find(t); at != std::string_view::npos; at = text.find(t, at + t.size())) out.push_back({at, t});
  std::sort(out.begin(), out.end(), [](const Found& a, const Found& b) { return a.at < b.at; });
  return out;
}

// An engagement verb in [from, to): 点赞, 转发, 下载/安装 (an app), 关注 only of an account (关注
// also means "pay attention to").
std::optional<Found> EngagementVerb(std::string_view text, size_t from, size_t to) {
  std::string_view span = text.substr(from, to - from);
  std::optional<Found> best;
  for (const auto& f : FindAll(span, {"点赞", "转发", "下载"})) {
    if (f.term == "下载" && span.substr(f.at + f.term.size()).starts_with("量")) continue;  // 下载量: a count
    best = Found{from + f.at, f.term};
    break;
  }
  for (const auto& f : FindAll(span, {"关注"})) {
    // What is followed is named just after, possibly past the end of the span.
    const size_t begin = from + f.at + f.term.size();
    std::string_view after = text.substr(begin, Ahead(text, begin, 12) - begin);
    const bool account = after.find("公众号") != std::string_view::npos || after.find("账号") != std::string_view::npos ||
                         after.find("微信") != std::string_view::npos || after.find("抖音") != std::string_view::npos ||
                         after.find("微博") != std::string_view::npos || after.find("本号") != std::string_view::npos;
    if (account && (!best || from + f.at < best->at)) best = Found{from + f.at, f.term};
    break;
  }
  return best;
}

}  // namespace

Robust RobustOf(std::vector<double> v) {
  Robust r;
  r.n = v.size();
  if (v.empty()) return r;
  auto median = [](std::vector<double>& x) {
    const size_t m = x.size() / 2;
    std::nth_element(x.begin(), x.begin() + m, x.end());
    double hi = x[m];
    if (x.size() % 2) return hi;
    double lo = *std::max_element(x.begin(), x.begin() + m);
    return (lo + hi) / 2;
  };
  r.median = median(v);
  if (v.size() < 2) return r;
  for (double& x : v) x = std::fabs(x - r.median);
  r.mad = median(v) * kMadScale;
  return r;
}

double RobustZ(double x, const Robust& r, double floor) { return (x - r.median) / std::max(r.mad, floor); }

std::vector<FollowerJump> FindFollowerJumps(const std::vector<SnapshotPoint>& series, const EngagementSettings& s) {
  std::vector<FollowerJump> out;
  std::vector<double> gains;  // daily gains so far
  for (size_t i = 1; i < series.size(); ++i) {
    const auto& a = series[i - 1];
    const auto& b = series[i];
    const int64_t days = std::max<int64_t>(1, b.day.days() - a.day.days());
    const double gain = static_cast<double>(b.followers - a.followers) / static_cast<double>(days);
    if (static_cast<int>(gains.size()) >= s.min_snapshots) {
      const Robust r = RobustOf(gains);
      // A floor of 1% of the median's size or 10 followers: a flat history is not infinitely tight.
      const double z = RobustZ(gain, r, std::max(10.0, std::fabs(r.median) * 0.01));
      const bool big = gain >= static_cast<double>(s.follower_min_gain) &&
                       gain >= s.follower_min_share * static_cast<double>(std::max<int64_t>(a.followers, 1));
      if (z >= s.follower_z && big) {
        out.push_back({b.day, a.followers, b.followers, static_cast<int64_t>(std::llround(gain)), r.median, r.mad, z,
                       static_cast<int>(gains.size())});
        continue;  // a jump does not become the baseline of the next
      }
    }
    gains.push_back(gain);
  }
  return out;
}

std::vector<PostOutlier> FindPostOutliers(const std::vector<PostCounts>& posts, const EngagementSettings& s) {
  // Bought likes come without the reposts and comments that real attention brings along, and bought
  // reads without the likes: a post's count is judged by its size against the account's own posts
  // and, where a companion count exists, by its ratio to it. Real virality raises them all together
  // (ratio ordinary); a purchase raises one (ratio far out). Without a companion the size alone must
  // be far out (post_z).
  struct Metric {
    const char* name;
    std::optional<int64_t> PostCounts::*field;
  };
  // Reads and likes are what is bought; reposts and comments swing with the news (a call to repost
  // is a campaign, not a purchase) and comments are judged by who writes them
  // (FindRepeatedCommenters).
  static constexpr Metric kMetrics[] = {{"reads", &PostCounts::reads}, {"likes", &PostCounts::likes}};
  // The companion of a count: likes for reads, reposts + comments for likes.
  auto companion = [](const PostCounts& p, const std::string& metric) -> std::optional<int64_t> {
    if (metric == "reads") return p.likes;
    if (metric == "likes" && (p.reposts || p.comments)) return p.reposts.value_or(0) + p.comments.value_or(0);
    return std::nullopt;
  };
  std::vector<PostOutlier> out;
  for (const auto& m : kMetrics) {
    std::vector<double> sizes, ratios;  // of the prior posts (outliers excluded)
    for (const auto& p : posts) {
      const auto v = p.*(m.field);
      if (!v) continue;
      const auto with = companion(p, m.name);
      const double size = Log(*v), ratio = with ? Log(*v) - Log(*with) : 0;
      if (static_cast<int>(sizes.size()) >= s.min_history && *v >= s.post_min_count) {
        auto last = [](const std::vector<double>& h) {
          return std::vector<double>(h.end() - static_cast<std::ptrdiff_t>(std::min(h.size(), kWindow)), h.end());
        };
        const Robust rs = RobustOf(last(sizes));
        const double z_size = RobustZ(size, rs, 0.25);  // a quarter of e: counts that never vary still vary a little
        double z = z_size;
        bool far = z_size >= s.post_z;
        if (with && static_cast<int>(ratios.size()) >= s.min_history) {
          const Robust rr = RobustOf(last(ratios));
          const double z_ratio = RobustZ(ratio, rr, 0.25);
          // Out of proportion, and above the account's usual size.
          if (z_ratio >= s.ratio_z && z_size >= 1.0) {
            far = true;
            z = std::max(z, z_ratio);
          } else {
            far = false;  // in proportion: attention, not a purchase
          }
        }
        if (far) {
          out.push_back({p.id, p.epoch, m.name, *v, std::expm1(rs.median), z, static_cast<int>(std::min(sizes.size(), kWindow))});
          continue;
        }
      }
      sizes.push_back(size);
      if (with) ratios.push_back(ratio);
    }
  }
  std::sort(out.begin(), out.end(), [](const PostOutlier& a, const PostOutlier& b) {
    return a.epoch != b.epoch ? a.epoch < b.epoch : a.metric < b.metric;
  });
  return out;
}

bool SameSize(int64_t a, int64_t b) {
  if (a <= 0 || b <= 0) return false;
  const double r = static_cast<double>(std::max(a, b)) / static_cast<double>(std::min(a, b));
  return r <= 3.0;
}

std::optional<PeerOutlier> ComparePeers(double own, const std::vector<double>& peers, const EngagementSettings& s) {
  if (static_cast<int>(peers.size()) < s.peers_min) return std::nullopt;
  std::vector<double> logs;
  for (double p : peers) logs.push_back(std::log1p(std::max(p, 0.0)));
  const Robust r = RobustOf(logs);
  const double z = RobustZ(std::log1p(std::max(own, 0.0)), r, 0.25);
  const double peers_median = std::expm1(r.median);
  if (z < s.peer_z || own < s.peer_factor * std::max(peers_median, 1.0) || own < static_cast<double>(s.post_min_count))
    return std::nullopt;
  return PeerOutlier{own, peers_median, z, static_cast<int>(peers.size())};
}

std::vector<RepeatedCommenters> FindRepeatedCommenters(const std::vector<CommentRow>& comments,
                                                       const EngagementSettings& s) {
  std::map<std::string, std::vector<const CommentRow*>> by_post;
  for (const auto& c : comments) by_post[c.post_id].push_back(&c);
  std::vector<RepeatedCommenters> out;
  for (const auto& [post, rows] : by_post) {
    if (static_cast<int>(rows.size()) < s.comments_min) continue;
    std::map<std::string, int> authors, texts;
    for (const auto* c : rows) {
      ++authors[c->author];
      ++texts[c->text];
    }
    std::vector<std::pair<std::string, int>> ranked(authors.begin(), authors.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    int top = 0;
    for (size_t i = 0; i < ranked.size() && i < 3; ++i) top += ranked[i].second;
    int repeated = 0;
    for (const auto& [t, n] : texts)
      if (n >= 3) repeated += n;
    const double share = static_cast<double>(top) / static_cast<double>(rows.size());
    // A handful of authors writing most of it, and writing the same things again and again.
    if (share < s.comments_top_share || repeated * 3 < static_cast<int>(rows.size())) continue;
    RepeatedCommenters r{post, static_cast<int>(rows.size()), static_cast<int>(authors.size()), repeated, share, {}};
    for (size_t i = 0; i < ranked.size() && i < 3; ++i) r.top.push_back(ranked[i]);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ForcedWording> FindForcedEngagement(std::string_view text) {
  std::vector<ForcedWording> out;
  // Every wording below holds an engagement verb (the rates name theirs: 下载率 … 注册率), so a
  // text without one has none: one pass over the text instead of thirty searches, for nearly
  // every post archived. Each verb is two characters of three bytes in UTF-8; the pass compares
  // each three-byte character with the verbs' first ones and only then reads the second.
  static constexpr std::string_view kVerbs[] = {"点赞", "转发", "下载", "关注", "安装", "注册"};
  auto code = [](std::string_view t, size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(t[i])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(t[i + 1])) << 8 | static_cast<unsigned char>(t[i + 2]);
  };
  bool verb = false;
  for (size_t i = 0; !verb && i + 6 <= text.size();) {
    if ((static_cast<unsigned char>(text[i]) & 0xF0) != 0xE0) {
      ++i;
      continue;
    }
    const uint32_t c = code(text, i);
    for (std::string_view v : kVerbs)
      if (c == code(v, 0) && text.compare(i + 3, 3, v.substr(3)) == 0) verb = true;
    i += 3;
  }
  if (!verb) return out;
  auto add = [&](std::string term, size_t from, size_t to) {
    const uint32_t a = CodePointAt(text, from), b = CodePointAt(text, to);
    for (const auto& w : out)
      if (a < w.end && w.start < b) return;  // one hit per place
    out.push_back({std::move(term), std::string(text.substr(from, to - from)), a, b});
  };
  // Rates of compelled engagement: measured only when it is required.
  for (const auto& f : FindAll(text, {"下载率", "安装率", "关注率", "转发率", "点赞率", "注册率"}))
    add(std::string(f.term), f.at, f.at + f.term.size());
  // An order to a group, then the engagement in the same clause within 12 characters: 每人转发,
  // 全员点赞, 各单位务必转发. "必须点赞这些逆行者" (praise them) orders no one: an order word that is
  // not itself a group (每人, 全员 …) needs a group earlier in its clause.
  for (const auto& f : FindAll(text, {"必须", "务必", "一律", "每人", "每位", "人人", "全员", "全体", "所有人", "强制",
                                      "不少于", "至少"})) {
    const size_t from = f.at + f.term.size();
    const size_t to = std::min(ClauseEnd(text, from), Ahead(text, from, 12));
    auto v = EngagementVerb(text, from, to);
    if (!v) continue;
    static constexpr std::string_view kGroupWords[] = {"每人", "每位", "人人", "全员", "全体", "所有人"};
    bool group = std::find(std::begin(kGroupWords), std::end(kGroupWords), f.term) != std::end(kGroupWords);
    if (!group) {
      size_t clause_start = 0;
      for (std::string_view stop : {"。", "！", "？", "!", "?", "；", ";", "\n"}) {
        size_t at = text.rfind(stop, f.at);
        if (at != std::string_view::npos) clause_start = std::max(clause_start, at + stop.size());
      }
      std::string_view before = text.substr(clause_start, to - clause_start);
      for (std::string_view g : {"各", "每", "全体", "所有", "干部", "职工", "党员", "学生", "家长", "居民", "网格员", "员工",
                                 "人员", "群众", "村民", "教师", "老师"})
        group = group || before.find(g) != std::string_view::npos;
    }
    if (group) add(std::string(f.term) + "…" + std::string(v->term), f.at, v->at + v->term.size());
  }
  // Proof of it demanded, or counted in an assessment, in the same clause as the engagement.
  for (const auto& f : FindAll(text, {"截图上报", "截图发", "截图报", "截屏上报", "截图留存", "截图回传", "纳入考核",
                                      "纳入绩效", "计入考核", "列入考核", "通报排名"})) {
    size_t start = f.at;
    // The clause around it.
    size_t clause_start = 0;
    for (std::string_view stop : {"。", "！", "？", "!", "?", "；", ";", "\n"}) {
      size_t at = text.rfind(stop, f.at);
      if (at != std::string_view::npos) clause_start = std::max(clause_start, at + stop.size());
    }
    const size_t clause_end = ClauseEnd(text, f.at);
    if (auto v = EngagementVerb(text, clause_start, clause_end)) {
      start = std::min(start, v->at);
      add(std::string(v->term) + "…" + std::string(f.term), start, std::max(f.at + f.term.size(), v->at + v->term.size()));
    }
  }
  std::sort(out.begin(), out.end(), [](const ForcedWording& a, const ForcedWording& b) { return a.start < b.start; });
  return out;
}

}  // namespace govmedia::core
