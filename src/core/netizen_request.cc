#include "core/netizen_request.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace govmedia::core {

namespace {

using std::string_view;

// Code point index of byte offset `byte` of `s` (as the scanner counts: core::Utf8Length).
uint32_t CodePointAt(std::string_view s, size_t byte) {
  return static_cast<uint32_t>(Utf8Length(s.substr(0, std::min(byte, s.size()))));
}

struct Match {
  string_view term;
  size_t byte = 0;  // where it starts
};

// Every occurrence of each term, in text order (a term found inside a longer one found at the
// same place is kept once: the longer).
std::vector<Match> FindAll(string_view text, const std::vector<string_view>& terms) {
  std::vector<Match> out;
  for (string_view t : terms) {
    for (size_t at = text.find(t); at != string_view::npos; at = text.find(t, at + t.size())) out.push_back({t, at});
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return a.byte != b.byte ? a.byte < b.byte : a.term.size() > b.term.size();
  });
  std::vector<Match> kept;
  for (const auto& m : out) {
    if (!kept.empty() && m.byte < kept.back().byte + kept.back().term.size()) continue;
    kept.push_back(m);
  }
  return kept;
}

bool ContainsAny(string_view text, const std::vector<string_view>& terms) {
  return std::any_of(terms.begin(), terms.end(), [&](string_view t) { return text.find(t) != string_view::npos; });
}

Cue ToCue(string_view text, const Match& m) {
  return {std::string(m.term), CodePointAt(text, m.byte), CodePointAt(text, m.byte + m.term.size())};
}

// The end of the clause (sentence) that starts at `from`: the next 。！？!?；; or line break.
size_t ClauseEnd(string_view text, size_t from) {
  size_t end = text.size();
  for (string_view stop : {"。", "！", "？", "!", "?", "；", ";", "\n"}) {
    if (size_t at = text.find(stop, from); at != string_view::npos) end = std::min(end, at);
  }
  return end;
}

// ---- Requests (求助): asking the account, or those it speaks for, to do something ----

// Cues that ask for action by themselves.
const std::vector<string_view> kRequestStrong = {
    "求助",   "求扩散",   "恳请",     "请求",
    "拜托",   "帮帮",     "帮忙",     "请尽快",
    "尽快处理", "请有关部门", "请相关部门", "请领导",
    "请帮",   "请给",     "请把",     "请派",
    "管一管", "管管",     "处理一下", "解决一下",
    "协调一下", "反映一下", "修一修",   "修一下",
    "清一下", "清理一下"};
// Cues that ask for action when an action follows in the same sentence ("希望延长开放时间", not
// "希望疫情早日过去"); "麻烦" when it is not an adjective ("太麻烦了").
const std::vector<string_view> kRequestLead = {"希望", "建议", "能不能", "能否",
                               "可否", "可不可以", "麻烦", "请"};
const std::vector<string_view> kActions = {
    "增设", "增加", "增开", "加开", "延长",
    "恢复", "修",   "装",   "设",   "安排",
    "解决", "处理", "清理", "整治", "管",
    "查",   "核实", "协调", "关注", "重视",
    "出台", "公布", "考虑", "加强", "帮",
    "疏导", "改善", "开放", "调整", "落实",
    "回复", "答复", "联系", "派",   "覆盖",
    "投放", "规划", "配备", "减少", "降低",
    "提高", "取消", "给"};
// After a lead, words that turn it to other netizens or to a wish or a tip ("建议收藏").
const std::vector<string_view> kLeadNotToUs = {"大家", "各位", "网友", "收藏",
                               "疫情", "早日", "祖国", "了"};

// ---- Complaints (投诉): a report of wrongdoing or of a duty not done ----
const std::vector<string_view> kComplaint = {
    "投诉",   "举报",   "不作为", "乱收费", "乱收",
    "扰民",   "没人管", "无人管", "拖欠",   "欠薪",
    "偷排",   "违建",   "拒载",   "缺斤短两", "卷款",
    "维权",   "态度恶劣", "强行", "不认账", "乱倒",
    "直排",   "黑车",   "乱停",   "霸王条款"};

// ---- Questions (咨询) ----
// Cues that ask by themselves, even beside a rhetorical marker.
const std::vector<string_view> kQuestionStrong = {"请问", "咨询", "想问", "问一下",
                                  "问下", "请教", "想知道", "想了解"};
const std::vector<string_view> kQuestionWords = {
    "什么时候", "啥时候", "何时",   "几点",   "几号",
    "几月",     "几天",   "多久",   "多长时间", "哪天",
    "哪里",     "在哪",   "哪儿",   "哪个",   "哪些",
    "哪家",     "哪位",   "怎么",   "怎样",   "如何",
    "多少",     "是否",   "有没有", "是不是", "能不能",
    "可不可以", "会不会", "要不要", "需不需要", "为什么",
    "为啥",     "能否",   "可否",   "什么条件", "什么材料",
    "需要什么", "要带什么", "是什么", "了没", "适用不适用"};
// Sentence-final particles of a yes/no question.
const std::vector<string_view> kQuestionParticles = {"吗", "么？", "么?", "呢？",
                                     "呢?"};
// A rhetorical question, an exclamation or a question to other netizens.
const std::vector<string_view> kNotAsking = {"难道",   "不是吗", "谁不",   "还有谁",
                             "有谁",   "谁能想到", "怎么能不", "哪有",
                             "真的假的", "楼上", "为什么这么", "为什么那么",
                             "怎么这么", "怎么那么", "你们看到"};

// "吗" that ends a clause (吗？, 吗, at the end, 吗啊), not 吗啡.
std::vector<Match> FinalParticles(string_view text) {
  std::vector<Match> out;
  for (const auto& m : FindAll(text, kQuestionParticles)) {
    if (m.term != "吗") {
      out.push_back(m);
      continue;
    }
    string_view rest = text.substr(m.byte + m.term.size());
    if (rest.empty() || ContainsAny(rest.substr(0, std::min<size_t>(rest.size(), 3)), {"？", "?", "，", "。", "！", "!", " ", "～", "~"}) ||
        StartsWith(rest, "啊") || StartsWith(rest, "呀") || StartsWith(rest, "？")) {
      out.push_back(m);
    }
  }
  return out;
}

// A clause ending in "…能报不", "…可以用不": the colloquial A-not-A question.
std::optional<Match> TrailingBu(string_view text) {
  string_view t = Trim(text);
  for (string_view tail : {"？", "?"}) {
    if (t.ends_with(tail)) t.remove_suffix(tail.size());
  }
  if (!t.ends_with("不")) return std::nullopt;
  const size_t at = t.size() - std::string_view("不").size();
  string_view before = t.substr(0, at);
  if (!ContainsAny(before, {"能", "可以", "会", "行", "是"})) return std::nullopt;
  return Match{"不", at};
}

std::vector<Match> RequestLeads(string_view text) {
  std::vector<Match> out;
  for (const auto& m : FindAll(text, kRequestLead)) {
    const size_t from = m.byte + m.term.size();
    string_view clause = text.substr(from, ClauseEnd(text, from) - from);
    // Only what follows closely: "麻烦了" is an adjective, "希望大家" speaks to netizens.
    string_view head = clause.substr(0, std::min<size_t>(clause.size(), 6));
    if (ContainsAny(head, kLeadNotToUs)) continue;
    if (m.term == "请" && (StartsWith(clause, "问") || StartsWith(clause, "教"))) continue;  // 请问, 请教
    if (ContainsAny(clause.substr(0, std::min<size_t>(clause.size(), 60)), kActions)) out.push_back(m);
  }
  return out;
}

// Byte ranges of a reply that are not the account's own words to the netizen: @names, #topics#
// and quoted text (“…”, 「…」, ‘…’), so a nickname like "翻滚吧香菜" or a quoted "杠精" is no hit.
std::vector<std::pair<size_t, size_t>> NotOwnWords(string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  auto spans = [&](string_view open, string_view close) {
    for (size_t at = text.find(open); at != string_view::npos; at = text.find(open, at + 1)) {
      size_t end = text.find(close, at + open.size());
      if (end == string_view::npos) break;
      out.emplace_back(at, end + close.size());
      at = end + close.size() - 1;
    }
  };
  spans("“", "”");
  spans("「", "」");
  spans("‘", "’");
  spans("#", "#");
  for (size_t at = text.find('@'); at != string_view::npos; at = text.find('@', at + 1)) {
    size_t end = text.size();
    for (string_view stop : {" ", ":", "：", "，", ",", "。", "！", "？", "\n", "　"}) {
      if (size_t e = text.find(stop, at + 1); e != string_view::npos) end = std::min(end, e);
    }
    out.emplace_back(at, end);
  }
  return out;
}

bool Within(const std::vector<std::pair<size_t, size_t>>& ranges, size_t byte) {
  return std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return byte >= r.first && byte < r.second; });
}

// A reply curt enough for its tone alone to say it vents (in code points).
constexpr size_t kCurtReply = 40;

}  // namespace

std::string_view RequestKindId(RequestKind kind) {
  switch (kind) {
    case RequestKind::kQuestion: return "question";
    case RequestKind::kRequest: return "request";
    case RequestKind::kComplaint: return "complaint";
    case RequestKind::kNone: break;
  }
  return "none";
}

std::string_view RequestKindLabel(std::string_view id) {
  if (id == "question") return "咨询";
  if (id == "request") return "求助";
  if (id == "complaint") return "投诉";
  if (id == "none") return "非诉求";
  return id;
}

std::optional<RequestKind> ParseRequestKind(std::string_view id) {
  if (id == "question") return RequestKind::kQuestion;
  if (id == "request") return RequestKind::kRequest;
  if (id == "complaint") return RequestKind::kComplaint;
  return std::nullopt;
}

RequestVerdict ClassifyComment(std::string_view text) {
  RequestVerdict v;
  auto take = [&](RequestKind kind, const std::vector<Match>& found) {
    v.kind = kind;
    for (const auto& m : found) v.cues.push_back(ToCue(text, m));
    return v;
  };
  if (auto found = FindAll(text, kComplaint); !found.empty()) return take(RequestKind::kComplaint, found);
  auto strong = FindAll(text, kRequestStrong);
  auto leads = RequestLeads(text);
  strong.insert(strong.end(), leads.begin(), leads.end());
  std::sort(strong.begin(), strong.end(), [](const Match& a, const Match& b) { return a.byte < b.byte; });
  if (!strong.empty()) return take(RequestKind::kRequest, strong);
  if (auto found = FindAll(text, kQuestionStrong); !found.empty()) return take(RequestKind::kQuestion, found);
  auto weak = FindAll(text, kQuestionWords);
  for (const auto& m : FinalParticles(text)) weak.push_back(m);
  if (auto bu = TrailingBu(text)) weak.push_back(*bu);
  if (weak.empty()) return v;
  if (auto no = FindAll(text, kNotAsking); !no.empty()) {
    v.dismissed_because = "「" + std::string(no.front().term) + "」：反问、感叹或对网友说";
    return v;
  }
  std::sort(weak.begin(), weak.end(), [](const Match& a, const Match& b) { return a.byte < b.byte; });
  return take(RequestKind::kQuestion, weak);
}

VentVerdict FindVenting(std::string_view reply) {
  // Phrases that sneer at, dismiss or insult the person answered. Words that are harmless in a
  // reply's ordinary business (有病 in health advice, 滚动 in a schedule) are not listed alone.
  static const std::vector<string_view> kVent = {
      "你行你上",   "爱看不看",   "爱信不信",   "爱办不办",
      "不看取关",   "关你什么事", "关你屁事",   "没文化",
      "有本事你",   "有本事自己", "就你事多",   "事儿多",
      "懂不懂",     "不懂别",     "好意思问",   "键盘侠",
      "闭嘴",       "嫌慢你",     "嫌麻烦你",   "杠精",
      "没人拦你",   "不想待就",   "你家保姆",   "脑子是个好东西",
      "没脑子",     "呵呵",       "你开心就好", "你算老几",
      "眼睛不用",   "带节奏",     "你说的都对", "自己不会看",
      "自己不会查", "八百遍",     "刁民",       "你神经病",
      "智障",       "白痴",       "无理取闹",   "别问了",
      "滚吧",       "滚出",       "给我滚",     "自己百度",
      // Added after the first held-out measure (docs/interaction.md): contempt for the person
      // rather than a fixed insult.
      "找茬",       "挑刺",       "阴阳怪气",   "发牢骚",     "别瞎",       "瞎评论",     "少在这",
      "别在这里",   "小学毕业",   "还要问",     "多少遍",     "你这种人",   "你们这种人", "不服你",
      "不服就",     "去告啊",     "管好你自己", "没空陪你",   "懒得理你",   "吃饱了撑",   "闲得慌",
      "有这工夫",   "有这功夫"};
  VentVerdict v;
  const auto quoted = NotOwnWords(reply);
  for (const auto& m : FindAll(reply, kVent)) {
    if (!Within(quoted, m.byte)) v.cues.push_back(ToCue(reply, m));
  }
  if (!v.cues.empty()) {
    v.venting = true;
    return v;
  }
  // Beyond the phrases: the tone. A government reply addresses the netizen as 您 or greets, and
  // asks no rhetorical questions; a curt reply that talks down to "你", asks back or belittles,
  // with no courtesy at all, vents. Two of these signs are needed, and any courtesy clears it.
  static const std::vector<string_view> kCourtesy = {"您", "请", "谢", "感谢", "抱歉", "不好意思", "你好", "亲",
                                                     "欢迎", "理解", "哈哈", "～", "辛苦"};
  if (Utf8Length(reply) > kCurtReply || ContainsAny(reply, kCourtesy)) return v;
  static const std::vector<string_view> kBelittling = {
      "都不知道", "干嘛去了", "废话", "什么人都有", "这点事", "说不清", "咋咋", "还怪", "也值得", "无中生有",
      "抓你", "嫌这嫌那", "你来当", "不看清楚", "自己看", "自己去", "懂个", "少来", "凭什么"};
  std::vector<Match> signs = FindAll(reply, kBelittling);
  const size_t belittling = signs.size();
  if (auto you = reply.find("你"); you != string_view::npos) signs.push_back({"你", you});
  string_view t = Trim(reply);
  for (string_view q : {"？", "?"}) {
    if (t.ends_with(q)) signs.push_back({q, t.data() - reply.data() + t.size() - q.size()});
  }
  if (belittling == 0 || signs.size() < 2) return v;
  std::sort(signs.begin(), signs.end(), [](const Match& a, const Match& b) { return a.byte < b.byte; });
  for (const auto& m : signs) v.cues.push_back(ToCue(reply, m));
  v.venting = true;
  return v;
}

std::string ReplyAddressee(std::string_view reply) {
  string_view t = Trim(reply);
  if (StartsWith(t, "回复")) t.remove_prefix(std::string_view("回复").size());
  if (!StartsWith(t, "@")) return "";
  t.remove_prefix(1);
  size_t end = t.size();
  for (string_view stop : {":", "：", " ", "　", "\n", "\t"}) {
    if (size_t at = t.find(stop); at != string_view::npos) end = std::min(end, at);
  }
  return std::string(t.substr(0, end));
}

int RequestDeadlines::For(RequestKind kind) const {
  switch (kind) {
    case RequestKind::kQuestion: return question_workdays;
    case RequestKind::kComplaint: return complaint_workdays;
    case RequestKind::kRequest:
    case RequestKind::kNone: break;
  }
  return request_workdays;
}

Date RequestDueDate(const WorkCalendar& calendar, const RequestDeadlines& d, RequestKind kind, Date asked_on,
                    bool* fell_back) {
  auto due = calendar.AddWorkdaysLenient(asked_on, d.For(kind));
  if (fell_back) *fell_back = due.fell_back;
  return due.date;
}

RequestTimeliness JudgeRequest(Date due, std::optional<Date> answered_on, Date today) {
  if (answered_on) return *answered_on <= due ? RequestTimeliness::kOnTime : RequestTimeliness::kLate;
  return today > due ? RequestTimeliness::kOverdue : RequestTimeliness::kPending;
}

std::string_view RequestTimelinessId(RequestTimeliness t) {
  switch (t) {
    case RequestTimeliness::kOnTime: return "on_time";
    case RequestTimeliness::kLate: return "late";
    case RequestTimeliness::kOverdue: return "overdue";
    case RequestTimeliness::kPending: break;
  }
  return "pending";
}

}  // namespace govmedia::core
