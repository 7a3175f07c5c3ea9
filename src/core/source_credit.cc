#include "core/source_credit.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/text.h"

namespace govmedia::core {
namespace {

using Text = std::u32string;

Text U(std::string_view s) { return DecodeUtf8(s); }

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200B);
}

// What a name (an account's, a unit's, a paper's) is made of: letters and digits of any script,
// and the joiners names use (SNH48-周诗雨, Lucystyle_, 迈克尔·瑞安). Punctuation, symbols, arrows
// and emoji end a name.
bool IsNameChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
  if (c == 0xB7 || c == 0x30FB) return true;
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return true;
  if (c >= 0x3040 && c <= 0x30FF) return true;
  if (c >= 0x3400 && c <= 0x4DBF) return true;
  if (c >= 0x4E00 && c <= 0x9FFF) return true;
  if (c >= 0xF900 && c <= 0xFAFF) return true;
  if (c >= 0xAC00 && c <= 0xD7AF) return true;
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return true;
  return c >= 0x20000 && c <= 0x2FFFF;
}

bool At(const Text& t, size_t i, const Text& w) { return i <= t.size() && t.compare(i, w.size(), w) == 0; }

bool AtIgnoreCase(const Text& t, size_t i, std::string_view ascii) {
  if (i + ascii.size() > t.size()) return false;
  for (size_t k = 0; k < ascii.size(); ++k) {
    char32_t c = t[i + k];
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c != static_cast<char32_t>(ascii[k])) return false;
  }
  return true;
}

bool EndsWith(const Text& t, const Text& w) { return t.size() >= w.size() && t.compare(t.size() - w.size(), w.size(), w) == 0; }

// A credit starts a phrase: at the start, or after anything that is not part of a name.
bool Boundary(const Text& t, size_t i) { return i == 0 || !IsNameChar(t[i - 1]); }

size_t SkipSpaces(const Text& t, size_t i) {
  while (i < t.size() && IsSpace(t[i])) ++i;
  return i;
}

bool IsSeparator(char32_t c) {
  return c == U'：' || c == ':' || c == U'丨' || c == '|' || c == U'｜' || c == '/' || c == U'／';
}

// Words that end a name written after 来源：/转自 (the next field of a by-line, or the kind of work).
const std::vector<Text>& NameStops() {
  static const std::vector<Text> stops = [] {
    std::vector<Text> v;
    // Not 视频, 消息, 报道 or 时间: they end real names (人民视频, 参考消息, 21世纪经济报道, 时间视频).
    for (const char* w : {"责任编辑", "编辑", "责编", "作者", "记者", "通讯员", "审核", "审校", "校对", "摄影", "摄像", "图片",
                          "图文", "文字", "来源", "转自", "原标题", "监制", "出品", "制作", "策划", "主编", "撰文", "整理",
                          "发布时间", "日期", "原文", "链接"})
      v.push_back(U(w));
    return v;
  }();
  return stops;
}

// Names that are the publisher itself: not a repost.
bool IsSelf(const Text& name) {
  static const std::set<Text> self = [] {
    std::set<Text> s;
    for (const char* w : {"本网", "本站", "本报", "本台", "本刊", "本号", "本公众号", "本平台", "本微博", "原创", "自制", "本文", "作者", "网友投稿"})
      s.insert(U(w));
    return s;
  }();
  return self.count(name) > 0;
}

bool PlausibleName(const Text& name) {
  if (name.empty() || name.size() > 30) return false;
  if (name.front() == U'于') return false;  // 来源 于… is prose
  bool letter = false;
  for (char32_t c : name) letter |= !(c >= '0' && c <= '9') && c != '-' && c != '_';
  return letter;
}

// Hosts whose links do not say who published first: the platforms themselves and short links.
bool IsOpaqueHost(const std::string& host) {
  static const std::set<std::string> opaque = {
      "t.cn", "url.cn", "dwz.cn", "suo.im", "weibo.com", "weibo.cn", "mp.weixin.qq.com", "weixin.qq.com", "douyin.com",
      "v.douyin.com", "iesdouyin.com", "b23.tv", "bilibili.com", "kuaishou.com", "v.kuaishou.com", "toutiao.com",
      "xiaohongshu.com", "xhslink.com", "video.weibo.com"};
  if (opaque.count(host)) return true;
  for (const auto& o : opaque)
    if (host.size() > o.size() && host.ends_with("." + o)) return true;
  return false;
}

class Recogniser {
 public:
  explicit Recogniser(std::string_view text) : t_(DecodeUtf8(text)) {}

  std::vector<SourceCredit> Run() {
    for (size_t i = 0; i < t_.size(); ++i) {
      if (Consumed(i)) continue;
      if (Boundary(t_, i)) {
        if (CreditLine(i) || RepostedFrom(i) || OriginalTitle(i) || Via(i) || VideoCredit(i) || UpCredit(i)) continue;
      }
      if (t_[i] == U'（' || t_[i] == '(') ClosingMedia(i);
    }
    WeiboChain();
    WeiboRepost();
    VideoCards();
    Links();
    std::stable_sort(out_.begin(), out_.end(), [](const SourceCredit& a, const SourceCredit& b) { return a.start < b.start; });
    return std::move(out_);
  }

 private:
  bool Consumed(size_t i) const {
    for (const auto& [s, e] : consumed_)
      if (i >= s && i < e) return true;
    return false;
  }

  void Add(CreditForm form, const Text& name, const std::string& domain, size_t start, size_t end, bool open_start = false) {
    SourceCredit c;
    c.form = form;
    c.name = EncodeUtf8(name);
    c.domain = domain;
    c.open_start = open_start;
    c.start = static_cast<uint32_t>(start);
    c.end = static_cast<uint32_t>(end);
    c.matched = EncodeUtf8(std::u32string_view(t_).substr(start, end - start));
    out_.push_back(std::move(c));
    consumed_.emplace_back(start, end);
  }

  // A URL at i: its end and host ("" when not a link).
  std::pair<size_t, std::string> UrlAt(size_t i) const {
    if (!AtIgnoreCase(t_, i, "http://") && !AtIgnoreCase(t_, i, "https://")) return {i, ""};
    size_t e = i;
    while (e < t_.size() && t_[e] > 0x20 && t_[e] < 0x7F && t_[e] != '"' && t_[e] != '<' && t_[e] != '>') ++e;
    // Closing punctuation written after a link is not part of it.
    while (e > i && (t_[e - 1] == '.' || t_[e - 1] == ',' || t_[e - 1] == ')' || t_[e - 1] == ';')) --e;
    return {e, DomainOf(EncodeUtf8(std::u32string_view(t_).substr(i, e - i)))};
  }

  // One name at i (after platform words, "@" and quotes): [begin, end) of the name and the end of
  // what was read. Nothing when no plausible name is there.
  struct Name {
    size_t begin = 0, end = 0, next = 0;
  };
  std::optional<Name> NameAt(size_t i) const {
    static const std::vector<Text> platform = [] {
      std::vector<Text> v;
      for (const char* w : {"微信公众号", "公众号", "微信号", "新浪微博", "微博", "抖音号", "头条号", "哔哩哔哩UP主", "B站UP主", "b站UP主",
                            "B站up主", "UP主", "up主"})
        v.push_back(U(w));
      return v;
    }();
    // A platform's word before the name (微信公众号“昆山发布”, B站UP主@十五喵金融); when no name
    // follows it, it is the name itself (来源：微博).
    for (const auto& p : platform) {
      if (!At(t_, i, p)) continue;
      size_t j = SkipSpaces(t_, i + p.size());
      if (j < t_.size() && (t_[j] == U'：' || t_[j] == ':')) j = SkipSpaces(t_, j + 1);
      if (auto n = PlainNameAt(j)) return n;
      break;
    }
    return PlainNameAt(i);
  }
  std::optional<Name> PlainNameAt(size_t i) const {
    if (i < t_.size() && (t_[i] == '@' || t_[i] == U'＠')) ++i;
    if (i >= t_.size()) return std::nullopt;
    static const std::u32string open = U"《“「『【\"'‘〈";
    static const std::u32string close = U"》”」』】\"'’〉";
    if (auto q = open.find(t_[i]); q != std::u32string::npos) {
      size_t e = i + 1;
      while (e < t_.size() && e - i <= 40 && t_[e] != close[q] && t_[e] != '\n') ++e;
      if (e >= t_.size() || t_[e] != close[q]) return std::nullopt;
      Text inner = t_.substr(i + 1, e - i - 1);
      if (!PlausibleName(inner)) return std::nullopt;
      return Name{i + 1, e, e + 1};
    }
    size_t e = i;
    while (e < t_.size() && IsNameChar(t_[e])) {
      if (e - i >= 2) {
        bool stop = false;
        for (const auto& w : NameStops()) stop |= At(t_, e, w);
        if (stop) break;
      }
      ++e;
    }
    if (e - i > 30) return std::nullopt;  // a sentence, not a name
    Text name = t_.substr(i, e - i);
    if (!PlausibleName(name)) return std::nullopt;
    return Name{i, e, e};
  }

  // The publishers after a credit's words at i: names joined by 、 or /, or a link; each one
  // credit. `from` is where the credit's words began.
  bool Publishers(CreditForm form, size_t from, size_t i) {
    i = SkipSpaces(t_, i);
    if (auto [e, host] = UrlAt(i); e > i) {
      Add(CreditForm::kLink, {}, IsOpaqueHost(host) ? "" : host, from, e);
      return true;
    }
    bool any = false;
    size_t start = from;
    while (true) {
      auto n = NameAt(i);
      if (!n) break;
      Text name = t_.substr(n->begin, n->end - n->begin);
      size_t end = n->next;
      std::string domain;
      // A link written right after the name is the same publisher's.
      size_t j = SkipSpaces(t_, end);
      if (auto [ue, host] = UrlAt(j); ue > j) {
        domain = IsOpaqueHost(host) ? "" : host;
        end = ue;
      }
      if (IsSelf(name)) {
        consumed_.emplace_back(start, end);
      } else {
        Add(form, name, domain, start, end);
      }
      any = true;
      if (end < t_.size() && (t_[end] == U'、' || t_[end] == '/' || t_[end] == U'／' || t_[end] == '&')) {
        i = SkipSpaces(t_, end + 1);
        start = i;
        continue;
      }
      break;
    }
    return any;
  }

  bool CreditLine(size_t i) {
    static const std::vector<Text> markers = [] {
      std::vector<Text> v;
      for (const char* w : {"本文来源", "文章来源", "信息来源", "内容来源", "新闻来源", "消息来源", "稿件来源", "素材来源", "视频来源",
                            "来源", "稿源", "本文出处", "文章出处", "出处", "综合"})
        v.push_back(U(w));
      return v;
    }();
    for (const auto& m : markers) {
      if (!At(t_, i, m)) continue;
      size_t j = i + m.size();
      const size_t spaced = SkipSpaces(t_, j);
      if (spaced < t_.size() && IsSeparator(t_[spaced])) {
        j = spaced + 1;
      } else if (spaced > j && m != U"综合") {
        j = spaced;  // "来源 新华社": a space for a separator
      } else {
        return false;
      }
      return Publishers(CreditForm::kCreditLine, i, j);
    }
    return false;
  }

  bool RepostedFrom(size_t i) {
    static const std::vector<Text> markers = [] {
      std::vector<Text> v;
      for (const char* w : {"本文转载自", "文章转载自", "本文转自", "文章转自", "内容转自", "视频转自", "转载自", "转载于", "转引自", "转自",
                            "本文摘自", "文章摘自", "摘自", "综合自", "选自"})
        v.push_back(U(w));
      return v;
    }();
    for (const auto& m : markers) {
      if (!At(t_, i, m)) continue;
      size_t j = SkipSpaces(t_, i + m.size());
      if (j < t_.size() && (t_[j] == U'：' || t_[j] == ':')) j = SkipSpaces(t_, j + 1);
      return Publishers(CreditForm::kRepostedFrom, i, j);
    }
    return false;
  }

  bool OriginalTitle(size_t i) {
    static const Text m = U("原标题");
    if (!At(t_, i, m)) return false;
    size_t j = SkipSpaces(t_, i + m.size());
    if (j >= t_.size() || (t_[j] != U'：' && t_[j] != ':')) return false;
    Add(CreditForm::kOriginalTitle, {}, "", i, j + 1);
    return true;
  }

  bool Via(size_t i) {
    if (!AtIgnoreCase(t_, i, "via")) return false;
    size_t j = i + 3;
    if (j >= t_.size() || (!IsSpace(t_[j]) && t_[j] != '@')) return false;
    j = SkipSpaces(t_, j);
    if (j < t_.size() && t_[j] == '@') ++j;
    size_t e = j;
    while (e < t_.size() && IsNameChar(t_[e]) && e - j < 30) ++e;
    if (e == j) return false;
    Add(CreditForm::kVia, t_.substr(j, e - j), "", i, e);
    return true;
  }

  // 视频：@X, 视频/@X: a video credited to an account.
  bool VideoCredit(size_t i) {
    static const Text m = U("视频");
    if (!At(t_, i, m)) return false;
    size_t j = SkipSpaces(t_, i + m.size());
    if (j >= t_.size() || !IsSeparator(t_[j])) return false;
    j = SkipSpaces(t_, j + 1);
    if (j >= t_.size() || (t_[j] != '@' && t_[j] != U'＠')) return false;
    auto n = NameAt(j);
    if (!n) return false;
    Add(CreditForm::kVideoCredit, t_.substr(n->begin, n->end - n->begin), "", i, n->next);
    return true;
  }

  // （B站UP主：X）, UP主@X: a Bilibili creator's video.
  bool UpCredit(size_t i) {
    static const std::vector<Text> markers = {U("哔哩哔哩UP主"), U("B站UP主"), U("b站UP主"), U("B站up主"), U("UP主"), U("up主")};
    for (const auto& m : markers) {
      if (!At(t_, i, m)) continue;
      size_t j = SkipSpaces(t_, i + m.size());
      if (j < t_.size() && (t_[j] == U'：' || t_[j] == ':')) j = SkipSpaces(t_, j + 1);
      else if (j >= t_.size() || (t_[j] != '@' && t_[j] != U'＠')) return false;
      auto n = NameAt(j);
      if (!n) return false;
      Add(CreditForm::kVideoCredit, t_.substr(n->begin, n->end - n->begin), "", i, n->next);
      return true;
    }
    return false;
  }

  // （黄石广播电视台）: a closing parenthesis holding only a broadcaster's or paper's name.
  void ClosingMedia(size_t i) {
    static const std::vector<Text> media = [] {
      std::vector<Text> v;
      for (const char* w : {"广播电视台", "电视台", "广播电台", "融媒体中心", "传媒集团", "日报社", "日报", "晚报", "晨报", "都市报",
                            "新闻网", "频道"})
        v.push_back(U(w));
      return v;
    }();
    const char32_t close = t_[i] == '(' ? U')' : U'）';
    size_t e = i + 1;
    while (e < t_.size() && IsNameChar(t_[e]) && e - i <= 24) ++e;
    if (e >= t_.size() || t_[e] != close || e - i - 1 < 4) return;
    Text name = t_.substr(i + 1, e - i - 1);
    if (name.find(U("记者")) != Text::npos) return;
    for (const auto& m : media) {
      if (EndsWith(name, m)) {
        Add(CreditForm::kCreditLine, name, "", i, e + 1);
        return;
      }
    }
  }

  // //@X: — Weibo's repost chain; the first is the account the post was reposted from.
  void WeiboChain() {
    static const Text m = U("//@");
    size_t i = t_.find(m);
    if (i == Text::npos || Consumed(i)) return;
    size_t j = i + m.size(), e = j;
    while (e < t_.size() && e - j <= 30 && t_[e] != ':' && t_[e] != U'：' && !IsSpace(t_[e])) ++e;
    if (e >= t_.size() || (t_[e] != ':' && t_[e] != U'：') || e == j) return;
    Add(CreditForm::kWeiboChain, t_.substr(j, e - j), "", i, e + 1);
  }

  // 转发微博 as the whole text: what Weibo writes for a repost without words of one's own.
  void WeiboRepost() {
    static const Text m = U("转发微博");
    size_t b = 0, e = t_.size();
    while (b < e && IsSpace(t_[b])) ++b;
    while (e > b && (IsSpace(t_[e - 1]) || t_[e - 1] == U'。' || t_[e - 1] == U'！' || t_[e - 1] == '!')) --e;
    if (e - b == m.size() && At(t_, b, m)) Add(CreditForm::kWeiboRepost, {}, "", b, e);
  }

  // X的微博视频: the card Weibo shows for a video, named by the account that published it. The
  // name runs back to the previous punctuation; an @ or #topic# of the post that ends the run
  // tells where it really starts.
  void VideoCards() {
    static const std::vector<Text> cards = {U("的微博视频"), U("的秒拍视频"), U("的微博直播"), U("的酷燃视频")};
    std::vector<Text> hints;
    for (size_t i = 0; i < t_.size(); ++i) {
      if (t_[i] == '@' || t_[i] == U'＠') {
        size_t e = i + 1;
        while (e < t_.size() && IsNameChar(t_[e])) ++e;
        if (e - i - 1 >= 2) hints.push_back(t_.substr(i + 1, e - i - 1));
      } else if (t_[i] == '#') {
        size_t e = t_.find('#', i + 1);
        if (e != Text::npos && e - i - 1 >= 2 && e - i - 1 <= 30) hints.push_back(t_.substr(i + 1, e - i - 1));
      }
    }
    for (const auto& card : cards) {
      for (size_t k = t_.find(card); k != Text::npos; k = t_.find(card, k + 1)) {
        if (Consumed(k)) continue;
        size_t b = k;
        while (b > 0 && IsNameChar(t_[b - 1]) && k - b < 30) --b;
        if (b == k) continue;
        bool open = b > 0 && !IsSpace(t_[b - 1]);
        const Text run = t_.substr(b, k - b);
        const Text* best = nullptr;
        for (const auto& h : hints)
          if (EndsWith(run, h) && (!best || h.size() > best->size())) best = &h;
        if (best) {
          b = k - best->size();
          open = false;
        }
        Add(CreditForm::kVideoCard, t_.substr(b, k - b), "", b, k + card.size(), open);
      }
    }
  }

  // A link to the original: a URL after 原文链接, 阅读原文, 来源 and the like.
  void Links() {
    static const std::vector<Text> cues = [] {
      std::vector<Text> v;
      for (const char* w : {"原文链接", "原文地址", "原文网址", "阅读原文", "全文链接", "原文", "来源", "稿源", "转自", "转载自", "出处"})
        v.push_back(U(w));
      return v;
    }();
    for (size_t i = 0; i < t_.size(); ++i) {
      if (Consumed(i) || !(AtIgnoreCase(t_, i, "http://") || AtIgnoreCase(t_, i, "https://"))) continue;
      auto [e, host] = UrlAt(i);
      size_t b = i;
      while (b > 0 && (IsSpace(t_[b - 1]) || IsSeparator(t_[b - 1]) || t_[b - 1] == U'→' || t_[b - 1] == '>') && i - b < 4) --b;
      for (const auto& c : cues) {
        if (b >= c.size() && t_.compare(b - c.size(), c.size(), c) == 0) {
          Add(CreditForm::kLink, {}, IsOpaqueHost(host) ? "" : host, b - c.size(), e);
          break;
        }
      }
      i = e;
    }
  }

  Text t_;
  std::vector<SourceCredit> out_;
  std::vector<std::pair<size_t, size_t>> consumed_;
};

bool KeyEndsWith(const std::string& k, const std::string& tail) {
  return !tail.empty() && Utf8Length(tail) >= 2 && k.size() >= tail.size() && k.ends_with(tail);
}

bool IsOwn(const SourceCredit& c, const OwnSources& own) {
  if (c.name.empty()) return false;
  const std::string k = SourceKey(c.name);
  for (const auto& a : own.accounts) {
    const std::string ka = SourceKey(a);
    if (ka.empty()) continue;
    if (k == ka || (c.open_start && KeyEndsWith(k, ka))) return true;
  }
  for (const auto& u : own.units) {
    const std::string ku = SourceKey(u);
    if (ku.empty()) continue;
    if (k == ku || (c.open_start && KeyEndsWith(k, ku))) return true;
    // 市公安局, 公安局 for 昆山市公安局.
    if (Utf8Length(k) >= 3 && ku.ends_with(k)) return true;
  }
  return false;
}

bool NameMatches(const SourceCredit& c, const ApprovedSource& s) {
  if (c.name.empty()) return false;
  const std::string k = SourceKey(c.name);
  auto one = [&](const std::string& n) {
    const std::string kn = SourceKey(n);
    return !kn.empty() && (k == kn || (c.open_start && KeyEndsWith(k, kn)));
  };
  if (one(s.name)) return true;
  return std::any_of(s.aliases.begin(), s.aliases.end(), one);
}

bool DomainMatches(const SourceCredit& c, const ApprovedSource& s) {
  if (c.domain.empty()) return false;
  for (const auto& d : s.domains) {
    const std::string n = DomainOf(d);
    if (!n.empty() && (c.domain == n || c.domain.ends_with("." + n))) return true;
  }
  return false;
}

bool ValidOn(const ApprovedSource& s, Date day) {
  return (!s.valid_from || *s.valid_from <= day) && (!s.valid_to || day <= *s.valid_to);
}

constexpr const char* kRule = "（转载发布的，原则上只转载市委市政府确定的稿源单位发布的信息）";

}  // namespace

std::string_view CreditFormLabel(CreditForm f) {
  switch (f) {
    case CreditForm::kCreditLine: return "来源";
    case CreditForm::kRepostedFrom: return "转自";
    case CreditForm::kOriginalTitle: return "原标题";
    case CreditForm::kVia: return "via";
    case CreditForm::kWeiboChain: return "转发链";
    case CreditForm::kWeiboRepost: return "转发微博";
    case CreditForm::kVideoCard: return "视频";
    case CreditForm::kVideoCredit: return "视频";
    case CreditForm::kLink: return "原文链接";
  }
  return "来源";
}

std::vector<SourceCredit> FindSourceCredits(std::string_view text) { return Recogniser(text).Run(); }

std::string SourceKey(std::string_view name) {
  Text t;
  for (char32_t c : DecodeUtf8(name)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    static const std::u32string drop = U"《》“”\"'‘’「」『』【】〈〉<>()（）@#";
    if (IsSpace(c) || drop.find(c) != std::u32string::npos) continue;
    t.push_back(c);
  }
  static const std::vector<Text> suffixes = [] {
    std::vector<Text> v;
    for (const char* w : {"官方微博", "官方微信", "微信公众号", "官方账号", "公众号", "官微", "微博", "微信", "客户端", "头条号", "抖音号",
                          "视频号", "app", "官网", "网站"})
      v.push_back(U(w));
    return v;
  }();
  for (const auto& s : suffixes) {
    if (t.size() >= s.size() + 2 && EndsWith(t, s)) {
      t.resize(t.size() - s.size());
      break;
    }
  }
  return EncodeUtf8(t);
}

std::string DomainOf(std::string_view s) {
  std::string h(Trim(s));
  for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* scheme : {"https://", "http://"}) {
    if (h.starts_with(scheme)) {
      h = h.substr(std::string_view(scheme).size());
      break;
    }
  }
  h = h.substr(0, h.find_first_of("/?#:"));
  if (auto at = h.find('@'); at != std::string::npos) h = h.substr(at + 1);
  for (const char* prefix : {"www.", "m.", "wap."}) {
    if (h.starts_with(prefix) && h.find('.', std::string_view(prefix).size()) != std::string::npos) {
      h = h.substr(std::string_view(prefix).size());
      break;
    }
  }
  if (h.empty() || h.find('.') == std::string::npos || h.front() == '.' || h.back() == '.') return "";
  for (char c : h)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return "";
  return h;
}

std::vector<CreditCheck> CheckSourceCredits(const std::vector<SourceCredit>& credits,
                                            const std::vector<ApprovedSource>& approved, const OwnSources& own,
                                            Date day) {
  std::vector<CreditCheck> out;
  std::set<std::string> seen;
  for (const auto& c : credits) {
    CreditCheck r;
    r.credit = c;
    r.term = !c.name.empty() ? c.name : c.domain;
    if (c.name.empty() && c.domain.empty()) {
      r.verdict = CreditVerdict::kUnnamed;
      out.push_back(std::move(r));
      continue;
    }
    const std::string key = !c.name.empty() ? "n:" + SourceKey(c.name) : "d:" + c.domain;
    if (!seen.insert(key).second) continue;
    if (IsOwn(c, own)) {
      r.verdict = CreditVerdict::kOwn;
      out.push_back(std::move(r));
      continue;
    }
    const ApprovedSource* valid = nullptr;
    const ApprovedSource* matched = nullptr;
    for (const auto& s : approved) {
      if (!NameMatches(c, s) && !DomainMatches(c, s)) continue;
      if (!matched) matched = &s;
      if (ValidOn(s, day)) {
        valid = &s;
        break;
      }
    }
    if (valid) {
      r.verdict = CreditVerdict::kApproved;
      r.entry = *valid;
    } else if (matched) {
      r.verdict = CreditVerdict::kOutOfPeriod;
      r.entry = *matched;
      r.note = "稿源单位「" + matched->name + "」在名单中的有效期为 " +
               (matched->valid_from ? matched->valid_from->ToString() : std::string("—")) + " 至 " +
               (matched->valid_to ? matched->valid_to->ToString() : std::string("长期")) + "，本帖发布于 " +
               day.ToString() + "，不在有效期内" + kRule;
    } else {
      r.verdict = CreditVerdict::kNotListed;
      r.note = !c.name.empty()
                   ? "转载来源「" + c.name + "」不在稿源单位名单中" + kRule
                   : "原文链接的网站 " + c.domain + " 不属于稿源单位名单中的任何单位" + kRule;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace govmedia::core
