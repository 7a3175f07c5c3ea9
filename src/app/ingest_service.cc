#include "app/ingest_service.h"

#include "app/password.h"
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

core::Result<IngestCounts> IngestService::IngestPosts(const Integration& who, const json& posts) {
  if (!posts.is_array()) return Status::InvalidArgument("posts", "应为数组");
  if (posts.size() > 10000) return Status::InvalidArgument("posts", "一次最多 10000 条");
  std::vector<storage::IncomingPost> batch;
  for (size_t i = 0; i < posts.size(); ++i) {
    const json& x = posts[i];
    const std::string f = "posts[" + std::to_string(i) + "]";
    if (!x.is_object()) return Status::InvalidArgument(f, "应为对象");
    storage::IncomingPost p;
    if (!x.contains("account_id") || !x["account_id"].is_number_integer())
      return Status::InvalidArgument(f + ".account_id", "应为账号编号（整数）");
    p.account_id = x["account_id"].get<int64_t>();
    if (!x.contains("id") || !x["id"].is_string() || x["id"].get<std::string>().empty())
      return Status::InvalidArgument(f + ".id", "应为平台上的帖子编号（文本）");
    p.platform_post_id = x["id"].get<std::string>();
    if (!x.contains("published_at") || !x["published_at"].is_string())
      return Status::InvalidArgument(f + ".published_at", "缺少发布时间");
    p.published_at = x["published_at"].get<std::string>();
    auto epoch = core::ParseRfc3339(p.published_at);
    if (!epoch) return Status::InvalidArgument(f + ".published_at", "时间格式应为 RFC 3339");
    p.published_epoch = *epoch;
    if (!x.contains("text") || !x["text"].is_string()) return Status::InvalidArgument(f + ".text", "缺少正文");
    p.text = x["text"].get<std::string>();
    if (x.contains("url") && x["url"].is_string()) p.url = x["url"].get<std::string>();
    auto acc = storage::QueryOne(db_, "SELECT id FROM accounts WHERE id = ?", {p.account_id});
    if (!acc.ok()) return Status::InvalidArgument(f + ".account_id", "账号不存在");
    batch.push_back(std::move(p));
  }
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
