#include "app/monitoring/monitor_service.h"

#include <map>
#include <nlohmann/json.hpp>

#include "app/interaction/approved_source_service.h"
#include "core/availability.h"
#include "core/lexicon.h"
#include "core/source_credit.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// The Beijing-time day a post was published; none when the feed gave no time.
std::optional<core::Date> PublishedDay(const storage::IncomingPost& p) {
  if (p.published_at.empty()) return std::nullopt;
  return core::BeijingDay(p.published_epoch);
}

}  // namespace

std::string CategoryLabel(const std::string& c) {
  if (c == "secret") return "泄密";
  if (c == "harmful") return "有害信息";
  if (c == "serious_error") return "严重表述错误";
  if (c == "ad") return "商业广告";
  if (c == "improper") return "不当内容";
  if (c == "privacy") return "个人信息";
  if (c == "reply") return "回复失当";
  if (c == "hijack") return "疑似账号被盗用";
  return c;
}

Status MonitorService::Check(std::string_view tsv, const std::vector<std::string>& allow) {
  auto entries = core::ParseLexicon(tsv);
  if (!entries.ok()) return entries.status();
  std::lock_guard lock(mu_);
  if (!normalizer_) {
    auto n = scan::Normalizer::Create();
    if (!n.ok()) return n.status();
    normalizer_ = std::move(*n);
  }
  return scan::Scanner::Build(std::move(*entries), *normalizer_, {.allow = allow}).status();
}

std::vector<scan::Hit> MonitorService::ScanText(std::string_view text, std::optional<core::Date> day) {
  std::lock_guard lock(mu_);
  if (!lexicon_) return {};
  return lexicon_->scanner->Scan(text, day);
}

std::string MonitorService::IndicatorOf(const std::string& category) {
  std::lock_guard lock(mu_);
  if (lexicon_) {
    if (auto it = lexicon_->indicator_of.find(category); it != lexicon_->indicator_of.end()) return it->second;
  }
  return core::IndicatorOfCategory(category);
}

int64_t MonitorService::lexicon_version() {
  std::lock_guard lock(mu_);
  return lexicon_ ? lexicon_->version : 0;
}

Status MonitorService::Refresh() {
  auto newest = db_.Query("SELECT MAX(version) FROM lexicon_versions");
  if (!newest.ok()) return newest.status();
  if (newest->empty() || newest->front().IsNull(0)) return Status::Ok();
  const int64_t version = newest->front().Int(0);
  if (version == lexicon_version()) return Status::Ok();
  auto row = storage::QueryOne(db_, "SELECT terms_tsv, categories, allow, leaders FROM lexicon_versions WHERE version = ?", {version});
  if (!row.ok()) return row.status();
  auto entries = core::ParseLexicon(row->Text(0));
  if (!entries.ok()) return entries.status();
  auto categories = json::parse(row->Text(1)).get<std::map<std::string, std::string>>();
  auto allow = json::parse(row->Text(2)).get<std::vector<std::string>>();
  auto leaders = core::ParseLeaders(row->Text(3));
  if (!leaders.ok()) return leaders.status();
  std::lock_guard lock(mu_);
  if (!normalizer_) {
    auto n = scan::Normalizer::Create();
    if (!n.ok()) return n.status();
    normalizer_ = std::move(*n);
  }
  // A category is veto-level when this version maps it to a veto indicator: the scanner then
  // decides alert or review (mitigating context, undated rules) the way `govmedia scan` does.
  auto is_veto = [categories](std::string_view c) {
    auto it = categories.find(std::string(c));
    return (it == categories.end() ? core::IndicatorOfCategory(c) : it->second).starts_with("veto.");
  };
  auto s = scan::Scanner::Build(std::move(*entries), *normalizer_, {.allow = allow, .leaders = std::move(*leaders), .is_veto = is_veto});
  if (!s.ok()) return s.status();
  auto next = std::make_shared<Lexicon>();
  next->version = version;
  next->scanner = std::move(*s);
  next->indicator_of = std::move(categories);
  lexicon_ = std::move(next);
  return Status::Ok();
}

MonitorService::TextReading MonitorService::Read(const storage::IncomingPost& p) {
  TextReading out;
  {
    std::lock_guard lock(mu_);
    if (lexicon_) {
      out.lexicon_version = lexicon_->version;
      out.hits = lexicon_->scanner->Scan(p.text, PublishedDay(p));
    }
  }
  // What a comment quotes is the netizen's; only the account's own posts repost.
  if (p.kind != storage::kKindComment) out.credits = core::FindSourceCredits(p.text);
  return out;
}

Status MonitorService::OnArchived(const storage::IncomingPost& p, const storage::Archived& a, const TextReading* read) {
  if (a.outcome != storage::ArchiveOutcome::kUnchanged) {
    // Read here unless read ahead: one way to the findings either way.
    TextReading here;
    if (!read) {
      here = Read(p);
      read = &here;
    }
    if (Status s = ScanLexicon(p, a, nullptr, read); !s.ok()) return s;
    if (p.kind != storage::kKindComment) {
      if (Status s = CheckSources(p, a, read->credits); !s.ok()) return s;
    }
  }
  // The hooks see unchanged items too (their counts may have moved); each checks the outcome.
  for (const auto& hook : archive_hooks_) {
    if (Status s = hook(p, a); !s.ok()) return s;
  }
  return Status::Ok();
}

core::Result<std::shared_ptr<const MonitorService::SourceLists>> MonitorService::SourceListsFor(int64_t account_id,
                                                                                             std::string* unit_name) {
  // The lists' fingerprint, from two primary keys' ends: an account added is a row of its own,
  // and an account renamed or moved in or out of the registry, or an approved source added,
  // changed or removed, is a change by a person, audited. A province has 5,000 names, a post with
  // a source credit is archived every second, and each read was a round trip to the database: the
  // unit's name comes with the fingerprint.
  auto mark = storage::QueryOne(
      db_, "SELECT (SELECT MAX(id) FROM audit_log), (SELECT MAX(id) FROM accounts), "
           "(SELECT u.name FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.id = ?)",
      {account_id});
  if (!mark.ok()) return mark.status();
  if (mark->IsNull(2)) return Status::NotFound("账号不存在");
  *unit_name = mark->Text(2);
  const std::string fingerprint = mark->Text(0) + "/" + mark->Text(1);
  {
    std::lock_guard lock(lists_mu_);
    if (lists_ && lists_fingerprint_ == fingerprint) return lists_;
  }
  auto lists = std::make_shared<SourceLists>();
  auto approved = LoadApprovedSources(db_);
  if (!approved.ok()) return approved.status();
  lists->approved = std::move(*approved);
  auto rows = db_.Query("SELECT DISTINCT name FROM accounts WHERE status NOT IN ('rejected', 'cancelled')");
  if (!rows.ok()) return rows.status();
  lists->account_names.reserve(rows->size());
  for (const auto& r : *rows) lists->account_names.push_back(r.Text(0));
  std::lock_guard lock(lists_mu_);
  lists_fingerprint_ = fingerprint;
  lists_ = lists;
  return std::shared_ptr<const SourceLists>(lists);
}

Status MonitorService::CheckSources(const storage::IncomingPost& p, const storage::Archived& a,
                                    const std::vector<core::SourceCredit>& credits) {
  if (credits.empty()) return Status::Ok();
  // The account's own unit, and the city's own media: the accounts of the registry.
  core::OwnSources own;
  std::string unit;
  auto lists = SourceListsFor(p.account_id, &unit);
  if (!lists.ok()) return lists.status();
  own.units.push_back(unit);
  own.accounts = (*lists)->account_names;
  // Reposts count under the indicator of the lexicon's improper category (内容发布不当).
  std::string indicator = core::IndicatorOfCategory("improper");
  {
    std::lock_guard lock(mu_);
    if (lexicon_) {
      if (auto it = lexicon_->indicator_of.find("improper"); it != lexicon_->indicator_of.end()) indicator = it->second;
    }
  }
  const std::string now = clock_.NowRfc3339();
  for (const auto& r : core::CheckSourceCredits(credits, (*lists)->approved, own, PublishedDay(p).value_or(clock_.Today()))) {
    if (r.verdict != core::CreditVerdict::kNotListed && r.verdict != core::CreditVerdict::kOutOfPeriod) continue;
    if (Status s = db_.Exec(
            "INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, end_cp, "
            "matched, created_at, level, suggestion, context, note) VALUES (?, ?, ?, 'improper', ?, ?, ?, ?, ?, ?, "
            "'review', '', '', ?) ON CONFLICT DO NOTHING",
            {a.post_id, static_cast<int64_t>(a.version), p.account_id, indicator, r.term,
             static_cast<int64_t>(r.credit.start), static_cast<int64_t>(r.credit.end), r.credit.matched, now, r.note});
        !s.ok())
      return s;
  }
  return Status::Ok();
}

Status MonitorService::ScanLexicon(const storage::IncomingPost& p, const storage::Archived& a, ScanAdded* added,
                                   const TextReading* read) {
  std::vector<scan::Hit> hits;
  std::shared_ptr<const Lexicon> lexicon;
  {
    std::lock_guard lock(mu_);
    if (!lexicon_) return Status::Ok();
    lexicon = lexicon_;
    if (read && read->lexicon_version == lexicon->version)
      hits = read->hits;
    else
      hits = lexicon->scanner->Scan(p.text, PublishedDay(p));
  }
  if (hits.empty()) return Status::Ok();
  const auto& indicator_of = lexicon->indicator_of;
  const std::string now = clock_.NowRfc3339();
  // A hit in a comment is the account's failure to moderate what it shows (留言审看不到位); a hit
  // in a post counts under its category's indicator. Veto-level content alerts the duty officer
  // either way.
  const bool comment = p.kind == storage::kKindComment;
  std::string veto_category, veto_indicator;
  for (const auto& h : hits) {
    auto mapped = indicator_of.find(h.category);
    const std::string indicator = mapped == indicator_of.end() ? h.category : mapped->second;
    const std::string level(scan::LevelName(h.level));
    auto inserted = db_.Query(
        "INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, end_cp, "
        "matched, created_at, level, suggestion, context, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING id",
        {a.post_id, static_cast<int64_t>(a.version), p.account_id, h.category,
         comment ? std::string(kCommentIndicator) : indicator, h.term, static_cast<int64_t>(h.start),
         static_cast<int64_t>(h.end), h.matched, now, level, h.suggestion, h.context, h.note});
    if (!inserted.ok()) return inserted.status();
    if (added) added->hits += static_cast<int64_t>(inserted->size());
    // Only an alert-level hit goes to the duty officer at once; a review-level one (mitigating
    // context, an undated post) waits for an inspector like any other finding.
    if (veto_category.empty() && h.level == scan::Level::kAlert) {
      veto_category = h.category;
      veto_indicator = indicator;
    }
  }
  if (veto_category.empty()) return Status::Ok();
  // The same post never alerts twice; an edit keeps the first alert and its version.
  auto alert = db_.Query(
      "INSERT INTO alerts (post_id, post_version, account_id, category, indicator, created_at) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (post_id) DO NOTHING RETURNING id",
      {a.post_id, static_cast<int64_t>(a.version), p.account_id, veto_category, veto_indicator, now});
  if (!alert.ok()) return alert.status();
  if (added) added->alerts += static_cast<int64_t>(alert->size());
  if (alert->empty() || !on_alert_) return Status::Ok();
  return on_alert_(alert->front().Int(0));
}

core::Result<std::vector<core::DerivedFinding>> MonitorService::Findings(int64_t account_id, int64_t from, int64_t to) {
  auto rows = db_.Query(
      "SELECT h.indicator, p.platform_post_id, h.post_version, h.term, h.matched, h.start_cp, h.end_cp, p.kind "
      "FROM scan_hits h JOIN posts p ON p.id = h.post_id "
      "WHERE h.account_id = ? AND p.published_epoch > ? AND p.published_epoch <= ? "
      "GROUP BY h.indicator, p.platform_post_id, h.post_version, h.term, h.matched, h.start_cp, h.end_cp, p.kind "
      "ORDER BY MIN(p.published_epoch), MIN(h.id)",
      {account_id, from, to});
  if (!rows.ok()) return rows.status();
  std::map<std::string, core::DerivedFinding> by;
  std::vector<std::string> order;
  for (const auto& r : *rows) {
    const std::string ind = r.Text(0);
    auto [it, fresh] = by.try_emplace(ind, core::DerivedFinding{ind, 0, {}});
    if (fresh) order.push_back(ind);
    it->second.occurrences += 1;
    it->second.evidence.push_back((r.Text(7) == storage::kKindComment ? "留言 " : "帖子 ") + r.Text(1) + " 第 " + r.Text(2) + " 版命中「" + r.Text(3) + "」：「" + r.Text(4) +
                                  "」（第 " + std::to_string(r.Int(5)) + "–" + std::to_string(r.Int(6)) + " 字）");
  }
  std::vector<core::DerivedFinding> out;
  for (const auto& k : order) out.push_back(by[k]);
  // Outages the availability monitor recorded (function_broken, veto.app_unusable).
  auto events = db_.Query("SELECT url, kind, event, indicator, detail, at_epoch FROM availability_events "
                          "WHERE account_id = ? AND at_epoch <= ? ORDER BY at_epoch, id",
                          {account_id, to});
  if (!events.ok()) return events.status();
  std::vector<core::StoredEvent> stored;
  for (const auto& r : *events) stored.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)});
  for (auto& f : core::OutageFindings(stored, from, to)) out.push_back(std::move(f));
  for (const auto& source : finding_sources_) {
    auto more = source(account_id, from, to);
    if (!more.ok()) return more.status();
    for (auto& f : *more) out.push_back(std::move(f));
  }
  return out;
}

core::Result<Alert> MonitorService::Load(int64_t id) {
  auto r = storage::QueryOne(
      db_,
      "SELECT al.id, al.account_id, a.name, u.name, al.post_id, p.platform_post_id, al.post_version, al.category, "
      "al.indicator, al.status, al.created_at, al.acknowledged_by, al.acknowledged_at, al.handled_by, al.handled_at, "
      "al.forwarded_to, al.note, p.kind, a.unit_id, v.url, (SELECT t.id FROM rectifications t WHERE t.alert_id = al.id), "
      "al.kind, al.evidence "
      "FROM alerts al JOIN accounts a ON a.id = al.account_id JOIN units u ON u.id = a.unit_id "
      "JOIN posts p ON p.id = al.post_id "
      "LEFT JOIN post_versions v ON v.post_id = al.post_id AND v.version = al.post_version "
      "AND v.published_epoch = p.published_epoch WHERE al.id = ?",
      {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("告警不存在") : r.status();
  Alert x;
  x.id = r->Int(0);
  x.account_id = r->Int(1);
  x.account_name = r->Text(2);
  x.unit_name = r->Text(3);
  x.post_id = r->Int(4);
  x.platform_post_id = r->Text(5);
  x.post_version = static_cast<int>(r->Int(6));
  x.category = r->Text(7);
  x.indicator = r->Text(8);
  x.status = r->Text(9);
  x.created_at = r->Text(10);
  x.acknowledged_by = r->OptText(11);
  x.acknowledged_at = r->OptText(12);
  x.handled_by = r->OptText(13);
  x.handled_at = r->OptText(14);
  x.forwarded_to = r->OptText(15);
  x.note = r->Text(16);
  x.kind = r->Text(17);
  x.unit_id = r->Int(18);
  x.url = r->Text(19);
  if (!r->IsNull(20)) x.rectification_id = r->Int(20);
  x.type = r->Text(21);
  x.evidence = r->Text(22);
  auto text = posts_.VersionText(x.post_id, x.post_version);
  if (!text.ok()) return text.status();
  x.text = *text;
  auto hits = db_.Query("SELECT term, start_cp, end_cp, matched, level, suggestion, context, note FROM scan_hits "
                        "WHERE post_id = ? AND post_version = ? ORDER BY start_cp, end_cp DESC",
                        {x.post_id, static_cast<int64_t>(x.post_version)});
  if (!hits.ok()) return hits.status();
  for (const auto& h : *hits) {
    x.hits.push_back({h.Text(0), static_cast<uint32_t>(h.Int(1)), static_cast<uint32_t>(h.Int(2)), h.Text(3), h.Text(4),
                      h.Text(5), h.Text(6), h.Text(7)});
  }
  return x;
}

core::Result<std::vector<HitRow>> MonitorService::ListHits(const core::Principal& p, const HitFilter& f,
                                                          int64_t* total) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (!f.level.empty() && f.level != "alert" && f.level != "review")
    return Status::InvalidArgument("level", "应为 alert 或 review");
  std::optional<int64_t> unit = f.unit_id;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit && *unit != *scope) return std::vector<HitRow>{};
    unit = scope;
  }
  std::string where = " WHERE 1 = 1";
  std::vector<storage::Value> args;
  if (!f.level.empty()) {
    where += " AND h.level = ?";
    args.emplace_back(f.level);
  }
  if (!f.category.empty()) {
    where += " AND h.category = ?";
    args.emplace_back(f.category);
  }
  if (f.account_id) {
    where += " AND h.account_id = ?";
    args.emplace_back(*f.account_id);
  }
  if (unit) {
    where += " AND a.unit_id = ?";
    args.emplace_back(*unit);
  }
  const std::string from =
      " FROM scan_hits h JOIN posts p ON p.id = h.post_id JOIN accounts a ON a.id = h.account_id "
      "JOIN units u ON u.id = a.unit_id JOIN post_versions v ON v.post_id = h.post_id AND v.version = h.post_version";
  if (total) {
    auto n = storage::QueryOne(db_, "SELECT COUNT(*)" + from + where, args);
    if (!n.ok()) return n.status();
    *total = n->Int(0);
  }
  args.emplace_back(f.limit);
  args.emplace_back(f.offset);
  auto rows = db_.Query(
      "SELECT h.id, h.post_id, h.account_id, a.name, u.name, p.kind, p.platform_post_id, p.published_at, v.url, "
      "h.post_version, h.category, h.indicator, h.term, h.matched, h.level, h.suggestion, h.context, h.note, "
      "h.created_at, h.start_cp, h.end_cp, v.text" +
          from + where + " ORDER BY h.id DESC LIMIT ? OFFSET ?",
      args);
  if (!rows.ok()) return rows.status();
  std::vector<HitRow> out;
  for (const auto& r : *rows) {
    HitRow h;
    h.id = r.Int(0);
    h.post_id = r.Int(1);
    h.account_id = r.Int(2);
    h.account_name = r.Text(3);
    h.unit_name = r.Text(4);
    h.kind = r.Text(5);
    h.platform_post_id = r.Text(6);
    h.published_at = r.Text(7);
    h.url = r.Text(8);
    h.post_version = static_cast<int>(r.Int(9));
    h.category = r.Text(10);
    h.indicator = r.Text(11);
    h.term = r.Text(12);
    h.matched = r.Text(13);
    h.level = r.Text(14);
    h.suggestion = r.Text(15);
    h.context = r.Text(16);
    h.note = r.Text(17);
    h.created_at = r.Text(18);
    h.start = static_cast<uint32_t>(r.Int(19));
    h.end = static_cast<uint32_t>(r.Int(20));
    h.text = r.Text(21);
    out.push_back(std::move(h));
  }
  return out;
}

core::Result<std::vector<Alert>> MonitorService::ListAlerts(const core::Principal& p, const std::string& status,
                                                            const std::string& type) {
  if (Status s = core::Authorize(p, core::Action::kHandleAlerts); !s.ok()) return s;
  if (!status.empty() && status != "new" && status != "acknowledged" && status != "handled" && status != "forwarded") {
    return Status::InvalidArgument("status", "应为 new、acknowledged、handled 或 forwarded");
  }
  if (!type.empty() && type != "content" && type != "hijack") return Status::InvalidArgument("type", "应为 content 或 hijack");
  std::string sql = "SELECT id FROM alerts WHERE 1 = 1";
  std::vector<storage::Value> args;
  if (!status.empty()) sql += " AND status = ?", args.emplace_back(status);
  if (!type.empty()) sql += " AND kind = ?", args.emplace_back(type);
  auto rows = db_.Query(sql + " ORDER BY id DESC", args);
  if (!rows.ok()) return rows.status();
  std::vector<Alert> out;
  for (const auto& r : *rows) {
    auto a = Load(r.Int(0));
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

core::Result<Alert> MonitorService::Get(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kHandleAlerts); !s.ok()) return s;
  return Load(id);
}

core::Result<Alert> MonitorService::Move(const core::Principal& p, int64_t id, const std::string& action,
                                         const std::function<Status(const Alert&)>& change) {
  if (Status s = core::Authorize(p, core::Action::kHandleAlerts); !s.ok()) return s;
  Status st = db_.Transaction([&]() -> Status {
    auto before = Load(id);
    if (!before.ok()) return before.status();
    if (Status s = change(*before); !s.ok()) return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    auto brief = [](const Alert& a) {
      return json{{"status", a.status}, {"note", a.note}, {"forwarded_to", a.forwarded_to ? json(*a.forwarded_to) : json(nullptr)}}.dump();
    };
    return audit_.Append({0, clock_.NowRfc3339(), p.username, action, "alert", std::to_string(id), brief(*before), brief(*after)});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Alert> MonitorService::Acknowledge(const core::Principal& p, int64_t id) {
  return Move(p, id, "alert.acknowledge", [&](const Alert& a) -> Status {
    if (a.status != "new") return Status::Conflict("告警已确认或已处置");
    return db_.Exec("UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
                    {p.username, clock_.NowRfc3339(), id});
  });
}

core::Result<Alert> MonitorService::Handle(const core::Principal& p, int64_t id, const std::string& note) {
  if (core::Trim(note).empty()) return Status::InvalidArgument("note", "请填写处置说明");
  return Move(p, id, "alert.handle", [&](const Alert& a) -> Status {
    if (a.status == "handled" || a.status == "forwarded") return Status::Conflict("告警已处置或已转办");
    return db_.Exec("UPDATE alerts SET status = 'handled', handled_by = ?, handled_at = ?, note = ? WHERE id = ?",
                    {p.username, clock_.NowRfc3339(), note, id});
  });
}

core::Result<Alert> MonitorService::Forward(const core::Principal& p, int64_t id, const std::string& department,
                                            const std::string& note) {
  if (core::Trim(department).empty()) return Status::InvalidArgument("department", "请填写转办部门");
  return Move(p, id, "alert.forward", [&](const Alert& a) -> Status {
    if (a.status == "handled" || a.status == "forwarded") return Status::Conflict("告警已处置或已转办");
    return db_.Exec("UPDATE alerts SET status = 'forwarded', handled_by = ?, handled_at = ?, note = ?, forwarded_to = ? "
                    "WHERE id = ?",
                    {p.username, clock_.NowRfc3339(), note, department, id});
  });
}

}  // namespace govmedia::app
