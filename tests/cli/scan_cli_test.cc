// `govmedia scan`: the contract's output lines and exit 2 with the line number.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace govmedia::testing {
namespace {

using nlohmann::json;

std::vector<json> Lines(const std::string& out) {
  std::vector<json> v;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t end = out.find('\n', pos);
    v.push_back(json::parse(out.substr(pos, end - pos)));
    pos = end + 1;
  }
  return v;
}

TEST(ScanCli, ReportsEveryHitWithOriginalOffsets) {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, "# 测试词库\nsecret\t机密\nsecret\t国家秘密\nsecret\t秘密\n");
  auto r = RunGovmedia("scan --lexicon " + lex + " -",
                       "{\"id\": \"p1\", \"text\": \"这是一份機*密文件，涉及国家秘密。\", \"likes\": 3}\n"
                       "{\"id\": \"p2\", \"text\": \"无\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], json::parse(R"({"id":"p1","category":"secret","term":"机密","start":4,"end":7,"matched":"機*密"})"));
  EXPECT_EQ(lines[1]["term"], "国家秘密");
  EXPECT_EQ(lines[1]["start"], 12);
  EXPECT_EQ(lines[1]["end"], 16);
  EXPECT_EQ(lines[2]["term"], "秘密");
  EXPECT_EQ(lines[2]["start"], 14);
}

TEST(ScanCli, MalformedPostLineIsExit2WithItsNumberAndNoOutput) {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, "secret\t机密\n");
  for (const std::string& bad : {std::string("{\"id\": \"a\", \"text\": \"机密\"}\n{\"id\": 2, \"text\": \"x\"}\n"),
                                 std::string("{\"id\": \"a\", \"text\": \"机密\"}\n{\"id\": \"b\"}\n"),
                                 std::string("{\"id\": \"a\", \"text\": \"机密\"}\n{not json\n")}) {
    auto r = RunGovmedia("scan --lexicon " + lex + " -", bad);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  }
}

TEST(ScanCli, MalformedLexiconLineIsExit2WithItsNumber) {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, "secret\t机密\n\nsecret 机密\n");
  auto r = RunGovmedia("scan --lexicon " + lex + " -", "{\"id\": \"a\", \"text\": \"机密\"}\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
}

TEST(ScanCli, DefaultLexiconIsBuiltIn) {
  auto r = RunGovmedia("scan -", "{\"id\": \"a\", \"text\": \"文件标注为绝密\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0]["category"], "secret");
}

}  // namespace
}  // namespace govmedia::testing
