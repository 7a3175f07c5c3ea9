#include "app/monitoring/ingest_service.h"

#include "app/monitoring/incoming_item.h"
#include "app/auth/password.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kColumns = "id, name, created_by, created_at, revoked_at, last_used_at";

Integration FromRow(const storage::Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.OptText(5)};
}

json AuditJson(const Integration& i) {
  return {{"id", i.id}, {"name", i.name}, {"revoked_at", i.revoked_at ? json(*i.revoked_at) : json(nullptr)}};
}

}  // namespace

core::Result<Integration> IngestService::Load(int64_t id) {
  auto r = storage::QueryOne(db_, std::string("SELECT ") + kColumns + " FROM integrations WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("接入方不存在") : r.status();
  return FromRow(*r);
}

core::Result<std::pair<Integration, std::string>> IngestService::Create(const core::Principal& p, const std::string& name) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  const std::string n(core::Trim(name));
  if (n.empty() || core::Utf8Length(n) > 60) return Status::InvalidArgument("name", "接入方名称须为 1–60 个字");
  const std::string token = "gmi_" + RandomHex(32);
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto new_id = db_.Insert("INSERT INTO integrations (name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                             {n, storage::Sha256Hex(token), p.username, clock_.NowRfc3339()});
    if (!new_id.ok()) return new_id.status();
    id = *new_id;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "integration.create", "integration", std::to_string(id), "",
                          json{{"id", id}, {"name", n}}.dump()});
  });
  if (!st.ok()) return st;
  auto i = Load(id);
  if (!i.ok()) return i.status();
  return std::make_pair(*i, token);
}

core::Result<std::vector<Integration>> IngestService::List(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " FROM integrations ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::vector<Integration> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

core::Result<Integration> IngestService::Revoke(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  Status st = db_.Transaction([&]() -> Status {
    auto before = Load(id);
    if (!before.ok()) return before.status();
    if (before->revoked_at) return Status::Conflict("该接入方的令牌已吊销");
    if (Status s = db_.Exec("UPDATE integrations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                            {clock_.NowRfc3339(), p.username, id});
        !s.ok())
      return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "integration.revoke", "integration", std::to_string(id),
                          AuditJson(*before).dump(), AuditJson(*after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Integration> IngestService::Authenticate(const std::string& token) {
  if (token.empty()) return Status::Unauthenticated("缺少接入令牌（Authorization: Bearer …）");
  auto r = db_.Query(std::string("SELECT ") + kColumns + " FROM integrations WHERE token_hash = ?", {storage::Sha256Hex(token)});
  if (!r.ok()) return r.status();
  if (r->empty()) return Status::Unauthenticated("接入令牌无效");
  Integration i = FromRow(r->front());
  if (i.revoked_at) return Status::Unauthenticated("接入令牌已吊销");
  (void)db_.Exec("UPDATE integrations SET last_used_at = ? WHERE id = ?", {clock_.NowRfc3339(), i.id});
  return i;
}

core::Result<IngestCounts> IngestService::Ingest(const Integration& who, const json& items, std::string_view kind) {
  const std::string list = kind == storage::kKindComment ? "comments" : "posts";
  if (!items.is_array()) return Status::InvalidArgument(list, "应为数组");
  if (items.size() > kMaxPushBatch) return Status::InvalidArgument(list, "一次最多 " + std::to_string(kMaxPushBatch) + " 条");
  const auto exists = [this](int64_t id) { return storage::QueryOne(db_, "SELECT id FROM accounts WHERE id = ?", {id}).ok(); };
  auto text = [](const json& x, const char* key) -> std::optional<std::string> {
    if (!x.contains(key) || !x[key].is_string()) return std::nullopt;
    return x[key].get<std::string>();
  };
  std::vector<storage::IncomingPost> batch;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& x = items[i];
    const std::string f = list + "[" + std::to_string(i) + "]";
    if (!x.is_object()) return Status::InvalidArgument(f, "应为对象");
    RawItem raw;
    if (x.contains("account_id") && x["account_id"].is_number_integer()) raw.account_id = x["account_id"].get<int64_t>();
    raw.id = text(x, "id");
    raw.post_id = text(x, "post_id");
    raw.published_at = text(x, "published_at");
    raw.text = text(x, "text");
    raw.url = text(x, "url");
    raw.author = text(x, "author");
    if (x.contains("metrics") && !x["metrics"].is_null()) {
      if (!x["metrics"].is_object()) {
        raw.metrics_not_object = true;
      } else {
        raw.metrics.emplace();
        for (const auto& [key, value] : x["metrics"].items())
          raw.metrics->emplace_back(key, value.is_number_integer() ? std::optional<int64_t>(value.get<int64_t>()) : std::nullopt);
      }
    }
    auto item = CheckItem(raw, kind, exists);
    if (!item.ok()) return Status::InvalidArgument(f + "." + item.status().field(), item.status().message());
    batch.push_back(std::move(*item));
  }
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  IngestCounts counts;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    for (const auto& p : batch) {
      auto r = posts_.Archive(p, now);
      if (!r.ok()) return r.status();
      if (Status s = monitor_.OnArchived(p, *r); !s.ok()) return s;
      const auto o = r->outcome;
      (o == storage::ArchiveOutcome::kNew ? counts.added : o == storage::ArchiveOutcome::kEdited ? counts.edited
                                                                                                : counts.unchanged)++;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  (void)who;
  return counts;
}

}  // namespace govmedia::app
