// `govmedia scan`: every rule of contracts/scan.md through the binary — output lines, matching
// rules 1–5, allow lines, levels and context, suggestions, dated rules, leaders, links, personal
// data — and exit 2 with the line number.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

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
  EXPECT_EQ(lines[0], json::parse(R"({"id":"p1","category":"secret","term":"机密","start":4,"end":7,"matched":"機*密",
                                      "level":"alert"})"));
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

// Runs `govmedia scan` with a lexicon written from `lexicon` on posts given as JSON Lines.
std::vector<json> ScanWith(const std::string& lexicon, const std::string& posts, const std::string& extra = "") {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, lexicon);
  auto r = RunGovmedia("scan --lexicon " + lex + " " + extra + " -", posts);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Lines(r.out);
}

std::string Post(const std::string& id, const std::string& text, const std::string& published_at = "") {
  json j{{"id", id}, {"text", text}};
  if (!published_at.empty()) j["published_at"] = published_at;
  return j.dump() + "\n";
}

TEST(ScanCli, Rule1FullWidthAndCaseMatchThePlainForm) {
  auto lines = ScanWith("ad\tabc理财\n", Post("a", "ＡＢＣ理财与Abc理财"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["matched"], "ＡＢＣ理财");
  EXPECT_EQ(lines[1]["start"], 6);
}

TEST(ScanCli, Rule2TraditionalMatchesSimplified) {
  auto lines = ScanWith("harmful\t六合彩\n", Post("a", "六合彩特碼資料"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(ScanWith("secret\t机密\n", Post("a", "這是機密")).size() == 1u);
}

TEST(ScanCli, Rule3UpToTwoNoiseCharacters) {
  EXPECT_EQ(ScanWith("secret\t机密\n", Post("a", "机。。密")).size(), 1u);
  EXPECT_EQ(ScanWith("secret\t机密\n", Post("a", "机。。。密")).size(), 0u);
  auto lines = ScanWith("secret\t机密\n", Post("a", "「机 密」"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["matched"], "机 密");
}

TEST(ScanCli, Rule4OverlappingAndRepeatedTermsAreAllReported) {
  auto lines = ScanWith("secret\t秘密\nsecret\t国家秘密\n", Post("a", "国家秘密，秘密"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["term"], "国家秘密");
  EXPECT_EQ(lines[1]["term"], "秘密");
  EXPECT_EQ(lines[2]["start"], 5);
}

TEST(ScanCli, Rule5LatinAndDigitTermsMatchAtWordEdges) {
  const std::string lex = "harmful\tav\nharmful\tsex\nharmful\t69\nad\tQQ群\n";
  EXPECT_TRUE(ScanWith(lex, Post("a", "We have plans for Middlesex; 695 people")).empty());
  auto lines = ScanWith(lex, Post("a", "加入QQ群看av，69元"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["term"], "QQ群");
  EXPECT_EQ(lines[0]["start"], 2);
  EXPECT_EQ(lines[1]["term"], "av");
  EXPECT_EQ(lines[2]["term"], "69");
}

TEST(ScanCli, AllowLinesSilenceOnlyHitsWhollyInsideAnOccurrence) {
  const std::string lex = "harmful\t口交\nallow\t地铁口交易\nsecret\t国家秘密\nallow\t秘密\nallow\t家秘密文\n";
  EXPECT_TRUE(ScanWith(lex, Post("a", "地铁口交易")).empty());
  auto lines = ScanWith(lex, Post("a", "口交；国家秘密文件"));
  ASSERT_EQ(lines.size(), 2u);  // the shorter and the overlapping allow phrase silence nothing
  EXPECT_EQ(lines[1]["term"], "国家秘密");
}

TEST(ScanCli, EvasionsByRepeatedCharactersAndNumerals) {
  const std::string lex = "harmful\t赌博\nimproper\t下三滥\nharmful\t6合彩\n";
  auto lines = ScanWith(lex, Post("a", "赌赌博博") + Post("b", "下3滥、下③滥") + Post("c", "⑥合彩和六合彩"));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["matched"], "赌赌博博");
  EXPECT_EQ(lines[1]["matched"], "下3滥");
  EXPECT_EQ(lines[2]["matched"], "下③滥");
  EXPECT_EQ(lines[3]["matched"], "⑥合彩");
  EXPECT_EQ(lines[4]["matched"], "六合彩");
}

TEST(ScanCli, LevelsContextAndSuggestion) {
  const std::string lex = "harmful\t冰毒\nserious_error\t思相政治\t思想政治\nad\t加微信\ncontext\t缉毒\n";
  auto lines = ScanWith(lex, Post("bust", "市公安局缉毒支队查获冰毒500克") + Post("sale", "出售冰毒，加微信") +
                                 Post("err", "加强思相政治工作"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["level"], "review");
  EXPECT_EQ(lines[0]["context"], "缉毒");
  EXPECT_EQ(lines[1]["level"], "alert");
  EXPECT_FALSE(lines[1].contains("context"));
  EXPECT_EQ(lines[2]["category"], "ad");
  EXPECT_EQ(lines[2]["level"], "review");
  EXPECT_EQ(lines[3]["level"], "alert");
  EXPECT_EQ(lines[3]["suggestion"], "思想政治");
}

// A context line may name the categories it softens: a police account that leaks is not softened
// by being a police account.
TEST(ScanCli, AContextSoftensOnlyTheCategoriesItNames) {
  const std::string lex = "harmful\t冰毒\nsecret\t此件不公开\nsecret\t国家秘密\ncontext\t警方\t\tsoftens=harmful,ad\n"
                          "context\t保密宣传\t\tsoftens=secret\n";
  auto lines = ScanWith(lex, Post("leak", "警方通报（此件不公开）：查获冰毒") + Post("week", "保密宣传周：守护国家秘密"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["term"], "此件不公开");
  EXPECT_EQ(lines[0]["level"], "alert");
  EXPECT_FALSE(lines[0].contains("context"));
  EXPECT_EQ(lines[1]["term"], "冰毒");
  EXPECT_EQ(lines[1]["level"], "review");
  EXPECT_EQ(lines[1]["context"], "警方");
  EXPECT_EQ(lines[2]["level"], "review");
  EXPECT_EQ(lines[2]["context"], "保密宣传");
  // softens on a line that is not a context is a malformed line.
  TempDir tmp;
  WriteFile(tmp.File("lex.tsv"), "secret\t机密\nharmful\t冰毒\t\tsoftens=harmful\n");
  auto r = RunGovmedia("scan --lexicon " + tmp.File("lex.tsv") + " -", Post("a", "冰毒"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
}

TEST(ScanCli, HitsAtOneStartComeLongerFirstAndOtherCategoriesAsTheyAre) {
  auto lines = ScanWith("secret\t秘密\nsecret\t秘密文件\nlocal_watch\t文件\n", Post("a", "秘密文件"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["term"], "秘密文件");
  EXPECT_EQ(lines[1]["term"], "秘密");
  EXPECT_EQ(lines[0]["start"], lines[1]["start"]);
  EXPECT_EQ(lines[2]["category"], "local_watch");  // any [a-z_]+ category, reported as is
  EXPECT_EQ(lines[2]["level"], "review");            // not veto-level
}

TEST(ScanCli, PostsFromAFileAndPrivacyOnByDefaultOnlyWithTheBuiltInLexicon) {
  TempDir tmp;
  const std::string posts = tmp.File("posts.jsonl");
  WriteFile(posts, Post("a", "联系电话13912345678") + Post("b", "无"));
  auto builtin = RunGovmedia("scan " + posts, "");
  ASSERT_EQ(builtin.exit_code, 0) << builtin.err;
  auto lines = Lines(builtin.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["id"], "a");
  EXPECT_EQ(lines[0]["category"], "privacy");
  EXPECT_EQ(lines[0]["term"], "手机号码");
  // One's own lexicon: personal data only when asked for.
  WriteFile(tmp.File("lex.tsv"), "secret\t机密\n");
  auto own = RunGovmedia("scan --lexicon " + tmp.File("lex.tsv") + " " + posts, "");
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_TRUE(own.out.empty());
  auto asked = RunGovmedia("scan --privacy --lexicon " + tmp.File("lex.tsv") + " " + posts, "");
  ASSERT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_EQ(Lines(asked.out).size(), 1u);
  // A file that is not there: exit 2 naming it.
  auto missing = RunGovmedia("scan " + tmp.File("none.jsonl"), "");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.jsonl"), std::string::npos) << missing.err;
}

TEST(ScanCli, DatedNamesOfStateBodiesFollowPublishedAt) {
  const std::string lex = "serious_error\t国家卫生和计划生育委员会\t国家卫生健康委员会\tvalid_to=2018-03-26\n";
  const std::string text = "国家卫生和计划生育委员会发布通知";
  auto lines = ScanWith(lex, Post("old", text, "2017-05-10T10:00:00+08:00") + Post("new", text, "2019-05-10T10:00:00+08:00") +
                                 Post("edge", text, "2018-03-26T20:00:00Z") + Post("none", text));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], "new");
  EXPECT_EQ(lines[0]["level"], "alert");
  EXPECT_EQ(lines[0]["suggestion"], "国家卫生健康委员会");
  EXPECT_EQ(lines[1]["id"], "edge");  // 20:00 UTC is already 03-27 in Beijing
  EXPECT_EQ(lines[2]["id"], "none");
  EXPECT_EQ(lines[2]["level"], "review");
}

TEST(ScanCli, LeadersTableFindsAWrongTitleOnThePostsDay) {
  TempDir tmp;
  const std::string leaders = tmp.File("leaders.tsv");
  WriteFile(leaders, "周卫民\t市长\t2018-01-15\t2021-06-30\n周卫民\t市委书记\t2021-07-01\t\n李红霞\t市长\t2021-07-01\t\n");
  auto lines = ScanWith("secret\t绝密\n",
                        Post("a", "市长周卫民来我镇调研", "2022-03-01T10:00:00+08:00") +
                            Post("b", "市长周卫民来我镇调研", "2020-03-01T10:00:00+08:00"),
                        "--leaders " + leaders);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["id"], "a");
  EXPECT_EQ(lines[0]["category"], "serious_error");
  EXPECT_EQ(lines[0]["matched"], "市长周卫民");
  EXPECT_EQ(lines[0]["suggestion"], "市委书记周卫民");
  WriteFile(leaders, "周卫民\t市长\t2018-01-15\t2017-06-30\n");
  auto r = RunGovmedia("scan --leaders " + leaders + " -", Post("a", "x"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 1"), std::string::npos) << r.err;
}

TEST(ScanCli, LinksToListedDomainsAreHits) {
  auto lines = ScanWith("ad\ttaobao.com\n", Post("a", "年货节点击https://item.taobao.com/item.htm?id=6下单"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["category"], "ad");
  EXPECT_EQ(lines[0]["matched"], "https://item.taobao.com/item.htm?id=6");
}

TEST(ScanCli, PrivacyFindsEveryKindOfTheContract) {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, "secret\t绝密\n");
  auto r = RunGovmedia("scan --privacy --lexicon " + lex + " -",
                       Post("a", "身份证11010519491231002X，旧证130503670401001，手机+86 139 1234 5678，"
                                 "0086-13812345678，座机0512-57530000，卡号6222 0212 3456 7890 128"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  std::vector<std::string> kinds;
  for (const auto& l : lines) {
    EXPECT_EQ(l["category"], "privacy");
    EXPECT_EQ(l["level"], "review");
    kinds.push_back(l["term"]);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"身份证号码", "身份证号码", "手机号码", "手机号码", "固定电话", "银行卡号"}));
  EXPECT_EQ(lines[2]["matched"], "+86 139 1234 5678");
}

TEST(ScanCli, UnreadablePublishedAtIsExit2NamingTheLine) {
  TempDir tmp;
  const std::string lex = tmp.File("lex.tsv");
  WriteFile(lex, "secret\t机密\n");
  auto r = RunGovmedia("scan --lexicon " + lex + " -", Post("a", "机密", "2020-01-01T10:00:00+08:00") +
                                                           "{\"id\": \"b\", \"text\": \"机密\", \"published_at\": \"昨天\"}\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("published_at"), std::string::npos) << r.err;
}

TEST(ScanCli, DefaultLexiconFindsEachGroupOfAttachment2) {
  auto r = RunGovmedia("scan -", Post("a", "专业算命看风水") + Post("b", "办假证、代孕、回收银行卡、六合彩") +
                                     Post("c", "热烈庆祝中华人民共合国成立") + Post("d", "稳赚不赔，加微信") +
                                     Post("e", "警方破获贩毒案，查获冰毒") + Post("f", "国家卫生计生委发布通知", "2020-01-01T10:00:00+08:00"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::set<std::string>> by_post;
  for (const auto& l : Lines(r.out)) by_post[l["id"]].insert(l["category"].get<std::string>() + "/" + l["level"].get<std::string>());
  EXPECT_TRUE(by_post["a"].count("harmful/alert"));
  EXPECT_TRUE(by_post["b"].count("harmful/alert"));
  EXPECT_TRUE(by_post["c"].count("serious_error/alert"));
  EXPECT_TRUE(by_post["d"].count("ad/review"));
  EXPECT_EQ(by_post["e"], (std::set<std::string>{"harmful/review"}));
  EXPECT_TRUE(by_post["f"].count("serious_error/alert"));
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
