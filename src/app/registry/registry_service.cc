#include "app/registry/registry_service.h"

#include <limits>
#include <map>
#include <set>

#include "core/text.h"
#include "storage/row_json.h"

namespace govmedia::app {

using core::Action;
using core::Status;

namespace {

std::string AccountAudit(const storage::AccountRow& a) { return storage::AccountJson(a, false).dump(); }

}  // namespace

Status RegistryService::Audit(const core::Principal& p, const std::string& action,
                              const std::string& entity, int64_t id, const std::string& before,
                              const std::string& after) {
  return audit_.Append({0, clock_.NowRfc3339(), p.username, action, entity, std::to_string(id), before, after});
}

// ---- Units ----

core::Result<std::vector<storage::UnitRow>> RegistryService::ListUnits(const core::Principal& p,
                                                                      bool include_retired) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  return store_.ListUnits(include_retired, core::ScopeUnit(p));
}

core::Result<storage::UnitRow> RegistryService::CreateUnit(const core::Principal& p, const std::string& name,
                                                          const std::string& category) {
  if (Status s = core::Authorize(p, Action::kManageUnits); !s.ok()) return s;
  const std::string n(core::Trim(name));
  if (Status s = core::ValidateUnit(n, category); !s.ok()) return s;
  if (category == core::kCategoryCityOffice) {
    return Status::InvalidArgument("category", "市政府办公室类别只用于市政府办公室本身");
  }
  storage::UnitRow out;
  Status st = db_.Transaction([&]() -> Status {
    core::Unit u{0, n, category, false, false};
    auto id = store_.InsertUnit(u, clock_.NowRfc3339());
    if (!id.ok()) return id.status().IsConflict() ? Status::Conflict("单位名称已存在：" + n) : id.status();
    u.id = *id;
    out = {u, 0};
    return Audit(p, "unit.create", "unit", u.id, "", storage::UnitJson(out).dump());
  });
  if (!st.ok()) return st;
  return out;
}

core::Result<storage::UnitRow> RegistryService::UpdateUnit(const core::Principal& p, int64_t id,
                                                          std::optional<std::string> name,
                                                          std::optional<std::string> category,
                                                          std::optional<bool> retired) {
  if (Status s = core::Authorize(p, Action::kManageUnits); !s.ok()) return s;
  storage::UnitRow out;
  Status st = db_.Transaction([&]() -> Status {
    auto before = store_.GetUnit(id);
    if (!before.ok()) return before.status();
    core::Unit after = *before;
    if (name) after.name = std::string(core::Trim(*name));
    if (category) after.category = *category;
    if (retired) after.retired = *retired;
    if (Status s = core::ValidateUnit(after.name, after.category); !s.ok()) return s;
    if (before->is_city_office && (after.retired || after.category != before->category)) {
      return Status::InvalidArgument(after.retired ? "retired" : "category", "市政府办公室不能撤销或改变类别");
    }
    if (!before->is_city_office && after.category == core::kCategoryCityOffice) {
      return Status::InvalidArgument("category", "市政府办公室类别只用于市政府办公室本身");
    }
    Status u = store_.UpdateUnit(*before, after, clock_.NowRfc3339(), p.username);
    if (!u.ok()) return u.IsConflict() ? Status::Conflict("单位名称已存在：" + after.name) : u;
    auto rows = store_.ListUnits(true, id);
    if (!rows.ok() || rows->empty()) return Status::Internal("unit vanished");
    out = rows->front();
    return Audit(p, "unit.update", "unit", id, storage::UnitJson({*before, out.account_count}).dump(),
                 storage::UnitJson(out).dump());
  });
  if (!st.ok()) return st;
  return out;
}

core::Result<std::vector<storage::UnitHistoryRow>> RegistryService::UnitHistory(const core::Principal& p,
                                                                               int64_t id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry, id); !s.ok()) return s;
  if (auto u = store_.GetUnit(id); !u.ok()) return u.status();
  return store_.UnitHistory(id);
}

// ---- Accounts ----

core::Result<storage::AccountRow> RegistryService::LoadScoped(const core::Principal& p, int64_t id, Action a) {
  auto acc = store_.GetAccount(id);
  if (!acc.ok()) return acc.status();
  if (Status s = core::Authorize(p, a, acc->record.unit_id); !s.ok()) return s;
  return acc;
}

core::Result<std::vector<storage::AccountRow>> RegistryService::ListAccounts(const core::Principal& p,
                                                                            storage::AccountFilter f,
                                                                            int64_t* total) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (Status s = RefreshDatedWarnings(); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (f.unit_id && *f.unit_id != *scope) {
      if (total) *total = 0;
      return std::vector<storage::AccountRow>{};
    }
    f.unit_id = scope;
  }
  return store_.ListAccounts(f, total);
}

core::Result<AccountDetail> RegistryService::GetAccount(const core::Principal& p, int64_t id) {
  if (Status s = RefreshDatedWarnings(); !s.ok()) return s;
  auto acc = LoadScoped(p, id, Action::kReadRegistry);
  if (!acc.ok()) return acc.status();
  AccountDetail d{*acc, std::nullopt, {}, {}};
  auto app = store_.LatestApplication(id);
  if (!app.ok()) return app.status();
  d.application = *app;
  storage::FilingFilter ff;
  ff.account_id = id;
  auto filings = store_.ListFilings(ff);
  if (!filings.ok()) return filings.status();
  d.filings = std::move(*filings);
  auto images = ClosureNoticeImages(db_, id);
  if (!images.ok()) return images.status();
  d.closure_notice_images = std::move(*images);
  return d;
}

core::Result<storage::AccountRow> RegistryService::RevealContacts(const core::Principal& p, int64_t id) {
  auto acc = LoadScoped(p, id, Action::kReadRegistry);
  if (!acc.ok()) return acc.status();
  const int64_t unit = acc->record.unit_id;
  if (!core::SeesContacts(p, unit)) {
    // The duty officer reaches the unit whose account is the subject of an open alert — at night
    // too — and only then.
    if (p.role != core::Role::kDutyOfficer)
      return Status::PermissionDenied("当前角色不能查看联系人电话");
    auto open = storage::QueryOne(db_,
                                  "SELECT COUNT(*) FROM alerts al JOIN accounts a ON a.id = al.account_id "
                                  "WHERE a.unit_id = ? AND al.status IN ('new', 'acknowledged')",
                                  {unit});
    if (!open.ok()) return open.status();
    if (open->Int(0) == 0) return Status::PermissionDenied("该单位没有待处置的告警，不能查看联系人电话");
  }
  // Every look at unmasked contacts by someone outside the unit is on record.
  if (p.role != core::Role::kUnitOperator) {
    Status st = db_.Transaction([&] {
      return Audit(p, "contacts.view", "account", id, "",
                   nlohmann::json{{"account", acc->record.name}, {"unit_id", unit}}.dump());
    });
    if (!st.ok()) return st;
  }
  return acc;
}

Status RegistryService::RefreshWarnings(int64_t unit_id) {
  // One read of the unit's accounts serves both as the siblings and as the rows to update.
  storage::AccountFilter f;
  f.unit_id = unit_id;
  f.limit = std::numeric_limits<int64_t>::max();
  auto accounts = store_.ListAccounts(f, nullptr);
  if (!accounts.ok()) return accounts.status();
  std::vector<core::SiblingAccount> siblings;
  for (const auto& a : *accounts) siblings.push_back({a.id, a.record.name, a.record.platform, a.status});
  for (auto& acc : *accounts) {
    auto w = core::ComputeWarnings(acc.record, acc.id, acc.status, acc.opened_without_application, siblings,
                                   clock_.Today());
    if (storage::EncodeWarnings(w) == storage::EncodeWarnings(acc.warnings)) continue;
    acc.warnings = std::move(w);
    if (Status st = store_.UpdateAccount(acc); !st.ok()) return st;
  }
  return Status::Ok();
}

Status RegistryService::RefreshDatedWarnings() {
  const core::Date today = clock_.Today();
  if (warnings_day_.load() == today.days()) return Status::Ok();
  // Reading first: the units whose stored warnings are no longer today's. Usually none, and then
  // nothing is written, so a read of the registry never waits for the write lock.
  storage::AccountFilter all;
  all.limit = std::numeric_limits<int64_t>::max();
  auto accounts = store_.ListAccounts(all, nullptr);
  if (!accounts.ok()) return accounts.status();
  std::map<int64_t, std::vector<core::SiblingAccount>> siblings;
  for (const auto& a : *accounts) siblings[a.record.unit_id].push_back({a.id, a.record.name, a.record.platform, a.status});
  std::set<int64_t> stale;
  for (const auto& a : *accounts) {
    auto w = core::ComputeWarnings(a.record, a.id, a.status, a.opened_without_application, siblings[a.record.unit_id], today);
    if (storage::EncodeWarnings(w) != storage::EncodeWarnings(a.warnings)) stale.insert(a.record.unit_id);
  }
  Status st = stale.empty() ? Status::Ok() : db_.Transaction([&]() -> Status {
    for (int64_t unit : stale)
      if (Status s = RefreshWarnings(unit); !s.ok()) return s;
    return Status::Ok();
  });
  if (st.ok()) {
    warnings_day_.store(today.days());
    return st;
  }
  // Another process holds the write lock: the read goes on with yesterday's warnings, and the
  // next read tries again.
  return st.IsUnavailable() ? Status::Ok() : st;
}

core::Result<storage::AccountRow> RegistryService::CreateAccount(const core::Principal& p, const NewAccount& a) {
  if (Status s = core::Authorize(p, Action::kEditAccount, a.record.unit_id); !s.ok()) return s;
  const core::Date today = clock_.Today();
  if (Status s = core::ValidateAccountRecord(a.record, today); !s.ok()) return s;
  if (a.existing && !a.record.opened_on) {
    return Status::InvalidArgument("opened_on", "补录已开设账号须填写开设日期");
  }
  auto unit = store_.GetUnit(a.record.unit_id);
  if (!unit.ok()) return Status::InvalidArgument("unit_id", "主办单位不存在");
  if (unit->retired) return Status::InvalidArgument("unit_id", "主办单位已撤销");
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    storage::AccountRow row;
    row.record = a.record;
    row.record.name = std::string(core::Trim(a.record.name));
    row.status = core::AccountStatus::kApplied;
    row.demo = a.demo;
    row.created_at = row.updated_at = clock_.NowRfc3339();
    if (a.existing) {
      // An account running before the registry knew it. One opened after the document took
      // effect without an application is flagged (附件3 新开设未申请).
      row.status = core::AccountStatus::kOpen;
      row.opened_without_application = *a.record.opened_on >= core::InternalBodyCutoff();
    }
    auto new_id = store_.InsertAccount(row);
    if (!new_id.ok()) return new_id.status();
    id = row.id = *new_id;
    if (a.existing) {
      storage::FilingRow f;
      f.account_id = id;
      f.kind = core::FilingKind::kOpen;
      f.dates = {*a.record.opened_on, today, std::nullopt};
      f.reason = "已开设账号补录";
      f.historical = true;
      f.created_by = p.username;
      f.created_at = row.created_at;
      if (auto fid = store_.InsertFiling(f); !fid.ok()) return fid.status();
    } else {
      storage::ApplicationRow app;
      app.account_id = id;
      app.applied_on = today.ToString();
      app.reason = a.application_reason;
      app.created_by = p.username;
      if (auto aid = store_.InsertApplication(app); !aid.ok()) return aid.status();
    }
    if (Status s = RefreshWarnings(row.record.unit_id); !s.ok()) return s;
    auto saved = store_.GetAccount(id);
    if (!saved.ok()) return saved.status();
    return Audit(p, a.existing ? "account.register_existing" : "account.apply", "account", id, "",
                 AccountAudit(*saved));
  });
  if (!st.ok()) return st;
  return store_.GetAccount(id);
}

core::Result<storage::AccountRow> RegistryService::UpdateAccount(const core::Principal& p, int64_t id,
                                                                const RecordEdit& edit) {
  Status st = db_.Transaction([&]() -> Status {
    auto before = LoadScoped(p, id, Action::kEditAccount);
    if (!before.ok()) return before.status();
    if (before->status == core::AccountStatus::kCancelled) {
      return Status::Conflict("账号已注销，不能再修改");
    }
    storage::AccountRow after = *before;
    if (Status s = edit(&after.record); !s.ok()) return s;
    after.record.name = std::string(core::Trim(after.record.name));
    if (Status s = core::Authorize(p, Action::kEditAccount, after.record.unit_id); !s.ok()) {
      return Status::InvalidArgument("unit_id", "不能把账号移到其他单位");
    }
    if (after.record.unit_id != before->record.unit_id) {
      auto unit = store_.GetUnit(after.record.unit_id);
      if (!unit.ok() || unit->retired) return Status::InvalidArgument("unit_id", "主办单位不存在或已撤销");
    }
    if (Status s = core::ValidateAccountRecord(after.record, clock_.Today()); !s.ok()) return s;
    after.updated_at = clock_.NowRfc3339();
    if (Status s = store_.UpdateAccount(after); !s.ok()) return s;
    if (Status s = RefreshWarnings(after.record.unit_id); !s.ok()) return s;
    if (after.record.unit_id != before->record.unit_id) {
      if (Status s = RefreshWarnings(before->record.unit_id); !s.ok()) return s;
    }
    auto saved = store_.GetAccount(id);
    if (!saved.ok()) return saved.status();
    return Audit(p, "account.update", "account", id, AccountAudit(*before), AccountAudit(*saved));
  });
  if (!st.ok()) return st;
  return store_.GetAccount(id);
}

core::Result<storage::AccountRow> RegistryService::Reapply(const core::Principal& p, int64_t id,
                                                          const std::string& reason) {
  Status st = db_.Transaction([&]() -> Status {
    auto before = LoadScoped(p, id, Action::kEditAccount);
    if (!before.ok()) return before.status();
    auto next = core::Reapply(before->status);
    if (!next.ok()) return next.status();
    storage::AccountRow after = *before;
    after.status = *next;
    after.updated_at = clock_.NowRfc3339();
    if (Status s = store_.UpdateAccount(after); !s.ok()) return s;
    storage::ApplicationRow app;
    app.account_id = id;
    app.applied_on = clock_.Today().ToString();
    app.reason = reason;
    app.created_by = p.username;
    if (auto aid = store_.InsertApplication(app); !aid.ok()) return aid.status();
    if (Status s = RefreshWarnings(after.record.unit_id); !s.ok()) return s;
    return Audit(p, "account.reapply", "account", id, AccountAudit(*before), AccountAudit(after));
  });
  if (!st.ok()) return st;
  return store_.GetAccount(id);
}

core::Result<storage::AccountRow> RegistryService::Decide(const core::Principal& p, int64_t id,
                                                         core::Decision d, const std::string& note) {
  Status st = db_.Transaction([&]() -> Status {
    auto before = LoadScoped(p, id, Action::kDecideApplication);
    if (!before.ok()) return before.status();
    auto next = core::Decide(before->status, d);
    if (!next.ok()) return next.status();
    if (d == core::Decision::kReject && core::Trim(note).empty()) {
      return Status::InvalidArgument("note", "驳回时须填写理由");
    }
    auto app = store_.LatestApplication(id);
    if (!app.ok()) return app.status();
    if (!*app) return Status::Conflict("该账号没有待审批的申请");
    storage::ApplicationRow a = **app;
    a.decision = d == core::Decision::kApprove ? "approved" : "rejected";
    a.decided_on = clock_.Today().ToString();
    a.decided_by = p.username;
    a.note = note;
    if (Status s = store_.UpdateApplication(a); !s.ok()) return s;
    storage::AccountRow after = *before;
    after.status = *next;
    after.updated_at = clock_.NowRfc3339();
    if (Status s = store_.UpdateAccount(after); !s.ok()) return s;
    if (Status s = RefreshWarnings(after.record.unit_id); !s.ok()) return s;
    return Audit(p, d == core::Decision::kApprove ? "application.approve" : "application.reject",
                 "account", id, AccountAudit(*before), AccountAudit(after));
  });
  if (!st.ok()) return st;
  return store_.GetAccount(id);
}

// ---- Filings ----

core::Result<EvidenceImage> RegistryService::AddClosureImage(const core::Principal& p, int64_t account_id,
                                                             const std::string& filename, const std::string& bytes) {
  auto account = LoadScoped(p, account_id, Action::kEditAccount);
  if (!account.ok()) return account.status();
  if (!core::ApplyFiling(account->status, core::FilingKind::kClose).ok())
    return Status::Conflict("只有已开设的账号可以上传停更公告截图");
  if (auto checked = CheckEvidenceImage(filename, bytes); !checked.ok()) return checked.status();
  core::Result<EvidenceImage> stored = Status::Internal("not stored");
  Status st = db_.Transaction([&]() -> Status {
    EvidenceImage image;
    image.unit_id = account->record.unit_id;
    image.kind = "closure_notice";
    image.account_id = account_id;
    image.filename = filename;
    image.created_by = p.username;
    image.created_at = clock_.NowRfc3339();
    bool created = false;
    stored = StoreEvidenceImage(db_, image, bytes, &created);
    if (!stored.ok()) return stored.status();
    if (!created) return Status::Ok();  // the same image again: nothing changed
    return Audit(p, "account.closure_image", "account", account_id, "", EvidenceImageJson(*stored).dump());
  });
  if (!st.ok()) return st;
  return stored;
}

FilingView RegistryService::ViewOf(storage::FilingRow row) const {
  FilingView v{std::move(row), {}};
  v.standing = core::AssessFiling(calendar_, v.row.dates, clock_.Today());
  if (v.row.historical) {
    // 历史补录: recorded, not filed; nothing is late and nothing waits to be forwarded.
    v.standing.filed_late = v.standing.forward_late = v.standing.pending = false;
  }
  return v;
}

core::Result<FilingView> RegistryService::File(const core::Principal& p, int64_t account_id,
                                               const NewFiling& f) {
  const core::Date today = clock_.Today();
  if (f.filed_on && *f.filed_on != today) {
    if (Status s = core::Authorize(p, Action::kBackdateFiling); !s.ok()) {
      return Status::InvalidArgument("filed_on", "只有市政府办公室可以补记以往日期的备案");
    }
  }
  const core::Date filed_on = f.filed_on.value_or(today);
  if (Status s = core::ValidateFilingDates(f.event_on, filed_on, today); !s.ok()) return s;
  if (core::Utf8Length(f.reason) > core::kMaxTextChars) return Status::InvalidArgument("reason", "原因过长");
  if (f.kind == core::FilingKind::kClose) {
    // The closure notice: its link, or screenshots of it, or both.
    if (f.closure_notice_url.empty() && f.closure_notice_image_ids.empty()) {
      return Status::InvalidArgument("closure_notice_url", "关停备案须填写停更公告链接或上传停更公告截图");
    }
    if (!f.closure_notice_url.empty() && !core::StartsWith(f.closure_notice_url, "http://") &&
        !core::StartsWith(f.closure_notice_url, "https://")) {
      return Status::InvalidArgument("closure_notice_url", "停更公告链接应以 http:// 或 https:// 开头");
    }
    if (!f.closure_notice_on) return Status::InvalidArgument("closure_notice_on", "关停备案须填写停更公告日期");
    if (*f.closure_notice_on > today) return Status::InvalidArgument("closure_notice_on", "停更公告日期不能晚于今天");
  }
  if (!f.closure_notice_image_ids.empty() && f.kind != core::FilingKind::kClose) {
    return Status::InvalidArgument("closure_notice_image_ids", "只有关停备案可以附停更公告截图");
  }
  if (f.changes && f.kind != core::FilingKind::kChange) {
    return Status::InvalidArgument("changes", "只有变更备案可以附带修改内容");
  }
  int64_t filing_id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto before = LoadScoped(p, account_id, Action::kEditAccount);
    if (!before.ok()) return before.status();
    auto move = core::ApplyFiling(before->status, f.kind);
    if (!move.ok()) return move.status();
    storage::AccountRow after = *before;
    after.status = move->next;
    if (move->without_application) after.opened_without_application = true;
    if (f.kind == core::FilingKind::kOpen && !after.record.opened_on) after.record.opened_on = f.event_on;
    if (f.kind == core::FilingKind::kClose) {
      after.closure_notice_url = f.closure_notice_url;
      after.closure_notice_on = f.closure_notice_on;
    }
    if (f.changes) {
      if (Status s = f.changes(&after.record); !s.ok()) return s;
      if (after.record.unit_id != before->record.unit_id) {
        return Status::InvalidArgument("changes.unit_id", "主办单位发生变化的，应注销后由新单位重新开设");
      }
      if (Status s = core::ValidateAccountRecord(after.record, today); !s.ok()) {
        return Status::InvalidArgument("changes." + s.field(), s.message());
      }
    }
    after.updated_at = clock_.NowRfc3339();
    if (Status s = store_.UpdateAccount(after); !s.ok()) return s;
    storage::FilingRow row;
    row.account_id = account_id;
    row.kind = f.kind;
    row.dates = {f.event_on, filed_on, std::nullopt};
    row.reason = f.reason;
    row.closure_notice_url = f.closure_notice_url;
    row.closure_notice_on = f.closure_notice_on;
    row.changes_json = f.changes_json;
    row.created_by = p.username;
    row.created_at = after.updated_at;
    auto id = store_.InsertFiling(row);
    if (!id.ok()) return id.status();
    filing_id = *id;
    if (Status s = AttachClosureImages(db_, account_id, filing_id, f.closure_notice_image_ids); !s.ok()) return s;
    if (Status s = RefreshWarnings(after.record.unit_id); !s.ok()) return s;
    auto saved = store_.GetFiling(filing_id);
    if (!saved.ok()) return saved.status();
    if (Status s = Audit(p, "account.file_" + std::string(core::FilingKindId(f.kind)), "account",
                         account_id, AccountAudit(*before), AccountAudit(after));
        !s.ok())
      return s;
    nlohmann::json created = storage::FilingJson(*saved, nullptr);
    if (!f.closure_notice_image_ids.empty()) created["closure_notice_image_ids"] = f.closure_notice_image_ids;
    return Audit(p, "filing.create", "filing", filing_id, "", created.dump());
  });
  if (!st.ok()) return st;
  auto row = store_.GetFiling(filing_id);
  if (!row.ok()) return row.status();
  return ViewOf(std::move(*row));
}

core::Result<std::vector<FilingView>> RegistryService::ListFilings(const core::Principal& p, FilingList view,
                                                                   std::optional<int64_t> unit_id,
                                                                   std::optional<int64_t> account_id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  storage::FilingFilter f;
  f.unit_id = unit_id;
  f.account_id = account_id;
  f.only_pending = view == FilingList::kPending;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<FilingView>{};
    f.unit_id = scope;
  }
  auto rows = store_.ListFilings(f);
  if (!rows.ok()) return rows.status();
  std::vector<FilingView> out;
  for (auto& r : *rows) {
    FilingView v = ViewOf(std::move(r));
    if (view == FilingList::kOverdue && !v.standing.overdue()) continue;
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<FilingView> RegistryService::Forward(const core::Principal& p, int64_t filing_id,
                                                  std::optional<core::Date> on) {
  if (Status s = core::Authorize(p, Action::kForwardFiling); !s.ok()) return s;
  const core::Date today = clock_.Today();
  const core::Date when = on.value_or(today);
  Status st = db_.Transaction([&]() -> Status {
    auto before = store_.GetFiling(filing_id);
    if (!before.ok()) return before.status();
    if (before->dates.forwarded_on) return Status::Conflict("该备案已于 " + before->dates.forwarded_on->ToString() + " 报送");
    if (when < before->dates.filed_on) return Status::InvalidArgument("forwarded_on", "报送日期不能早于备案日期");
    if (when > today) return Status::InvalidArgument("forwarded_on", "报送日期不能晚于今天");
    if (Status s = store_.SetForwarded(filing_id, when, p.username); !s.ok()) return s;
    auto after = store_.GetFiling(filing_id);
    if (!after.ok()) return after.status();
    return Audit(p, "filing.forward", "filing", filing_id, storage::FilingJson(*before, nullptr).dump(),
                 storage::FilingJson(*after, nullptr).dump());
  });
  if (!st.ok()) return st;
  auto row = store_.GetFiling(filing_id);
  if (!row.ok()) return row.status();
  return ViewOf(std::move(*row));
}

// ---- Home ----

core::Result<Dashboard> RegistryService::GetDashboard(const core::Principal& p) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (Status s = RefreshDatedWarnings(); !s.ok()) return s;
  const auto scope = core::ScopeUnit(p);
  Dashboard d;
  auto units = store_.ListUnits(false, scope);
  if (!units.ok()) return units.status();
  d.units = static_cast<int64_t>(units->size());
  auto by_status = store_.CountAccountsBy("status", scope);
  if (!by_status.ok()) return by_status.status();
  d.by_status = *by_status;
  for (const auto& [_, n] : d.by_status) d.accounts_total += n;
  auto by_platform = store_.CountAccountsBy("platform", scope);
  if (!by_platform.ok()) return by_platform.status();
  d.by_platform = *by_platform;
  storage::AccountFilter wf;
  wf.unit_id = scope;
  wf.only_warnings = true;
  wf.limit = 0;
  if (auto w = store_.ListAccounts(wf, &d.accounts_with_warnings); !w.ok()) return w.status();

  auto apps = store_.PendingApplications(scope);
  if (!apps.ok()) return apps.status();
  d.pending_applications = static_cast<int64_t>(apps->size());
  for (const auto& [app, acc] : *apps) {
    d.todo.push_back({"application", acc.id, acc.record.name, acc.unit_name, std::nullopt, std::nullopt,
                      "开设申请待审批（" + app.applied_on + " 提交）"});
  }
  auto filings = ListFilings(p, FilingList::kAll, std::nullopt, std::nullopt);
  if (!filings.ok()) return filings.status();
  for (const auto& f : *filings) {
    if (f.standing.pending) {
      ++d.pending_forward;
      d.todo.push_back({"forward", f.row.account_id, f.row.account_name, f.row.unit_name, f.row.id,
                        f.standing.forward_due_on,
                        std::string(core::FilingKindLabel(f.row.kind)) + "备案待报送省系统，期限 " +
                            f.standing.forward_due_on.ToString()});
    }
    if (f.standing.overdue()) {
      ++d.overdue_filings;
      std::string why = f.standing.filed_late ? "备案超过 2 个工作日（应于 " + f.standing.due_on.ToString() + " 前）"
                                              : "报送超过 1 个工作日（应于 " + f.standing.forward_due_on.ToString() + " 前）";
      d.todo.push_back({"overdue", f.row.account_id, f.row.account_name, f.row.unit_name, f.row.id,
                        f.standing.filed_late ? f.standing.due_on : f.standing.forward_due_on,
                        std::string(core::FilingKindLabel(f.row.kind)) + "备案逾期：" + why});
    }
  }
  return d;
}

}  // namespace govmedia::app
