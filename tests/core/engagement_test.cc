#include "core/engagement.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/timestamp.h"

namespace govmedia::core {
namespace {

Date Day(int n) { return Date::FromDays(Date::Parse("2024-01-01")->days() + n); }

TEST(EngagementTest, TheMedianAndMadIgnoreTheSpikesInTheHistory) {
  const Robust r = RobustOf({10, 11, 9, 10, 12, 10, 1000});
  EXPECT_DOUBLE_EQ(r.median, 10);
  EXPECT_NEAR(r.mad, 1.4826, 1e-9);  // the spike moves neither
  EXPECT_EQ(RobustOf({}).n, 0u);
  EXPECT_DOUBLE_EQ(RobustZ(20, {10, 0, 5}, 2), 5);  // a flat history uses the floor
}

TEST(EngagementTest, AFollowerJumpFarAboveTheAccountsOwnGainsIsFound) {
  std::vector<SnapshotPoint> s;
  int64_t f = 20000;
  for (int d = 0; d < 30; ++d) s.push_back({Day(d), f += 40 + (d % 5) * 5});  // 40–60 a day
  s.push_back({Day(30), f += 6000});  // bought followers
  s.push_back({Day(31), f += 50});
  const EngagementSettings cfg;
  auto jumps = FindFollowerJumps(s, cfg);
  ASSERT_EQ(jumps.size(), 1u);
  EXPECT_EQ(jumps[0].day, Day(30));
  EXPECT_EQ(jumps[0].gain, 6000);
  EXPECT_GT(jumps[0].z, cfg.follower_z);
  EXPECT_EQ(jumps[0].history, 29);  // gains between the 30 prior snapshots
  // Too young a series says nothing, however big the jump.
  std::vector<SnapshotPoint> young(s.begin() + 20, s.end());
  EXPECT_TRUE(FindFollowerJumps(young, cfg).empty());
  // A jump below the absolute floor (1,000 a day, 2% of the followers) is no anomaly.
  s[30].followers = s[29].followers + 900;
  s[31].followers = s[30].followers + 50;
  EXPECT_TRUE(FindFollowerJumps(s, cfg).empty());
}

TEST(EngagementTest, APostFarAboveTheAccountsOwnPostsIsFoundAndAModestOneIsNot) {
  std::vector<PostCounts> posts;
  for (int i = 0; i < 30; ++i) posts.push_back({"p" + std::to_string(i), i * 3600, 3000 + i * 37, 80 + (i * 13) % 60});
  posts.push_back({"bought", 31 * 3600, 3500, 24000});  // likes ×200 of its usual
  posts.push_back({"good", 32 * 3600, 5200, 260});      // a good day, not an anomaly
  const EngagementSettings cfg;
  auto found = FindPostOutliers(posts, cfg);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "bought");
  EXPECT_EQ(found[0].metric, "likes");
  EXPECT_EQ(found[0].value, 24000);
  EXPECT_GT(found[0].z, cfg.post_z);
  // Without enough history nothing is judged.
  std::vector<PostCounts> few(posts.end() - 5, posts.end());
  EXPECT_TRUE(FindPostOutliers(few, cfg).empty());
}

TEST(EngagementTest, AHandfulOfAuthorsRepeatingThemselvesIsFound) {
  std::vector<CommentRow> rows;
  for (int i = 0; i < 18; ++i) rows.push_back({"p1", i % 3 == 0 ? "水军甲" : i % 3 == 1 ? "水军乙" : "水军丙", "支持支持！"});
  for (int i = 0; i < 4; ++i) rows.push_back({"p1", "网友" + std::to_string(i), "说得好"});
  for (int i = 0; i < 20; ++i) rows.push_back({"p2", "网友" + std::to_string(i), "评论 " + std::to_string(i)});
  auto found = FindRepeatedCommenters(rows, EngagementSettings{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].post_id, "p1");
  EXPECT_EQ(found[0].comments, 22);
  EXPECT_EQ(found[0].repeated, 22);  // the same text 18 times and another 4 times
  EXPECT_EQ(found[0].top.size(), 3u);
}

TEST(EngagementTest, AnAccountFarAboveItsPeersIsFound) {
  const EngagementSettings cfg;
  auto o = ComparePeers(20000, {120, 90, 150, 200, 80, 110}, cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->peers, 6);
  EXPECT_FALSE(ComparePeers(20000, {120, 90, 150}, cfg));  // too few peers
  EXPECT_FALSE(ComparePeers(300, {120, 90, 150, 200, 80, 110}, cfg));
  EXPECT_TRUE(SameSize(10000, 25000));
  EXPECT_FALSE(SameSize(10000, 40000));
}

// ---- Forced wording on the hand-labelled sets and on 5,303 real posts ----

struct Counted {
  int forced = 0, found = 0, none = 0, false_hits = 0;
};
Counted MeasureForced(const std::string& file) {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/tests/data/engagement-eval/" + file);
  EXPECT_TRUE(in) << file;
  Counted c;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const bool forced = line.substr(0, tab) == "forced";
    const bool hit = !FindForcedEngagement(line.substr(tab + 1)).empty();
    (forced ? c.forced : c.none)++;
    if (forced && hit) ++c.found;
    if (!forced && hit) ++c.false_hits;
  }
  return c;
}

// A text is searched for the wordings only when it holds an engagement verb (a quick pass over its
// three-byte characters): each rate, and a verb at the very end or after ASCII, is still found.
TEST(EngagementTest, EveryRateAndAVerbAtTheEdgesPassTheQuickCheck) {
  for (const char* rate : {"下载率", "安装率", "关注率", "转发率", "点赞率", "注册率"})
    EXPECT_EQ(FindForcedEngagement(std::string("本月") + rate + "纳入考核").size(), 1u) << rate;
  EXPECT_FALSE(FindForcedEngagement("各单位务必转发").empty());     // the verb ends the text
  EXPECT_FALSE(FindForcedEngagement("APP: 全员点赞").empty());        // after ASCII
  EXPECT_FALSE(FindForcedEngagement("a全员下载b").empty());           // an odd byte before it
  EXPECT_TRUE(FindForcedEngagement("各单位务必转").empty());          // half a verb
}

TEST(EngagementTest, ForcedWordingAsPublished) {
  auto w = FindForcedEngagement("请各村组织全体党员关注“张浦发布”公众号，并于周五前截图上报");
  ASSERT_FALSE(w.empty());
  EXPECT_NE(w[0].matched.find("关注"), std::string::npos);
  EXPECT_TRUE(FindForcedEngagement("欢迎转发，让更多人知道").empty());
  EXPECT_TRUE(FindForcedEngagement("必须点赞这些最美逆行者！").empty());  // praise, no order to anyone
  EXPECT_TRUE(FindForcedEngagement("我们必须关注民生问题").empty());      // 关注 as "pay attention"
  const Counted first = MeasureForced("forced.tsv");
  EXPECT_EQ(first.forced, 15);
  EXPECT_EQ(first.found, 15);
  EXPECT_EQ(first.false_hits, 0);
  const Counted second = MeasureForced("forced-test2.tsv");
  EXPECT_EQ(second.found, second.forced);
  EXPECT_EQ(second.false_hits, 0);
}

// The replay: the 央视新闻 Weibo's real posts of 2020 Q1 with their real likes, reposts and
// comments, each month an account-month. Real virality is what a detector must not call fake;
// injected purchases (a post's likes multiplied) are what it must find. docs/engagement.md
// publishes these figures.
struct Replay {
  int account_months = 0, posts = 0, false_alarms = 0, injected = 0, detected = 0;
};
Replay RunReplay() {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/corpus/weibo-cctvnews-2020q1.jsonl");
  EXPECT_TRUE(in);
  std::map<std::string, std::vector<PostCounts>> months;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    const std::string at = j["published_at"];
    const auto epoch = ParseRfc3339(at);
    if (!epoch) continue;
    months[at.substr(0, 7)].push_back({j["id"], *epoch, std::nullopt, j["likes"].get<int64_t>(),
                                       j["reposts"].get<int64_t>(), j["comments"].get<int64_t>()});
  }
  Replay r;
  const EngagementSettings cfg;
  for (auto& [month, posts] : months) {
    std::sort(posts.begin(), posts.end(), [](const auto& a, const auto& b) { return a.epoch < b.epoch; });
    ++r.account_months;
    r.posts += static_cast<int>(posts.size());
    r.false_alarms += static_cast<int>(FindPostOutliers(posts, cfg).size());
    // Inject: every 50th post (after the history needed) gets 30 times its likes.
    for (size_t i = 60; i < posts.size(); i += 50) {
      auto copy = posts;
      copy[i].likes = *copy[i].likes * 30 + 5000;
      ++r.injected;
      for (const auto& o : FindPostOutliers(copy, cfg))
        if (o.id == copy[i].id && o.metric == "likes") {
          ++r.detected;
          break;
        }
    }
  }
  return r;
}

TEST(EngagementTest, ReplayOfRealPostsAsPublished) {
  const Replay r = RunReplay();
  EXPECT_EQ(r.account_months, 3);
  EXPECT_EQ(r.posts, 5303);
  std::cout << "replay: " << r.posts << " posts in " << r.account_months << " account-months, " << r.false_alarms
            << " false alarms; injected " << r.injected << ", detected " << r.detected << "\n";
  EXPECT_LE(r.false_alarms, 1);                  // real virality and polls are not purchases
  EXPECT_GE(r.detected * 100, r.injected * 85);  // at least 85% of the purchases found (90 of 104 now)
}

}  // namespace
}  // namespace govmedia::core
