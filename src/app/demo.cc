#include "app/demo.h"

#include <nlohmann/json.hpp>

#include "core/timestamp.h"

namespace govmedia::app {

using core::Date;
using core::FilingKind;
using core::Platform;  // the enum; the object graph is app::Node
using core::Status;

namespace {

// A small deterministic generator, so every demo database looks the same.
class Lcg {
 public:
  explicit Lcg(uint64_t seed) : s_(seed) {}
  uint32_t Next(uint32_t n) {
    s_ = s_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((s_ >> 33) % n);
  }

 private:
  uint64_t s_;
};

std::string ShortName(const std::string& unit) {
  std::string s = unit;
  for (const char* prefix : {"昆山市"}) {
    if (s.rfind(prefix, 0) == 0) s = s.substr(std::string(prefix).size());
  }
  for (const char* suffix : {"管委会", "城市管理办事处", "委员会", "管理中心", "局", "镇"}) {
    const std::string suf(suffix);
    if (s.size() > suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0) {
      s = s.substr(0, s.size() - suf.size());
      break;
    }
  }
  return s;
}

std::string Phone(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "1380000%04d", n % 10000);
  return buf;
}

// Posts of the open accounts over the last weeks, the last one 0–16 days ago so the freshness
// page shows every level; one post holds a lexicon term, so the alert page has an entry.
Status SeedPosts(Node& platform, const std::vector<storage::AccountRow>& accounts,
                 DemoSummary* out) {
  const int64_t now = platform.clock().NowSeconds();
  const double last_ago[] = {0.3, 1.5, 2, 8.5, 11.2, 0.8, 3, 16, 4, 1};
  const char* texts[] = {"【通知】关于做好近期防汛防台工作的通知，请广大市民关注天气预报。",
                         "【便民】本周末政务服务中心延时服务安排公告。",
                         "【发布】全市重点项目集中开工，涉及产业、民生等领域。",
                         "【提醒】夏季用电高峰，请注意安全用电。",
                         "【活动】文化惠民演出本周六在文化广场举行，欢迎参加。"};
  return platform.db().Transaction([&]() -> Status {
    const std::string seen = platform.clock().NowRfc3339();
    int i = 0;
    for (const auto& a : accounts) {
      const double last = last_ago[i++ % 10];
      for (int k = 0; k < 8; ++k) {
        storage::IncomingPost p;
        p.account_id = a.id;
        p.platform_post_id = "demo-" + std::to_string(a.id) + "-" + std::to_string(k);
        p.published_epoch = now - static_cast<int64_t>((last + 3.5 * k) * core::kSecondsPerDay);
        p.published_at = core::FormatRfc3339Beijing(p.published_epoch);
        p.text = texts[(a.id + k) % 5];
        if (i == 3 && k == 0)
          p.text = "【演示】本条用于演示告警：文件标注“绝密”字样不得在政务新媒体发布。";
        p.url = "https://example.gov.cn/demo/posts/" + p.platform_post_id;
        auto r = platform.posts().Archive(p, seen);
        if (!r.ok()) return r.status();
        if (Status s = platform.monitor().OnArchived(p, *r); !s.ok()) return s;
        ++out->posts;
      }
    }
    return Status::Ok();
  });
}

// A finished spot check of this quarter with a published notice: its problems become
// rectification tasks, one of them answered; and a third of the units have reported.
Status SeedLoop(Node& platform, Date today, DemoSummary* out) {
  const core::Principal admin{0, "demo", core::Role::kCityAdmin, std::nullopt};
  NewRound n;
  n.year = today.year();
  n.quarter = (today.month() - 1) / 3 + 1;
  n.name = "本季度全市政务新媒体抽查（演示）";
  n.spec = {core::SampleSpec::Method::kCount, 0, 12, 2026};
  n.seed_given = true;
  n.monitoring_time = today.AddDays(-2).ToString() + "T10:00:00+08:00";
  auto round = platform.spot_checks().Create(admin, n);
  if (!round.ok()) return round.status();
  int k = 0;
  for (const auto& item : round->items) {
    auto id = platform.spot_checks().StartInspection(admin, item.id);
    if (!id.ok()) return id.status();
    if (k % 3 == 0) {
      auto f =
          platform.scoring().AddFinding(admin, *id, k % 2 ? "commercial_ad" : "improper_content", 1,
                                        "演示：抽查中发现的问题", "");
      if (!f.ok()) return f.status();
    }
    if (k == 4) {
      auto f = platform.scoring().AddFinding(admin, *id, "veto.serious_error", 1,
                                             "演示：领导职务表述错误", "");
      if (!f.ok()) return f.status();
    }
    if (auto c = platform.scoring().Close(admin, *id); !c.ok()) return c.status();
    ++k;
  }
  if (auto f = platform.spot_checks().Finish(admin, round->id); !f.ok()) return f.status();
  auto notice = platform.spot_checks().Draft(
      admin, round->id, "关于本季度全市政务新媒体抽查情况的通报（演示）", "昆政办〔演示〕1号");
  if (!notice.ok()) return notice.status();
  if (auto p = platform.spot_checks().Publish(admin, notice->id, today.AddDays(-1)); !p.ok())
    return p.status();
  auto tasks = platform.rectifications().List(admin, {});
  if (!tasks.ok()) return tasks.status();
  out->rectifications = static_cast<int>(tasks->size());
  if (!tasks->empty()) {
    auto a = platform.rectifications().Answer(admin, tasks->front().id,
                                              "已删除相关内容并加强审核（演示）", "");
    if (!a.ok()) return a.status();
  }
  auto units = platform.registry_store().ListUnits(false, std::nullopt);
  if (!units.ok()) return units.status();
  int u = 0;
  for (const auto& unit : *units) {
    if (unit.unit.is_city_office || u++ % 3 != 0) continue;
    auto r = platform.supervision().SaveReport(
        admin, {unit.unit.id, n.year, n.quarter, "本季度对全部账号开展了自查（演示）",
                "个别账号更新不及时", "已督促整改"});
    if (!r.ok()) return r.status();
    if (u % 2 == 1) {
      if (auto s = platform.supervision().Submit(admin, r->id); !s.ok()) return s.status();
    }
  }
  return Status::Ok();
}

Status SeedMonitoringAndLoop(Node& platform, const std::vector<storage::AccountRow>& accounts,
                             Date today, DemoSummary* out) {
  if (Status s = SeedPosts(platform, accounts, out); !s.ok()) return s;
  return SeedLoop(platform, today, out);
}

}  // namespace

core::Result<DemoSummary> SeedDemo(Node& platform) {
  DemoSummary out;
  auto existing = storage::QueryOne(platform.db(), "SELECT COUNT(*) FROM accounts WHERE demo = 1");
  if (!existing.ok()) return existing.status();
  if (existing->Int(0) > 0) {
    out.already_present = true;
    out.accounts = static_cast<int>(existing->Int(0));
    return out;
  }
  const core::Principal admin{0, "demo", core::Role::kCityAdmin, std::nullopt};
  RegistryService& reg = platform.registry();
  auto units = reg.ListUnits(admin, false);
  if (!units.ok()) return units.status();
  const Date today = platform.clock().Today();
  Lcg rng(20191109);
  int phone = 1;
  const Platform kPlatforms[] = {
      Platform::kWechatSubscription, Platform::kWeibo,   Platform::kDouyin,
      Platform::kWechatService,      Platform::kToutiao, Platform::kApp};
  const char* kSuffix[] = {"发布", "微博", "抖音", "服务号", "头条号", "APP"};

  Status st = platform.db().Transaction([&]() -> Status {
    int index = 0;
    for (const auto& u : *units) {
      if (u.unit.is_city_office) continue;
      const std::string shortname = ShortName(u.unit.name);
      const int n = 1 + static_cast<int>(rng.Next(3));
      for (int k = 0; k < n; ++k, ++index) {
        const int pi = (k == 0 ? 0 : static_cast<int>(rng.Next(6)));
        NewAccount a;
        a.demo = true;
        auto& r = a.record;
        r.unit_id = u.unit.id;
        r.platform = kPlatforms[pi];
        r.name = (k == 0 ? "昆山" + shortname : shortname) + kSuffix[pi];
        r.positioning = "发布" + u.unit.name + "政务信息、政策解读和办事服务";
        r.url =
            "https://example.gov.cn/demo/" + std::to_string(u.unit.id) + "/" + std::to_string(k);
        r.managing_office = "办公室";
        r.main_leader = {"演示主要领导" + std::to_string(index), "主任", Phone(phone++)};
        r.deputy_leader = {"演示分管领导" + std::to_string(index), "副主任", Phone(phone++)};
        r.chief_editor = {"演示总编辑" + std::to_string(index), "科长", Phone(phone++)};
        r.staff = {{"演示工作人员" + std::to_string(index) + "A", "科员", Phone(phone++)},
                   {"演示工作人员" + std::to_string(index) + "B", "科员",
                    "0512-5751" + std::to_string(1000 + index % 9000)}};
        r.certification = u.unit.name;
        if (r.platform == Platform::kApp)
          r.app_download_urls = {"https://example.gov.cn/demo/app.apk"};
        const int kind = index % 10;
        // 0–5: running accounts registered as existing; 6: pending application; 7: approved,
        // not yet opened; 8: rejected; 9: opened this year through the whole workflow.
        if (kind <= 5) {
          a.existing = true;
          r.opened_on = *Date::FromYmd(2014 + static_cast<int>(rng.Next(6)),
                                       1 + static_cast<int>(rng.Next(12)),
                                       1 + static_cast<int>(rng.Next(28)));
          if (r.opened_on > today) r.opened_on = today.AddDays(-400);
        } else {
          a.application_reason =
              "因工作需要开设" + std::string(core::PlatformLabel(r.platform)) + "账号";
        }
        auto acc = reg.CreateAccount(admin, a);
        if (!acc.ok()) return acc.status();
        ++out.accounts;
        const int64_t id = acc->id;
        if (kind <= 5) {
          ++out.filings;
          // Forward most of the recorded opening filings; leave some pending.
          storage::FilingFilter ff;
          ff.account_id = id;
          auto fl = platform.registry_store().ListFilings(ff);
          if (!fl.ok()) return fl.status();
          if (kind != 0 && !fl->empty()) {
            if (auto fw = reg.Forward(admin, fl->front().id, today); !fw.ok()) return fw.status();
          }
          if (kind == 1) {  // a change filed late (the 2nd working day long past)
            NewFiling f;
            f.kind = FilingKind::kChange;
            f.event_on = today.AddDays(-30);
            f.filed_on = today.AddDays(-20);
            f.reason = "分管领导调整";
            if (auto v = reg.File(admin, id, f); !v.ok()) return v.status();
            ++out.filings;
          }
          if (kind == 2 && index % 3 == 0) {  // closed, with its 停更公告, and forwarded late
            NewFiling f;
            f.kind = FilingKind::kClose;
            f.event_on = today.AddDays(-60);
            f.filed_on = today.AddDays(-59);
            f.reason = "整合至主账号，停止更新";
            f.closure_notice_url = "https://example.gov.cn/demo/notice/" + std::to_string(id);
            f.closure_notice_on = today.AddDays(-60);
            auto v = reg.File(admin, id, f);
            if (!v.ok()) return v.status();
            if (auto fw = reg.Forward(admin, v->row.id, today.AddDays(-50)); !fw.ok())
              return fw.status();
            ++out.filings;
          }
          if (kind == 3 && index % 4 == 3) {  // closed and then cancelled
            NewFiling c;
            c.kind = FilingKind::kClose;
            c.event_on = today.AddDays(-120);
            c.filed_on = today.AddDays(-119);
            c.reason = "职能调整";
            c.closure_notice_url = "https://example.gov.cn/demo/notice/" + std::to_string(id);
            c.closure_notice_on = today.AddDays(-120);
            auto v = reg.File(admin, id, c);
            if (!v.ok()) return v.status();
            if (auto fw = reg.Forward(admin, v->row.id, today.AddDays(-118)); !fw.ok())
              return fw.status();
            NewFiling x;
            x.kind = FilingKind::kCancel;
            x.event_on = today.AddDays(-90);
            x.filed_on = today.AddDays(-89);
            x.reason = "账号注销";
            auto w = reg.File(admin, id, x);
            if (!w.ok()) return w.status();
            out.filings += 2;
          }
        } else if (kind == 7 || kind == 9) {
          if (auto d = reg.Decide(admin, id, core::Decision::kApprove, "同意开设"); !d.ok())
            return d.status();
          if (kind == 9) {
            NewFiling f;
            f.kind = FilingKind::kOpen;
            f.event_on = today.AddDays(-10);
            f.filed_on = today.AddDays(-9);
            f.reason = "经批准开设";
            if (auto v = reg.File(admin, id, f); !v.ok()) return v.status();
            ++out.filings;
          }
        } else if (kind == 8) {
          if (auto d = reg.Decide(admin, id, core::Decision::kReject,
                                  "与现有账号功能重复，请整合后再申请");
              !d.ok())
            return d.status();
        }
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;

  // Inspections: a city spot check of every fourth running account, most of them closed, with
  // findings; self-inspections of every running account of a few units this quarter.
  const char* kFindings[] = {"improper_content", "comment_moderation", "function_broken",
                             "improper_reply"};
  storage::AccountFilter af;
  af.status = core::AccountStatus::kOpen;
  af.limit = 1000;
  auto open_accounts = platform.registry_store().ListAccounts(af, nullptr);
  if (!open_accounts.ok()) return open_accounts.status();
  const core::Principal inspector{0, "demo", core::Role::kCityAdmin, std::nullopt};
  char when[40];
  std::snprintf(when, sizeof when, "%sT10:00:00+08:00", today.AddDays(-3).ToString().c_str());
  int n = 0;
  for (const auto& a : *open_accounts) {
    ++n;
    if (n % 4 != 0 && a.unit_name != "张浦镇" && a.unit_name != "昆山市教育局") continue;
    const bool self = n % 4 != 0;
    auto insp = platform.scoring().Create(inspector, {a.id, self ? "self" : "city", "", when});
    if (!insp.ok()) return insp.status();
    ++out.inspections;
    if (n % 3 == 0) {
      auto f = platform.scoring().AddFinding(inspector, insp->row.id, kFindings[n % 4], 1 + n % 3,
                                             "演示：检查中发现的问题", "");
      if (!f.ok()) return f.status();
    }
    if (n % 5 != 0) {
      if (auto c = platform.scoring().Close(inspector, insp->row.id); !c.ok()) return c.status();
    }
  }
  if (Status s = SeedMonitoringAndLoop(platform, *open_accounts, today, &out); !s.ok()) return s;
  return out;
}

}  // namespace govmedia::app
