#include "core/draft_match.h"
#include "core/text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace govmedia::core {
namespace {

const std::string kDraft =
    "【昆山市发布2024年秋季学期开学安排】9月1日起，全市中小学按计划开学，共有学生23.5万人。"
    "请家长提前为孩子准备好学习用品，注意交通安全。";

TEST(DraftMatch, WhatAPlatformOrAnOperatorChangesIsNoChange) {
  // Spaces, emoji, half-width punctuation, a hashtag's signs, a mention, a link, a video card.
  const std::string post =
      "【#昆山市发布2024年秋季学期开学安排#】9月1日起, 全市中小学按计划开学,共有学生23.5万人[心]👍"
      "请家长提前为孩子准备好学习用品, 注意交通安全! @昆山发布 http://t.cn/A6abcd 昆山发布的微博视频";
  auto r = CompareDraft(kDraft, post);
  EXPECT_EQ(r.verdict, DraftVerdict::kSame) << r.reason;
  EXPECT_DOUBLE_EQ(r.similarity, 1.0);
  // Traditional characters.
  auto t = CompareDraft(kDraft, "【昆山市發佈2024年秋季學期開學安排】9月1日起，全市中小學按計劃開學，共有學生23.5萬人。"
                                "請家長提前為孩子準備好學習用品，注意交通安全。");
  EXPECT_EQ(t.verdict, DraftVerdict::kSame) << t.reason;
}

TEST(DraftMatch, ANumberANegationOrASentenceIsMaterialAndItsSpansAreGiven) {
  const std::string changed =
      "【昆山市发布2024年秋季学期开学安排】9月2日起，全市中小学按计划开学，共有学生23.5万人。"
      "请家长提前为孩子准备好学习用品，注意交通安全。";
  auto r = CompareDraft(kDraft, changed);
  EXPECT_EQ(r.verdict, DraftVerdict::kDiffers);
  EXPECT_EQ(r.reason, "发布内容与审核稿不一致：数字不同");
  ASSERT_EQ(r.draft_spans.size(), 1u);
  ASSERT_EQ(r.post_spans.size(), 1u);
  // "1" of 9月1日 is code point 22 (from 0) of the draft; "2" the same in the post.
  EXPECT_EQ(r.draft_spans[0].start, 22u);
  EXPECT_EQ(r.draft_spans[0].end, 23u);
  EXPECT_TRUE(r.post_spans[0].material);
  // A decimal point counts: 23.5万 is not 235万.
  std::string no_point = kDraft;
  no_point.replace(no_point.find("23.5"), 4, "235");
  EXPECT_EQ(CompareDraft(kDraft, no_point).verdict, DraftVerdict::kDiffers);
  std::string negated = kDraft;
  negated.replace(negated.find("按计划"), std::string("按计划").size(), "不按计划");
  EXPECT_EQ(CompareDraft(kDraft, negated).reason, "发布内容与审核稿不一致：否定词不同");
  auto added = CompareDraft(kDraft, kDraft + "返校当天校门口实行临时交通管制。");
  EXPECT_EQ(added.reason, "发布内容与审核稿不一致：发布稿增加了内容");
  std::string renamed = kDraft;
  renamed.replace(renamed.find("昆山市"), std::string("昆山市").size(), "太仓市");
  EXPECT_EQ(CompareDraft(kDraft, renamed).verdict, DraftVerdict::kDiffers);
  // One character added or left out that is neither a digit nor a negation passes (的, 了); one
  // replaced by another does not (湖北 → 湖南).
  std::string slip = kDraft;
  slip.replace(slip.find("学习用品"), std::string("学习用品").size(), "学习的用品");
  auto t = CompareDraft(kDraft, slip);
  EXPECT_EQ(t.verdict, DraftVerdict::kSame);
  EXPECT_EQ(t.tolerated, 1);
  std::string typo = kDraft;
  typo.replace(typo.find("准备"), std::string("准备").size(), "准背");
  EXPECT_EQ(CompareDraft(kDraft, typo).reason, "发布内容与审核稿不一致：文字改动");
}

TEST(DraftMatch, ATruncatedPostIsComparedByItsVisiblePart) {
  const std::string visible = "【昆山市发布2024年秋季学期开学安排】9月1日起，全市中小学按计划开学 ...展开全文";
  auto r = CompareDraft(kDraft, visible);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.verdict, DraftVerdict::kSame) << r.reason;
  auto changed = CompareDraft(kDraft, "【昆山市发布2024年秋季学期开学安排】9月3日起，全市中小学按计划开学 ...展开全文");
  EXPECT_EQ(changed.verdict, DraftVerdict::kDiffers);
  auto shortest = CompareDraft(kDraft, "【昆山市发布2024年 ...展开全文");
  EXPECT_EQ(shortest.verdict, DraftVerdict::kUndecidable);
  EXPECT_EQ(shortest.reason, "帖子被截断，可见部分过短，无法判定");
  // "全文" inside the text is the text's own.
  EXPECT_FALSE(Canonicalize("点击查看通知全文").truncated);
}

TEST(DraftMatch, AnotherTextIsUnrelatedAndAShortPostCannotBeJudged) {
  auto r = CompareDraft(kDraft, "【寒潮预警】今夜起气温明显下降，最低气温零下三度，请注意防寒保暖，出行注意安全。");
  EXPECT_EQ(r.verdict, DraftVerdict::kUnrelated);
  EXPECT_LT(r.similarity, kRelatedDraft);
  EXPECT_EQ(CompareDraft(kDraft, "转发微博").verdict, DraftVerdict::kUndecidable);
}

// ---- The measurement on real posts (docs/review.md) ----

std::u32string U32(const std::string& s) { return DecodeUtf8(s); }
std::string Utf8(const std::u32string& s) { return EncodeUtf8(s); }

// The evaluation's own traditional forms, written apart from the matcher's table (so characters
// it lacks show up as misses): simplified → traditional.
const std::map<char32_t, char32_t>& ToTraditional() {
  static const auto* m = [] {
    const std::u32string pairs =
        U"国國们們这這个個来來时時会會说說对對发發开開关關学學还還进進长長动動实實现現点點业業经經过過"
        U"后後问問题題应應当當区區员員议議与與产產从從传傳体體东東车車军軍书書万萬条條务務际際医醫卫衛"
        U"疗療护護药藥报報导導记記闻聞电電视視网網络絡频頻专專门門乡鄉镇鎮县縣级級场場广廣历歷单單据據"
        U"检檢测測确確诊診断斷状狀态態众眾华華汉漢湾灣岛島云雲气氣温溫风風灾災难難岁歲龙龍马馬爱愛亲親"
        U"师師节節欢歡乐樂让讓层層领領党黨组組团團队隊边邊总總统統礼禮称稱种種类類数數计計设設证證识識"
        U"语語读讀号號标標准準举舉办辦处處规規钱錢价價费費资資买買卖賣营營运運输輸铁鐵阳陽张張陈陳刘劉"
        U"杨楊黄黃赵趙吴吳郑鄭谢謝罗羅钟鍾为為无無么麼吗嗎样樣里裡儿兒见見听聽写寫话話请請头頭续續红紅"
        U"线線约約给給结結终終紧緊联聯职職声聲观觀变變负負责責赛賽转轉较較远遠连連选選险險双雙离離响響"
        U"顺順须須预預额額显顯愿願飞飛馆館验驗齐齊压壓将將带帶帮幫厅廳厂廠归歸复復战戰担擔击擊扩擴于於"
        U"构構楼樓桥橋权權杀殺决決没沒况況热熱灯燈争爭奖獎独獨环環画畫异異尽盡监監税稅稳穩简簡粮糧习習"
        U"临臨旧舊艺藝苏蘇制製觉覺评評试試论論讲講贵貴质質达達违違释釋针針锁鎖闭閉间間阅閱随隨杂雜灵靈"
        U"韩韓项項养養余餘惊驚鲜鮮鸣鳴龄齡滨濱涨漲极極树樹严嚴劳勞势勢协協参參虽雖顾顧户戶扫掃换換损損"
        U"携攜败敗欧歐渐漸烟煙献獻码碼矿礦纸紙细細编編练練叶葉荐薦补補装裝访訪诉訴询詢诚誠谁誰谣謠译譯"
        U"贷貸贴貼账賬跃躍辆輛辉輝迈邁录錄键鍵链鏈阁閣陕陝顶頂颗顆饮飲驻駐驾駕骗騙盐鹽面麵邓鄧蒋蔣赖賴";
    auto* out = new std::map<char32_t, char32_t>;
    for (size_t i = 0; i + 1 < pairs.size(); i += 2) out->emplace(pairs[i], pairs[i + 1]);
    return out;
  }();
  return *m;
}

bool IsPunctuation(char32_t c) {
  return (c < 0x80 && !std::isalnum(static_cast<int>(c)) && c != ' ') || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0x2010 && c <= 0x206F);
}

std::vector<std::pair<size_t, size_t>> DigitRuns(const std::u32string& s) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] >= '0' && s[i] <= '9') {
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      out.push_back({i, j});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<std::u32string> Sentences(const std::u32string& s) {
  std::vector<std::u32string> out;
  std::u32string cur;
  for (char32_t c : s) {
    cur += c;
    if (c == U'。' || c == U'！' || c == U'？') {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  std::erase_if(out, [](const std::u32string& x) { return x.find_first_not_of(U" \u00a0") == std::u32string::npos; });
  return out;
}

// Applies one operation of labels.tsv to (draft, post); false when it does not apply.
bool Apply(const std::string& op, const std::map<std::string, std::string>& corpus, std::u32string* draft,
           std::u32string* post) {
  const std::string name = op.substr(0, op.find(':'));
  const std::string arg = op.find(':') == std::string::npos ? "" : op.substr(op.find(':') + 1);
  std::u32string& p = *post;
  if (name == "truncate") {
    const size_t n = std::stoul(arg);
    if (p.size() <= n) return false;
    p = p.substr(0, n) + (n % 2 ? U"\u00a0...展开全文" : U" ...展开全文");
  } else if (name == "space") {
    // As a text pasted from a document differs: a space after punctuation (two after every N-th
    // mark), a line break after the first sentence, spaces doubled.
    const size_t every = std::stoul(arg);
    std::u32string out;
    size_t marks = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      out += p[i];
      if (p[i] == ' ') {
        out += U" ";
      } else if (p[i] == U'。' && out.find(U'\n') == std::u32string::npos) {
        out += U"\n";
      } else if (std::u32string_view(U"，。！？：；、）】").find(p[i]) != std::u32string_view::npos) {
        out += ++marks % every == 0 ? U"  " : U" ";
      }
    }
    if (out == p) return false;
    p = out;
  } else if (name == "emoji") {
    // After an exclamation mark, or else after the first comma or full stop from character N.
    size_t at = p.find(U'！');
    if (at == std::u32string::npos) at = p.find_first_of(U"，。", std::min<size_t>(std::stoul(arg), p.size()));
    at = at == std::u32string::npos ? p.size() : at + 1;
    p = p.substr(0, at) + U"[心]" + p.substr(at) + U"👍👍";
  } else if (name == "nohash") {
    std::erase(*draft, U'#');
  } else if (name == "nohashtag") {
    std::u32string out;
    bool removed = false;
    for (size_t i = 0; i < draft->size(); ++i) {
      const size_t close = (*draft)[i] == '#' ? draft->find(U'#', i + 1) : std::u32string::npos;
      if (close != std::u32string::npos && close - i <= 41 &&
          draft->substr(i, close - i).find(U'\n') == std::u32string::npos) {
        i = close;
        removed = true;
      } else {
        out += (*draft)[i];
      }
    }
    *draft = out;
    return removed;
  } else if (name == "nomention") {
    std::u32string out;
    for (size_t i = 0; i < draft->size(); ++i) {
      if ((*draft)[i] != '@') {
        out += (*draft)[i];
        continue;
      }
      size_t j = i + 1;
      auto name_char = [](char32_t c) { return c == '-' || c == '_' || c == 0xB7 || !IsPunctuation(c); };
      while (j < draft->size() && (*draft)[j] != ' ' && name_char((*draft)[j]) && j - i <= 30) ++j;
      if (j < draft->size() && (*draft)[j] == ' ') ++j;
      i = j - 1;
    }
    if (out == *draft) return false;
    *draft = out;
  } else if (name == "nocard") {
    const size_t at = draft->rfind(U"的微博视频");
    if (at == std::u32string::npos) return false;
    size_t b = at;
    while (b > 0 && (*draft)[b - 1] != ' ' && !IsPunctuation((*draft)[b - 1]) && at - b < 20) --b;
    draft->erase(b, at + 5 - b);
  } else if (name == "link") {
    p += U" http://t.cn/" + U32(arg);
  } else if (name == "half") {
    const std::u32string full = U"，。！？：；（）“”", half = U",.!?:;()\"\"";
    bool changed = false;
    for (auto& c : p) {
      if (auto k = full.find(c); k != std::u32string::npos) {
        c = half[k];
        changed = true;
      }
    }
    return changed;
  } else if (name == "trad") {
    for (auto& c : p) {
      if (auto it = ToTraditional().find(c); it != ToTraditional().end()) c = it->second;
    }
  } else if (name == "number") {
    auto runs = DigitRuns(p);
    const size_t k = std::stoul(arg);
    if (k >= runs.size()) return false;
    char32_t& last = p[runs[k].second - 1];
    last = last == '9' ? '0' : last + 1;
  } else if (name == "date") {
    std::smatch m;
    std::string s = Utf8(p);
    if (!std::regex_search(s, m, std::regex("(\\d+)月(\\d+)日"))) return false;
    const int day = std::stoi(m[2].str());
    s.replace(m.position(2), m.length(2), std::to_string(day >= 28 ? day - 1 : day + 1));
    p = U32(s);
  } else if (name == "add") {
    auto it = corpus.find(arg);
    if (it == corpus.end()) return false;
    auto s = Sentences(U32(it->second));
    if (s.empty()) return false;
    p += s.front();
  } else if (name == "drop") {
    auto s = Sentences(p);
    const size_t k = std::stoul(arg);
    if (k >= s.size()) return false;
    p.clear();
    for (size_t i = 0; i < s.size(); ++i)
      if (i != k) p += s[i];
  } else if (name == "replace") {
    const std::u32string a = U32(arg.substr(0, arg.find('='))), b = U32(arg.substr(arg.find('=') + 1));
    const size_t at = p.find(a);
    if (at == std::u32string::npos) return false;
    p.replace(at, a.size(), b);
  } else if (name == "other") {
    auto it = corpus.find(arg);
    if (it == corpus.end()) return false;
    p = U32(it->second);
  } else {
    return false;
  }
  return true;
}

struct Figures {
  int pairs = 0, changed = 0, flagged = 0, flagged_right = 0, same = 0, same_passed = 0;
  int undecidable_labelled = 0, undecidable_right = 0, undecided = 0;
  std::map<std::string, std::pair<int, int>> by_op;  // first operation: right, total
  std::vector<std::string> misses;
};

Figures Measure() {
  const std::string shared = std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/corpus/weibo-cctvnews-2020q1.jsonl";
  std::ifstream in(shared);
  EXPECT_TRUE(in) << "the corpus is read from " << shared;
  std::map<std::string, std::string> corpus;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    corpus[j["id"].get<std::string>()] = j["text"].get<std::string>();
  }
  std::ifstream labels(std::string(GOVMEDIA_SOURCE_DIR) + "/tests/data/review-eval/labels.tsv");
  EXPECT_TRUE(labels);
  Figures f;
  for (std::string line; std::getline(labels, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string id, ops, label;
    std::getline(ss, id, '\t');
    std::getline(ss, ops, '\t');
    std::getline(ss, label, '\t');
    auto it = corpus.find(id);
    EXPECT_NE(it, corpus.end()) << id;
    if (it == corpus.end()) continue;
    std::u32string draft = U32(it->second), post = draft;
    std::stringstream os(ops);
    for (std::string op; std::getline(os, op, '+');) EXPECT_TRUE(Apply(op, corpus, &draft, &post)) << id << " " << op;
    const auto r = CompareDraft(Utf8(draft), Utf8(post));
    const bool flagged = r.verdict == DraftVerdict::kDiffers || r.verdict == DraftVerdict::kUnrelated;
    ++f.pairs;
    f.undecided += r.verdict == DraftVerdict::kUndecidable;
    bool right = false;
    if (label == "changed") {
      ++f.changed;
      right = flagged;
    } else if (label == "same") {
      ++f.same;
      right = r.verdict == DraftVerdict::kSame;
      f.same_passed += right;
    } else {
      ++f.undecidable_labelled;
      right = r.verdict == DraftVerdict::kUndecidable;
      f.undecidable_right += right;
    }
    f.flagged += flagged;
    f.flagged_right += flagged && label == "changed";
    const std::string first = ops.substr(0, ops.find_first_of(":+"));
    auto& [ok, total] = f.by_op[ops.find('+') == std::string::npos ? first : first + "+…"];
    ok += right;
    ++total;
    if (!right) {
      char sim[16];
      std::snprintf(sim, sizeof sim, "%.3f", r.similarity);
      f.misses.push_back(id + " " + ops + " labelled " + label + ", got " + std::string(DraftVerdictId(r.verdict)) +
                         " (" + sim + ") " + r.reason);
    }
  }
  return f;
}

TEST(DraftMatchEval, RealPostsOfAWeiboAccount) {
  const Figures f = Measure();
  ASSERT_GT(f.pairs, 300);
  const double precision = f.flagged ? 1.0 * f.flagged_right / f.flagged : 0;
  const double recall = f.changed ? 1.0 * f.flagged_right / f.changed : 0;
  std::printf("pairs %d: changed %d, flagged %d, flagged and changed %d: precision %.3f recall %.3f\n", f.pairs,
              f.changed, f.flagged, f.flagged_right, precision, recall);
  std::printf("unchanged %d, judged the same %d (%.3f); too short to judge %d, said so %d; undecided in all %d\n",
              f.same, f.same_passed, 1.0 * f.same_passed / f.same, f.undecidable_labelled, f.undecidable_right,
              f.undecided);
  for (const auto& [op, n] : f.by_op) std::printf("  %-10s %d/%d\n", op.c_str(), n.first, n.second);
  for (const auto& m : f.misses) std::printf("  miss: %s\n", m.c_str());
  // The figures of docs/review.md.
  EXPECT_GE(precision, 0.99);
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(1.0 * f.same_passed / f.same, 0.95);
  EXPECT_EQ(f.undecidable_right, f.undecidable_labelled);
}

}  // namespace
}  // namespace govmedia::core
