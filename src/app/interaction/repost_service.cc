#include "app/interaction/repost_service.h"

#include <map>
#include <set>

#include "core/repost.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

core::Result<std::vector<int64_t>> Ids(const json& body, const char* key) {
  std::vector<int64_t> out;
  if (!body.contains(key) || body[key].is_null()) return out;
  if (!body[key].is_array()) return Status::InvalidArgument(key, "应为编号列表");
  std::set<int64_t> seen;
  for (const auto& v : body[key]) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) return Status::InvalidArgument(key, "应为编号列表");
    if (seen.insert(v.get<int64_t>()).second) out.push_back(v.get<int64_t>());
  }
  if (out.size() > 5000) return Status::InvalidArgument(key, "对象过多");
  return out;
}

std::string Str(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? std::string(core::Trim(body[key].get<std::string>())) : "";
}

}  // namespace

json RepostService::ToJson(const RepostTask& t) const {
  json targets = json::array();
  for (const auto& x : t.targets) {
    targets.push_back({{"unit_id", x.unit_id},
                       {"unit_name", x.unit_name},
                       {"account_id", x.account_id ? json(*x.account_id) : json()},
                       {"account_name", x.account_name},
                       {"status", x.status},
                       {"post_id", x.post_id ? json(*x.post_id) : json()},
                       {"post_account", x.post_account},
                       {"post_url", x.post_url},
                       {"published_at", x.published_at},
                       {"method", x.method},
                       {"method_label", core::RepostMethodLabel(x.method)}});
  }
  return {{"id", t.id},           {"title", t.title},     {"url", t.url},
          {"text", t.text},       {"starts_on", t.starts_on}, {"due_on", t.due_on},
          {"note", t.note},       {"created_by", t.created_by}, {"created_at", t.created_at},
          {"targets", targets},   {"published", t.published}, {"expected", t.targets.size()},
          {"overdue", clock_.Today().ToString() > t.due_on && t.published < static_cast<int>(t.targets.size())}};
}

core::Result<RepostTask> RepostService::Create(const core::Principal& p, const json& body) {
  if (Status s = core::Authorize(p, core::Action::kManageAssessment); !s.ok()) return s;
  RepostTask t;
  t.title = Str(body, "title");
  if (t.title.empty()) return Status::InvalidArgument("title", "请填写文章标题");
  if (auto why = core::TextProblem(t.title, 200, false); !why.empty()) return Status::InvalidArgument("title", why);
  t.url = Str(body, "url");
  if (!t.url.empty() && (!core::IsHttpUrl(t.url) || t.url.size() > 2000))
    return Status::InvalidArgument("url", "应为 http(s) 链接");
  t.text = Str(body, "text");
  if (core::Utf8Length(t.text) > 20000) return Status::InvalidArgument("text", "正文过长（最多 20000 字）");
  t.note = Str(body, "note");
  if (core::Utf8Length(t.note) > 500) return Status::InvalidArgument("note", "说明最多 500 字");
  const auto due = core::Date::Parse(Str(body, "due_on"));
  if (!due) return Status::InvalidArgument("due_on", "请填写转发期限（YYYY-MM-DD）");
  const core::Date today = clock_.Today();
  if (*due < today) return Status::InvalidArgument("due_on", "转发期限不能早于今天");
  t.due_on = due->ToString();
  t.starts_on = today.ToString();
  auto units = Ids(body, "unit_ids");
  if (!units.ok()) return units.status();
  auto accounts = Ids(body, "account_ids");
  if (!accounts.ok()) return accounts.status();
  if (units->empty() && accounts->empty()) return Status::InvalidArgument("unit_ids", "请选择需要转发的单位或账号");
  std::vector<std::pair<int64_t, std::optional<int64_t>>> targets;
  for (int64_t u : *units) {
    auto row = db_.Query("SELECT id FROM units WHERE id = ? AND retired = 0", {u});
    if (!row.ok()) return row.status();
    if (row->empty()) return Status::InvalidArgument("unit_ids", "单位不存在：" + std::to_string(u));
    targets.push_back({u, std::nullopt});
  }
  for (int64_t a : *accounts) {
    auto row = db_.Query("SELECT unit_id FROM accounts WHERE id = ? AND status = 'open'", {a});
    if (!row.ok()) return row.status();
    if (row->empty()) return Status::InvalidArgument("account_ids", "账号不存在或未开设：" + std::to_string(a));
    targets.push_back({row->front().Int(0), a});
  }
  const std::string now = clock_.NowRfc3339();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO repost_tasks (title, url, text, starts_on, due_on, note, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {t.title, t.url, t.text, t.starts_on, t.due_on, t.note, p.username, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    for (const auto& [unit, account] : targets) {
      if (Status s = db_.Exec("INSERT INTO repost_targets (task_id, unit_id, account_id) VALUES (?, ?, ?)",
                              {id, unit, account ? storage::Value(*account) : storage::Value(nullptr)});
          !s.ok())
        return s;
    }
    return audit_.Append({0, now, p.username, "repost.create", "repost_task", std::to_string(id), "",
                          json{{"title", t.title}, {"url", t.url}, {"due_on", t.due_on},
                               {"unit_ids", *units}, {"account_ids", *accounts}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

core::Result<std::vector<RepostTask>> RepostService::Load(std::optional<int64_t> task_id, std::optional<int64_t> unit_id) {
  std::string sql = "SELECT id, title, url, text, starts_on, due_on, note, created_by, created_at FROM repost_tasks";
  storage::Params params;
  std::vector<std::string> where;
  if (task_id) {
    where.push_back("id = ?");
    params.push_back(*task_id);
  }
  if (unit_id) {
    where.push_back("id IN (SELECT task_id FROM repost_targets WHERE unit_id = ?)");
    params.push_back(*unit_id);
  }
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  auto rows = db_.Query(sql + " ORDER BY id DESC LIMIT 200", params);
  if (!rows.ok()) return rows.status();
  std::vector<RepostTask> out;
  for (const auto& r : *rows) {
    RepostTask t{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8), {}, 0};
    std::string tsql =
        "SELECT t.unit_id, u.name, t.account_id, COALESCE(a.name, '') FROM repost_targets t JOIN units u ON u.id = "
        "t.unit_id LEFT JOIN accounts a ON a.id = t.account_id WHERE t.task_id = ?";
    storage::Params tp{t.id};
    if (unit_id) {
      tsql += " AND t.unit_id = ?";
      tp.push_back(*unit_id);
    }
    auto targets = db_.Query(tsql + " ORDER BY u.name, a.name", tp);
    if (!targets.ok()) return targets.status();
    for (const auto& x : *targets) {
      RepostTarget target;
      target.unit_id = x.Int(0);
      target.unit_name = x.Text(1);
      if (!x.IsNull(2)) target.account_id = x.Int(2);
      target.account_name = x.Text(3);
      t.targets.push_back(std::move(target));
    }
    if (Status s = Match(&t); !s.ok()) return s;
    out.push_back(std::move(t));
  }
  return out;
}

Status RepostService::Match(RepostTask* t) {
  const core::RepostArticle article{t->title, t->url, t->text};
  const int64_t from = core::StartOfDay(*core::Date::Parse(t->starts_on));
  const int64_t deadline = core::StartOfDay(core::Date::Parse(t->due_on)->AddDays(1));
  const bool past_due = clock_.Today().ToString() > t->due_on;
  for (auto& x : t->targets) {
    // The target's posts (not comments) since the task began, oldest first: the first match counts.
    std::string sql =
        "SELECT p.id, a.name, v.text, v.url, p.published_at, p.published_epoch FROM posts p "
        "JOIN post_versions v ON v.post_id = p.id AND v.version = p.current_version AND v.published_epoch = p.published_epoch JOIN accounts a ON a.id = "
        "p.account_id WHERE p.kind = 'post' AND p.published_epoch >= ? AND v.published_epoch >= ? AND ";
    storage::Params params{from, from};
    if (x.account_id) {
      sql += "p.account_id = ?";
      params.push_back(*x.account_id);
    } else {
      sql += "a.unit_id = ? AND a.status = 'open'";
      params.push_back(x.unit_id);
    }
    auto rows = db_.Query(sql + " ORDER BY p.published_epoch, p.id", params);
    if (!rows.ok()) return rows.status();
    x.status = past_due ? "missed" : "pending";
    for (const auto& r : *rows) {
      auto m = core::MatchRepost(article, r.Text(2), r.Text(3));
      if (!m) continue;
      x.post_id = r.Int(0);
      x.post_account = r.Text(1);
      x.post_url = r.Text(3);
      x.published_at = r.Text(4);
      x.method = m->method;
      x.status = r.Int(5) < deadline ? "published" : "late";
      ++t->published;
      break;
    }
  }
  return Status::Ok();
}

core::Result<std::vector<RepostTask>> RepostService::List(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  return Load(std::nullopt, core::ScopeUnit(p));
}

core::Result<RepostTask> RepostService::Get(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  auto tasks = Load(id, core::ScopeUnit(p));
  if (!tasks.ok()) return tasks.status();
  if (tasks->empty()) return Status::NotFound("转发任务不存在");
  return tasks->front();
}

}  // namespace govmedia::app
