#include "app/interaction/approved_source_service.h"

#include <algorithm>

#include "core/date.h"
#include "core/text.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kSelect =
    "SELECT id, name, aliases, domains, valid_from, valid_to, note, created_by, created_at, updated_at "
    "FROM approved_sources";

std::vector<std::string> StringsOf(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

ApprovedSourceRow FromRow(const storage::Row& r) {
  ApprovedSourceRow x;
  x.source.id = r.Int(0);
  x.source.name = r.Text(1);
  x.source.aliases = StringsOf(r.Text(2));
  x.source.domains = StringsOf(r.Text(3));
  if (auto from = r.OptText(4)) x.source.valid_from = core::Date::Parse(*from);
  if (auto to = r.OptText(5)) x.source.valid_to = core::Date::Parse(*to);
  x.note = r.Text(6);
  x.created_by = r.Text(7);
  x.created_at = r.Text(8);
  x.updated_at = r.Text(9);
  return x;
}

storage::Value OptDate(const std::optional<core::Date>& d) {
  return d ? storage::Value(d->ToString()) : storage::Value(nullptr);
}

json AuditJson(const ApprovedSourceRow& r) {
  const auto& s = r.source;
  return {{"name", s.name},
          {"aliases", s.aliases},
          {"domains", s.domains},
          {"valid_from", s.valid_from ? s.valid_from->ToString() : ""},
          {"valid_to", s.valid_to ? s.valid_to->ToString() : ""},
          {"note", r.note}};
}

}  // namespace

core::Result<std::vector<core::ApprovedSource>> LoadApprovedSources(storage::Db& db) {
  auto rows = db.Query(std::string(kSelect) + " ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::vector<core::ApprovedSource> out;
  for (const auto& r : *rows) out.push_back(FromRow(r).source);
  return out;
}

std::string ApprovedSourceService::StatusOn(const core::ApprovedSource& s, core::Date today) {
  if (s.valid_from && today < *s.valid_from) return "pending";
  if (s.valid_to && *s.valid_to < today) return "expired";
  return "valid";
}

json ApprovedSourceService::ToJson(const ApprovedSourceRow& r) const {
  const auto& s = r.source;
  const std::string status = StatusOn(s, clock_.Today());
  return {{"id", s.id},
          {"name", s.name},
          {"aliases", s.aliases},
          {"domains", s.domains},
          {"valid_from", s.valid_from ? json(s.valid_from->ToString()) : json()},
          {"valid_to", s.valid_to ? json(s.valid_to->ToString()) : json()},
          {"note", r.note},
          {"status", status},
          {"status_label", status == "valid" ? "有效" : status == "expired" ? "已过期" : "未生效"},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

core::Result<ApprovedSourceRow> ApprovedSourceService::Load(int64_t id) {
  auto rows = db_.Query(std::string(kSelect) + " WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("稿源单位不存在");
  return FromRow(rows->front());
}

core::Result<std::vector<ApprovedSourceRow>> ApprovedSourceService::List(const core::Principal& p,
                                                                         const ApprovedSourceFilter& f,
                                                                         int64_t* total) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (!f.status.empty() && f.status != "valid" && f.status != "expired" && f.status != "pending")
    return Status::InvalidArgument("status", "应为 valid、expired 或 pending");
  auto rows = db_.Query(std::string(kSelect) + " ORDER BY name");
  if (!rows.ok()) return rows.status();
  const core::Date today = clock_.Today();
  const std::string q(core::Trim(f.q));
  const std::string qkey = core::SourceKey(q);
  std::vector<ApprovedSourceRow> hits;
  for (const auto& row : *rows) {
    ApprovedSourceRow r = FromRow(row);
    if (!f.status.empty() && StatusOn(r.source, today) != f.status) continue;
    if (!q.empty()) {
      bool match = r.source.name.find(q) != std::string::npos || core::SourceKey(r.source.name).find(qkey) != std::string::npos;
      for (const auto& a : r.source.aliases) match |= a.find(q) != std::string::npos;
      for (const auto& d : r.source.domains) match |= d.find(q) != std::string::npos;
      if (!match) continue;
    }
    hits.push_back(std::move(r));
  }
  if (total) *total = static_cast<int64_t>(hits.size());
  std::vector<ApprovedSourceRow> page;
  for (int64_t i = f.offset; i < static_cast<int64_t>(hits.size()) && i < f.offset + f.limit; ++i)
    page.push_back(std::move(hits[static_cast<size_t>(i)]));
  return page;
}

core::Result<ApprovedSourceRow> ApprovedSourceService::Get(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  return Load(id);
}

Status ApprovedSourceService::Apply(const json& body, ApprovedSourceRow* r) {
  if (!body.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const std::vector<std::string> known = {"name", "aliases", "domains", "valid_from", "valid_to", "note"};
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) return Status::InvalidArgument(it.key(), "未知字段");
  }
  auto& s = r->source;
  if (body.contains("name")) {
    if (!body["name"].is_string()) return Status::InvalidArgument("name", "应为文本");
    s.name = std::string(core::Trim(body["name"].get<std::string>()));
  }
  if (s.name.empty()) return Status::InvalidArgument("name", "请填写稿源单位名称");
  if (auto why = core::TextProblem(s.name, 60, false); !why.empty()) return Status::InvalidArgument("name", "名称" + why);
  auto list = [&](const char* key, size_t max, std::vector<std::string>* out, bool domains) -> Status {
    if (!body.contains(key)) return Status::Ok();
    const json& v = body[key];
    if (v.is_null()) {
      out->clear();
      return Status::Ok();
    }
    if (!v.is_array()) return Status::InvalidArgument(key, "应为文本数组");
    std::vector<std::string> items;
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
      if (!v[i].is_string()) return Status::InvalidArgument(field, "应为文本");
      std::string item(core::Trim(v[i].get<std::string>()));
      if (item.empty()) continue;
      if (auto why = core::TextProblem(item, domains ? 253 : 60, false); !why.empty())
        return Status::InvalidArgument(field, why);
      if (domains) {
        const std::string d = core::DomainOf(item);
        if (d.empty()) return Status::InvalidArgument(field, "应为网站域名（如 news.cn）或网址，不是“" + item + "”");
        item = d;
      }
      if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
    }
    if (items.size() > max)
      return Status::InvalidArgument(key, "最多 " + std::to_string(max) + " 个");
    *out = std::move(items);
    return Status::Ok();
  };
  if (Status st = list("aliases", kMaxSourceAliases, &s.aliases, false); !st.ok()) return st;
  if (Status st = list("domains", kMaxSourceDomains, &s.domains, true); !st.ok()) return st;
  auto date = [&](const char* key, std::optional<core::Date>* out) -> Status {
    if (!body.contains(key)) return Status::Ok();
    const json& v = body[key];
    if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
      out->reset();
      return Status::Ok();
    }
    auto d = v.is_string() ? core::Date::Parse(v.get<std::string>()) : std::nullopt;
    if (!d) return Status::InvalidArgument(key, "日期格式应为 YYYY-MM-DD");
    *out = d;
    return Status::Ok();
  };
  if (Status st = date("valid_from", &s.valid_from); !st.ok()) return st;
  if (Status st = date("valid_to", &s.valid_to); !st.ok()) return st;
  if (s.valid_from && s.valid_to && *s.valid_to < *s.valid_from)
    return Status::InvalidArgument("valid_to", "有效期截止日期早于起始日期");
  if (body.contains("note")) {
    if (!body["note"].is_string() && !body["note"].is_null()) return Status::InvalidArgument("note", "应为文本");
    r->note = body["note"].is_string() ? std::string(core::Trim(body["note"].get<std::string>())) : "";
    if (auto why = core::TextProblem(r->note, 500, true); !why.empty()) return Status::InvalidArgument("note", "备注" + why);
  }
  return Status::Ok();
}

// A name or alias names one entry only: otherwise a credit could match two entries with different
// periods. (Within an entry, an alias that is the name written another way is harmless.)
Status ApprovedSourceService::CheckUnique(const ApprovedSourceRow& r) {
  auto others = LoadApprovedSources(db_);
  if (!others.ok()) return others.status();
  std::vector<std::pair<std::string, std::string>> mine{{"name", r.source.name}};
  for (size_t i = 0; i < r.source.aliases.size(); ++i)
    mine.emplace_back("aliases[" + std::to_string(i) + "]", r.source.aliases[i]);
  for (size_t i = 0; i < mine.size(); ++i) {
    const std::string key = core::SourceKey(mine[i].second);
    for (const auto& o : *others) {
      if (o.id == r.source.id) continue;
      bool clash = core::SourceKey(o.name) == key;
      for (const auto& a : o.aliases) clash |= core::SourceKey(a) == key;
      if (clash)
        return Status::InvalidArgument(mine[i].first, "「" + mine[i].second + "」已是名单中「" + o.name + "」的名称或别名");
    }
  }
  return Status::Ok();
}

core::Result<ApprovedSourceRow> ApprovedSourceService::Create(const core::Principal& p, const json& body) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  ApprovedSourceRow r;
  if (Status s = Apply(body, &r); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = CheckUnique(r); !s.ok()) return s;
    auto inserted = db_.Insert(
        "INSERT INTO approved_sources (name, aliases, domains, valid_from, valid_to, note, created_by, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {r.source.name, json(r.source.aliases).dump(), json(r.source.domains).dump(), OptDate(r.source.valid_from),
         OptDate(r.source.valid_to), r.note, p.username, now, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    return audit_.Append({0, now, p.username, "approved_source.create", "approved_source", std::to_string(id), "",
                          AuditJson(r).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<ApprovedSourceRow> ApprovedSourceService::Update(const core::Principal& p, int64_t id, const json& patch) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    auto before = Load(id);
    if (!before.ok()) return before.status();
    ApprovedSourceRow after = *before;
    if (Status s = Apply(patch, &after); !s.ok()) return s;
    if (Status s = CheckUnique(after); !s.ok()) return s;
    if (Status s = db_.Exec("UPDATE approved_sources SET name = ?, aliases = ?, domains = ?, valid_from = ?, valid_to = ?, "
                            "note = ?, updated_at = ? WHERE id = ?",
                            {after.source.name, json(after.source.aliases).dump(), json(after.source.domains).dump(),
                             OptDate(after.source.valid_from), OptDate(after.source.valid_to), after.note, now, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "approved_source.update", "approved_source", std::to_string(id),
                          AuditJson(*before).dump(), AuditJson(after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

Status ApprovedSourceService::Delete(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  return db_.Transaction([&]() -> Status {
    auto before = Load(id);
    if (!before.ok()) return before.status();
    if (Status s = db_.Exec("DELETE FROM approved_sources WHERE id = ?", {id}); !s.ok()) return s;
    return audit_.Append({0, now, p.username, "approved_source.delete", "approved_source", std::to_string(id),
                          AuditJson(*before).dump(), ""});
  });
}

}  // namespace govmedia::app
