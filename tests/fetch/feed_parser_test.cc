// The feed parser on documents written for these tests and on the 37 real documents of
// ../shared/data/feeds-real (read where they lie, never copied: see SOURCES.md there).
#include "fetch/feed_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/timestamp.h"
#include "fetch/feed_date.h"
#include "fetch/feed_encoding.h"

namespace govmedia::fetch {
namespace {

std::string RealFeed(const std::string& name) {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/feeds-real/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

ParsedFeed MustParse(std::string_view bytes, std::string_view content_type = "") {
  auto f = ParseFeed(bytes, content_type);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? *f : ParsedFeed{};
}

TEST(FeedParser, Rss2WithDcCreator) {
  const char* rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>张浦发布</title>
<item><title>今日发布</title><description><![CDATA[<p>张浦镇&amp;周市镇 <b>联合</b>发布</p>]]></description>
<link>https://weibo.com/1/a</link><guid>a1</guid><pubDate>Wed, 25 Nov 2026 10:00:00 +0800</pubDate><dc:creator>张浦发布</dc:creator></item>
<item><title>没有日期</title><guid>a2</guid></item>
</channel></rss>)";
  auto f = MustParse(rss);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.format, "rss 2.0");
  const auto& i = f.items[0];
  EXPECT_EQ(i.id, "a1");
  EXPECT_EQ(i.author, "张浦发布");
  EXPECT_EQ(i.text, "今日发布\n张浦镇&周市镇 联合 发布");
  EXPECT_EQ(i.published_epoch, At("2026-11-25T10:00:00+08:00"));
  // An item without a date is kept, marked so: never dropped.
  EXPECT_FALSE(f.items[1].date_known);
  EXPECT_EQ(f.undated, 1);
}

TEST(FeedParser, AtomWithAuthor) {
  const char* atom = R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>tag:x,2026:1</id><title>标题</title><link rel="alternate" href="https://x/1"/>
<updated>2026-11-25T02:00:00Z</updated><author><name>张浦发布</name></author><content type="html">正文</content></entry></feed>)";
  auto f = MustParse(atom);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].link, "https://x/1");
  EXPECT_EQ(f.items[0].author, "张浦发布");
  EXPECT_EQ(f.items[0].text, "标题\n正文");
}

TEST(FeedParser, Atom03UsesIssued) {
  const char* atom = R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>旧版</title>
<entry><title>一条</title><link rel="alternate" type="text/html" href="https://x/2"/><id>x2</id>
<issued>2021-06-16T21:22:47+08:00</issued><modified>2021-06-17T00:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;内容&lt;/p&gt;</content></entry></feed>)";
  auto f = MustParse(atom);
  EXPECT_EQ(f.format, "atom 0.3");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].published_epoch, At("2021-06-16T21:22:47+08:00"));
  EXPECT_EQ(f.items[0].text, "一条\n内容");
}

TEST(FeedParser, Rss1RdfAndJsonFeed10) {
  const char* rdf = R"(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://gov.example/"><title>某局</title></channel>
<item rdf:about="https://gov.example/1"><title>通知</title><dc:date>2021-06-16 21:22:47</dc:date></item>
</rdf:RDF>)";
  auto f = MustParse(rdf);
  EXPECT_EQ(f.format, "rss 1.0");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].link, "https://gov.example/1");
  EXPECT_EQ(f.items[0].published_epoch, At("2021-06-16T21:22:47+08:00"));

  const char* json = R"({"version":"https://jsonfeed.org/version/1","title":"某号","author":{"name":"某号"},
    "items":[{"id":7,"url":"https://x/7","content_text":"文字","date_published":"2021-06-16T13:22:47Z"}]})";
  f = MustParse(json);
  EXPECT_EQ(f.format, "json feed 1");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].id, "7");
  EXPECT_EQ(f.items[0].author, "某号");
  EXPECT_EQ(f.items[0].published_epoch, At("2021-06-16T21:22:47+08:00"));
}

TEST(FeedParser, NotAFeedIsAnError) {
  EXPECT_TRUE(ParseFeed("<html><body>hi</body></html>").status().IsInvalidArgument());
  EXPECT_TRUE(ParseFeed("{\"a\":1}").status().IsInvalidArgument());
  EXPECT_TRUE(ParseFeed("").status().IsInvalidArgument());
  // A member of another type than JSON Feed's is refused by name, not thrown on (found by fuzz_feed:
  // a number as version threw nlohmann::type_error out of ParseFeed).
  auto version = ParseFeed(R"({"version": 60593700000000000000000000000002228832237460593770000000000000})").status();
  EXPECT_TRUE(version.IsInvalidArgument());
  EXPECT_NE(version.message().find("version 应为字符串"), std::string::npos) << version.message();
  EXPECT_TRUE(ParseFeed(R"({"version": 1, "items": []})").status().IsInvalidArgument());
  EXPECT_TRUE(ParseFeed(R"({"version": "1.1", "items": {"id": "1"}})").status().IsInvalidArgument());
  auto s = ParseFeed(RealFeed("rssparser-not-a-feed-html.rss")).status();
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("不是 RSS"), std::string::npos) << s.message();
}

TEST(FeedParser, IllFormedXmlIsMendedAndSaysSo) {
  // A bare &, an undefined entity, a control character, a stray < and a cut-off end.
  const std::string rss =
      "<rss version=\"2.0\"><channel><title>A & B&nbsp;C</title>"
      "<item><title>x\x08y &copy; 1 < 2</title><guid>g1</guid><pubDate>2021/6/16 21:22</pubDate></item>"
      "<item><title>second</title><guid>g2</guid></item></channel></rs";
  auto f = MustParse(rss);
  EXPECT_EQ(f.title, "A & B C");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "xy © 1 < 2");
  EXPECT_EQ(f.items[0].published_epoch, At("2021-06-16T21:22:00+08:00"));
  EXPECT_GE(f.repairs.size(), 4u);
}

TEST(FeedParser, ItemsPresentButUnreadableAreCounted) {
  auto f = MustParse("<rss><channel><item></item><item><title>t</title></item></channel></rss>");
  EXPECT_EQ(f.present, 2);
  EXPECT_EQ(f.unreadable, 1);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].id.substr(0, 2), "h:");  // no guid, no link: a hash of the content
}

TEST(FeedEncoding, DeclaredHttpAndSniffed) {
  const std::string gbk = "\xd5\xfe\xce\xf1\xb7\xa2\xb2\xbc";  // 政务发布
  const std::string big5 = "\xac\x46\xb0\xc8\xb5\x6f\xa5\xac";  // 政務發布
  auto rss = [](const std::string& decl, const std::string& title) {
    return decl + "<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>";
  };
  EXPECT_EQ(MustParse(rss("<?xml version=\"1.0\" encoding=\"gb2312\"?>", gbk)).title, "政务发布");
  EXPECT_EQ(MustParse(rss("<?xml version=\"1.0\" encoding=\"GBK\"?>", gbk)).title, "政务发布");
  EXPECT_EQ(MustParse(rss("", gbk), "application/rss+xml; charset=GBK").title, "政务发布");
  EXPECT_EQ(MustParse(rss("<?xml version=\"1.0\" encoding=\"big5\"?>", big5)).title, "政務發布");
  EXPECT_EQ(MustParse(rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Espa\xf1" "a")).title, "España");
  // The server's default utf-8 in front of GBK bytes gives way to the declaration.
  auto f = MustParse(rss("<?xml version=\"1.0\" encoding=\"gbk\"?>", gbk), "text/xml; charset=utf-8");
  EXPECT_EQ(f.title, "政务发布");
  EXPECT_EQ(f.encoding, "GB18030");
  // UTF-16 with a BOM, and whitespace before the declaration.
  std::string utf16 = "\xff\xfe";
  for (char c : std::string("  <?xml version=\"1.0\" encoding=\"utf-16\"?><rss><channel><title>T</title></channel></rss>")) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_EQ(MustParse(utf16).title, "T");
}

TEST(FeedDate, Rfc822Variants) {
  const int64_t t = At("2021-06-16T13:22:47Z");
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 2021 13:22:47 GMT"), t);
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 2021 21:22:47 +0800"), t);
  EXPECT_EQ(*ParseFeedDate("Wed 16 Jun 2021 21:22:47 +08:00"), t);
  EXPECT_EQ(*ParseFeedDate("16 June 2021 13:22:47 UT"), t);
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 21 13:22:47 Z"), t);  // two-digit year
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 2021 09:22:47 EDT"), t);
  EXPECT_EQ(*ParseFeedDate("Wed, 16 jun 2021 13:22 GMT"), t - 47);  // no seconds
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 2021 21:22:47 CST"), t);  // China Standard Time
  EXPECT_EQ(*ParseFeedDate("Wed Jun 16 21:22:47 CST 2021"), t);   // Java Date.toString()
  EXPECT_EQ(*ParseFeedDate("\r\n Wed, 16 Jun 2021 13:22:47 GMT\r\n"), t);
  EXPECT_EQ(*ParseFeedDate("03 Apr 02 1500 GMT"), At("2002-04-03T15:00:00Z"));
  EXPECT_EQ(*ParseFeedDate("Tue, 10 Jun 1997 13:22:47 GMT"), At("1997-06-10T13:22:47Z"));
  EXPECT_EQ(*ParseFeedDate("Wed, 16 Jun 2021 21:22:47"), t);  // no zone: Beijing
  EXPECT_FALSE(ParseFeedDate("yesterday").has_value());
  EXPECT_FALSE(ParseFeedDate("Wed, 31 Feb 2026 10:00:00 +0800").has_value());
  EXPECT_FALSE(ParseFeedDate("Wed, 16 Jun 2021 25:00:00 GMT").has_value());
}

TEST(FeedDate, Rfc3339AndChineseForms) {
  const int64_t t = At("2021-06-16T13:22:47Z");
  EXPECT_EQ(*ParseFeedDate("2021-06-16T13:22:47Z"), t);
  EXPECT_EQ(*ParseFeedDate("2021-06-16T21:22:47.520+08:00"), t);
  EXPECT_EQ(*ParseFeedDate("2021-06-16T06:22:47-07:00"), t);
  EXPECT_EQ(*ParseFeedDate("2021-06-16T21:22:47+0800"), t);
  EXPECT_EQ(*ParseFeedDate("2021-06-16 21:22:47"), t);
  EXPECT_EQ(*ParseFeedDate("2021/6/16 21:22:47"), t);
  EXPECT_EQ(*ParseFeedDate("2021/6/16 21:22"), t - 47);
  EXPECT_EQ(*ParseFeedDate("2021年6月16日 21:22:47"), t);
  EXPECT_EQ(*ParseFeedDate("2021年6月16日 21:22"), t - 47);
  EXPECT_EQ(*ParseFeedDate("2021年6月16日21时22分47秒"), t);
  EXPECT_EQ(*ParseFeedDate("2021年06月16日"), At("2021-06-16T00:00:00+08:00"));
  EXPECT_EQ(*ParseFeedDate("2021.6.16 21:22:47"), t);
  EXPECT_EQ(*ParseFeedDate("2021-06-16"), At("2021-06-16T00:00:00+08:00"));
  EXPECT_FALSE(ParseFeedDate("2021-13-01 10:00").has_value());
  EXPECT_FALSE(ParseFeedDate("2021-06-16 21:22:47 nonsense-words").has_value());
}

TEST(FeedParser, DoubleEncodedTextIsRepaired) {
  EXPECT_EQ(FixDoubleEncoding("\xc3\xa2\xc2\x80\xc2\xa6"), "…");
  EXPECT_EQ(FixDoubleEncoding("España"), "España");  // real Latin-1 text stays
  EXPECT_EQ(FixDoubleEncoding("政务"), "政务");
}

// ---- The real documents ----

struct Expect {
  const char* file;
  int items;
  const char* format;
};

TEST(RealFeeds, EveryDocumentGivesItsItems) {
  const Expect kAll[] = {
      {"feedparser-atom-declared-gb2312.xml", 0, "atom 1.0"},
      {"feedparser-big5-atom-no-declaration.xml", 0, "atom 1.0"},
      {"feedparser-bom-invalid-utf8-bytes.xml", 0, "rss 2.0"},
      {"feedparser-double-encoded-html.xml", 1, "rss 2.0"},
      {"feedparser-gb2312-no-declaration.xml", 1, "rss 2.0"},
      {"feedparser-rss-guid-permalink-vs-link.xml", 1, "rss 2.0"},
      {"feedparser-rss-multiple-enclosures.xml", 1, "rss 2.0"},
      {"feedparser-utf16le-bom.xml", 0, "rss 2.0"},
      {"gofeed-atom10-content-xhtml.xml", 1, "atom 1.0"},
      {"gofeed-jsonfeed-11.json", 1, "json feed 1.1"},
      {"gofeed-rss-bare-ampersand.xml", 0, "rss 2.0"},
      {"gofeed-rss-description-mixed-cdata.xml", 1, "rss 2.0"},
      {"gofeed-rss-feed-bom.xml", 0, "rss 2.0"},
      {"gofeed-rss-feed-leading-spaces.xml", 0, "rss 2.0"},
      {"gofeed-rss-guid-no-permalink.xml", 1, "rss 2.0"},
      {"gofeed-rss-item-illegal-char.xml", 1, "rss 2.0"},
      {"gofeed-rss-item-xml-base-relative.xml", 1, "rss 2.0"},
      {"gofeed-rss-legacy-entity-prefix.xml", 0, "rss 2.0"},
      {"rodel-meituan-tech.rss.xml", 10, "rss 2.0"},
      {"rodel-ruanyifeng.atom.xml", 3, "atom 1.0"},
      {"rodel-v2ex.atom.xml", 50, "atom 1.0"},
      {"rsshub-bilibili-popular-2025-escaped.xml", 2, "rss 2.0"},
      {"rsshub-bilibili-user-dynamic-2020.xml", 2, "rss 2.0"},
      {"rsshub-weibo-user-2025.xml", 2, "rss 2.0"},
      {"rssparser-atom-incomplete-fields.atom", 0, "atom 1.0"},
      {"rssparser-heise.atom", 15, "atom 1.0"},
      {"rssparser-iso8859-1-crlf.rss", 40, "rss 2.0"},
      {"rssparser-rss092-odd-date.rss", 2, "rss 0.92"},
      {"rssparser-rss1-rdf.rss", 69, "rss 1.0"},
      {"wechatfeeds-escaped-lt-in-title.xml", 20, "rss 2.0"},
      {"wechatfeeds-mem-emergency-ministry.xml", 20, "rss 2.0"},
      {"wechatfeeds-mfa-spokesperson.xml", 11, "rss 2.0"},
      {"wechatfeeds-shanghai-fabu-20210616.xml", 20, "rss 2.0"},
      {"wechatfeeds-shanghai-fabu-20210617.xml", 20, "rss 2.0"},
      {"wechatfeeds-shenzhen-fabu.xml", 20, "rss 2.0"},
      {"wechatfeeds-vistopia-ctrl-char.xml", 18, "rss 2.0"},
  };
  for (const auto& e : kAll) {
    SCOPED_TRACE(e.file);
    const std::string raw = RealFeed(e.file);
    auto f = MustParse(raw);
    // U+FFFD only where the publisher wrote it (the Vistopia bridge put one in its titles).
    const bool publisher_fffd = raw.find("\xEF\xBF\xBD") != std::string::npos;
    EXPECT_EQ(static_cast<int>(f.items.size()), e.items);
    EXPECT_EQ(f.format, e.format);
    std::set<std::string> ids;
    for (const auto& i : f.items) {
      EXPECT_FALSE(i.id.empty());
      ids.insert(i.id);
      // Every item has a text (but the ones that are only a guid or a link), and no mojibake.
      if (!publisher_fffd) EXPECT_EQ(i.text.find("\xEF\xBF\xBD"), std::string::npos) << i.text;
    }
    EXPECT_EQ(ids.size(), f.items.size()) << "ids must be unique";
  }
}

TEST(RealFeeds, Encodings) {
  auto f = MustParse(RealFeed("feedparser-gb2312-no-declaration.xml"));
  EXPECT_EQ(f.encoding, "GB18030");
  EXPECT_EQ(f.items.at(0).title, "不归移民漫画系列：专业工作");
  f = MustParse(RealFeed("feedparser-big5-atom-no-declaration.xml"));
  EXPECT_EQ(f.title.rfind("我希望", 0), 0u) << f.title;
  f = MustParse(RealFeed("feedparser-atom-declared-gb2312.xml"));
  EXPECT_EQ(f.encoding, "GB18030");
  f = MustParse(RealFeed("feedparser-utf16le-bom.xml"));
  EXPECT_EQ(f.encoding, "UTF-16LE");
  f = MustParse(RealFeed("rssparser-iso8859-1-crlf.rss"));
  EXPECT_EQ(f.title, "Jornal de Notícias - Últimas Notícias");
  EXPECT_TRUE(f.items.at(0).date_known);  // CRLF inside pubDate
  f = MustParse(RealFeed("feedparser-bom-invalid-utf8-bytes.xml"));
  EXPECT_EQ(f.title, "Valid UTF8: ѨInvalid UTF8: Espa\xEF\xBF\xBD" "a");
  EXPECT_GE(f.repairs.size(), 2u);  // bad bytes and the cut end
}

TEST(RealFeeds, TrickyShapes) {
  auto f = MustParse(RealFeed("gofeed-rss-bare-ampersand.xml"));
  EXPECT_EQ(f.title, "Fish & Chips & more <3");
  f = MustParse(RealFeed("gofeed-rss-legacy-entity-prefix.xml"));
  EXPECT_EQ(f.title, "?page=1&copy=2;mode=x & done");
  f = MustParse(RealFeed("gofeed-rss-item-illegal-char.xml"));
  EXPECT_EQ(f.items.at(0).title, "abcd");
  f = MustParse(RealFeed("gofeed-rss-item-xml-base-relative.xml"));
  EXPECT_EQ(f.items.at(0).link, "http://example.org/feeds/post/1");
  f = MustParse(RealFeed("gofeed-rss-description-mixed-cdata.xml"));
  EXPECT_EQ(f.items.at(0).text, "i\nBreaking: Big News today");
  f = MustParse(RealFeed("gofeed-atom10-content-xhtml.xml"));
  EXPECT_EQ(f.items.at(0).text, "Entry Content");
  f = MustParse(RealFeed("gofeed-rss-guid-no-permalink.xml"));
  EXPECT_EQ(f.items.at(0).id, "abc123");
  f = MustParse(RealFeed("feedparser-rss-guid-permalink-vs-link.xml"));
  EXPECT_EQ(f.items.at(0).link, "http://link.example.com/");
  EXPECT_EQ(f.items.at(0).id, "http://guid.example.com/");
  f = MustParse(RealFeed("feedparser-double-encoded-html.xml"));
  EXPECT_EQ(f.items.at(0).text, "…");
  f = MustParse(RealFeed("gofeed-jsonfeed-11.json"));
  EXPECT_EQ(f.items.at(0).id, "id");
  EXPECT_EQ(f.items.at(0).author, "author_name");
  EXPECT_EQ(f.items.at(0).published_epoch, At("2019-10-12T07:20:50Z"));
  // An entry with nothing in it is present but unreadable: the poller reports it.
  f = MustParse(RealFeed("rssparser-atom-incomplete-fields.atom"));
  EXPECT_EQ(f.present, 1);
  EXPECT_EQ(f.unreadable, 1);
  // RSS 0.92 items carry no date: kept, marked undated.
  f = MustParse(RealFeed("rssparser-rss092-odd-date.rss"));
  EXPECT_EQ(f.undated, 2);
  f = MustParse(RealFeed("rssparser-rss1-rdf.rss"));
  EXPECT_EQ(f.items.at(0).published_epoch, At("2017-06-15T10:29:47-07:00"));
  EXPECT_EQ(f.undated, 0);
}

TEST(RealFeeds, WechatBridgeAndRsshub) {
  auto f = MustParse(RealFeed("wechatfeeds-escaped-lt-in-title.xml"));
  bool generic = false;
  for (const auto& i : f.items) generic |= i.title.find("<T>") != std::string::npos;
  EXPECT_TRUE(generic) << "&lt;T&gt; in a title is text, not a tag";
  f = MustParse(RealFeed("wechatfeeds-vistopia-ctrl-char.xml"));
  EXPECT_EQ(f.undated, 0);
  f = MustParse(RealFeed("wechatfeeds-shanghai-fabu-20210616.xml"));
  EXPECT_EQ(f.items.at(0).title, "明天有雷阵雨、局部地区暴雨！降水主要集中在早晨和夜间");
  EXPECT_EQ(f.items.at(0).text, f.items.at(0).title);
  EXPECT_EQ(f.items.at(0).published_epoch, At("2021-06-16T20:04:54+08:00"));
  std::set<std::string> links;
  for (const auto& i : f.items) links.insert(i.id);
  for (const auto& i : MustParse(RealFeed("wechatfeeds-shanghai-fabu-20210617.xml")).items) links.insert(i.id);
  EXPECT_EQ(links.size(), 34u);  // the two snapshots share 6 articles
  f = MustParse(RealFeed("rsshub-weibo-user-2025.xml"));
  EXPECT_EQ(f.items.at(0).id, "https://weibo.com/1935396210/PzxMFDdIO");
  EXPECT_EQ(f.items.at(0).author, "少年JUMP吧");
  f = MustParse(RealFeed("rsshub-bilibili-popular-2025-escaped.xml"));
  for (const auto& i : f.items) EXPECT_EQ(i.text.find("<"), std::string::npos) << i.text;
}

// The channel's name and avatar, which the hijack detector compares fetch by fetch
// (core/hijack.h): RSS <channel><image><url>, Atom <logo> (else <icon>), JSON Feed icon.
TEST(FeedParser, ChannelTitleAndImageOfRealFeeds) {
  auto weibo = MustParse(RealFeed("rsshub-weibo-user-2025.xml"));
  EXPECT_EQ(weibo.title, "少年JUMP吧的微博");
  EXPECT_EQ(weibo.image, "https://tvax2.sinaimg.cn/crop.0.0.310.310.180/735bcd72ly8ft3nr06beej208m08m749.jpg");
  auto wechat = MustParse(RealFeed("wechatfeeds-mfa-spokesperson.xml"));
  EXPECT_EQ(wechat.image, "http://MzU1OTM1MjIxNA.favicon.privacyhide.com/favicon.ico");
  auto atom = MustParse(RealFeed("rssparser-heise.atom"));
  EXPECT_EQ(atom.image, "http://www.heise.de/developer/icons/heise_developer_logo_weiss.gif");
  auto json = MustParse(RealFeed("gofeed-jsonfeed-11.json"));
  EXPECT_EQ(json.image, "https://sample-json-feed.com/icon.png");
  auto none = MustParse(R"(<rss version="2.0"><channel><title>x</title><item><guid>1</guid><title>t</title></item></channel></rss>)");
  EXPECT_EQ(none.image, "");
  auto icon_only = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>y</title><icon>https://a.example/i.png</icon></feed>)");
  EXPECT_EQ(icon_only.image, "https://a.example/i.png");
}

}  // namespace
}  // namespace govmedia::fetch
