// The scanner on its own: normalisation, offsets back into the original, noise limits, overlaps,
// word edges, repeated characters, numerals, allow and context lines, dated terms, links, leaders.
#include "scan/scanner.h"

#include <gtest/gtest.h>

namespace govmedia::scan {
namespace {

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    norm_ = std::move(*n);
  }
  std::vector<Hit> Run(const std::string& lexicon, const std::string& text) {
    auto entries = core::ParseLexicon(lexicon);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    auto s = Scanner::Build(*entries, *norm_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    scanner_ = std::move(*s);
    return scanner_->Scan(text);
  }
  std::unique_ptr<Normalizer> norm_;
  std::unique_ptr<Scanner> scanner_;
};

TEST_F(ScannerTest, FullWidthCaseAndTraditionalMatchThePlainTerm) {
  auto h = Run("ad\tabc理财\nsecret\t机密\n", "ＡＢＣ理財 與 機密");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].matched, "ＡＢＣ理財");
  EXPECT_EQ(h[0].start, 0u);
  EXPECT_EQ(h[0].end, 5u);
  EXPECT_EQ(h[1].matched, "機密");
  EXPECT_EQ(h[1].start, 8u);
}

TEST_F(ScannerTest, UpToTwoNoiseCharactersBetweenTermCharacters) {
  const std::string lex = "secret\t机密\n";
  EXPECT_EQ(Run(lex, "机密").size(), 1u);
  EXPECT_EQ(Run(lex, "机 密").size(), 1u);
  EXPECT_EQ(Run(lex, "机*密").size(), 1u);
  EXPECT_EQ(Run(lex, "机。。密").size(), 1u);
  EXPECT_EQ(Run(lex, "机😀\u2764\uFE0F密").size(), 0u);  // 3: emoji, heart, variation selector
  EXPECT_EQ(Run(lex, "机😀😀密").size(), 1u);
  EXPECT_EQ(Run(lex, "机。。。密").size(), 0u);
  EXPECT_EQ(Run(lex, "机a密").size(), 0u);  // a letter is not noise
}

TEST_F(ScannerTest, NoiseIsNeverTheFirstOrLastCharacterOfAHit) {
  auto h = Run("secret\t机密\n", "「机密」");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].matched, "机密");
  EXPECT_EQ(h[0].start, 1u);
  EXPECT_EQ(h[0].end, 3u);
}

TEST_F(ScannerTest, OverlappingAndRepeatedTermsAreAllReported) {
  auto h = Run("secret\t秘密\nsecret\t国家秘密\n", "国家秘密和秘密");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].matched, "国家秘密");  // same start: longer first
  EXPECT_EQ(h[1].matched, "秘密");
  EXPECT_EQ(h[1].start, 2u);
  EXPECT_EQ(h[2].start, 5u);
}

TEST_F(ScannerTest, OffsetsCountCodePointsOfTheOriginal) {
  auto h = Run("harmful\t赌博\n", "😀 a é 赌，博");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].start, 6u);
  EXPECT_EQ(h[0].end, 9u);
  EXPECT_EQ(h[0].matched, "赌，博");
}

TEST_F(ScannerTest, TermsAreNormalisedLikeTheText) {
  auto h = Run("secret\t機 密\n", "机密");  // a traditional term with a space matches the plain text
  EXPECT_EQ(h.size(), 1u);
  auto bad = Scanner::Build({{"secret", "。。", "", 4}}, *norm_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "line 4");
}

TEST_F(ScannerTest, AHitInsideAnAllowedPhraseDoesNotCount) {
  auto entries = core::ParseLexicon("secret\t秘密\nsecret\t国家秘密\n");
  ASSERT_TRUE(entries.ok());
  auto s = Scanner::Build(*entries, *norm_, {.allow = {"保守秘密"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // 保守秘密 exempts the 秘密 inside it, written with noise and in traditional characters too;
  // 国家秘密 elsewhere, and a 秘密 outside the phrase, still count.
  auto h = (*s)->Scan("要保守·秘密。泄露国家秘密");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].matched, "国家秘密");
  EXPECT_EQ(h[1].matched, "秘密");
  EXPECT_EQ(h[1].start, 11u);
  EXPECT_TRUE((*s)->Scan("請保守秘密").empty());
  // A phrase that is only noise is refused, naming it.
  auto bad = Scanner::Build(*entries, *norm_, {.allow = {"保守秘密", "。。"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "allow[1]");
}

TEST_F(ScannerTest, LatinAndDigitTermsMatchOnlyAtWordEdges) {
  const std::string lex = "harmful\tav\nharmful\tsex\nharmful\t69\nad\tQQ群\n";
  EXPECT_TRUE(Run(lex, "We have a plan").empty());
  EXPECT_TRUE(Run(lex, "Middlesex").empty());
  EXPECT_TRUE(Run(lex, "接种695万剂次").empty());
  EXPECT_EQ(Run(lex, "看AV片").size(), 1u);       // a Chinese character is an edge
  EXPECT_EQ(Run(lex, "a-v and 69!").size(), 2u);  // noise inside, punctuation at the edge
  EXPECT_EQ(Run(lex, "ＳＥＸ").size(), 1u);
  auto h = Run(lex, "加入QQ群");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].start, 2u);
  EXPECT_TRUE(Run(lex, "XQQ群").empty());
  EXPECT_TRUE(Run(lex, "ＡＶＩ").empty());  // full-width letters are letters too
}

TEST_F(ScannerTest, AllowLinesOfTheLexiconSilenceOnlyHitsWhollyInside) {
  const std::string lex = "harmful\t口交\nallow\t地铁口交易\nsecret\t国家秘密\nallow\t秘密\nallow\t家秘密文\n";
  EXPECT_TRUE(Run(lex, "地铁口交易的小商贩").empty());
  EXPECT_EQ(Run(lex, "口交").size(), 1u);
  // 秘密 is shorter than the hit, 家秘密文 only overlaps it: neither silences 国家秘密.
  EXPECT_EQ(Run(lex, "国家秘密文件").size(), 1u);
}

TEST_F(ScannerTest, RepeatedCharactersOfATermStillMatch) {
  const std::string lex = "harmful\t赌博\nharmful\t哈哈镜\n";
  auto h = Run(lex, "赌赌博博网站");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].start, 0u);
  EXPECT_EQ(h[0].end, 4u);
  EXPECT_EQ(h[0].matched, "赌赌博博");
  EXPECT_EQ(Run(lex, "赌赌赌·博").size(), 1u);
  EXPECT_EQ(Run(lex, "天天赌博").size(), 1u);  // once, not once per pass
  EXPECT_EQ(Run(lex, "哈哈镜").size(), 1u);     // a term with a doubled character matches as written
  EXPECT_TRUE(Run(lex, "哈镜").empty());
  EXPECT_TRUE(Run("harmful\tav\n", "aavv").empty());  // Latin letters are not collapsed
}

TEST_F(ScannerTest, DigitsMatchChineseAndEnclosedNumerals) {
  const std::string lex = "improper\t下三滥\nharmful\t6合彩\n";
  EXPECT_EQ(Run(lex, "下3滥").size(), 1u);
  EXPECT_EQ(Run(lex, "下三滥").size(), 1u);
  EXPECT_EQ(Run(lex, "下③滥").size(), 1u);
  EXPECT_EQ(Run(lex, "六合彩、⑥合彩").size(), 2u);
  // Enclosed numerals NFKC leaves alone, and enclosed Chinese numerals.
  EXPECT_EQ(Run(lex, "❻合彩、➅合彩、➏合彩、⓺合彩、㈥合彩、㊅合彩、⑹合彩").size(), 7u);
  EXPECT_EQ(Run("harmful\t11选5\n", "⓫选5").size(), 1u);
  EXPECT_TRUE(Run("harmful\t64\n", "大陆4号线").empty());  // 陆 is not read as 6
  // A Chinese numeral is not a digit for word edges: 六合彩 after 十 still counts.
  EXPECT_EQ(Run("harmful\t六合彩\n", "买十六合彩").size(), 1u);
}

TEST_F(ScannerTest, ContextMakesVetoHitsReviewButNotWordingErrors) {
  const std::string lex = "harmful\t冰毒\nserious_error\t思相政治\t思想政治\ncontext\t缉毒\ncontext\t警方\n";
  auto h = Run(lex, "出售冰毒");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].level, Level::kAlert);
  EXPECT_TRUE(h[0].context.empty());
  h = Run(lex, "市公安局缉毒支队查获冰毒500克，思相政治工作");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].term, "冰毒");
  EXPECT_EQ(h[0].level, Level::kReview);
  EXPECT_EQ(h[0].context, "缉毒");
  EXPECT_EQ(h[1].category, "serious_error");
  EXPECT_EQ(h[1].level, Level::kAlert);
  EXPECT_EQ(h[1].suggestion, "思想政治");
  // Context phrases and allow phrases are never hits themselves.
  EXPECT_TRUE(Run(lex, "警方通报").empty());
  // A non-veto category is review in any case.
  EXPECT_EQ(Run("ad\t加微信\n", "加微信")[0].level, Level::kReview);
}

TEST_F(ScannerTest, DatedTermsDependOnThePublicationDay) {
  auto entries = core::ParseLexicon("serious_error\t国家卫生计生委\t国家卫生健康委员会\tvalid_to=2018-03-26\n"
                                    "allow\t原国家卫生计生委\n");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  auto s = Scanner::Build(*entries, *norm_);
  ASSERT_TRUE(s.ok());
  const std::string text = "国家卫生计生委发布通知";
  EXPECT_TRUE((*s)->Scan(text, core::Date::Parse("2018-03-26")).empty());
  auto h = (*s)->Scan(text, core::Date::Parse("2018-03-27"));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].level, Level::kAlert);
  EXPECT_EQ(h[0].suggestion, "国家卫生健康委员会");
  EXPECT_NE(h[0].note.find("2018-03-26"), std::string::npos);
  h = (*s)->Scan(text);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].level, Level::kReview);  // no day: an inspector decides
  EXPECT_TRUE((*s)->Scan("原国家卫生计生委的职责", core::Date::Parse("2020-01-01")).empty());
}

TEST_F(ScannerTest, DomainTermsMatchTheHostsOfLinks) {
  const std::string lex = "ad\ttaobao.com\nad\tjd.com\n";
  auto h = Run(lex, "点击https://item.taobao.com/item.htm?id=1下单，或到 JD.com 看看");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].term, "taobao.com");
  EXPECT_EQ(h[0].matched, "https://item.taobao.com/item.htm?id=1");
  EXPECT_EQ(h[0].start, 2u);
  EXPECT_EQ(h[1].matched, "JD.com");
  EXPECT_TRUE(Run(lex, "访问 https://nottaobao.com/ 与 www.jd.com.cn.example").empty());
  EXPECT_TRUE(Run(lex, "taobao com").empty());  // a domain term is not running text
}

class LeaderTest : public ScannerTest {
 protected:
  std::vector<Hit> Check(const std::string& text, const char* day) {
    auto leaders = core::ParseLeaders(
        "# name\ttitle\tfrom\tto\n周卫民\t市长|昆山市市长\t2018-01-15\t2021-06-30\n周卫民\t市委书记\t2021-07-01\t\n"
        "李红霞\t市长\t2021-07-01\t\n李红霞\t常务副市长\t2017-02-01\t2021-06-30\n孙海燕\t副市长\t2020-05-01\n");
    EXPECT_TRUE(leaders.ok()) << leaders.status().ToString();
    auto s = Scanner::Build({}, *norm_, {.leaders = *leaders});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    scanner_ = std::move(*s);
    return scanner_->Scan(text, day ? core::Date::Parse(day) : std::nullopt);
  }
};

TEST_F(LeaderTest, ATitleThePersonHeldThatDayIsRight) {
  EXPECT_TRUE(Check("市长周卫民来我镇调研", "2019-05-01").empty());
  EXPECT_TRUE(Check("市委书记周卫民、市长李红霞出席", "2022-03-01").empty());
  EXPECT_TRUE(Check("常务副市长李红霞出席", "2020-04-01").empty());  // the longest title counts
  EXPECT_TRUE(Check("会见周卫民，市长李红霞陪同", "2022-03-01").empty());
}

TEST_F(LeaderTest, AWrongTitleOrHolderIsASeriousError) {
  auto h = Check("今天上午，市长周卫民来到我镇调研", "2022-03-01");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].category, "serious_error");
  EXPECT_EQ(h[0].matched, "市长周卫民");
  EXPECT_EQ(h[0].suggestion, "市委书记周卫民");
  EXPECT_EQ(h[0].level, Level::kAlert);
  EXPECT_NE(h[0].note.find("市长为李红霞"), std::string::npos) << h[0].note;
  h = Check("副市长李红霞出席", "2022-04-01");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].suggestion, "市长李红霞");
  h = Check("周卫民市长强调", "2022-06-01");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].suggestion, "周卫民市委书记");
  // Without a day only a title never held is found, and only for review.
  EXPECT_TRUE(Check("市长周卫民", nullptr).empty());
  h = Check("副市长周卫民", nullptr);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].level, Level::kReview);
}

TEST(Lexicon, OptionsAndLeadersAreParsedStrictly) {
  auto ok = core::ParseLexicon("serious_error\t国家林业局\t国家林业和草原局\tvalid_to=2018-04-09\ncontext\t缉毒\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].valid_to, core::Date::Parse("2018-04-09"));
  EXPECT_EQ(core::ParseLexicon("secret\t机密\t\tvalid_to=2018-02-30\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("secret\t机密\n\nsecret\t机密\t\tcolour=red\n").status().field(), "line 3");
  EXPECT_EQ(core::ParseLexicon("a\tb\tc\td\te\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLeaders("张三\t市长\t2020-01-01\t2019-01-01\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLeaders("# x\n张三\t市长\n").status().field(), "line 2");
  EXPECT_EQ(core::ParseLeaders("张三\t|\t2020-01-01\n").status().field(), "line 1");
  auto leaders = core::ParseLeaders("张三\t市长|昆山市市长\t2020-01-01\t\n");
  ASSERT_TRUE(leaders.ok());
  EXPECT_EQ((*leaders)[0].titles.size(), 2u);
  EXPECT_FALSE((*leaders)[0].to.has_value());
}

TEST(Lexicon, MalformedLinesNameTheirNumber) {
  EXPECT_EQ(core::ParseLexicon("secret\t机密\n\n# note\nSecret\tx\n").status().field(), "line 4");
  EXPECT_EQ(core::ParseLexicon("secret\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("secret\t\n").status().field(), "line 1");
  auto ok = core::ParseLexicon("\xEF\xBB\xBFserious_error\t台湾国\t中国台湾\r\nother_cat\t词\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].suggestion, "中国台湾");
  EXPECT_EQ(core::IndicatorOfCategory("secret"), "veto.secret_leak");
  EXPECT_EQ(core::IndicatorOfCategory("ad"), "commercial_ad");
  EXPECT_EQ(core::IndicatorOfCategory("harmful"), "veto.harmful_content");
  EXPECT_EQ(core::IndicatorOfCategory("serious_error"), "veto.serious_error");
  EXPECT_EQ(core::IndicatorOfCategory("improper"), "improper_content");
  EXPECT_EQ(core::IndicatorOfCategory("other_cat"), "other_cat");
  // softens= names categories, and only on a context line.
  auto softens = core::ParseLexicon("context\t警方\t\tsoftens=harmful, ad\n");
  ASSERT_TRUE(softens.ok()) << softens.status().ToString();
  EXPECT_EQ((*softens)[0].softens, (std::vector<std::string>{"harmful", "ad"}));
  EXPECT_EQ(core::ParseLexicon("secret\t机密\nharmful\t冰毒\t\tsoftens=harmful\n").status().field(), "line 2");
  EXPECT_EQ(core::ParseLexicon("context\t警方\t\tsoftens=Harmful\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("context\t警方\t\tsoftens=\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("context\t警方\t\tsoftens=context\n").status().field(), "line 1");
}

}  // namespace
}  // namespace govmedia::scan
