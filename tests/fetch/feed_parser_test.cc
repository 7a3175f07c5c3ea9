#include "fetch/feed_parser.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace govmedia::fetch {
namespace {

TEST(FeedParser, Rss2WithDcCreator) {
  const char* rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>张浦发布</title>
<item><title>今日发布</title><description><![CDATA[<p>张浦镇&amp;周市镇 <b>联合</b>发布</p>]]></description>
<link>https://weibo.com/1/a</link><guid>a1</guid><pubDate>Wed, 25 Nov 2026 10:00:00 +0800</pubDate><dc:creator>张浦发布</dc:creator></item>
<item><title>没有日期</title><guid>a2</guid></item>
</channel></rss>)";
  int skipped = 0;
  auto items = ParseFeed(rss, &skipped);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(skipped, 1);
  const auto& i = (*items)[0];
  EXPECT_EQ(i.id, "a1");
  EXPECT_EQ(i.author, "张浦发布");
  EXPECT_EQ(i.text, "今日发布\n张浦镇&周市镇 联合 发布");
  EXPECT_EQ(i.published_epoch, *core::ParseRfc3339("2026-11-25T10:00:00+08:00"));
}

TEST(FeedParser, AtomWithAuthor) {
  const char* atom = R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>tag:x,2026:1</id><title>标题</title><link rel="alternate" href="https://x/1"/>
<updated>2026-11-25T02:00:00Z</updated><author><name>张浦发布</name></author><content type="html">正文</content></entry></feed>)";
  int skipped = 0;
  auto items = ParseFeed(atom, &skipped);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].link, "https://x/1");
  EXPECT_EQ((*items)[0].author, "张浦发布");
  EXPECT_EQ((*items)[0].text, "标题\n正文");
}

TEST(FeedParser, MalformedAndForeignDocumentsAreErrors) {
  int skipped = 0;
  EXPECT_TRUE(ParseFeed("<rss><channel><item></channel>", &skipped).status().IsInvalidArgument());
  EXPECT_TRUE(ParseFeed("<html><body>hi</body></html>", &skipped).status().IsInvalidArgument());
}

TEST(FeedParser, Rfc822Dates) {
  EXPECT_EQ(*ParseRfc822("Wed, 25 Nov 2026 02:00:00 GMT"), *core::ParseRfc3339("2026-11-25T02:00:00Z"));
  EXPECT_EQ(*ParseRfc822("25 Nov 2026 10:00:00 +0800"), *core::ParseRfc3339("2026-11-25T02:00:00Z"));
  EXPECT_FALSE(ParseRfc822("yesterday").has_value());
  EXPECT_FALSE(ParseRfc822("Wed, 31 Feb 2026 10:00:00 +0800").has_value());
}

}  // namespace
}  // namespace govmedia::fetch
