// The scanner on its own: normalisation, offsets back into the original, noise limits, overlaps.
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
  auto s = Scanner::Build(*entries, *norm_, {"保守秘密"});
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
  auto bad = Scanner::Build(*entries, *norm_, {"保守秘密", "。。"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "allow[1]");
}

TEST(Lexicon, MalformedLinesNameTheirNumber) {
  EXPECT_EQ(core::ParseLexicon("secret\t机密\n\n# note\nSecret\tx\n").status().field(), "line 4");
  EXPECT_EQ(core::ParseLexicon("secret\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("secret\t\n").status().field(), "line 1");
  EXPECT_EQ(core::ParseLexicon("a\tb\tc\td\n").status().field(), "line 1");
  auto ok = core::ParseLexicon("\xEF\xBB\xBFserious_error\t台湾国\t中国台湾\r\nother_cat\t词\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].suggestion, "中国台湾");
  EXPECT_EQ(core::IndicatorOfCategory("secret"), "veto.secret_leak");
  EXPECT_EQ(core::IndicatorOfCategory("ad"), "commercial_ad");
  EXPECT_EQ(core::IndicatorOfCategory("other_cat"), "other_cat");
}

}  // namespace
}  // namespace govmedia::scan
