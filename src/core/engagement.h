// Fake engagement found (严禁购买"粉丝"等数据造假; 附件2 单项否决: 存在购买"粉丝"、强制要求群众点赞等
// 弄虚作假行为). Each signal compares an account with its own history, or with accounts of the same
// platform and size, by robust statistics: the median and the median absolute deviation (MAD, scaled
// by 1.4826 to estimate a standard deviation) of log counts. Engagement counts are heavy-tailed and
// their history holds the very spikes we look for, so the mean and standard deviation — which one
// spike drags along — would hide the next; the median and MAD ignore up to half the history being
// odd. Every signal also asks for a large absolute size and enough history first: precision before
// recall, since a confirmed one is a veto. What they find is for an inspector to confirm.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govmedia::core {

/// The thresholds (monitoring settings; defaults justified in docs/engagement.md).
struct EngagementSettings {
  int min_history = 20;            // prior posts with counts before a post is judged
  double post_z = 6.0;             // robust z of log(1 + count) above the account's own posts
  int64_t post_min_count = 1000;   // and the count itself at least this large
  double ratio_z = 4.5;            // robust z of a count's ratio to its companion (likes to reposts
                                   // and comments, reads to likes) above the account's own ratios
  int min_snapshots = 14;          // prior daily snapshots before a follower jump is judged
  double follower_z = 8.0;         // robust z of the daily gain above the account's own gains
  int64_t follower_min_gain = 1000;
  double follower_min_share = 0.02;  // the gain as a share of the followers before it
  int comments_min = 15;           // comments under a post before their authors are judged
  double comments_top_share = 0.6; // the three most frequent authors' share of them
  int peers_min = 5;               // accounts of the same platform and size needed to compare
  double peer_z = 5.0;             // robust z of the account's median post count among peers'
  double peer_factor = 5.0;        // and at least this many times the peers' median
};

/// Median and MAD (scaled) of values; mad 0 for fewer than 2 values.
struct Robust {
  double median = 0, mad = 0;
  size_t n = 0;
};
Robust RobustOf(std::vector<double> values);
/// (x − median) / max(mad, floor): a MAD of 0 (a flat history) does not make every change infinite.
double RobustZ(double x, const Robust& r, double floor);

// ---- Follower jumps against the account's own daily gains ----
struct SnapshotPoint {
  Date day;
  int64_t followers = 0;
};
struct FollowerJump {
  Date day;
  int64_t before = 0, after = 0, gain = 0;  // gain per day when snapshots are days apart
  double baseline_median = 0, baseline_mad = 0, z = 0;
  int history = 0;
};
/// Series oldest first, one point a day at most.
std::vector<FollowerJump> FindFollowerJumps(const std::vector<SnapshotPoint>& series, const EngagementSettings& s);

// ---- Posts far above the account's own ----
struct PostCounts {
  std::string id;  // the platform's post id
  int64_t epoch = 0;
  std::optional<int64_t> reads, likes, reposts, comments;
};
struct PostOutlier {
  std::string id;
  int64_t epoch = 0;
  std::string metric;  // reads, likes, reposts, comments
  int64_t value = 0;
  double baseline_median = 0;  // in counts (the median of the prior posts)
  double z = 0;
  int history = 0;
};
/// Posts oldest first; each judged against the posts before it (at most the last 200).
std::vector<PostOutlier> FindPostOutliers(const std::vector<PostCounts>& posts, const EngagementSettings& s);

// ---- An account against accounts of the same platform and size ----
struct PeerOutlier {
  double own = 0, peers_median = 0, z = 0;
  int peers = 0;
};
/// `own` and `peers`: each account's median likes per post over the same period.
std::optional<PeerOutlier> ComparePeers(double own, const std::vector<double>& peers, const EngagementSettings& s);
/// Accounts are peers when their followers are within a factor of 3 of each other.
bool SameSize(int64_t a_followers, int64_t b_followers);

// ---- Comments from a handful of authors, repeated ----
struct CommentRow {
  std::string post_id, author, text;
};
struct RepeatedCommenters {
  std::string post_id;
  int comments = 0, authors = 0, repeated = 0;  // repeated: comments whose exact text appears 3+ times
  double top_share = 0;                          // the three most frequent authors' share
  std::vector<std::pair<std::string, int>> top;  // those authors and their counts
};
std::vector<RepeatedCommenters> FindRepeatedCommenters(const std::vector<CommentRow>& comments,
                                                       const EngagementSettings& s);

// ---- Wording that forces engagement (必须点赞, 每人转发, 截图上报, 纳入考核, 下载率 …) ----
struct ForcedWording {
  std::string term;     // the rule: "必须…点赞", "截图上报", "下载率"
  std::string matched;  // the text matched
  uint32_t start = 0, end = 0;  // code points
};
/// Orders to like, repost, follow, download or vote, to prove it (截图), or counting it in an
/// assessment; an invitation (欢迎转发, 转发周知, 转起) is none.
std::vector<ForcedWording> FindForcedEngagement(std::string_view text);

}  // namespace govmedia::core
