// Source credits (稿源): the words with which a post says that it, or an article or video it
// carries, was published first by someone else — the forms government accounts really use:
//   来源：X / 来源: X / 来源丨X / 稿源：X / 本文来源：X / 视频来源：X / 出处：X, （来源：X） at the end,
//   转自X / 转载自X / 摘自《X》 / 综合自X、Y, 原标题：…, via @X, Weibo's 转发微博 and //@X: chains,
//   the card of another account's video (X的微博视频, X的秒拍视频), 视频：@X and UP主：X, a closing
//   （X广播电视台）, and a link to the original (原文链接：https://…).
// And the rule of 昆政办发〔2019〕162号 on them: 转载发布的，原则上只转载市委市政府确定的稿源单位发布的信息
// — a credit is checked against the city office's list of approved source units (name, aliases,
// domains, valid from/to), the account's own unit and the city's own media counting as approved.
// How well the recogniser does on real posts is measured in docs/lexicon.md. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govmedia::core {

enum class CreditForm {
  kCreditLine,     // 来源：X, 稿源：X, 本文来源：X, 视频来源：X, 出处：X, （X广播电视台）
  kRepostedFrom,   // 转自X, 转载自X, 摘自X, 综合自X
  kOriginalTitle,  // 原标题：… (a repost; the source, if any, is in another credit)
  kVia,            // via @X
  kWeiboChain,     // //@X: (the account the post was reposted from)
  kWeiboRepost,    // 转发微博 as the whole text (Weibo's default words of a repost)
  kVideoCard,      // X的微博视频 (the card of a video published by X)
  kVideoCredit,    // 视频：@X, UP主：X
  kLink,           // 原文链接：https://… (the original on another site)
};

/// How the form is named to a person ("来源", "转自", "视频", "原文链接").
std::string_view CreditFormLabel(CreditForm f);

struct SourceCredit {
  CreditForm form = CreditForm::kCreditLine;
  /// The publisher as written, without quotes, "@" and platform words (微信公众号, B站UP主); empty
  /// when the words name none (原标题, 转发微博, a link).
  std::string name;
  /// The host of the original's link, lower case, without "www."; empty without a link, and for
  /// links that do not tell the publisher (a platform such as weibo.com or a short link like t.cn).
  std::string domain;
  /// A video card's name runs back to the previous punctuation, so it may begin with words of the
  /// sentence before it ("太服气了军报记者"): any ending of it may be the publisher's name.
  bool open_start = false;
  uint32_t start = 0, end = 0;  // code points of the credit's words in the text, [start, end)
  std::string matched;          // those words
};

/// Every credit in a post's text, in order of appearance. Phrases that only look like one are not
/// credits: 来源于, 物资来源, 图片来源：, 数据来源：, a call to 转发微博 inside a sentence, 本网/原创.
std::vector<SourceCredit> FindSourceCredits(std::string_view text);

/// The form in which names are compared: full-width letters and digits made half-width, ASCII
/// lower case, spaces, quotes and a leading "@" removed, and a platform word at the end removed
/// (新华社客户端 → 新华社, 湖南交通频道官方微博 → 湖南交通频道).
std::string SourceKey(std::string_view name);

/// The host of a URL or of a bare domain ("https://www.News.cn/x" → "news.cn"), or empty when
/// `s` has none.
std::string DomainOf(std::string_view s);

/// One entry of the city office's list of approved source units (稿源单位).
struct ApprovedSource {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> domains;  // a domain covers its subdomains
  std::optional<Date> valid_from, valid_to;  // inclusive; none = open
};

/// Publishers whose words a post may carry without being on the list: the account's own unit and
/// the city's own media (the accounts of the registry).
struct OwnSources {
  std::vector<std::string> units;     // the account's unit; "市公安局" also names "昆山市公安局"
  std::vector<std::string> accounts;  // account names
};

enum class CreditVerdict {
  kOwn,          // the account's unit or one of the city's own accounts
  kApproved,     // on the list and valid on the day of publication
  kNotListed,    // named, and on no entry of the list
  kOutOfPeriod,  // on the list, but not valid on the day of publication
  kUnnamed,      // a repost whose words name no publisher (原标题, 转发微博, a short link)
};

struct CreditCheck {
  SourceCredit credit;
  CreditVerdict verdict = CreditVerdict::kUnnamed;
  std::optional<ApprovedSource> entry;  // the list's entry that matched (approved or out of period)
  /// For kNotListed and kOutOfPeriod, the Chinese note of the hit naming the source found.
  std::string note;
  /// What the hit shows as the term: the name, else the domain.
  std::string term;
};

/// Checks each credit of a post published on `day`. A publisher credited twice (the video card and
/// an @ of the same account) is checked once, at its first credit.
std::vector<CreditCheck> CheckSourceCredits(const std::vector<SourceCredit>& credits,
                                            const std::vector<ApprovedSource>& approved,
                                            const OwnSources& own, Date day);

}  // namespace govmedia::core
