#include "core/draft_match.h"

#include "core/text.h"

#include <algorithm>
#include <map>
#include <set>

namespace govmedia::core {
namespace {

// Past this many edits two texts are not one draft and its post (and the diff's memory, which
// grows with the square of the edits, stays below 20 MB).
constexpr size_t kMaxEdits = 2000;

// Common traditional characters and their simplified forms, in pairs (traditional first): the
// characters of news texts about government, health, economy and daily life.
constexpr std::u32string_view kTraditional =
    U"國国們们這这個个來来時时會会說说對对發发開开關关學学還还進进長长動动實实現现點点業业經经過过機机"
    U"後后問问題题應应當当區区員员義义議议與与產产從从傳传體体東东車车軍军農农書书萬万億亿條条務务際际"
    U"醫医衛卫療疗護护藥药報报導导記记聞闻電电視视網网絡络頻频專专門门幹干鄉乡鎮镇縣县級级場场廣广歷历"
    U"單单據据檢检測测確确診诊斷断癥症狀状態态衆众眾众華华漢汉灣湾臺台陸陆島岛雲云氣气溫温風风災灾難难"
    U"歲岁龍龙鳥鸟魚鱼馬马愛爱親亲孫孙師师節节歡欢樂乐讓让層层領领黨党織织組组團团隊队邊边總总統统禮礼"
    U"稱称種种類类數数計计劃划設设許许證证識识語语讀读課课號号標标準准興兴舉举辦办處处規规範范錢钱銀银"
    U"價价費费貨货資资買买賣卖貿贸營营運运輸输鐵铁陽阳陰阴張张陳陈劉刘楊杨黃黄趙赵吳吴鄭郑謝谢羅罗鍾钟"
    U"蕭萧為为無无麼么嗎吗樣样裡里裏里兒儿見见聽听寫写訊讯詞词話话請请讚赞贊赞頭头臉脸腦脑髮发續续紅红"
    U"綠绿藍蓝線线紀纪約约給给結结絕绝終终緊紧繼继維维聯联職职聲声術术衝冲觀观變变豐丰貝贝負负財财責责"
    U"賽赛贏赢購购轉转輪轮軟软較较載载遠远連连週周適适選选遺遗郵邮鄰邻鋼钢錯错鏡镜閉闭間间閱阅陣阵隨随"
    U"險险雙双雞鸡離离靜静響响頁页順顺須须預预額额顯显願愿飛飞飯饭館馆驗验鬥斗鬧闹麗丽齊齐齒齿龜龟壽寿"
    U"壓压墻墙牆墙夢梦奮奋寧宁寶宝將将尋寻屆届屬属嶺岭幣币帶带幫帮廳厅廠厂庫库彈弹歸归復复徵征憶忆懷怀"
    U"戰战戲戏擔担擇择擊击擴扩擁拥攝摄敵敌於于晝昼曉晓暫暂構构槍枪樓楼橋桥權权殘残殺杀毀毁決决沒没況况"
    U"淚泪淨净湯汤溝沟滅灭滿满漁渔潔洁濟济濕湿烏乌熱热燈灯爭争爺爷牽牵獎奖獨独環环畫画異异盡尽監监盤盘"
    U"礎础禍祸禦御稅税穩稳窮穷競竞筆笔築筑簡简糧粮緣缘縮缩績绩繩绳罰罚習习聖圣聰聪肅肃脅胁脫脱膽胆臨临"
    U"舊旧艱艰藝艺蘇苏蟲虫製制複复襲袭覺觉觸触訂订訓训託托評评試试詳详誌志誤误調调談谈論论諮咨謀谋講讲"
    U"貧贫貴贵賀贺賓宾質质趕赶趨趋跡迹踐践蹤踪軌轨輕轻輯辑達达違违遞递邏逻釋释針针鈔钞鋪铺鎖锁鐘钟鑰钥"
    U"閃闪閑闲闡阐隱隐雜杂靈灵韓韩項项頒颁頓顿養养餘余驅驱驚惊鬆松魯鲁鮮鲜鳴鸣麥麦齡龄濱滨漲涨災灾瀋沈"
    U"極极樹树據据擬拟舉举繫系係系鬱郁準准邊边鄧邓蔣蒋賴赖嚴严勞劳勢势勵励協协卻却參参雖虽響响顧顾愛爱"
    U"廈厦廟庙廢废彎弯歎叹態态憑凭懇恳懲惩戶户拋抛掃扫揚扬換换損损搶抢攜携敗败斂敛歐欧殯殡氣气滬沪漸渐"
    U"潛潜瀏浏災灾煙烟爐炉犧牺狹狭獻献瑪玛璽玺産产畢毕疊叠瘋疯癢痒皚皑盜盗眾众睜睁矯矫碼码礦矿禮礼禪禅"
    U"窯窑籌筹籃篮紙纸紛纷級级紹绍細细組组經经綁绑網网綜综緒绪編编緩缓練练縱纵織织繁繁罷罢羅罗翹翘聞闻"
    U"脈脉腫肿膚肤艦舰莊庄葉叶蔥葱薦荐薩萨處处號号蝦虾衆众補补裝装見见規规視视親亲覽览觀观訪访訴诉詐诈"
    U"詢询詩诗誠诚誰谁課课請请諾诺謠谣謹谨證证譯译議议讓让豬猪貓猫負负貢贡貸贷貼贴賠赔賬账賭赌贈赠跡迹"
    U"躍跃車车軟软輔辅輛辆輝辉辭辞邁迈還还郵邮醫医醬酱採采鈴铃銷销鋒锋錄录鍵键鍛锻鎮镇鏈链鐵铁閣阁闆板"
    U"陝陕陰阴隊队隨随隸隶雙双雞鸡雪雪電电霧雾靜静韋韦韌韧頂顶項项順顺頌颂預预領领頭头頸颈頻频顆颗願愿"
    U"類类顯显風风飛飞飢饥飲饮飽饱餅饼館馆饑饥駐驻駕驾騎骑騙骗驗验體体髒脏鬥斗魂魂鯨鲸鴨鸭鵝鹅鶴鹤鹽盐"
    U"麵面黃黄點点黨党齋斋佈布備备僅仅傷伤兩两則则剛刚創创劑剂勝胜啟启圍围圓圆園园堅坚塊块壞坏夠够奪夺婦妇寬宽審审"
    U"嶼屿強强徑径慶庆憂忧戀恋捨舍掛挂揮挥搖摇撥拨擠挤曆历棄弃棟栋積积穀谷篩筛糾纠紐纽純纯納纳絲丝締缔繳缴"
    U"脹胀腎肾艙舱蘭兰該该認认誕诞諸诸謊谎階阶隻只顏颜圖图盧卢貓猫鍋锅灑洒嚮向蘋苹鄒邹";

const std::map<char32_t, char32_t>& TraditionalMap() {
  static const auto* m = [] {
    auto* out = new std::map<char32_t, char32_t>;
    for (size_t i = 0; i + 1 < kTraditional.size(); i += 2) out->emplace(kTraditional[i], kTraditional[i + 1]);
    return out;
  }();
  return *m;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 || c == 0x200B || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200A);
}

bool IsEmoji(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF) ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D || c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F);
}

bool IsAsciiAlnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

// Punctuation of any width: ASCII, Latin-1, general punctuation, CJK symbols, full-width forms.
bool IsPunct(char32_t c) {
  if (c < 0x80) return !IsAsciiAlnum(c);
  return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x206F) ||
         (c >= 0x3001 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
         c == 0x2026 || c == 0x00B7;
}

// A character a mention's name may hold: letters and digits of any script, '_' and '-'.
bool IsNameChar(char32_t c) {
  return !IsSpace(c) && !IsEmoji(c) && (c == '_' || c == '-' || c == 0xB7 || !IsPunct(c));
}

bool IsNegation(char32_t c) {
  return c == U'不' || c == U'没' || c == U'未' || c == U'无' || c == U'非' || c == U'否' || c == U'勿' ||
         c == U'别' || c == U'莫';
}

bool Matches(const std::u32string& cps, size_t at, std::u32string_view what) {
  if (at + what.size() > cps.size()) return false;
  for (size_t k = 0; k < what.size(); ++k) {
    char32_t c = cps[at + k];
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c != what[k] && SimplifiedOf(c) != what[k]) return false;
  }
  return true;
}

// The edit script of a against b: for each position, equal or not, by Myers' O(ND) algorithm with
// the common prefix and suffix set aside first. Gives up (returns false) past `max_d` edits.
struct Script {
  std::vector<bool> a_equal, b_equal;
  size_t lcs = 0;
};

bool Diff(const std::u32string& a, const std::u32string& b, size_t max_d, Script* out) {
  const size_t n0 = a.size(), m0 = b.size();
  out->a_equal.assign(n0, false);
  out->b_equal.assign(m0, false);
  size_t pre = 0;
  while (pre < n0 && pre < m0 && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < n0 - pre && suf < m0 - pre && a[n0 - 1 - suf] == b[m0 - 1 - suf]) ++suf;
  for (size_t i = 0; i < pre; ++i) out->a_equal[i] = out->b_equal[i] = true;
  for (size_t i = 0; i < suf; ++i) out->a_equal[n0 - 1 - i] = out->b_equal[m0 - 1 - i] = true;
  out->lcs = pre + suf;
  const long n = static_cast<long>(n0 - pre - suf), m = static_cast<long>(m0 - pre - suf);
  if (n == 0 || m == 0) return true;
  const long max = std::min<long>(n + m, static_cast<long>(max_d));
  const long off = max + 1;
  std::vector<long> v(2 * max + 3, 0);
  std::vector<std::vector<int32_t>> trace;  // the frontier before step d, diagonals -d..d
  long found = -1;
  for (long d = 0; d <= max && found < 0; ++d) {
    trace.emplace_back(v.begin() + (off - d), v.begin() + (off + d + 1));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[pre + x] == b[pre + y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  // Walk back through the saved frontiers, marking the diagonal (equal) moves.
  long x = n, y = m;
  for (long d = found; d > 0; --d) {
    const auto& t = trace[d];  // t[d + k] is diagonal k's x before step d (valid for |k| < d)
    const long k = x - y;
    const bool down = k == -d || (k != d && t[d + k - 1] < t[d + k + 1]);
    const long pk = down ? k + 1 : k - 1;
    const long px = t[d + pk], py = px - pk;
    const long sx = down ? px : px + 1, sy = sx - k;
    while (x > sx && y > sy) {
      --x, --y;
      out->a_equal[pre + x] = out->b_equal[pre + y] = true;
      ++out->lcs;
    }
    x = px, y = py;
  }
  while (x > 0 && y > 0) {
    --x, --y;
    out->a_equal[pre + x] = out->b_equal[pre + y] = true;
    ++out->lcs;
  }
  return true;
}

}  // namespace

char32_t SimplifiedOf(char32_t c) {
  const auto& m = TraditionalMap();
  auto it = m.find(c);
  return it == m.end() ? c : it->second;
}

std::string_view DraftVerdictId(DraftVerdict v) {
  switch (v) {
    case DraftVerdict::kSame: return "same";
    case DraftVerdict::kDiffers: return "differs";
    case DraftVerdict::kUnrelated: return "unrelated";
    case DraftVerdict::kUndecidable: return "undecidable";
  }
  return "";
}

CanonicalText Canonicalize(std::string_view utf8) {
  const std::u32string cps = DecodeUtf8(utf8);
  const size_t n = cps.size();
  std::vector<bool> drop(n, false);
  std::vector<uint32_t> soft(n, 0);  // which hashtag or mention, from 1
  uint32_t units = 0;
  CanonicalText out;
  // Links: from http(s):// to the next space or CJK character; Weibo's 网页链接 card.
  for (size_t i = 0; i < n; ++i) {
    if (Matches(cps, i, U"http://") || Matches(cps, i, U"https://")) {
      size_t j = i;
      while (j < n && !IsSpace(cps[j]) && cps[j] < 0x2E80) drop[j++] = true;
      i = j;
    } else if (Matches(cps, i, U"网页链接")) {
      for (size_t k = 0; k < 4; ++k) drop[i + k] = true;
    }
  }
  // Weibo's emoji codes: [心], [doge], [允悲].
  for (size_t i = 0; i < n; ++i) {
    if (cps[i] != '[' || drop[i]) continue;
    size_t j = i + 1;
    while (j < n && j <= i + 9 && cps[j] != ']' && !IsSpace(cps[j]) && cps[j] != '[') ++j;
    if (j < n && cps[j] == ']' && j > i + 1)
      for (size_t k = i; k <= j; ++k) drop[k] = true;
  }
  // The last kept character before `end`, skipping dropped ones and spaces; n if none.
  auto last_kept = [&](size_t end) -> size_t {
    while (end > 0) {
      --end;
      if (!drop[end] && !IsSpace(cps[end]) && !IsEmoji(cps[end])) return end;
    }
    return n;
  };
  // Weibo's truncation: "... 展开全文", "…全文", "查看图片展开全文".
  {
    size_t e = last_kept(n);
    for (std::u32string_view tail : {std::u32string_view(U"展开全文"), std::u32string_view(U"全文")}) {
      if (e == n || e + 1 < tail.size()) continue;
      const size_t s = e + 1 - tail.size();
      if (!Matches(cps, s, tail)) continue;
      // Only a tail after an ellipsis (or 查看图片) is the platform's; "全文" alone may be the text's.
      size_t before = last_kept(s);
      const bool ellipsis = before != n && (cps[before] == '.' || cps[before] == 0x2026);
      const bool images = before != n && before >= 3 && Matches(cps, before - 3, U"查看图片");
      if (!ellipsis && !images && tail.size() == 2) continue;
      for (size_t k = s; k <= e; ++k) drop[k] = true;
      if (images) for (size_t k = before - 3; k <= before; ++k) drop[k] = true;
      while (before != n && (cps[before] == '.' || cps[before] == 0x2026)) {
        drop[before] = true;
        before = last_kept(before);
      }
      out.truncated = true;
      break;
    }
  }
  // Mentions (@name, //@name:) and hashtags (#words#): the words are soft, the signs go.
  for (size_t i = 0; i < n; ++i) {
    if (drop[i]) continue;
    if (cps[i] == '@' || cps[i] == 0xFF20) {
      drop[i] = true;
      ++units;
      for (size_t j = i + 1; j < n && j <= i + 30 && IsNameChar(cps[j]) && !drop[j]; ++j) soft[j] = units;
    } else if (cps[i] == '#' || cps[i] == 0xFF03) {
      drop[i] = true;
      size_t j = i + 1;
      while (j < n && j <= i + 40 && cps[j] != '#' && cps[j] != 0xFF03 && cps[j] != '\n') ++j;
      if (j < n && (cps[j] == '#' || cps[j] == 0xFF03)) {
        ++units;
        for (size_t k = i + 1; k < j; ++k) soft[k] = units;
        drop[j] = true;
        i = j;
      } else if (out.truncated && last_kept(n) != n && last_kept(n) < j) {
        ++units;  // a hashtag the platform cut off
        for (size_t k = i + 1; k < n; ++k) soft[k] = units;
        break;
      }
    }
  }
  // A video card closing the text: "iPanda熊猫频道的微博视频" (mentions after it aside).
  {
    size_t e = n;
    while (true) {
      e = last_kept(e);
      if (e == n || (!soft[e] && !IsPunct(cps[e]))) break;
    }
    for (std::u32string_view card : {std::u32string_view(U"的微博视频"), std::u32string_view(U"的秒拍视频"),
                                     std::u32string_view(U"的微博直播"), std::u32string_view(U"微博视频")}) {
      if (e == n || e + 1 < card.size() || !Matches(cps, e + 1 - card.size(), card)) continue;
      const size_t s = e + 1 - card.size();
      for (size_t k = s; k <= e; ++k) drop[k] = true;
      // The card's name: back to a space or punctuation, at most 20 characters.
      size_t b = s;
      while (b > 0 && s - b < 20 && IsNameChar(cps[b - 1]) && !drop[b - 1]) --b;
      if (b < s && (b == 0 || !IsNameChar(cps[b - 1]) || drop[b - 1]) && s - b < 20)
        for (size_t k = b; k < s; ++k) drop[k] = true;
      break;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (drop[i]) continue;
    char32_t c = cps[i];
    if (IsSpace(c) || IsEmoji(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full width to ASCII
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    // A decimal point or a percent sign is part of a number; other punctuation goes.
    if (c == '.' || c == '%') {
      const bool prev_digit = !out.chars.empty() && out.chars.back() >= '0' && out.chars.back() <= '9';
      const bool next_digit = i + 1 < n && IsDigit(cps[i + 1]);
      if (!(c == '%' && prev_digit) && !(c == '.' && prev_digit && next_digit)) continue;
    } else if (IsPunct(c)) {
      continue;
    }
    out.chars.push_back(SimplifiedOf(c));
    out.pos.push_back(static_cast<uint32_t>(i));
    out.soft.push_back(soft[i]);
  }
  return out;
}

namespace {

CanonicalText WithoutSoft(const CanonicalText& t) {
  CanonicalText out;
  out.truncated = t.truncated;
  for (size_t i = 0; i < t.chars.size(); ++i) {
    if (t.soft[i]) continue;
    out.chars.push_back(t.chars[i]);
    out.pos.push_back(t.pos[i]);
    out.soft.push_back(0);
  }
  return out;
}

std::map<uint32_t, std::u32string> SoftUnits(const CanonicalText& t) {
  std::map<uint32_t, std::u32string> units;
  for (size_t i = 0; i < t.chars.size(); ++i)
    if (t.soft[i]) units[t.soft[i]] += t.chars[i];
  return units;
}

// Whether every hashtag and mention of the draft is in the post, as one or in its words: one
// edited (#…驰援武汉# → #…驰援黄冈#) is a change.
bool DraftUnitsKept(const CanonicalText& draft, const CanonicalText& post) {
  std::set<std::u32string> kept;
  for (const auto& [id, u] : SoftUnits(post)) kept.insert(u);
  for (const auto& [id, u] : SoftUnits(draft))
    if (!kept.count(u) && post.chars.find(u) == std::u32string::npos) return false;
  return true;
}

// Whether each hashtag or mention of `t` that carries a number or a negation says nothing the
// other text does not: its numbers, or itself when negated, are found in `other`.
bool SoftUnitsAgree(const CanonicalText& t, const CanonicalText& other) {
  for (const auto& [id, u] : SoftUnits(t)) {
    bool negation = false;
    for (size_t i = 0; i < u.size();) {
      negation |= IsNegation(u[i]);
      if (!IsDigit(u[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < u.size() && (IsDigit(u[j]) || u[j] == '.' || u[j] == '%')) ++j;
      if (other.chars.find(u.substr(i, j - i)) == std::u32string::npos) return false;
      i = j;
    }
    if (negation && other.chars.find(u) == std::u32string::npos) return false;
  }
  return true;
}

DraftComparison Compare(const CanonicalText& a, const CanonicalText& b) {
  DraftComparison r;
  r.truncated = b.truncated;
  Script s;
  const bool done = Diff(a.chars, b.chars, kMaxEdits, &s);
  // A truncated post shows the draft's opening only: the draft's text after the last character
  // the post shows is unseen, not removed.
  size_t a_len = a.chars.size();
  if (done && b.truncated) {
    for (size_t i = a.chars.size(); i > 0; --i) {
      if (s.a_equal[i - 1]) {
        a_len = i;
        break;
      }
    }
  }
  if (!done) {
    r.verdict = DraftVerdict::kUnrelated;
    r.reason = "与审核稿不是同一篇";
    return r;
  }
  // The differing stretches: between two equal characters, a run of the draft's and of the post's.
  // A run only added or only left out that is a whole hashtag or mention is no change; the diff may
  // have placed it off by a repeated stretch ("王忠林任…书记王忠林同志"), so it is slid along the
  // equal text around it to where it is one.
  auto whole_soft = [](const CanonicalText& t, size_t from, size_t to) {
    if (from >= to) return false;
    for (size_t k = from; k < to; ++k)
      if (!t.soft[k]) return false;
    if (from > 0 && t.soft[from - 1] == t.soft[from]) return false;
    if (to < t.soft.size() && t.soft[to] == t.soft[to - 1]) return false;
    return true;
  };
  auto slides_to_soft = [&](const CanonicalText& t, const std::vector<bool>& eq, size_t from, size_t to,
                            size_t* sf) {
    for (size_t k = 0; from >= k; ++k) {  // left, while the text repeats
      if (k > 0 && (!eq[from - k] || t.chars[from - k] != t.chars[to - k])) break;
      if (whole_soft(t, from - k, to - k)) return *sf = from - k, true;
    }
    for (size_t k = 1; to + k <= t.chars.size(); ++k) {  // right
      if (!eq[to + k - 1] || t.chars[to + k - 1] != t.chars[from + k - 1]) break;
      if (whole_soft(t, from + k, to + k)) return *sf = from + k, true;
    }
    return false;
  };
  size_t i = 0, j = 0, ignored = 0;
  std::string why;
  auto add_reason = [&why](const std::string& w) {
    if (why.find(w) == std::string::npos) why += (why.empty() ? "" : "、") + w;
  };
  while (i < a_len || j < b.chars.size()) {
    if (i < a_len && j < b.chars.size() && s.a_equal[i] && s.b_equal[j]) {
      ++i, ++j;
      continue;
    }
    size_t i0 = i, j0 = j;
    while (i < a_len && !s.a_equal[i]) ++i;
    while (j < b.chars.size() && !s.b_equal[j]) ++j;
    if (i == i0 && j == j0) break;  // cannot happen with a consistent script
    const size_t del = i - i0, ins = j - j0;
    bool material = false;
    size_t at = 0;
    if (del == 0 && slides_to_soft(b, s.b_equal, j0, j, &at)) {
      j0 = at;  // a hashtag or mention added
      ignored += ins;
    } else if (ins == 0 && slides_to_soft(a, s.a_equal, i0, i, &at)) {
      i0 = at;  // one left out
      ignored += del;
    } else {
      bool digit = false, negation = false;
      // A decimal point or a percent sign survives only inside a number.
      auto numeric = [](char32_t c) { return IsDigit(c) || c == '.' || c == '%'; };
      for (size_t k = i0; k < i; ++k) digit |= numeric(a.chars[k]), negation |= IsNegation(a.chars[k]);
      for (size_t k = j0; k < j; ++k) digit |= numeric(b.chars[k]), negation |= IsNegation(b.chars[k]);
      material = true;
      if (digit) {
        add_reason("数字不同");
      } else if (negation) {
        add_reason("否定词不同");
      } else if (del + ins == 1) {
        material = false;  // one character added or left out (的, 了): a slip, not a change
        ++r.tolerated;
      } else {
        add_reason(del == 0 ? "发布稿增加了内容" : ins == 0 ? "发布稿删去了内容" : "文字改动");
      }
    }
    if (del) r.draft_spans.push_back({a.pos[i0], a.pos[i0 + del - 1] + 1, material});
    if (ins) r.post_spans.push_back({b.pos[j0], b.pos[j0 + ins - 1] + 1, material});
  }
  // The similarity leaves out the hashtags and mentions added or left out.
  const size_t total = a_len + b.chars.size() - ignored;
  r.similarity = total ? 2.0 * s.lcs / total : 0;
  if (r.similarity < kRelatedDraft) {
    r = DraftComparison{DraftVerdict::kUnrelated, r.similarity, r.truncated, 0, {}, {}, "与审核稿不是同一篇"};
    return r;
  }
  if (r.tolerated > kToleratedEdits) {
    add_reason("多处文字改动");
    for (auto& sp : r.draft_spans) sp.material = true;
    for (auto& sp : r.post_spans) sp.material = true;
  }
  if (why.empty()) {
    r.verdict = DraftVerdict::kSame;
    r.reason = b.truncated ? "与审核稿一致（帖子被截断，比对可见部分）" : "与审核稿一致";
  } else {
    r.verdict = DraftVerdict::kDiffers;
    r.reason = "发布内容与审核稿不一致：" + why;
  }
  return r;
}

}  // namespace

DraftComparison CompareDraft(std::string_view draft, std::string_view post) {
  CanonicalText a = Canonicalize(draft), b = Canonicalize(post);
  // A truncated post's last hashtags and mentions may be cut: they are not compared.
  while (b.truncated && !b.chars.empty() && b.soft.back()) {
    b.chars.pop_back();
    b.pos.pop_back();
    b.soft.pop_back();
  }
  if (b.chars.size() < (b.truncated ? kMinJudgeChars : kMinJudgeChars / 2)) {
    DraftComparison r;
    r.truncated = b.truncated;
    r.verdict = DraftVerdict::kUndecidable;
    r.reason = b.truncated ? "帖子被截断，可见部分过短，无法判定" : "帖子文字过短，无法判定";
    return r;
  }
  DraftComparison r = Compare(a, b);
  if (r.verdict != DraftVerdict::kDiffers) return r;
  // Hashtags and mentions added among repeated words can fool the alignment ("#我拍春天#春天…"):
  // the texts without them are compared, and then the hashtags on their own: the draft's all kept,
  // the numbers of those added found in the draft.
  DraftComparison bare = Compare(WithoutSoft(a), WithoutSoft(b));
  if (bare.verdict == DraftVerdict::kSame && DraftUnitsKept(a, b) && SoftUnitsAgree(b, a)) return bare;
  return r;
}

}  // namespace govmedia::core
