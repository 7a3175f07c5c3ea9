#include "app/demo.h"

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/demo_text.h"
#include "core/assessment_scoring.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Date;
using core::FilingKind;
using core::Platform;
using core::Role;
using core::Status;
using demo::AccountPlan;
using demo::Lcg;
using demo::MonthDay;
using demo::UnitPlan;
using nlohmann::json;

namespace {

int64_t At(Date d, int hour, int minute = 0) {
  return core::StartOfDay(d) + hour * 3600 + minute * 60;
}

std::string Rfc(int64_t epoch) { return core::FormatRfc3339Beijing(epoch); }

constexpr const char* kQuarterNames[] = {"第一季度", "第二季度", "第三季度", "第四季度"};

// An account of the city: its plan, and once made, its id.
struct Account {
  size_t unit = 0;  // index into demo::Units()
  AccountPlan plan;
  bool main = false;
  bool workflow = false;  // applied for while the platform ran (not registered as existing)
  int64_t id = 0;
  Date opened;                   // the day it opened (before the platform: the registry's date)
  Date posts_from, posts_until;  // the days its posts are archived
  std::vector<std::pair<Date, Date>> silent;  // spells without a post
  int gap_min = 1, gap_max = 3;               // days between posts
};

struct PlannedPost {
  int64_t at = 0;
  size_t account = 0;
  std::string text;
  std::string key;    // platform_post_id
  bool edit = false;  // a later version of an earlier post
};

// Findings an inspection can hold, with the evidence a person would write.
struct Problem {
  const char* indicator;
  const char* evidence;
  const char* answer;  // the unit's rectification answer
};

constexpr Problem kProblems[] = {
    {"improper_content", "推文中“部署”误写为“布署”",
     "已更正推文中的错别字，并对编辑人员提醒谈话，落实三审三校制度。"},
    {"improper_content", "推文中“截至”误写为“截止”",
     "已在留言区置顶更正说明，修改后重新推送，后续稿件增加一道校对。"},
    {"improper_content", "推文配图来源未标注",
     "已补充图片来源，并明确原创图片和转载图片的标注要求。"},
    {"comment_moderation", "网民留言超过3个工作日未审看",
     "已安排专人每日审看留言，积压留言已全部处理并答复。"},
    {"improper_reply", "一条网民咨询答复用语生硬、未解答所问",
     "已重新答复该网民，并将常见问题纳入咨询答问库。"},
    {"function_broken", "菜单“办事指南”链接无法打开",
     "已修复菜单链接，经测试可正常访问，建立每周巡检。"},
};

class City {
 public:
  City(Node& node, TravelClock& clock, Date today, int64_t now)
      : node_(node),
        clock_(clock),
        today_(today),
        now_(now),
        y_(today.year()),
        p_(today.year() - 1) {}

  Status Run();
  int previous_year() const { return p_; }

 private:
  // ---- people ----
  core::Principal Office() const { return {0, "admin", Role::kCityAdmin, std::nullopt}; }
  core::Principal Duty() const { return {0, "zhiban", Role::kDutyOfficer, std::nullopt}; }
  core::Principal Inspector(int k) const {
    return {0, k % 2 ? "lixiaoyu" : "wangjian", Role::kInspector, std::nullopt};
  }
  core::Principal Operator(size_t unit) const {
    return {0, demo::Units()[unit].login, Role::kUnitOperator, unit_ids_[unit]};
  }

  // ---- time ----
  Date Workday(Date d) const {  // d, or the next working day
    for (int k = 0; k < 10; ++k) {
      bool fell_back = false;
      if (node_.calendar().IsWorkdayLenient(d, &fell_back)) return d;
      d = d.AddDays(1);
    }
    return d;
  }
  Date WorkdayBefore(Date d) const {  // d, or the working day before it
    for (int k = 0; k < 10; ++k) {
      bool fell_back = false;
      if (node_.calendar().IsWorkdayLenient(d, &fell_back)) return d;
      d = d.AddDays(-1);
    }
    return d;
  }
  // Something that happens at a moment: the clock is set to it before `run`. Moments after now
  // have not happened and are dropped.
  void Schedule(int64_t at, std::function<Status()> run) {
    if (at <= now_) steps_.emplace(std::make_pair(at, next_step_++), std::move(run));
  }

  // ---- plan ----
  Status Plan();
  void PlanAccounts();
  void PlanPosts();
  void PlanQuarter(int year, int q);
  void PlanRound(int year, int q, Date created, const std::vector<std::string>& forced);
  void PlanHigherCheck(Date monitored, Date recorded, const char* level,
                       const std::vector<std::string>& names);
  void PlanRegistry();
  void PlanFinalise();
  void PlanInteraction();
  void PlanSecurity();
  void PostAt(const std::string& account, int64_t at, const std::string& text);

  // ---- acts ----
  Status RegisterExisting();
  Status Apply(size_t a, const std::string& reason);
  Status ArchiveUntil(int64_t until);
  Status SelfInspect(size_t unit, int year, int q, Date day, bool leave_one_out);
  Status Report(size_t unit, int year, int q, Date day, bool submit);
  Status HandleAlert(const std::string& account, const std::string& note);

  /// The first account of that name (and platform, when given); accounts_.size() when none.
  size_t AccountNamed(const std::string& name,
                      std::optional<Platform> platform = std::nullopt) const {
    for (size_t i = 0; i < accounts_.size(); ++i)
      if (accounts_[i].plan.name == name && (!platform || accounts_[i].plan.platform == *platform))
        return i;
    return accounts_.size();
  }
  size_t AccountWithId(int64_t id) const {
    for (size_t i = 0; i < accounts_.size(); ++i)
      if (accounts_[i].id == id) return i;
    return accounts_.size();
  }
  size_t UnitNamed(const std::string& name) const {
    for (size_t i = 0; i < demo::Units().size(); ++i)
      if (demo::Units()[i].unit == name) return i;
    return demo::Units().size();
  }
  bool Running(const Account& a) const { return open_.count(a.id) > 0; }
  std::string LatestPostTitle(size_t account, int64_t before) const;

  Node& node_;
  TravelClock& clock_;
  const Date today_;
  const int64_t now_;
  const int y_, p_;
  Lcg rng_{20191109};
  std::vector<int64_t> unit_ids_;  // by index of demo::Units()
  std::vector<Account> accounts_;
  std::vector<PlannedPost> posts_;
  size_t next_post_ = 0;
  std::map<std::pair<int64_t, size_t>, std::function<Status()>> steps_;  // (moment, order) → act
  size_t next_step_ = 0;
  std::set<int64_t> open_;  // accounts open now (in the walk's time)
  // Per unit and quarter: what its self-inspection found, for its report.
  std::map<std::tuple<size_t, int, int>, std::vector<std::string>> found_;
  std::map<std::tuple<size_t, int, int>, int> inspected_;
  int notice_number_ = 10;
};

// ---------------------------------------------------------------- plan

void City::PlanAccounts() {
  const auto& units = demo::Units();
  for (size_t u = 0; u < units.size(); ++u) {
    for (size_t k = 0; k < units[u].accounts.size(); ++k) {
      Account a;
      a.unit = u;
      a.plan = units[u].accounts[k];
      a.main = k == 0;
      a.opened =
          *Date::FromYmd(2013 + static_cast<int>(rng_.Next(7)), 1 + static_cast<int>(rng_.Next(12)),
                         1 + static_cast<int>(rng_.Next(28)));
      if (a.opened >= core::InternalBodyCutoff()) a.opened = a.opened.AddDays(-400);
      a.gap_min = a.main ? 1 : 2;
      a.gap_max = a.main ? 3 : 5;
      if (a.plan.platform == Platform::kWechatService) a.gap_min = 3, a.gap_max = 5;
      accounts_.push_back(a);
    }
  }
  // Accounts opened through the workflow while the platform ran.
  auto add = [&](const char* unit, Platform pl, const char* name) {
    Account a;
    a.unit = UnitNamed(unit);
    a.plan = {pl, name};
    a.workflow = true;
    a.opened = today_.AddDays(3650);  // posts from the day it opens (Plan)
    a.gap_min = 2, a.gap_max = 4;
    accounts_.push_back(a);
  };
  add("陆家镇", Platform::kDouyin, "陆家融媒");
  add("千灯镇", Platform::kDouyin, "千灯古镇");
  add("昆山市科学技术局", Platform::kWeibo, "昆山科技");
  add("花桥经济开发区管委会", Platform::kWechatChannels, "花桥发布");
  add("巴城镇", Platform::kWechatChannels, "巴城发布");
  add("周庄镇", Platform::kDouyin, "周庄文旅");
  add("淀山湖镇", Platform::kWeibo, "淀山湖镇");
  add("昆山市医疗保障局", Platform::kWechatChannels, "昆山医保");
}

void City::PostAt(const std::string& account, int64_t at, const std::string& text) {
  const size_t a = AccountNamed(account);
  if (a < accounts_.size() && at <= now_)
    posts_.push_back({at, a, text, "s" + std::to_string(posts_.size()), false});
}

void City::PlanPosts() {
  const Date start = *Date::FromYmd(p_, 1, 6);  // the platform began collecting then
  // Spells of silence: the Jinxi town Weibo in the provincial check; a few accounts going quiet
  // now.
  const size_t jinxi_wb = AccountNamed("锦溪镇");
  if (jinxi_wb < accounts_.size())
    accounts_[jinxi_wb].silent.push_back({*Date::FromYmd(p_, 8, 26), *Date::FromYmd(p_, 9, 28)});
  const char* quiet[] = {"昆山审计", "巴城镇", "昆山交通运输", "昆山普法"};
  const int quiet_days[] = {6, 9, 15, 3};
  for (int k = 0; k < 4; ++k) {
    const size_t a = AccountNamed(quiet[k]);
    if (a < accounts_.size())
      accounts_[a].silent.push_back({today_.AddDays(-quiet_days[k]), today_});
  }
  for (size_t i = 0; i < accounts_.size(); ++i) {
    Account& a = accounts_[i];
    const UnitPlan& unit = demo::Units()[a.unit];
    Lcg rng(1000 + i * 7919);
    std::vector<std::string> recent;  // the account's latest texts, not to be repeated soon
    Date from = std::max(start, a.opened);
    Date until = std::min(a.posts_until == Date() ? today_ : a.posts_until, today_);
    for (Date d = from.AddDays(static_cast<int>(rng.Next(2))); d <= until;
         d = d.AddDays(a.gap_min + static_cast<int>(rng.Next(a.gap_max - a.gap_min + 1)))) {
      bool quiet_now = false;
      for (const auto& [s, e] : a.silent) quiet_now |= d >= s && d <= e;
      if (quiet_now) continue;
      const int64_t at = At(d, 7 + static_cast<int>(rng.Next(13)), static_cast<int>(rng.Next(60)));
      if (at > now_) break;
      std::string text = demo::PostText(unit, d, node_.calendar(), rng, recent);
      recent.push_back(text);
      if (recent.size() > 40) recent.erase(recent.begin());
      const std::string key = std::to_string(i) + "-" + d.ToString();
      posts_.push_back({at, i, text, key, false});
      if (rng.Chance(1)) {  // corrected the next morning: a second version in the archive
        posts_.push_back({at + 14 * 3600, i, text + "（本文已更正）", key, true});
      }
    }
  }
  // The posts behind the previous year's findings, and one for the duty officer now.
  PostAt("周庄发布", At(*Date::FromYmd(p_, 5, 16), 20, 10),
         "【文旅】据国家旅游局最新数据，“五一”假期周庄古镇接待游客28.6万人次，同比增长12%。");
  PostAt("锦溪发布", At(*Date::FromYmd(p_, 9, 3), 18, 40),
         "【通知】关于做好" + std::to_string(p_) +
             "年秋季防汛防台工作的通知（机密★1年）：各村（社区）、各单位要落实24小时值班，做好人员"
             "转移预案……");
  PostAt("千灯古镇", At(*Date::FromYmd(y_, 7, 12), 21, 5),
         "千灯古镇的夏夜灯光秀也太美了吧，yyds！周末约起来～");
  PostAt("昆山交通", now_ - 15 * 3600,
         "【保畅】附件：《" + std::to_string(y_) +
             "年冬季道路保畅工作方案》（内部资料 注意保密），请各单位对照落实。");
  std::stable_sort(posts_.begin(), posts_.end(),
                   [](const PlannedPost& a, const PlannedPost& b) { return a.at < b.at; });
}

std::string City::LatestPostTitle(size_t account, int64_t before) const {
  std::string title;
  for (const auto& p : posts_) {
    if (p.at >= before) break;
    if (p.account != account || p.edit) continue;
    // 【标签】 then the first clause.
    std::string t = p.text;
    if (auto close = t.find("】"); close != std::string::npos) t = t.substr(close + 3);
    if (auto stop = t.find("，"); stop != std::string::npos) t = t.substr(0, stop);
    title =
        MonthDay(Date::FromDays((p.at + 8 * 3600) / core::kSecondsPerDay)) + "推文《" + t + "》";
  }
  return title;
}

// One quarter: the units' self-inspections and reports, and the city office's spot check.
void City::PlanQuarter(int year, int q) {
  const Date end = core::QuarterEnd(year, q);
  const Date start = *Date::FromYmd(year, 3 * q + 1, 1);
  const auto& units = demo::Units();
  const bool current = today_ <= end;
  for (size_t u = 0; u < units.size(); ++u) {
    const std::string name = units[u].unit;
    Lcg rng(year * 100 + q * 10 + u);
    // Self-inspection: some day in the quarter's second half.
    Date day = Workday(end.AddDays(-45 + static_cast<int>(rng.Next(34))));
    const bool skip = (year == p_ && q == 2 && name == "昆山市商务局");
    if (!skip) {
      const bool leave_one_out = rng.Chance(15);
      Schedule(At(day, 10, static_cast<int>(rng.Next(50))),
               [=, this] { return SelfInspect(u, year, q, day, leave_one_out); });
    }
    // The report: before the quarter's last day, a few late, two of the statistics bureau's
    // missing.
    if (current) {
      if (rng.Chance(8)) {
        const Date draft = WorkdayBefore(today_.AddDays(-1 - static_cast<int>(rng.Next(5))));
        if (draft >= start)
          Schedule(At(draft, 16), [=, this] { return Report(u, year, q, draft, false); });
      }
      continue;
    }
    Date sent = WorkdayBefore(end.AddDays(-1 - static_cast<int>(rng.Next(8))));
    const bool late =
        (year == p_ &&
         ((q == 0 && name == "淀山湖镇") || (q == 2 && name == "昆山市卫生健康委员会") ||
          (q == 3 && name == "昆山市信访局") || (q == 2 && name == "昆山市统计局"))) ||
        (year == y_ && q == 0 && (name == "昆山市水务局" || name == "亭林城市管理办事处"));
    if (late || rng.Chance(3)) sent = Workday(end.AddDays(3 + static_cast<int>(rng.Next(6))));
    if (year == p_ && name == "昆山市统计局" && (q == 1 || q == 3)) continue;  // never sent
    Schedule(At(sent, 15, static_cast<int>(rng.Next(50))),
             [=, this] { return Report(u, year, q, sent, true); });
  }
  // The city office's spot check, late in the quarter (for the quarter under way: just past).
  std::vector<std::string> forced;
  if (year == p_ && q == 0) forced = {"陆家发布"};
  if (year == p_ && q == 1) forced = {"昆山统计"};
  if (year == y_ && q == 2) forced = {"昆山民政"};
  Date created = Workday(end.AddDays(-27));
  if (current) created = WorkdayBefore(today_.AddDays(-12));
  if (created >= start.AddDays(10)) PlanRound(year, q, created, forced);
}

void City::PlanRound(int year, int q, Date created, const std::vector<std::string>& forced) {
  const Date inspect = Workday(created.AddDays(1));
  const Date finish = Workday(inspect.AddDays(1));
  const Date publish = Workday(finish.AddDays(2));
  const int number = ++notice_number_ + 7 * q;
  struct State {
    int64_t round = 0, notice = 0;
  };
  auto state = std::make_shared<State>();
  Schedule(At(created, 9, 30), [=, this]() -> Status {
    NewRound n;
    n.year = year;
    n.quarter = q + 1;
    n.name = std::to_string(year) + "年" + kQuarterNames[q] + "全市政务新媒体抽查";
    n.spec = {core::SampleSpec::Method::kCount, 0, 12, static_cast<uint64_t>(year * 10 + q)};
    n.seed_given = true;
    n.monitoring_time = Rfc(At(created.AddDays(-1), 10));
    for (const auto& name : forced) {
      const size_t a = AccountNamed(name);
      if (a < accounts_.size() && accounts_[a].id) n.extra_account_ids.push_back(accounts_[a].id);
    }
    auto round = node_.spot_checks().Create(Office(), n);
    if (!round.ok()) return round.status();
    state->round = round->id;
    return Status::Ok();
  });
  Schedule(At(inspect, 9), [=, this]() -> Status {
    auto round = node_.spot_checks().Get(Office(), state->round);
    if (!round.ok()) return round.status();
    Lcg rng(year * 1000 + q);
    int k = 0;
    // Most rounds find one account without a working interaction channel: unqualified.
    const size_t vetoed =
        rng.Chance(70) ? rng.Next(static_cast<uint32_t>(round->items.size())) : round->items.size();
    for (const auto& item : round->items) {
      const core::Principal who = Inspector(k++);
      clock_.Set(At(inspect, 9 + k / 3, (k * 17) % 60));
      auto id = node_.spot_checks().StartInspection(who, item.id);
      if (!id.ok()) return id.status();
      const size_t a = AccountWithId(item.account_id);
      const bool force = std::find(forced.begin(), forced.end(), item.account_name) != forced.end();
      if (force || rng.Chance(30)) {
        const Problem& pr = kProblems[rng.Next(std::size(kProblems))];
        std::string evidence = pr.evidence;
        if (std::string(pr.indicator) == "improper_content" && a < accounts_.size()) {
          const std::string title = LatestPostTitle(a, At(created.AddDays(-1), 10));
          if (!title.empty())
            evidence = title + "中，" + evidence.substr(std::string("推文中").size());
        }
        auto f = node_.scoring().AddFinding(who, *id, pr.indicator, 1, evidence, "");
        if (!f.ok()) return f.status();
      } else if (static_cast<size_t>(k - 1) == vetoed) {
        auto f = node_.scoring().AddFinding(who, *id, "veto.no_interaction", 1,
                                            "评论、留言功能关闭，也未提供其他互动渠道", "");
        if (!f.ok()) return f.status();
      }
      if (auto c = node_.scoring().Close(who, *id); !c.ok()) return c.status();
    }
    return Status::Ok();
  });
  Schedule(At(finish, 11), [=, this]() -> Status {
    if (auto f = node_.spot_checks().Finish(Office(), state->round); !f.ok()) return f.status();
    auto notice = node_.spot_checks().Draft(
        Office(), state->round,
        "关于" + std::to_string(year) + "年" + kQuarterNames[q] + "全市政务新媒体抽查情况的通报",
        "昆政办函〔" + std::to_string(year) + "〕" + std::to_string(number) + "号");
    if (!notice.ok()) return notice.status();
    state->notice = notice->id;
    return Status::Ok();
  });
  Schedule(At(publish, 10), [=, this]() -> Status {
    auto p = node_.spot_checks().Publish(Office(), state->notice, publish);
    if (!p.ok()) return p.status();
    // The units answer within days; a few late, one not at all; the office re-checks.
    RectificationFilter f;
    f.notice_id = state->notice;
    auto tasks = node_.rectifications().List(Office(), f);
    if (!tasks.ok()) return tasks.status();
    Lcg rng(year * 31 + q);
    int k = 0;
    for (const auto& t : *tasks) {
      const std::string& account = t.account_name;
      const bool forced_here = std::find(forced.begin(), forced.end(), account) != forced.end();
      if (forced_here && year == y_) continue;  // never answered: overdue
      int days = 2 + static_cast<int>(rng.Next(6));
      if (forced_here) days = 13 + static_cast<int>(rng.Next(4));  // answered after the 10 days
      const Date answered = Workday(publish.AddDays(days));
      std::string answer = "已整改。";
      for (const auto& pr : kProblems)
        if (t.indicator == pr.indicator) answer = pr.answer;
      if (t.indicator == "veto.no_interaction")
        answer = "已开启留言和私信功能，明确专人负责互动回复。";
      const bool returned = (k++ == 1 && q == 2);
      const int64_t id = t.id;
      const size_t unit = UnitNamed(t.unit_name);
      Schedule(At(answered, 16, 20), [=, this]() -> Status {
        auto r =
            node_.rectifications().Answer(Operator(unit), id, returned ? "已整改。" : answer, "");
        return r.ok() ? Status::Ok() : r.status();
      });
      Date reviewed = Workday(answered.AddDays(1 + static_cast<int>(rng.Next(2))));
      if (returned) {
        Schedule(At(reviewed, 10), [=, this]() -> Status {
          auto r = node_.rectifications().Review(Office(), id, "return",
                                                 "请说明具体整改措施并附更正后的链接");
          return r.ok() ? Status::Ok() : r.status();
        });
        const Date again = Workday(reviewed.AddDays(1));
        Schedule(At(again, 15), [=, this]() -> Status {
          auto r = node_.rectifications().Answer(
              Operator(unit), id, answer,
              "https://example.gov.cn/demo/rectification/" + std::to_string(id));
          return r.ok() ? Status::Ok() : r.status();
        });
        reviewed = Workday(again.AddDays(1));
      }
      if (reviewed < today_ || rng.Chance(40))
        Schedule(At(reviewed, 11), [=, this]() -> Status {
          auto r = node_.rectifications().Review(Office(), id, "close", "经复查，整改到位。");
          return r.ok() ? Status::Ok() : r.status();
        });
    }
    return Status::Ok();
  });
}

void City::PlanHigherCheck(Date monitored, Date recorded, const char* level,
                           const std::vector<std::string>& names) {
  Schedule(At(recorded, 14), [=, this]() -> Status {
    for (const auto& name : names) {
      const size_t a = AccountNamed(name);
      if (a >= accounts_.size() || !accounts_[a].id) continue;
      auto insp = node_.scoring().Create(
          Office(), {accounts_[a].id, "higher", level, Rfc(At(monitored, 10))});
      if (!insp.ok()) return insp.status();
      if (auto c = node_.scoring().Close(Office(), insp->row.id); !c.ok()) return c.status();
    }
    return Status::Ok();
  });
}

void City::PlanRegistry() {
  auto d = [](int y, int m, int day) { return *Date::FromYmd(y, m, day); };
  // A filing of account `a` by `who`, forwarded by the office the next working day when `forward`.
  auto file = [this](size_t a, const core::Principal& who, FilingKind kind, Date event, Date filed,
                     std::string reason, std::function<void(core::AccountRecord*)> edit,
                     bool forward) {
    if (a >= accounts_.size()) return;
    Schedule(At(filed, 10, 30), [=, this]() -> Status {
      NewFiling f;
      f.kind = kind;
      f.event_on = event;
      f.reason = reason;
      if (edit) {
        f.changes = [edit](core::AccountRecord* r) {
          edit(r);
          return Status::Ok();
        };
        f.changes_json = json{{"reason", reason}}.dump();
      }
      if (kind == FilingKind::kClose) {
        f.closure_notice_url =
            "https://example.gov.cn/demo/notice/" + std::to_string(accounts_[a].id);
        f.closure_notice_on = event.AddDays(-3);
      }
      auto v = node_.registry().File(who, accounts_[a].id, f);
      if (!v.ok()) return v.status();
      if (kind == FilingKind::kOpen) open_.insert(accounts_[a].id);
      if (kind == FilingKind::kClose || kind == FilingKind::kCancel) open_.erase(accounts_[a].id);
      if (!forward) return Status::Ok();
      const Date on = Workday(filed.AddDays(1));
      const int64_t filing = v->row.id;
      Schedule(At(on, 9, 40), [=, this]() -> Status {
        auto fw = node_.registry().Forward(Office(), filing, on);
        return fw.ok() ? Status::Ok() : fw.status();
      });
      return Status::Ok();
    });
  };
  auto op = [this](const char* unit) { return Operator(UnitNamed(unit)); };
  auto apply = [this](size_t a, Date on, std::string reason) {
    if (a < accounts_.size()) Schedule(At(on, 9, 15), [=, this] { return Apply(a, reason); });
  };
  auto decide = [this](size_t a, Date on, core::Decision decision, std::string note) {
    if (a >= accounts_.size()) return;
    Schedule(At(on, 11), [=, this]() -> Status {
      auto r = node_.registry().Decide(Office(), accounts_[a].id, decision, note);
      return r.ok() ? Status::Ok() : r.status();
    });
  };
  const int p = p_, y = y_;
  const size_t lujia = AccountNamed("陆家融媒"), qiandeng = AccountNamed("千灯古镇"),
               tongji = AccountNamed("昆山统计", Platform::kWechatSubscription),
               zhoushi = AccountNamed("周市镇"), jiaoyu = AccountNamed("昆山教育"),
               rongmei_tt = AccountNamed("昆山融媒", Platform::kToutiao),
               keji = AccountNamed("昆山科技", Platform::kWeibo),
               yingji = AccountNamed("昆山应急管理"),
               huaqiao = AccountNamed("花桥发布", Platform::kWechatChannels),
               bacheng = AccountNamed("巴城发布", Platform::kWechatChannels),
               zhouzhuang = AccountNamed("周庄文旅"), dianshanhu = AccountNamed("淀山湖镇"),
               yibao = AccountNamed("昆山医保", Platform::kWechatChannels),
               sifa = AccountNamed("昆山司法");
  // The previous year: openings through the workflow (one before its approval), late and timely
  // changes, a closure the unit did not carry out, an account found outside the registry.
  apply(lujia, d(p, 3, 10), "发布镇域短视频新闻和便民信息");
  decide(lujia, d(p, 3, 12), core::Decision::kApprove, "同意开设，请按规定备案");
  file(lujia, op("陆家镇"), FilingKind::kOpen, d(p, 4, 1), d(p, 4, 2), "经批准开设", nullptr, true);
  apply(qiandeng, d(p, 5, 6), "宣传千灯古镇文旅资源");
  file(qiandeng, op("千灯镇"), FilingKind::kOpen, d(p, 5, 19), d(p, 5, 20), "开设抖音账号", nullptr,
       true);
  file(
      tongji, op("昆山市统计局"), FilingKind::kChange, d(p, 4, 7), d(p, 4, 15), "分管领导调整",
      [](core::AccountRecord* r) { r->deputy_leader.name = "陆春华"; }, true);
  file(
      tongji, op("昆山市统计局"), FilingKind::kChange, d(p, 8, 4), d(p, 8, 13), "总编辑调整",
      [](core::AccountRecord* r) { r->chief_editor.name = "钱晓燕"; }, true);
  file(zhoushi, op("周市镇"), FilingKind::kClose, d(p, 6, 30), d(p, 7, 1),
       "整合至“周市发布”，停止更新", nullptr, true);
  file(zhoushi, op("周市镇"), FilingKind::kCancel, d(p, 9, 15), d(p, 9, 16), "账号注销", nullptr,
       true);
  file(
      jiaoyu, op("昆山市教育局"), FilingKind::kChange, d(p, 10, 13), d(p, 10, 14), "主要领导调整",
      [](core::AccountRecord* r) { r->main_leader.name = "顾建国"; }, true);
  file(rongmei_tt, op("昆山市融媒体中心"), FilingKind::kClose, d(p, 11, 28), d(p, 11, 28),
       "头条号整合至“第一昆山”客户端", nullptr, true);
  file(rongmei_tt, op("昆山市融媒体中心"), FilingKind::kCancel, d(y, 1, 20), d(y, 1, 21),
       "账号注销", nullptr, true);
  Schedule(At(d(p, 8, 12), 15), [this]() -> Status {
    Unregistered u;
    u.unit_id = unit_ids_[UnitNamed("巴城镇")];
    u.platform = "douyin";
    u.name = "巴城文旅小助手";
    u.url = "https://example.gov.cn/demo/found/bacheng";
    u.source = "inspection";
    u.note = "检查中发现，系镇文体站开设，未纳入台账";
    auto r = node_.scope().Report(Inspector(0), u);
    return r.ok() ? Status::Ok() : r.status();
  });
  // This year: an opening filed late, a timely change, an opening in the summer.
  apply(keji, d(y, 2, 20), "发布科技创新政策和项目申报信息");
  decide(keji, d(y, 2, 24), core::Decision::kApprove, "同意开设");
  file(keji, op("昆山市科学技术局"), FilingKind::kOpen, d(y, 3, 9), d(y, 3, 16), "经批准开设",
       nullptr, true);
  file(
      yingji, op("昆山市应急管理局"), FilingKind::kChange, d(y, 5, 11), d(y, 5, 12), "工作人员调整",
      [](core::AccountRecord* r) {
        if (!r->staff.empty()) r->staff[0].name = "邹一鸣";
      },
      true);
  apply(huaqiao, d(y, 7, 6), "以短视频发布花桥政务信息");
  decide(huaqiao, d(y, 7, 8), core::Decision::kApprove, "同意开设");
  file(huaqiao, op("花桥经济开发区管委会"), FilingKind::kOpen, d(y, 8, 3), d(y, 8, 4), "经批准开设",
       nullptr, true);
  // Under way now: an opening waiting to be forwarded, an application to decide, one rejected, one
  // approved and not yet opened, a change filed and forwarded.
  const Date t = today_;
  apply(bacheng, WorkdayBefore(t.AddDays(-40)), "以短视频发布巴城文旅和民生信息");
  decide(bacheng, WorkdayBefore(t.AddDays(-37)), core::Decision::kApprove, "同意开设");
  file(bacheng, op("巴城镇"), FilingKind::kOpen, WorkdayBefore(t.AddDays(-2)),
       WorkdayBefore(t.AddDays(-1)), "经批准开设", nullptr, false);
  apply(zhouzhuang, WorkdayBefore(t.AddDays(-5)), "宣传周庄古镇文旅活动");
  apply(dianshanhu, WorkdayBefore(t.AddDays(-25)), "开设微博发布镇务信息");
  decide(dianshanhu, WorkdayBefore(t.AddDays(-21)), core::Decision::kReject,
         "与“淀山湖发布”功能重复，请整合后再申请");
  apply(yibao, WorkdayBefore(t.AddDays(-12)), "以短视频解读医保政策");
  decide(yibao, WorkdayBefore(t.AddDays(-9)), core::Decision::kApprove, "同意开设");
  file(
      sifa, op("昆山市司法局"), FilingKind::kChange, WorkdayBefore(t.AddDays(-20)),
      WorkdayBefore(t.AddDays(-19)), "总编辑调整",
      [](core::AccountRecord* r) { r->chief_editor.name = "沈静"; }, true);
}

void City::PlanFinalise() {
  // The office enters what the platform does not know, then finalises the previous year.
  int64_t at = At(Workday(*Date::FromYmd(y_, 1, 14)), 10);
  at = std::max(std::min(at, now_ - 3600), At(*Date::FromYmd(y_, 1, 1), 9));
  Schedule(at, [this]() -> Status {
    struct Entry {
      const char* unit;
      json inputs;
    };
    const std::string ys = std::to_string(p_);
    const Entry entries[] = {
        {"昆山市融媒体中心",
         {{"commendations",
           {{{"level", "province"}, {"title", ys + "年度江苏省政务新媒体优秀账号"}}}}}},
        {"昆山市公安局",
         {{"commendations",
           {{{"level", "suzhou"}, {"title", ys + "年度苏州市政务新媒体创新案例"}}}}}},
        {"张浦镇",
         {{"commendations",
           {{{"level", "suzhou"}, {"title", "苏州市政务新媒体“走基层”优秀作品"}}}}}},
        {"昆山市文体广电和旅游局",
         {{"commendations",
           {{{"level", "suzhou"}, {"title", ys + "年苏州市文旅宣传优秀账号"}},
            {{"level", "province"}, {"title", ys + "年江苏省文旅新媒体传播力十强"}}}}}},
        {"昆山市统计局", {{"in_performance_evaluation", false}}},
    };
    for (const auto& e : entries) {
      auto r = node_.assessment().SaveInputs(Office(), unit_ids_[UnitNamed(e.unit)], p_, e.inputs);
      if (!r.ok()) return r.status();
    }
    return node_.assessment().Finalize(Office(), p_);
  });
}

void City::PlanInteraction() {
  // The Q&A library: the city's entries and a town's own, entered in spring.
  struct QaPlan {
    const char* unit;  // nullptr: city-wide
    const char* question;
    const char* answer;
    const char* policy;
    const char* number;
  };
  static constexpr QaPlan kQa[] = {
      {nullptr, "居住证怎么办理？需要哪些材料？", "持身份证、居住登记凭证到居住地派出所或“昆山公安”政务服务窗口办理，居住满半年可申领。",
       "江苏省流动人口居住管理办法", "省政府令第140号"},
      {nullptr, "公积金提取需要多长时间到账？", "材料齐全的，线上提取一般 1 个工作日内到账，窗口办理 3 个工作日内到账。",
       "苏州市住房公积金提取管理办法", "苏公积金〔2023〕4号"},
      {"张浦镇", "张浦镇政务服务中心的办公时间是什么？", "工作日上午 9:00—12:00，下午 13:30—17:00，周六上午提供预约服务。", "", ""},
      {"昆山市教育局", "义务教育阶段入学报名什么时候开始？", "每年 6 月中旬网上报名，具体时间以当年招生公告为准。",
       "昆山市义务教育阶段学校招生工作意见", "昆教发〔2024〕12号"},
  };
  Schedule(At(Workday(*Date::FromYmd(y_, 3, 4)), 10), [this]() -> Status {
    for (const auto& q : kQa) {
      json body{{"question", q.question}, {"answer", q.answer}, {"policy_title", q.policy}, {"policy_number", q.number}};
      if (q.unit && UnitNamed(q.unit) >= unit_ids_.size()) continue;
      const core::Principal who = q.unit ? Operator(UnitNamed(q.unit)) : Office();
      if (auto r = node_.qa().Create(who, body); !r.ok()) return r.status();
    }
    return Status::Ok();
  });
  // Netizens' corrections through the city portal: one answered in time from the library, one
  // answered late after escalation, one waiting for acceptance today.
  struct CorrectionPlan {
    const char* account;
    const char* kind;
    const char* text;
    int days_ago;        // filed this many days before today
    int accept_after;    // working days to accept (-1: not yet)
    const char* answer;  // nullptr: not yet answered
  };
  static constexpr CorrectionPlan kCorrections[] = {
      {"张浦发布", "content_error", "张浦镇政务服务中心办公时间的推文写的是下午 14:00 开始，现场实际 13:30 就上班了，请更正。", 40, 0,
       "感谢指正！工作日下午 13:30 开始办公，推文已更正。"},
      {"巴城发布", "link_broken", "菜单“办事指南”点进去是空白页，已经好几天了，麻烦看一下。", 25, 2,
       "菜单链接已修复，经测试可正常打开，感谢您的反馈。"},
      {"昆山教育", "content_error", "入学报名通知里的咨询电话打不通，是不是号码写错了？", 1, -1, nullptr},
  };
  for (const auto& c : kCorrections) {
    const Date filed = WorkdayBefore(today_.AddDays(-c.days_ago));
    Schedule(At(filed, 9, 30), [this, c]() -> Status {
      const size_t a = AccountNamed(c.account);
      if (a >= accounts_.size() || !accounts_[a].id) return Status::Ok();
      json body{{"account_id", accounts_[a].id}, {"kind", c.kind}, {"description", c.text}};
      if (auto r = node_.corrections().Submit(body, "demo", "市政府门户网站", nullptr); !r.ok()) return r.status();
      return Status::Ok();
    });
    if (c.accept_after < 0) continue;
    Date accepted = filed;
    for (int k = 0; k < c.accept_after; ++k) accepted = Workday(accepted.AddDays(1));
    Schedule(At(accepted, 15), [this, c]() -> Status {
      const size_t a = AccountNamed(c.account);
      if (a >= accounts_.size() || !accounts_[a].id) return Status::Ok();
      auto rows = node_.db().Query("SELECT id FROM corrections WHERE account_id = ? AND status = 'submitted'", {accounts_[a].id});
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        const core::Principal who = Operator(accounts_[a].unit);
        if (auto x = node_.corrections().Accept(who, r.Int(0)); !x.ok()) return x.status();
        std::optional<int64_t> entry;
        auto used = node_.db().Query("SELECT id FROM qa_entries WHERE unit_id = ? LIMIT 1", {unit_ids_[accounts_[a].unit]});
        if (used.ok() && !used->empty()) entry = used->front().Int(0);
        if (auto x = node_.corrections().Answer(who, r.Int(0), c.answer, entry); !x.ok()) return x.status();
      }
      return Status::Ok();
    });
  }
  // Comments under the accounts' posts that ask something (限时办理), with the accounts' replies:
  // answered in time, one answered in a tone that is a finding (互动回应失当), one overdue, one
  // waiting.
  struct CommentPlan {
    const char* account;
    const char* id;
    const char* author;  // nullptr: the account itself replies
    const char* text;
    int days_ago;
  };
  static constexpr CommentPlan kComments[] = {
      {"张浦发布", "q1", "市民小王", "请问张浦镇政务服务中心周六上午可以办居住证吗？", 16},
      {"张浦发布", "r1", nullptr, "回复@市民小王:您好，周六上午提供预约服务，请提前在“苏周到”预约。", 15},
      {"张浦发布", "q2", "张浦老李", "希望尽快修一下新镇路和银河路路口的红绿灯，晚上都不亮了", 12},
      {"张浦发布", "q3", "阿花", "辛苦了，为张浦点赞！", 12},
      {"张浦发布", "q4", "周末带娃", "请问镇上的图书馆现在几点关门？", 3},
      {"巴城发布", "q1", "蟹农小陈", "请问今年阳澄湖大闸蟹开捕时间定了吗？", 20},
      {"巴城发布", "r1", nullptr, "回复@蟹农小陈:自己不会看通知吗？问了八百遍了", 19},
      {"昆山教育", "q1", "新生家长", "孩子明年上小学，学区怎么划分的？有没有具体的文件", 1},
  };
  for (const auto& c : kComments) {
    Schedule(At(WorkdayBefore(today_.AddDays(-c.days_ago)), 20, 15), [this, c]() -> Status {
      const size_t a = AccountNamed(c.account);
      if (a >= accounts_.size() || !accounts_[a].id) return Status::Ok();
      storage::IncomingPost in;
      in.account_id = accounts_[a].id;
      in.kind = std::string(storage::kKindComment);
      in.platform_post_id = "demo-comment-" + std::string(c.id);
      in.parent_platform_id = "demo-ask-" + std::to_string(accounts_[a].id);
      in.author = c.author ? c.author : accounts_[a].plan.name;
      in.published_epoch = clock_.NowSeconds();
      in.published_at = Rfc(in.published_epoch);
      in.text = c.text;
      return node_.db().Transaction([&]() -> Status {
        auto r = node_.posts().Archive(in, clock_.NowRfc3339());
        if (!r.ok()) return r.status();
        return node_.monitor().OnArchived(in, *r);
      });
    });
  }
}

Status City::Plan() {
  PlanAccounts();
  Schedule(At(Workday(*Date::FromYmd(p_, 1, 6)), 9), [this] { return RegisterExisting(); });
  PlanRegistry();
  // The silence of the Jinxi Weibo ends with the province's check; the Zhoushi Weibo kept posting
  // after its reported closure, until the office noticed.
  const size_t zhoushi = AccountNamed("周市镇");
  if (zhoushi < accounts_.size()) accounts_[zhoushi].posts_until = *Date::FromYmd(p_, 7, 22);
  const size_t rongmei_tt = [&] {
    for (size_t i = 0; i < accounts_.size(); ++i)
      if (accounts_[i].plan.name == std::string("昆山融媒") &&
          accounts_[i].plan.platform == Platform::kToutiao)
        return i;
    return accounts_.size();
  }();
  if (rongmei_tt < accounts_.size()) accounts_[rongmei_tt].posts_until = *Date::FromYmd(p_, 11, 27);
  // Workflow accounts post from the day they open (PlanRegistry).
  auto opens = [&](size_t a, Date d) {
    if (a < accounts_.size()) accounts_[a].opened = d;
  };
  opens(AccountNamed("陆家融媒"), *Date::FromYmd(p_, 4, 1));
  opens(AccountNamed("千灯古镇"), *Date::FromYmd(p_, 5, 19));
  opens(AccountNamed("昆山科技", Platform::kWeibo), *Date::FromYmd(y_, 3, 9));
  opens(AccountNamed("花桥发布", Platform::kWechatChannels), *Date::FromYmd(y_, 8, 3));
  opens(AccountNamed("巴城发布", Platform::kWechatChannels), WorkdayBefore(today_.AddDays(-2)));
  PlanPosts();
  for (int q = 0; q < 4; ++q) PlanQuarter(p_, q);
  for (int q = 0; q < 4 && *Date::FromYmd(y_, 3 * q + 1, 1) <= today_; ++q) PlanQuarter(y_, q);
  PlanHigherCheck(*Date::FromYmd(p_, 5, 27), *Date::FromYmd(p_, 6, 9), "suzhou",
                  {"周庄发布", "花桥发布", "昆山文旅", "昆山消防", "昆山市场监管", "昆山开发区发布",
                   "昆山气象", "巴城发布"});
  PlanHigherCheck(*Date::FromYmd(p_, 9, 16), *Date::FromYmd(p_, 9, 25), "province",
                  {"锦溪发布", "锦溪镇", "张浦发布", "昆山教育", "平安昆山", "健康昆山", "昆山税务",
                   "昆山人社"});
  PlanHigherCheck(*Date::FromYmd(y_, 6, 9), *Date::FromYmd(y_, 6, 18), "suzhou",
                  {"张浦发布", "周市发布", "昆山公安", "第一昆山", "健康昆山", "千灯发布",
                   "昆山应急管理", "昆山城管"});
  // The duty officer on the alerts of the previous year.
  Schedule(At(*Date::FromYmd(p_, 5, 17), 8, 40), [this] {
    return HandleAlert("周庄发布",
                       "已电话通知周庄镇党政办，原文已删除，更正为“文化和旅游部”后重新发布");
  });
  Schedule(At(*Date::FromYmd(p_, 9, 3), 19, 25), [this] {
    return HandleAlert("锦溪发布", "已通知锦溪镇立即删除并报市委保密办，涉事文件已收回");
  });
  PlanFinalise();
  PlanInteraction();
  PlanSecurity();
  return Status::Ok();
}

// The security ledgers (安全台账) a month ago: most accounts with a custodian from their staff and a
// recent password change; some without two-factor, some overdue, a few not filled in; most units
// with an emergency plan, one drilled over a year ago; a handover recorded at 张浦发布.
void City::PlanSecurity() {
  const Date day = WorkdayBefore(today_.AddDays(-30));
  Schedule(At(day, 16), [this, day]() -> Status {
    std::set<size_t> units;
    for (size_t k = 0; k < accounts_.size(); ++k) {
      const Account& a = accounts_[k];
      if (!a.id || !Running(a) || k % 11 == 7) continue;
      auto row = node_.registry_store().GetAccount(a.id);
      if (!row.ok()) return row.status();
      const auto& rec = row->record;
      const std::string person = !rec.staff.empty() && !rec.staff[0].name.empty() ? rec.staff[0].name : rec.main_leader.name;
      if (person.empty()) continue;
      units.insert(a.unit);
      const std::string unit = demo::Units()[a.unit].unit;
      json body{{"two_factor", k % 7 != 3},
                {"last_password_change", day.AddDays(k % 9 == 5 ? -150 : -static_cast<int64_t>(5 + k % 40)).ToString()},
                {"devices", json::array({{{"name", "运营专用手机"}, {"kind", "device"}}})},
                {"custodians", json::array({{{"name", person},
                                             {"role", !rec.staff.empty() ? rec.staff[0].title : rec.main_leader.title},
                                             {"storage", unit + "党政办保险柜密封信封"}}})}};
      if (k % 4 == 1) body["devices"].push_back({{"name", "新媒体管理平台（第三方）"}, {"kind", "tool"}, {"note", "定时发布"}});
      // At 张浦发布 the office's director held the credentials until the editor took over.
      const bool handed = a.plan.name == std::string("张浦发布");
      if (handed)
        body["custodians"] = json::array({{{"name", "党政办主任"}, {"role", "主任"}, {"storage", unit + "党政办保险柜密封信封"}}});
      auto r = node_.security().UpdateLedger(Operator(a.unit), a.id, body);
      if (!r.ok()) return r.status();
      if (handed) {
        json handover{{"from_custodian_id", (*r)["custodians"][0]["id"]},
                      {"to_name", person},
                      {"to_role", "运维编辑"},
                      {"to_storage", unit + "党政办保险柜密封信封（交接后重新封存）"},
                      {"handed_over_on", day.ToString()},
                      {"password_changed", true},
                      {"note", "原保管人岗位调整"}};
        if (auto h = node_.security().RecordHandover(Operator(a.unit), a.id, handover); !h.ok()) return h.status();
      }
    }
    for (size_t u : units) {
      if (u % 5 == 2) continue;
      const std::string unit = demo::Units()[u].unit;
      json plan{{"reference", unit + "政务新媒体账号安全应急预案"},
                {"last_drill_on", day.AddDays(u % 6 == 1 ? -400 : -static_cast<int64_t>(20 + (u * 37) % 300)).ToString()},
                {"contact_name", "值班室"},
                {"contact_phone", "0512-575" + std::to_string(10000 + u)}};
      if (auto r = node_.security().UpdatePlan(Operator(u), unit_ids_[u], plan); !r.ok()) return r.status();
    }
    return Status::Ok();
  });
}

// ---------------------------------------------------------------- acts

Status City::RegisterExisting() {
  const auto& units = demo::Units();
  Lcg rng(162);
  for (auto& a : accounts_) {
    if (a.workflow) continue;  // applied for later
    const UnitPlan& u = units[a.unit];
    NewAccount n;
    n.demo = true;
    n.existing = true;
    auto& r = n.record;
    r.unit_id = unit_ids_[a.unit];
    r.platform = a.plan.platform;
    r.name = a.plan.name;
    r.opened_on = a.opened;
    r.positioning = std::string("发布") + u.org + "政务信息、" + u.place + "政策解读和便民服务";
    r.url = "https://example.gov.cn/demo/" + std::string(u.login) + "/" +
            std::string(core::PlatformId(a.plan.platform));
    const std::string unit_name = u.unit;
    const bool town = unit_name.ends_with("镇");
    const bool board = unit_name.ends_with("管委会") || unit_name.ends_with("办事处") ||
                       unit_name.ends_with("委员会") || unit_name.ends_with("中心");
    r.managing_office = town ? "党政办公室" : board ? "综合办公室" : "办公室";
    const char* chief = town ? "镇长" : board ? "主任" : "局长";
    const char* deputy = town ? "副镇长" : board ? "副主任" : "副局长";
    auto phone = [&] {
      char buf[16];
      std::snprintf(buf, sizeof buf, "1380000%04u", rng.Next(10000));
      return std::string(buf);
    };
    r.main_leader = {demo::PersonName(rng), chief, phone()};
    r.deputy_leader = {demo::PersonName(rng), deputy, phone()};
    r.chief_editor = {demo::PersonName(rng), std::string(r.managing_office) + "主任", phone()};
    char landline[20];
    std::snprintf(landline, sizeof landline, "0512-5750%04u", rng.Next(10000));
    r.staff = {{demo::PersonName(rng), "宣传干事", phone()},
               {demo::PersonName(rng), "科员", landline}};
    r.certification = unit_name;
    if (r.platform == Platform::kApp)
      r.app_download_urls = {"https://example.gov.cn/demo/" + std::string(u.login) + ".apk"};
    auto made = node_.registry().CreateAccount(Office(), n);
    if (!made.ok()) return made.status();
    a.id = made->id;
    open_.insert(a.id);
  }
  return Status::Ok();
}

Status City::Apply(size_t a, const std::string& reason) {
  Account& acc = accounts_[a];
  const UnitPlan& u = demo::Units()[acc.unit];
  Lcg rng(7 + a);
  NewAccount n;
  n.demo = true;
  n.application_reason = reason;
  auto& r = n.record;
  r.unit_id = unit_ids_[acc.unit];
  r.platform = acc.plan.platform;
  r.name = acc.plan.name;
  r.positioning = reason;
  r.url = "https://example.gov.cn/demo/" + std::string(u.login) + "/" +
          std::string(core::PlatformId(acc.plan.platform));
  r.managing_office = "办公室";
  r.main_leader = {demo::PersonName(rng), "主要负责人", "13800009" + std::to_string(100 + a)};
  r.deputy_leader = {demo::PersonName(rng), "分管负责人", "13800008" + std::to_string(100 + a)};
  r.chief_editor = {demo::PersonName(rng), "总编辑", "13800007" + std::to_string(100 + a)};
  r.staff = {{demo::PersonName(rng), "编辑", "13800006" + std::to_string(100 + a)}};
  r.certification = u.unit;
  auto made = node_.registry().CreateAccount(Operator(acc.unit), n);
  if (!made.ok()) return made.status();
  acc.id = made->id;
  return Status::Ok();
}

Status City::ArchiveUntil(int64_t until) {
  if (next_post_ >= posts_.size() || posts_[next_post_].at > until) return Status::Ok();
  return node_.db().Transaction([&]() -> Status {
    for (; next_post_ < posts_.size() && posts_[next_post_].at <= until; ++next_post_) {
      const PlannedPost& p = posts_[next_post_];
      const Account& a = accounts_[p.account];
      if (!a.id) continue;
      // Fetched within the hour.
      clock_.Set(p.at + 600 + static_cast<int64_t>(next_post_ % 2400));
      storage::IncomingPost in;
      in.account_id = a.id;
      in.platform_post_id = "demo-" + p.key;
      const int64_t published = p.edit ? p.at - 14 * 3600 : p.at;
      in.published_epoch = published;
      in.published_at = Rfc(published);
      in.text = p.text;
      in.url = "https://example.gov.cn/demo/posts/" + std::to_string(a.id) + "/" + p.key;
      auto r = node_.posts().Archive(in, clock_.NowRfc3339());
      if (!r.ok()) return r.status();
      if (Status s = node_.monitor().OnArchived(in, *r); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

Status City::SelfInspect(size_t unit, int year, int q, Date day, bool leave_one_out) {
  Lcg rng(day.days() * 7 + unit);
  const core::Principal who = Operator(unit);
  std::vector<size_t> mine;
  for (size_t i = 0; i < accounts_.size(); ++i)
    if (accounts_[i].unit == unit && Running(accounts_[i])) mine.push_back(i);
  // The statistics bureau never inspected its Weibo in the previous year.
  const std::string unit_name = demo::Units()[unit].unit;
  if (year == p_ && unit_name == "昆山市统计局")
    std::erase_if(mine, [&](size_t i) { return accounts_[i].plan.platform == Platform::kWeibo; });
  if (leave_one_out && mine.size() >= 3) mine.pop_back();
  auto& found = found_[{unit, year, q}];
  for (size_t i : mine) {
    auto insp = node_.scoring().Create(who, {accounts_[i].id, "self", "", Rfc(At(day, 9))});
    if (!insp.ok()) return insp.status();
    if (rng.Chance(12)) {
      const Problem& pr = kProblems[rng.Next(std::size(kProblems))];
      auto f = node_.scoring().AddFinding(
          who, insp->row.id, pr.indicator, 1,
          std::string(accounts_[i].plan.name) + "：" + pr.evidence + "（自查发现）", "");
      if (!f.ok()) return f.status();
      found.push_back(std::string("“") + accounts_[i].plan.name + "”" + pr.evidence);
    }
    auto closed = node_.scoring().Close(who, insp->row.id);
    if (!closed.ok()) return closed.status();
    for (const auto& d : closed->derived)
      for (const auto& e : d.evidence)
        found.push_back(std::string("“") + accounts_[i].plan.name + "”" + e);
    ++inspected_[{unit, year, q}];
  }
  return Status::Ok();
}

Status City::Report(size_t unit, int year, int q, Date day, bool submit) {
  const auto key = std::make_tuple(unit, year, q);
  const int n = inspected_.count(key) ? inspected_[key] : 0;
  const auto& found = found_[key];
  ReportDraft d;
  d.unit_id = unit_ids_[unit];
  d.year = year;
  d.quarter = q + 1;
  d.checked = std::string(q == 3 ? "本季度（并全年）" : "本季度") + "对本单位 " +
              std::to_string(n) +
              " 个政务新媒体账号逐一开展自查，对照附件2检查开设、内容更新、内容发布、互动回应和功能"
              "等情况。";
  if (found.empty()) {
    d.problems = "未发现明显问题。";
    d.rectification = "继续落实内容三审三校、每日值班和留言审看制度。";
  } else {
    for (const auto& f : found) d.problems += (d.problems.empty() ? "" : "；") + f;
    d.problems += "。";
    d.rectification = "发现的问题已于" + MonthDay(day.AddDays(-3)) +
                      "前整改到位，相关人员已提醒谈话，并纳入月度通报。";
  }
  auto r = node_.supervision().SaveReport(Operator(unit), d);
  if (!r.ok()) return r.status();
  if (!submit) return Status::Ok();
  auto s = node_.supervision().Submit(Operator(unit), r->id);
  return s.ok() ? Status::Ok() : s.status();
}

Status City::HandleAlert(const std::string& account, const std::string& note) {
  auto alerts = node_.monitor().ListAlerts(Duty(), "new");
  if (!alerts.ok()) return alerts.status();
  for (const auto& a : *alerts) {
    if (a.account_name != account) continue;
    if (auto k = node_.monitor().Acknowledge(Duty(), a.id); !k.ok()) return k.status();
    clock_.Set(clock_.NowSeconds() + 25 * 60);
    if (auto h = node_.monitor().Handle(Duty(), a.id, note); !h.ok()) return h.status();
  }
  return Status::Ok();
}

Status City::Run() {
  auto units = node_.registry().ListUnits(Office(), false);
  if (!units.ok()) return units.status();
  for (const auto& plan : demo::Units()) {
    int64_t id = 0;
    for (const auto& u : *units)
      if (u.unit.name == plan.unit) id = u.unit.id;
    if (!id) return Status::NotFound(std::string("演示数据：台账中没有单位 ") + plan.unit);
    unit_ids_.push_back(id);
  }
  if (Status s = Plan(); !s.ok()) return s;
  // In time order; an act may add later ones (the answers after a notice's publication).
  while (!steps_.empty()) {
    auto step = steps_.extract(steps_.begin());
    const int64_t at = step.key().first;
    if (Status s = ArchiveUntil(at); !s.ok()) return s;
    clock_.Set(at);
    if (Status s = step.mapped()(); !s.ok())
      return Status::Internal("演示数据（" + Rfc(at) + "）：" + s.message() +
                              (s.field().empty() ? "" : "（" + s.field() + "）"));
  }
  return ArchiveUntil(now_);
}

}  // namespace

core::Result<DemoSummary> SeedDemo(Node& platform, TravelClock& clock) {
  DemoSummary out;
  auto existing = storage::QueryOne(platform.db(), "SELECT COUNT(*) FROM accounts WHERE demo = 1");
  if (!existing.ok()) return existing.status();
  if (existing->Int(0) > 0) {
    out.already_present = true;
    out.accounts = existing->Int(0);
    return out;
  }
  // Today is the clock's: the system's, or the moment a test set.
  const bool fixed = clock.IsSet();
  const int64_t now = clock.NowSeconds();
  auto restore = [&] { fixed ? clock.Set(now) : clock.Resume(); };
  City city(platform, clock, clock.Today(), now);
  // One transaction: the services' own transactions join it, so the demo is written whole or not at
  // all, with one commit instead of thousands.
  Status st = platform.db().Transaction([&] { return city.Run(); });
  restore();
  if (!st.ok()) return st;
  out.previous_year = city.previous_year();
  auto count = [&](const std::string& sql, storage::Params params = {}) -> core::Result<int64_t> {
    auto r = storage::QueryOne(platform.db(), sql, params);
    if (!r.ok()) return r.status();
    return r->Int(0);
  };
  struct Figure {
    int64_t* into;
    const char* sql;
  };
  const Figure figures[] = {
      {&out.accounts, "SELECT COUNT(*) FROM accounts WHERE demo = 1"},
      {&out.filings, "SELECT COUNT(*) FROM filings"},
      {&out.inspections, "SELECT COUNT(*) FROM inspections"},
      {&out.posts, "SELECT COUNT(*) FROM posts WHERE kind = 'post'"},
      {&out.reports, "SELECT COUNT(*) FROM quarterly_reports WHERE status = 'submitted'"},
      {&out.rounds, "SELECT COUNT(*) FROM spot_rounds"},
      {&out.rectifications, "SELECT COUNT(*) FROM rectifications"},
      {&out.alerts, "SELECT COUNT(*) FROM alerts"},
  };
  for (const auto& f : figures) {
    auto n = count(f.sql);
    if (!n.ok()) return n.status();
    *f.into = *n;
  }
  const core::Principal office{0, "admin", Role::kCityAdmin, std::nullopt};
  auto rows = platform.assessment().List(office, out.previous_year);
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows)
    (r.result.value("verdict", "") == "qualified" ? out.qualified : out.unqualified)++;
  return out;
}

}  // namespace govmedia::app
