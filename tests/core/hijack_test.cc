// core::AssessHijack on written histories: each signal with its evidence, the precision rules
// (young account, blind collector, one signal alone) and the settings.
#include "core/hijack.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/timestamp.h"

namespace govmedia::core {
namespace {

int64_t At(const std::string& rfc3339) { return *ParseRfc3339(rfc3339); }

// An account that posts three times a day (09:00, 14:00, 19:00 Beijing) for `days` days before
// 2024-10-17, linking to its own site.
std::vector<HijackPost> History(int days) {
  std::vector<HijackPost> out;
  const int64_t start = At("2024-10-17T00:00:00+08:00") - static_cast<int64_t>(days) * kSecondsPerDay;
  int64_t id = 1;
  for (int d = 0; d < days; ++d) {
    for (int h : {9, 14, 19}) {
      const int64_t n = id++;
      out.push_back({n, start + d * kSecondsPerDay + h * 3600,
                     "张浦镇开展秋季消防安全检查，详见 https://www.ks.gov.cn/zp/" + std::to_string(n),
                     "https://weibo.com/1/" + std::to_string(n), 0});
    }
  }
  return out;
}

bool Has(const HijackAssessment& a, const std::string& code) {
  return std::any_of(a.signals.begin(), a.signals.end(), [&](const HijackSignal& s) { return s.code == code; });
}

const HijackSignal* Find(const HijackAssessment& a, const std::string& code) {
  for (const auto& s : a.signals)
    if (s.code == code) return &s;
  return nullptr;
}

TEST(Hijack, NormalDayIsNormal) {
  auto posts = History(60);
  posts.push_back({900, At("2024-10-17T09:05:00+08:00"), "重阳节敬老活动", "https://weibo.com/1/900", 0});
  posts.push_back({901, At("2024-10-17T15:00:00+08:00"), "交通管制通知 https://www.ks.gov.cn/x", "", 0});
  const auto a = AssessHijack(posts, {At("2024-10-17T15:00:00+08:00"), "张浦发布", {}, {}}, {});
  EXPECT_EQ(a.verdict, HijackVerdict::kNormal) << a.reason;
  EXPECT_TRUE(a.signals.empty());
  EXPECT_EQ(a.history_days, 59);  // whole days from the first post's day to the window's
  EXPECT_EQ(a.history_posts, 179);  // 2024-10-16 19:00 is inside the window's 24 hours
}

TEST(Hijack, NightBurstOfAdsWithANewDomainIsSuspectedWithEvidence) {
  auto posts = History(60);
  for (int i = 0; i < 4; ++i) {
    posts.push_back({1000 + i, At("2024-10-17T03:0" + std::to_string(i) + ":00+08:00"),
                     "正品运动鞋特价包邮，加微信 shoes888 私信领取优惠券 http://cheap-shoes.example.com/p" + std::to_string(i), "", 0});
  }
  const auto a = AssessHijack(posts, {At("2024-10-17T03:03:00+08:00"), "张浦发布", {}, {}}, {});
  ASSERT_EQ(a.verdict, HijackVerdict::kSuspected) << a.reason;
  EXPECT_EQ(HijackVerdictLabel(a.verdict), "疑似账号被盗用");
  const auto* ad = Find(a, "ad");
  ASSERT_NE(ad, nullptr);
  EXPECT_EQ(ad->post_ids.size(), 4u);
  EXPECT_NE(ad->detail.find("加微信"), std::string::npos) << ad->detail;
  EXPECT_NE(ad->detail.find("历史 177 条中 0 条"), std::string::npos) << ad->detail;
  const auto* night = Find(a, "night");
  ASSERT_NE(night, nullptr);
  EXPECT_NE(night->detail.find("3 时（历史 0 条"), std::string::npos) << night->detail;
  const auto* domain = Find(a, "new_domain");
  ASSERT_NE(domain, nullptr);
  EXPECT_NE(domain->detail.find("example.com"), std::string::npos) << domain->detail;
  EXPECT_EQ(a.post_ids, (std::vector<int64_t>{1000, 1001, 1002, 1003}));
  // Four posts in an hour against one: not yet a burst (at least 6 by default) …
  EXPECT_FALSE(Has(a, "burst"));
  // … but a lower floor makes it one, with the baseline in its evidence.
  HijackSettings s;
  s.burst_min_posts = 4;
  const auto b = AssessHijack(posts, {At("2024-10-17T03:03:00+08:00"), "", {}, {}}, s);
  const auto* burst = Find(b, "burst");
  ASSERT_NE(burst, nullptr);
  EXPECT_NE(burst->detail.find("60 分钟内最多 4 条（历史 99% 分位 1 条）"), std::string::npos) << burst->detail;
}

TEST(Hijack, OneSignalAloneDoesNotAlert) {
  auto posts = History(60);
  // An earthquake at 3 a.m.: the account posts at an hour it never posts at, and only that.
  posts.push_back({2000, At("2024-10-17T03:10:00+08:00"), "地震快讯：我镇有震感，暂无人员伤亡报告", "", 0});
  const auto a = AssessHijack(posts, {At("2024-10-17T03:10:00+08:00"), "", {}, {}}, {});
  EXPECT_EQ(a.verdict, HijackVerdict::kNormal);
  ASSERT_EQ(a.signals.size(), 1u);
  EXPECT_EQ(a.signals[0].code, "night");
  EXPECT_NE(a.reason.find("仅 1 个信号"), std::string::npos);
  // The office may ask for one signal only.
  HijackSettings s;
  s.min_signals = 1;
  EXPECT_EQ(AssessHijack(posts, {At("2024-10-17T03:10:00+08:00"), "", {}, {}}, s).verdict, HijackVerdict::kSuspected);
}

TEST(Hijack, YoungAccountAndBlindCollectorAreUndecidable) {
  auto young = History(10);
  for (int i = 0; i < 4; ++i)
    young.push_back({1000 + i, At("2024-10-17T03:00:00+08:00") + i * 60, "加微信领取优惠券 http://x.example.com", "", 0});
  auto a = AssessHijack(young, {At("2024-10-17T03:03:00+08:00"), "", {}, {}}, {});
  EXPECT_EQ(a.verdict, HijackVerdict::kUndecidable);
  EXPECT_EQ(a.reason, "历史仅 9 天（需 28 天），无法判定");
  EXPECT_TRUE(a.signals.empty());

  auto blind = History(60);
  for (int i = 0; i < 4; ++i)
    blind.push_back({1000 + i, At("2024-10-17T03:00:00+08:00") + i * 60, "加微信领取优惠券 http://x.example.com", "", 0});
  HijackContext ctx{At("2024-10-17T03:03:00+08:00"), "", {}, {}};
  const int64_t today = (At("2024-10-17T00:00:00+08:00") + kBeijingOffsetMinutes * 60) / kSecondsPerDay;
  for (int d = 2; d <= 21; ++d) ctx.blind_days.push_back(today - d);
  a = AssessHijack(blind, ctx, {});
  EXPECT_EQ(a.verdict, HijackVerdict::kUndecidable);
  EXPECT_EQ(a.reason, "历史 59 天中 20 天采集异常，无法判定");
  ctx.blind_days.resize(10);  // a sixth of the days: still enough
  EXPECT_EQ(AssessHijack(blind, ctx, {}).verdict, HijackVerdict::kSuspected);

  // Too few posts over a long enough time.
  std::vector<HijackPost> sparse;
  for (int d = 0; d < 10; ++d) sparse.push_back({d + 1, At("2024-09-01T10:00:00+08:00") + d * 4 * kSecondsPerDay, "通知", "", 0});
  EXPECT_EQ(AssessHijack(sparse, {At("2024-10-17T10:00:00+08:00"), "", {}, {}}, {}).reason,
            "历史仅 10 条帖子（需 20 条），无法判定");
}

TEST(Hijack, AnAccountThatSellsLocalProduceIsNotAnAdvertiser) {
  // A town's account that promotes its own produce every few days: its history has ad cues, so
  // a day with two such posts is its ordinary share.
  auto posts = History(60);
  for (auto& p : posts)
    if (p.id % 4 == 0) p.text = "阳澄湖大闸蟹特价包邮，支持本地农户";
  posts.push_back({3000, At("2024-10-17T09:00:00+08:00"), "大闸蟹特价包邮", "", 0});
  posts.push_back({3001, At("2024-10-17T14:00:00+08:00"), "大闸蟹特价包邮第二批", "", 0});
  const auto a = AssessHijack(posts, {At("2024-10-17T14:00:00+08:00"), "", {}, {}}, {});
  EXPECT_FALSE(Has(a, "ad")) << a.reason;
  EXPECT_EQ(a.verdict, HijackVerdict::kNormal);
}

TEST(Hijack, LexiconAdHitsCountAsAdverts) {
  auto posts = History(60);
  posts.push_back({4000, At("2024-10-17T10:00:00+08:00"), "本店新品上架", "", 2});
  posts.push_back({4001, At("2024-10-17T10:30:00+08:00"), "本店新品上架二", "", 1});
  const auto a = AssessHijack(posts, {At("2024-10-17T10:30:00+08:00"), "", {}, {}}, {});
  const auto* ad = Find(a, "ad");
  ASSERT_NE(ad, nullptr);
  EXPECT_NE(ad->detail.find("词库广告类命中"), std::string::npos);
}

TEST(Hijack, RenamedChannelWithAdvertsIsSuspected) {
  auto posts = History(60);
  posts.push_back({5000, At("2024-10-17T10:00:00+08:00"), "加微信 abc 私信领取", "", 0});
  posts.push_back({5001, At("2024-10-17T11:00:00+08:00"), "加微信 abc 私信领取 2", "", 0});
  HijackContext ctx{At("2024-10-17T11:00:00+08:00"), "张浦发布", {}, {}};
  ctx.channel = {{At("2024-10-10T08:00:00+08:00"), "张浦发布的微博", "https://img.example/a.jpg"},
                 {At("2024-10-16T08:00:00+08:00"), "张浦发布的微博", "https://img.example/a.jpg"},
                 {At("2024-10-17T11:15:00+08:00"), "潮鞋小店的微博", "https://img.example/b.jpg"}};
  const auto a = AssessHijack(posts, ctx, {});
  ASSERT_EQ(a.verdict, HijackVerdict::kSuspected) << a.reason;
  const auto* ch = Find(a, "channel");
  ASSERT_NE(ch, nullptr);
  EXPECT_NE(ch->detail.find("名称由「张浦发布的微博」变为「潮鞋小店的微博」，不含登记名称「张浦发布」"), std::string::npos)
      << ch->detail;
  EXPECT_NE(ch->detail.find("头像由 https://img.example/a.jpg 变为 https://img.example/b.jpg"), std::string::npos);
  // A rename long before the window is old news.
  ctx.channel[1].title = "潮鞋小店的微博";
  ctx.channel[2].title = "潮鞋小店的微博";
  ctx.channel[1].image = ctx.channel[2].image;
  ctx.channel[1].epoch = At("2024-10-12T08:00:00+08:00");
  EXPECT_FALSE(Has(AssessHijack(posts, ctx, {}), "channel"));
}

TEST(Hijack, BurstAgainstTheAccountsOwnRate) {
  auto posts = History(60);
  for (int i = 0; i < 12; ++i)
    posts.push_back({6000 + i, At("2024-10-17T10:00:00+08:00") + i * 240, "转发抽奖 " + std::to_string(i), "", 0});
  const auto a = AssessHijack(posts, {At("2024-10-17T10:44:00+08:00"), "", {}, {}}, {});
  const auto* burst = Find(a, "burst");
  ASSERT_NE(burst, nullptr);
  EXPECT_EQ(burst->post_ids.size(), 12u);
  EXPECT_NE(burst->detail.find("60 分钟内最多 12 条"), std::string::npos) << burst->detail;
  // With a factor of 12, twelve in an hour is no longer far enough above one.
  HijackSettings s;
  s.burst_factor = 12;
  s.burst_min_posts = 6;
  EXPECT_FALSE(Has(AssessHijack(posts, {At("2024-10-17T10:44:00+08:00"), "", {}, {}}, s), "burst"));
}

TEST(Hijack, RegistrableDomains) {
  EXPECT_EQ(RegistrableDomain("www.ks.gov.cn"), "ks.gov.cn");
  EXPECT_EQ(RegistrableDomain("m.Example.COM"), "example.com");
  EXPECT_EQ(RegistrableDomain("weibo.com:443"), "weibo.com");
  EXPECT_EQ(RegistrableDomain("a.b.example.com.cn"), "example.com.cn");
  const auto t = TraitsOf({1, 0, "看 https://t.cn/abc 和 www.ks.gov.cn/x，还有 http://shop.example.com。", "https://weibo.com/1/2", 0});
  EXPECT_EQ(t.domains, (std::vector<std::string>{"t.cn", "ks.gov.cn", "example.com", "weibo.com"}));
  EXPECT_FALSE(t.ad);
  // Generic words government posts use are no cues on their own.
  EXPECT_FALSE(TraitsOf({1, 0, "扫描二维码预约接种，免费领取口罩", "", 0}).ad);
  EXPECT_TRUE(TraitsOf({1, 0, "扫码领取优惠券", "", 0}).ad);
}

}  // namespace
}  // namespace govmedia::core
