#include "app/scoring/scoring_service.h"

#include "app/file_types.h"
#include "app/monitoring/fetch_history.h"
#include "app/monitoring/freshness_service.h"
#include "app/scoring/indicator_set_json.h"
#include "app/scoring/score_json.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "storage/embedded.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {

bool IsKind(const std::string& k) { return k == "self" || k == "city" || k == "higher"; }

// Findings recorded under an indicator a later version retired are kept and shown, but cannot
// count under a version without that indicator.
void DropRetired(core::InspectionCase& c, const core::IndicatorSet& set) {
  std::erase_if(c.findings, [&](const core::ManualFinding& f) { return !set.inspection.Find(f.indicator); });
}

json FindingAudit(const storage::FindingRow& f) {
  return {{"id", f.id}, {"inspection_id", f.inspection_id}, {"indicator", f.indicator}, {"count", f.count},
          {"evidence", f.evidence}, {"evidence_url", f.evidence_url}, {"withdrawn", f.withdrawn},
          {"withdraw_reason", f.withdraw_reason}};
}

}  // namespace

Status ScoringService::Audit(const core::Principal& p, const std::string& action, const std::string& entity, int64_t id,
                             const std::string& before, const std::string& after) {
  return audit_.Append({0, clock_.NowRfc3339(), p.username, action, entity, std::to_string(id), before, after});
}

// ---- Indicator sets ----

Status ScoringService::EnsureBuiltinSets() {
  return db_.Transaction([&]() -> Status {
    auto current = store_.CurrentSetVersion();
    if (current.ok()) return Status::Ok();
    if (!current.status().IsNotFound()) return current.status();
    for (const auto& s : BuiltinIndicatorSets()) {
      storage::SetVersionRow row{0, s.id, s.version, IndicatorSetToJson(s).dump(), "随平台发布的初始版本（昆政办发〔2019〕162号）",
                                 clock_.NowRfc3339(), "system"};
      auto id = store_.InsertSetVersion(row);
      if (!id.ok()) return id.status();
      if (Status a = audit_.Append({0, row.published_at, "system", "indicator_set.publish", "indicator_set",
                                    std::to_string(*id), "", row.body_json});
          !a.ok())
        return a;
    }
    return Status::Ok();
  });
}

core::Result<LoadedSet> ScoringService::LoadSet(int64_t row_id) {
  auto row = store_.GetSetVersion(row_id);
  if (!row.ok()) return row.status();
  auto set = IndicatorSetFromJson(json::parse(row->body_json, nullptr, false));
  if (!set.ok()) return Status::Internal("stored indicator set is invalid: " + set.status().ToString());
  set->version = row->version;
  return LoadedSet{*row, std::move(*set)};
}

core::Result<LoadedSet> ScoringService::CurrentSet() {
  auto row = store_.CurrentSetVersion();
  if (!row.ok()) return row.status();
  return LoadSet(row->id);
}

core::Result<std::vector<storage::SetVersionRow>> ScoringService::ListSets(const core::Principal& p) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  return store_.ListSetVersions();
}

core::Result<LoadedSet> ScoringService::GetSet(const core::Principal& p, int64_t row_id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  return LoadSet(row_id);
}

core::Result<storage::SetVersionRow> ScoringService::PublishSet(const core::Principal& p, const json& body,
                                                                const std::string& note) {
  if (Status s = core::Authorize(p, Action::kManageIndicators); !s.ok()) return s;
  auto set = IndicatorSetFromJson(body);
  if (!set.ok()) return Status::InvalidArgument("body." + set.status().field(), set.status().message());
  storage::SetVersionRow row;
  Status st = db_.Transaction([&]() -> Status {
    auto versions = store_.ListSetVersions();
    if (!versions.ok()) return versions.status();
    int next = 1;
    for (const auto& v : *versions)
      if (v.set_id == set->id) next = std::max(next, v.version + 1);
    set->version = next;
    row = {0, set->id, next, IndicatorSetToJson(*set).dump(), note, clock_.NowRfc3339(), p.username};
    auto id = store_.InsertSetVersion(row);
    if (!id.ok()) return id.status();
    row.id = *id;
    return Audit(p, "indicator_set.publish", "indicator_set", row.id, "", row.body_json);
  });
  if (!st.ok()) return st;
  return row;
}

// ---- Inspections ----

Status ScoringService::CanWork(const core::Principal& p, const storage::InspectionRow& r) {
  if (r.kind == "self") return core::Authorize(p, Action::kEditAccount, r.unit_id);
  if (Status s = core::Authorize(p, Action::kReadRegistry, r.unit_id); !s.ok()) return s;
  return core::Authorize(p, Action::kInspect);
}

int64_t LookBackSeconds(const core::IndicatorSet& set) {
  const auto& f = set.inspection.freshness;
  return std::max({f.veto_days, f.window_days * f.windows, f.service_window_days}) * core::kSecondsPerDay;
}

core::Result<core::InspectionCase> ScoringService::CaseOf(const storage::InspectionRow& row,
                                                          const core::IndicatorSet& set) {
  auto acc = registry_.GetAccount(row.account_id);
  if (!acc.ok()) return acc.status();
  core::InspectionCase c;
  c.monitoring_time = row.monitoring_epoch;
  const auto& r = acc->record;
  c.account = {r.name, acc->unit_name, r.platform, r.opened_on, r.internal_body,
               r.certification.empty() ? std::nullopt : std::optional<std::string>(r.certification),
               r.interaction_enabled};
  // Freshness comes from the archived posts of the account. An account the platform holds no
  // post of and watches no feed of is not monitored: nothing is derived rather than a veto from
  // an absence of data.
  auto total = posts_.CountPosts(row.account_id);
  if (!total.ok()) return total.status();
  // A failing source (数据源异常) says nothing about whether the account published.
  auto failing = posts_.AnyFeedFailing(row.account_id);
  if (!failing.ok()) return failing.status();
  const int64_t look_back = LookBackSeconds(set);
  if (!*failing && (*total > 0 || !r.feed_urls.empty())) {
    auto archived = posts_.PostsBetween(row.account_id, row.monitoring_epoch - look_back, row.monitoring_epoch);
    if (!archived.ok()) return archived.status();
    c.posts.emplace();
    for (const auto& p : *archived) c.posts->push_back({p.platform_post_id, p.published_epoch});
    // Days the collection was blind are not evidence of silence (无法判定（数据源异常）).
    auto blind = BlindDaysOf(db_, row.account_id, row.monitoring_epoch - look_back, row.monitoring_epoch);
    if (!blind.ok()) return blind.status();
    c.blind_days = std::move(*blind);
  }
  // Hits and outages stand on their own records, whatever is known of the account's posts.
  auto found = monitor_.Findings(row.account_id, row.monitoring_epoch - look_back, row.monitoring_epoch);
  if (!found.ok()) return found.status();
  c.monitoring = std::move(*found);
  auto findings = store_.Findings(row.id);
  if (!findings.ok()) return findings.status();
  for (const auto& f : *findings) {
    if (f.withdrawn) continue;
    std::string evidence = f.evidence;
    if (!f.evidence_url.empty()) evidence += (evidence.empty() ? "" : " ") + f.evidence_url;
    c.findings.push_back({f.indicator, f.count, evidence});
  }
  auto dismissals = store_.Dismissals(row.id);
  if (!dismissals.ok()) return dismissals.status();
  for (const auto& d : *dismissals)
    if (!d.withdrawn) c.dismissed.insert(d.indicator);
  return c;
}

Status ScoringService::Recompute(int64_t id) {
  auto row = store_.GetInspection(id);
  if (!row.ok()) return row.status();
  auto set = LoadSet(row->indicator_set_row);
  if (!set.ok()) return set.status();
  auto c = CaseOf(*row, set->set);
  if (!c.ok()) return c.status();
  DropRetired(*c, set->set);
  auto r = core::ScoreInspection(set->set, *c);
  if (!r.ok()) return r.status();
  return store_.SaveResult(id, set->row.id, InspectionResultJson(*r).dump(),
                           std::string(r->qualified ? "qualified" : "unqualified"),
                           r->score ? std::optional<int64_t>(*r->score) : std::nullopt);
}

core::Result<InspectionView> ScoringService::Build(const storage::InspectionRow& row) {
  InspectionView v;
  v.row = row;
  auto set = LoadSet(row.indicator_set_row);
  if (!set.ok()) return set.status();
  v.set = std::move(*set);
  auto findings = store_.Findings(row.id);
  if (!findings.ok()) return findings.status();
  for (auto& f : *findings) {
    auto shots = store_.Screenshots(f.id);
    if (!shots.ok()) return shots.status();
    v.findings.push_back({std::move(f), std::move(*shots)});
  }
  auto dismissals = store_.Dismissals(row.id);
  if (!dismissals.ok()) return dismissals.status();
  v.dismissals = std::move(*dismissals);
  auto c = CaseOf(row, v.set.set);
  if (!c.ok()) return c.status();
  v.derived = core::DeriveInspectionFindings(v.set.set.inspection, *c);
  v.result = json::parse(row.result_json, nullptr, false);
  return v;
}

core::Result<std::vector<storage::InspectionRow>> ScoringService::List(const core::Principal& p,
                                                                       storage::InspectionFilter f) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (f.unit_id && *f.unit_id != *scope) return std::vector<storage::InspectionRow>{};
    f.unit_id = scope;
  }
  return store_.ListInspections(f);
}

core::Result<InspectionView> ScoringService::Get(const core::Principal& p, int64_t id) {
  auto row = store_.GetInspection(id);
  if (!row.ok()) return row.status();
  if (Status s = core::Authorize(p, Action::kReadRegistry, row->unit_id); !s.ok()) return s;
  return Build(*row);
}

core::Result<storage::InspectionRow> ScoringService::LoadOpen(const core::Principal& p, int64_t id) {
  auto row = store_.GetInspection(id);
  if (!row.ok()) return row.status();
  if (Status s = CanWork(p, *row); !s.ok()) return s;
  if (row->status != "open") return Status::Conflict("检查已完成，结果已冻结，不能再修改");
  return row;
}

core::Result<InspectionView> ScoringService::Create(const core::Principal& p, const NewInspection& n) {
  if (!IsKind(n.kind)) return Status::InvalidArgument("kind", "检查类型应为 self（自查）、city（抽查）或 higher（上级抽查）");
  if (n.kind == "higher" && n.level != "state_council" && n.level != "province" && n.level != "suzhou") {
    return Status::InvalidArgument("level", "上级抽查须注明级别：state_council、province 或 suzhou");
  }
  if (n.kind != "higher" && !n.level.empty()) return Status::InvalidArgument("level", "只有上级抽查需要注明级别");
  auto epoch = core::ParseRfc3339(n.monitoring_time);
  if (!epoch) return Status::InvalidArgument("monitoring_time", "时间格式应为 RFC 3339（如 2024-10-18T10:00:00+08:00）");
  if (*epoch > clock_.NowSeconds() + 60) return Status::InvalidArgument("monitoring_time", "监测时间点不能晚于现在");
  auto acc = registry_.GetAccount(n.account_id);
  if (!acc.ok()) return acc.status().IsNotFound() ? Status::InvalidArgument("account_id", "账号不存在") : acc.status();
  storage::InspectionRow row;
  row.account_id = n.account_id;
  row.unit_id = acc->record.unit_id;
  row.kind = n.kind;
  if (Status s = CanWork(p, row); !s.ok()) {
    return s.IsNotFound() ? Status::InvalidArgument("account_id", "账号不存在") : s;
  }
  if (acc->status != core::AccountStatus::kOpen && acc->status != core::AccountStatus::kClosed) {
    return Status::Conflict("账号当前状态为「" + std::string(core::AccountStatusLabel(acc->status)) + "」，不能检查");
  }
  auto set = CurrentSet();
  if (!set.ok()) return set.status();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    if (!n.level.empty()) row.level = n.level;
    row.monitoring_time = n.monitoring_time;
    row.monitoring_epoch = *epoch;
    row.indicator_set_row = set->row.id;
    row.created_by = p.username;
    row.created_at = clock_.NowRfc3339();
    auto new_id = store_.InsertInspection(row);
    if (!new_id.ok()) return new_id.status();
    id = *new_id;
    if (Status s = Recompute(id); !s.ok()) return s;
    auto saved = store_.GetInspection(id);
    if (!saved.ok()) return saved.status();
    return Audit(p, "inspection.create", "inspection", id, "",
                 json{{"account_id", n.account_id}, {"kind", n.kind}, {"level", n.level},
                      {"monitoring_time", n.monitoring_time}, {"indicator_set_row", set->row.id},
                      {"result", json::parse(saved->result_json)}}.dump());
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

core::Result<InspectionView> ScoringService::AddFinding(const core::Principal& p, int64_t inspection_id,
                                                        const std::string& indicator, int count,
                                                        const std::string& evidence, const std::string& evidence_url) {
  if (count < 1 || count > 1000) return Status::InvalidArgument("count", "次数应为 1 到 1000 之间的整数");
  if (core::Utf8Length(evidence) > core::kMaxTextChars) return Status::InvalidArgument("evidence", "证据说明过长");
  if (!evidence_url.empty() && !core::StartsWith(evidence_url, "http://") && !core::StartsWith(evidence_url, "https://")) {
    return Status::InvalidArgument("evidence_url", "链接须以 http:// 或 https:// 开头");
  }
  Status st = db_.Transaction([&]() -> Status {
    auto row = LoadOpen(p, inspection_id);
    if (!row.ok()) return row.status();
    auto set = LoadSet(row->indicator_set_row);
    if (!set.ok()) return set.status();
    if (!set->set.inspection.Find(indicator)) {
      return Status::InvalidArgument("indicator", "指标体系 " + set->set.id + " 第 " + std::to_string(set->row.version) +
                                                     " 版中没有指标 " + indicator);
    }
    storage::FindingRow f{0, inspection_id, indicator, count, evidence, evidence_url, p.username, clock_.NowRfc3339(), false, ""};
    auto id = store_.InsertFinding(f);
    if (!id.ok()) return id.status();
    f.id = *id;
    if (Status s = Recompute(inspection_id); !s.ok()) return s;
    return Audit(p, "inspection.finding.add", "inspection", inspection_id, "", FindingAudit(f).dump());
  });
  if (!st.ok()) return st;
  return Get(p, inspection_id);
}

core::Result<InspectionView> ScoringService::WithdrawFinding(const core::Principal& p, int64_t finding_id,
                                                             const std::string& reason) {
  if (core::Trim(reason).empty()) return Status::InvalidArgument("reason", "撤回须填写理由");
  int64_t inspection_id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto f = store_.GetFinding(finding_id);
    if (!f.ok()) return f.status();
    inspection_id = f->inspection_id;
    auto row = LoadOpen(p, inspection_id);
    if (!row.ok()) return row.status();
    if (f->withdrawn) return Status::Conflict("该发现已撤回");
    if (Status s = store_.WithdrawFinding(finding_id, reason, p.username); !s.ok()) return s;
    if (Status s = Recompute(inspection_id); !s.ok()) return s;
    storage::FindingRow after = *f;
    after.withdrawn = true;
    after.withdraw_reason = reason;
    return Audit(p, "inspection.finding.withdraw", "inspection", inspection_id, FindingAudit(*f).dump(),
                 FindingAudit(after).dump());
  });
  if (!st.ok()) return st;
  return Get(p, inspection_id);
}

core::Result<InspectionView> ScoringService::AddScreenshot(const core::Principal& p, int64_t finding_id,
                                                           const std::string& filename, const std::string& bytes) {
  if (bytes.empty()) return Status::InvalidArgument("content_base64", "截图内容为空");
  if (bytes.size() > kMaxScreenshotBytes) return Status::InvalidArgument("content_base64", "截图不能超过 5 MB");
  const std::string mime = SniffImage(bytes);
  if (mime.empty()) return Status::InvalidArgument("content_base64", "只接受 PNG、JPEG、GIF 或 WebP 图片");
  const std::string name(core::Trim(filename));
  if (name.empty() || core::Utf8Length(name) > 120 || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || !core::IsValidUtf8(name)) {
    return Status::InvalidArgument("filename", "文件名不合规");
  }
  int64_t inspection_id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto f = store_.GetFinding(finding_id);
    if (!f.ok()) return f.status();
    inspection_id = f->inspection_id;
    auto row = LoadOpen(p, inspection_id);
    if (!row.ok()) return row.status();
    if (f->withdrawn) return Status::Conflict("该发现已撤回");
    storage::ScreenshotRow s{0, finding_id, name, mime, storage::Sha256Hex(bytes), static_cast<int64_t>(bytes.size()), bytes};
    auto id = store_.InsertScreenshot(s, p.username, clock_.NowRfc3339());
    if (!id.ok()) return id.status();
    return Audit(p, "inspection.screenshot.add", "inspection", inspection_id, "",
                 json{{"finding_id", finding_id}, {"screenshot_id", *id}, {"filename", name}, {"mime", mime},
                      {"size", bytes.size()}, {"sha256", s.sha256}}.dump());
  });
  if (!st.ok()) return st;
  return Get(p, inspection_id);
}

core::Result<storage::ScreenshotRow> ScoringService::GetScreenshot(const core::Principal& p, int64_t id) {
  int64_t inspection_id = 0;
  auto shot = store_.GetScreenshot(id, &inspection_id);
  if (!shot.ok()) return shot.status();
  auto row = store_.GetInspection(inspection_id);
  if (!row.ok()) return row.status();
  if (Status s = core::Authorize(p, Action::kReadRegistry, row->unit_id); !s.ok()) return s;
  return shot;
}

core::Result<InspectionView> ScoringService::Dismiss(const core::Principal& p, int64_t inspection_id,
                                                     const std::string& indicator, const std::string& reason) {
  if (core::Trim(reason).empty()) return Status::InvalidArgument("reason", "核减须填写理由");
  Status st = db_.Transaction([&]() -> Status {
    auto row = LoadOpen(p, inspection_id);
    if (!row.ok()) return row.status();
    auto view = Build(*row);
    if (!view.ok()) return view.status();
    const bool derived = std::any_of(view->derived.begin(), view->derived.end(),
                                     [&](const core::DerivedFinding& d) { return d.indicator == indicator; });
    if (!derived) return Status::InvalidArgument("indicator", "没有可核减的自动发现：" + indicator);
    for (const auto& d : view->dismissals)
      if (!d.withdrawn && d.indicator == indicator) return Status::Conflict("该自动发现已核减");
    storage::DismissalRow d{0, inspection_id, indicator, reason, p.username, clock_.NowRfc3339(), false};
    auto id = store_.InsertDismissal(d);
    if (!id.ok()) return id.status();
    if (Status s = Recompute(inspection_id); !s.ok()) return s;
    return Audit(p, "inspection.dismiss", "inspection", inspection_id, "",
                 json{{"dismissal_id", *id}, {"indicator", indicator}, {"reason", reason}}.dump());
  });
  if (!st.ok()) return st;
  return Get(p, inspection_id);
}

core::Result<InspectionView> ScoringService::Undismiss(const core::Principal& p, int64_t dismissal_id) {
  int64_t inspection_id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto d = store_.GetDismissal(dismissal_id);
    if (!d.ok()) return d.status();
    inspection_id = d->inspection_id;
    auto row = LoadOpen(p, inspection_id);
    if (!row.ok()) return row.status();
    if (d->withdrawn) return Status::Conflict("该核减已撤销");
    if (Status s = store_.WithdrawDismissal(dismissal_id, p.username); !s.ok()) return s;
    if (Status s = Recompute(inspection_id); !s.ok()) return s;
    return Audit(p, "inspection.undismiss", "inspection", inspection_id,
                 json{{"dismissal_id", dismissal_id}, {"indicator", d->indicator}, {"reason", d->reason}}.dump(),
                 json{{"dismissal_id", dismissal_id}, {"withdrawn", true}}.dump());
  });
  if (!st.ok()) return st;
  return Get(p, inspection_id);
}

core::Result<InspectionView> ScoringService::Close(const core::Principal& p, int64_t id) {
  Status st = db_.Transaction([&]() -> Status {
    auto row = LoadOpen(p, id);
    if (!row.ok()) return row.status();
    if (Status s = Recompute(id); !s.ok()) return s;
    if (Status s = store_.Close(id, clock_.NowRfc3339(), p.username); !s.ok()) return s;
    auto saved = store_.GetInspection(id);
    if (!saved.ok()) return saved.status();
    return Audit(p, "inspection.close", "inspection", id, "", saved->result_json);
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

core::Result<json> ScoringService::Rescore(const core::Principal& p, int64_t id, int64_t set_row, bool* preview) {
  auto row = store_.GetInspection(id);
  if (!row.ok()) return row.status();
  if (Status s = core::Authorize(p, Action::kReadRegistry, row->unit_id); !s.ok()) return s;
  if (Status s = core::Authorize(p, Action::kInspect); !s.ok()) return s;
  auto set = LoadSet(set_row);
  if (!set.ok()) return set.status().IsNotFound() ? Status::InvalidArgument("indicator_set", "指标体系版本不存在") : set.status();
  auto c = CaseOf(*row, set->set);
  if (!c.ok()) return c.status();
  DropRetired(*c, set->set);
  auto r = core::ScoreInspection(set->set, *c);
  if (!r.ok()) return r.status();
  json out = InspectionResultJson(*r);
  *preview = row->status != "open";
  if (*preview) return out;  // a closed inspection stays as it was scored
  Status st = db_.Transaction([&]() -> Status {
    const std::string before = row->result_json;
    if (Status s = store_.SaveResult(id, set->row.id, out.dump(), std::string(r->qualified ? "qualified" : "unqualified"),
                                     r->score ? std::optional<int64_t>(*r->score) : std::nullopt);
        !s.ok())
      return s;
    return Audit(p, "inspection.rescore", "inspection", id, before, out.dump());
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace govmedia::app
