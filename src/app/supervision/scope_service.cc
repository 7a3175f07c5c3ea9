#include "app/supervision/scope_service.h"

#include <map>
#include <nlohmann/json.hpp>

#include "app/evidence_images.h"
#include "app/supervision/supervision_service.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {

const char* const kSources[] = {"monitoring", "import", "report", "inspection", "other"};

}  // namespace

core::Result<std::vector<GroupView>> ScopeService::GroupsOf(const core::Unit& u) {
  auto accounts = AccountsInScope(registry_, u.id, clock_.Today());
  if (!accounts.ok()) return accounts.status();
  std::map<std::string, std::vector<storage::AccountRow>> by_platform;
  for (auto& a : *accounts) {
    if (a.status != core::AccountStatus::kOpen)
      continue;  // a closed account is already consolidated
    by_platform[std::string(core::PlatformId(a.record.platform))].push_back(std::move(a));
  }
  std::vector<GroupView> out;
  for (auto& [platform, rows] : by_platform) {
    std::vector<core::AccountText> texts;
    for (const auto& a : rows) texts.push_back({a.id, a.record.name, a.record.positioning});
    for (const auto& g : core::GroupSimilar(texts, u.name)) {
      GroupView v;
      v.key = core::GroupKey(g.ids);
      v.unit_id = u.id;
      v.unit_name = u.name;
      v.platform = platform;
      v.similarity = g.similarity;
      v.status = "proposed";
      for (int64_t id : g.ids)
        for (const auto& a : rows)
          if (a.id == id) v.accounts.push_back(a);
      auto d = db_.Query(
          "SELECT status, decided_by, decided_on, note FROM consolidation_groups WHERE group_key = "
          "?",
          {v.key});
      if (!d.ok()) return d.status();
      if (!d->empty()) {
        v.status = d->front().Text(0);
        v.decided_by = d->front().Text(1);
        v.decided_on = d->front().Text(2);
        v.note = d->front().Text(3);
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

core::Result<std::vector<GroupView>> ScopeService::Groups(const core::Principal& p,
                                                          std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<GroupView>{};
    unit_id = scope;
  }
  auto units = registry_.ListUnits(false, unit_id);
  if (!units.ok()) return units.status();
  std::vector<GroupView> out;
  for (const auto& u : *units) {
    auto g = GroupsOf(u.unit);
    if (!g.ok()) return g.status();
    for (auto& v : *g) out.push_back(std::move(v));
  }
  return out;
}

core::Result<GroupView> ScopeService::Decide(const core::Principal& p, const std::string& key,
                                             const std::string& decision, const std::string& note) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  if (decision != "confirm" && decision != "reject")
    return Status::InvalidArgument("decision", "应为 confirm（确认）或 reject（否定）");
  auto all = Groups(p, std::nullopt);
  if (!all.ok()) return all.status();
  const GroupView* found = nullptr;
  for (const auto& g : *all)
    if (g.key == key) found = &g;
  if (!found) return Status::NotFound("没有这组相近账号（账号可能已变化）");
  const std::string status = decision == "confirm" ? "confirmed" : "rejected";
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Exec(
            "INSERT INTO consolidation_groups (group_key, unit_id, platform, size, status, note, "
            "decided_by, decided_at, "
            "decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_key) DO UPDATE SET "
            "status = excluded.status, "
            "note = excluded.note, decided_by = excluded.decided_by, decided_at = "
            "excluded.decided_at, "
            "decided_on = excluded.decided_on",
            {key, found->unit_id, found->platform, static_cast<int64_t>(found->accounts.size()),
             status, std::string(core::Trim(note)), p.username, now, clock_.Today().ToString()});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "consolidation." + decision, "consolidation_group",
                          key, json{{"status", found->status}}.dump(),
                          json{{"status", status}, {"note", note}}.dump()});
  });
  if (!st.ok()) return st;
  auto again = Groups(p, found->unit_id);
  if (!again.ok()) return again.status();
  for (auto& g : *again)
    if (g.key == key) return g;
  return Status::NotFound("没有这组相近账号");
}

core::Result<std::vector<ClosureNotDone>> ScopeService::ClosuresOf(int64_t unit_id, int year) {
  storage::FilingFilter f;
  f.unit_id = unit_id;
  auto filings = registry_.ListFilings(f);
  if (!filings.ok()) return filings.status();
  std::vector<ClosureNotDone> out;
  for (const auto& fr : *filings) {
    if (fr.kind != core::FilingKind::kClose || fr.dates.event_on.year() != year) continue;
    ClosureNotDone c{fr.account_id,
                     fr.account_name,
                     fr.unit_name,
                     fr.dates.event_on.ToString(),
                     fr.closure_notice_url.empty(),
                     0};
    auto after = storage::QueryOne(db_,
                                   "SELECT COUNT(*) FROM posts WHERE account_id = ? AND kind = "
                                   "'post' AND published_epoch >= ?",
                                   {fr.account_id, core::StartOfDay(fr.dates.event_on.AddDays(1))});
    if (!after.ok()) return after.status();
    c.posts_after = after->Int(0);
    if (c.no_notice) {  // a notice given as screenshots instead of a link is a notice
      auto shots = FilingImages(db_, fr.id);
      if (!shots.ok()) return shots.status();
      c.no_notice = shots->empty();
    }
    if (c.no_notice || c.posts_after > 0) out.push_back(std::move(c));
  }
  return out;
}

core::Result<std::vector<ClosureNotDone>> ScopeService::ClosuresNotDone(
    const core::Principal& p, std::optional<int64_t> unit_id, int year) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<ClosureNotDone>{};
    unit_id = scope;
  }
  auto units = registry_.ListUnits(false, unit_id);
  if (!units.ok()) return units.status();
  std::vector<ClosureNotDone> out;
  for (const auto& u : *units) {
    auto c = ClosuresOf(u.unit.id, year);
    if (!c.ok()) return c.status();
    for (auto& x : *c) out.push_back(std::move(x));
  }
  return out;
}

core::Result<Unregistered> ScopeService::LoadUnregistered(int64_t id) {
  auto r = storage::QueryOne(
      db_,
      "SELECT x.id, x.unit_id, COALESCE(u.name, ''), x.platform, x.name, x.url, x.source, x.note, "
      "x.found_on, x.found_by, x.status, x.resolution FROM unregistered_accounts x "
      "LEFT JOIN units u ON u.id = x.unit_id WHERE x.id = ?",
      {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("记录不存在") : r.status();
  Unregistered x;
  x.id = r->Int(0);
  if (!r->IsNull(1)) x.unit_id = r->Int(1);
  x.unit_name = r->Text(2);
  x.platform = r->Text(3);
  x.name = r->Text(4);
  x.url = r->Text(5);
  x.source = r->Text(6);
  x.note = r->Text(7);
  x.found_on = r->Text(8);
  x.found_by = r->Text(9);
  x.status = r->Text(10);
  x.resolution = r->Text(11);
  return x;
}

core::Result<std::vector<Unregistered>> ScopeService::ListUnregistered(const core::Principal& p,
                                                                       const std::string& status) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  std::string where = " WHERE 1=1";
  storage::Params params;
  if (!status.empty()) where += " AND status = ?", params.emplace_back(status);
  if (auto scope = core::ScopeUnit(p)) where += " AND unit_id = ?", params.emplace_back(*scope);
  auto rows =
      db_.Query("SELECT id FROM unregistered_accounts" + where + " ORDER BY id DESC", params);
  if (!rows.ok()) return rows.status();
  std::vector<Unregistered> out;
  for (const auto& r : *rows) {
    auto x = LoadUnregistered(r.Int(0));
    if (!x.ok()) return x.status();
    out.push_back(std::move(*x));
  }
  return out;
}

core::Result<Unregistered> ScopeService::Report(const core::Principal& p, const Unregistered& u) {
  if (Status s = core::Authorize(p, Action::kInspect); !s.ok()) return s;
  if (!core::ParsePlatform(u.platform)) return Status::InvalidArgument("platform", "未知的平台");
  const std::string name(core::Trim(u.name));
  if (name.empty() || core::Utf8Length(name) > core::kMaxNameChars)
    return Status::InvalidArgument("name", "账号名称应为 1–60 个字");
  if (std::find(std::begin(kSources), std::end(kSources), u.source) == std::end(kSources))
    return Status::InvalidArgument("source",
                                   "应为 monitoring、import、report、inspection 或 other");
  if (u.unit_id && !registry_.GetUnit(*u.unit_id).ok())
    return Status::InvalidArgument("unit_id", "单位不存在");
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    auto made = db_.Insert(
        "INSERT INTO unregistered_accounts (unit_id, platform, name, url, source, note, found_on, "
        "found_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {u.unit_id ? storage::Value(*u.unit_id) : storage::Value(), u.platform, name, u.url,
         u.source, u.note, clock_.Today().ToString(), p.username});
    if (!made.ok()) return made.status();
    id = *made;
    return audit_.Append({0, now, p.username, "unregistered.report", "unregistered_account",
                          std::to_string(id), "",
                          json{{"unit_id", u.unit_id ? json(*u.unit_id) : json(nullptr)},
                               {"platform", u.platform},
                               {"name", name},
                               {"source", u.source}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return LoadUnregistered(id);
}

core::Result<int> ScopeService::Found(const std::string& by, const std::string& source,
                                      const std::vector<Unregistered>& found) {
  for (size_t i = 0; i < found.size(); ++i) {
    const std::string at = "accounts[" + std::to_string(i) + "]";
    if (!core::ParsePlatform(found[i].platform))
      return Status::InvalidArgument(at + ".platform", "未知的平台");
    if (core::Trim(found[i].name).empty() || core::Utf8Length(found[i].name) > core::kMaxNameChars)
      return Status::InvalidArgument(at + ".name", "账号名称应为 1–60 个字");
    if (found[i].unit_id && !registry_.GetUnit(*found[i].unit_id).ok())
      return Status::InvalidArgument(at + ".unit_id", "单位不存在");
  }
  int listed = 0;
  Status st = db_.Transaction([&]() -> Status {
    for (const auto& f : found) {
      const std::string name(core::Trim(f.name));
      auto known =
          storage::QueryOne(db_,
                            "SELECT (SELECT COUNT(*) FROM accounts WHERE platform = ? AND name = ? "
                            "AND status IN ('open', 'closed', 'approved', 'applied')) + "
                            "(SELECT COUNT(*) FROM unregistered_accounts WHERE platform = ? AND "
                            "name = ? AND status != 'dismissed')",
                            {f.platform, name, f.platform, name});
      if (!known.ok()) return known.status();
      if (known->Int(0) > 0) continue;
      auto made = db_.Insert(
          "INSERT INTO unregistered_accounts (unit_id, platform, name, url, source, note, "
          "found_on, found_by) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {f.unit_id ? storage::Value(*f.unit_id) : storage::Value(), f.platform, name, f.url,
           source, f.note, clock_.Today().ToString(), by});
      if (!made.ok()) return made.status();
      ++listed;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return listed;
}

core::Result<Unregistered> ScopeService::Resolve(const core::Principal& p, int64_t id,
                                                 const std::string& status,
                                                 const std::string& note) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  if (status != "registered" && status != "dismissed")
    return Status::InvalidArgument("status", "应为 registered（已纳入）或 dismissed（不属于）");
  auto before = LoadUnregistered(id);
  if (!before.ok()) return before.status();
  if (before->status != "open") return Status::Conflict("已处理");
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Exec("UPDATE unregistered_accounts SET status = ?, resolution = ?, "
                            "resolved_by = ?, resolved_at = ? WHERE id = ?",
                            {status, std::string(core::Trim(note)), p.username, now, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "unregistered." + status, "unregistered_account",
                          std::to_string(id), json{{"status", "open"}}.dump(),
                          json{{"status", status}, {"note", note}}.dump()});
  });
  if (!st.ok()) return st;
  return LoadUnregistered(id);
}

core::Result<std::vector<std::string>> ScopeService::SimilarGroups(int64_t unit_id, int year) {
  auto rows = db_.Query(
      "SELECT group_key FROM consolidation_groups WHERE unit_id = ? AND status = 'confirmed' AND "
      "size >= 3 "
      "AND decided_on <= ? ORDER BY group_key",
      {unit_id, std::to_string(year) + "-12-31"});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<std::vector<int64_t>> ScopeService::OutsideScope(int64_t unit_id, int year) {
  auto rows = db_.Query(
      "SELECT id FROM unregistered_accounts WHERE unit_id = ? AND status != 'dismissed' AND "
      "substr(found_on, 1, 4) = ? "
      "ORDER BY id",
      {unit_id, std::to_string(year)});
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> out;
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

}  // namespace govmedia::app
