#include "core/repost.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

const RepostArticle kArticle{
    "关于开展冬季消防安全大检查的通知", "https://www.ks.gov.cn/xxgk/2024/1018.html?utm_source=wechat&from=timeline",
    "为切实做好今冬明春火灾防控工作，市安委会决定自即日起在全市范围内开展冬季消防安全大检查，重点检查人员密集场所、"
    "高层建筑和老旧小区的消防设施。"};

TEST(RepostTest, UrlsCompareWithoutSchemeWwwSlashFragmentOrTrackingParameters) {
  EXPECT_EQ(NormalizeUrl("https://www.ks.gov.cn/xxgk/2024/1018.html?utm_source=x#top"), "ks.gov.cn/xxgk/2024/1018.html");
  EXPECT_EQ(NormalizeUrl("HTTP://KS.gov.cn/a/"), "ks.gov.cn/a");
  // WeChat articles are named by their parameters, which stay; the sharing ones go.
  EXPECT_EQ(NormalizeUrl("https://mp.weixin.qq.com/s?__biz=MzA&mid=2651&idx=1&sn=ab12&chksm=ff&scene=21#wechat_redirect"),
            "mp.weixin.qq.com/s?__biz=mza&mid=2651&idx=1&sn=ab12");
}

TEST(RepostTest, TheLinkTheTitleOrMostOfTheOpeningShowTheArticle) {
  auto by_url = MatchRepost(kArticle, "转发市政府通知", "http://ks.gov.cn/xxgk/2024/1018.html");
  ASSERT_TRUE(by_url);
  EXPECT_EQ(by_url->method, "link");
  auto link_in_text = MatchRepost(kArticle, "详情见 https://www.ks.gov.cn/xxgk/2024/1018.html 请各单位落实", "");
  ASSERT_TRUE(link_in_text);
  EXPECT_EQ(link_in_text->method, "link");
  auto by_title = MatchRepost(kArticle, "【转发】关于开展冬季消防安全大检查的 通知\n各村（社区）：……", "https://weibo.com/1/2");
  ASSERT_TRUE(by_title);
  EXPECT_EQ(by_title->method, "title");
  auto rewritten = MatchRepost(
      {kArticle.title + "（修订）", "", kArticle.text},
      "今冬明春火灾防控：为切实做好今冬明春火灾防控工作，市安委会决定自即日起在全市范围内开展冬季消防安全大检查，"
      "重点检查人员密集场所、高层建筑和老旧小区的消防设施。",
      "");
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(rewritten->method, "text");
  EXPECT_GE(rewritten->score, 0.6);
}

TEST(RepostTest, ARelatedPostIsNotTheArticle) {
  EXPECT_FALSE(MatchRepost(kArticle, "张浦镇开展消防安全检查，排查隐患12处。", "https://weibo.com/1/3"));
  EXPECT_FALSE(MatchRepost(kArticle, "冬季消防", ""));  // a fragment of the title is not the title
  EXPECT_FALSE(MatchRepost(kArticle, "见 https://www.ks.gov.cn/xxgk/2024/1019.html", ""));
  // A short title cannot be told from ordinary words.
  EXPECT_FALSE(MatchRepost({"通知", "", ""}, "关于放假的通知", ""));
}

}  // namespace
}  // namespace govmedia::core
