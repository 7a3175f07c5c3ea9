#include "app/review/review_service.h"

#include <algorithm>
#include <set>

#include "app/evidence_images.h"
#include "core/draft_match.h"
#include "core/personal_data.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr size_t kMaxLevels = 5;

std::string Str(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? std::string(core::Trim(body[key].get<std::string>())) : "";
}

std::string StatusLabel(const std::string& s) {
  if (s == "reviewing") return "审核中";
  if (s == "returned") return "已退回修改";
  if (s == "approved") return "审核通过";
  return s;
}

std::string VerdictLabel(const std::string& v) {
  if (v == "same") return "与审核稿一致";
  if (v == "differs") return "发布内容与审核稿不一致";
  if (v == "unreviewed") return "未经审核发布";
  if (v == "undecidable") return "无法判定";
  return v;
}

json LevelsJson(const std::vector<ReviewLevel>& levels) {
  json out = json::array();
  for (const auto& l : levels)
    out.push_back({{"level", l.level}, {"name", l.name}, {"reviewer_id", l.reviewer_id}, {"reviewer", l.reviewer}});
  return out;
}

std::string Utf8Slice(const std::string& s, uint32_t from, uint32_t to) {
  std::string out;
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (lead && i > 0) ++cp;
    if (cp >= to) break;
    if (cp >= from) out += s[i];
  }
  return out;
}

json SpansJson(const std::vector<core::DiffSpan>& spans) {
  json out = json::array();
  for (const auto& s : spans) out.push_back({{"start", s.start}, {"end", s.end}, {"material", s.material}});
  return out;
}

}  // namespace

Status ReviewService::Audit(const core::Principal& p, const std::string& action, const std::string& entity,
                            const std::string& id, const json& before, const json& after) {
  return audit_.Append({0, clock_.NowRfc3339(), p.username, action, entity, id,
                        before.is_null() ? "" : before.dump(), after.is_null() ? "" : after.dump()});
}

core::Result<std::vector<ReviewLevel>> ReviewService::ChainOf(int64_t unit_id, int64_t account_id) {
  // The account's own chain when it has one, else the unit's.
  auto rows = db_.Query(
      "SELECT l.level, l.name, l.reviewer_id, u.username, l.account_id FROM review_levels l JOIN users u ON u.id = "
      "l.reviewer_id WHERE l.unit_id = ? AND (l.account_id IS NULL OR l.account_id = ?) ORDER BY l.level",
      {unit_id, account_id});
  if (!rows.ok()) return rows.status();
  std::vector<ReviewLevel> own, unit;
  for (const auto& r : *rows)
    (r.IsNull(4) ? unit : own).push_back({static_cast<int>(r.Int(0)), r.Text(1), r.Int(2), r.Text(3)});
  return own.empty() ? unit : own;
}

core::Result<json> ReviewService::Config(const core::Principal& p, std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) unit_id = scope;
  if (!unit_id) return Status::InvalidArgument("unit_id", "请选择单位");
  auto unit = storage::QueryOne(db_, "SELECT name FROM units WHERE id = ?", {*unit_id});
  if (!unit.ok()) return unit.status().IsNotFound() ? Status::InvalidArgument("unit_id", "单位不存在") : unit.status();
  json out{{"unit_id", *unit_id}, {"unit_name", unit->Text(0)}, {"enabled_from", nullptr},
           {"updated_by", ""},     {"updated_at", ""}};
  auto st = db_.Query("SELECT enabled_from, updated_by, updated_at FROM review_settings WHERE unit_id = ?", {*unit_id});
  if (!st.ok()) return st.status();
  if (!st->empty()) {
    const auto& r = st->front();
    out["enabled_from"] = r.IsNull(0) ? json(nullptr) : json(r.Text(0));
    out["updated_by"] = r.Text(1);
    out["updated_at"] = r.Text(2);
  }
  auto rows = db_.Query(
      "SELECT l.account_id, COALESCE(a.name, ''), l.level, l.name, l.reviewer_id, u.username FROM review_levels l "
      "JOIN users u ON u.id = l.reviewer_id LEFT JOIN accounts a ON a.id = l.account_id WHERE l.unit_id = ? "
      "ORDER BY l.account_id IS NOT NULL, a.name, l.account_id, l.level",
      {*unit_id});
  if (!rows.ok()) return rows.status();
  std::vector<ReviewLevel> unit_levels;
  json accounts = json::array();
  int64_t last = 0;
  std::vector<ReviewLevel> current;
  std::string current_name;
  auto flush = [&] {
    if (last) accounts.push_back({{"account_id", last}, {"account_name", current_name}, {"levels", LevelsJson(current)}});
    current.clear();
  };
  for (const auto& r : *rows) {
    ReviewLevel l{static_cast<int>(r.Int(2)), r.Text(3), r.Int(4), r.Text(5)};
    if (r.IsNull(0)) {
      unit_levels.push_back(l);
      continue;
    }
    if (r.Int(0) != last) {
      flush();
      last = r.Int(0);
      current_name = r.Text(1);
    }
    current.push_back(l);
  }
  flush();
  out["levels"] = LevelsJson(unit_levels);
  out["accounts"] = accounts;
  auto users = db_.Query(
      "SELECT id, username FROM users WHERE unit_id = ? AND role = 'unit_operator' AND disabled = 0 ORDER BY username",
      {*unit_id});
  if (!users.ok()) return users.status();
  json reviewers = json::array();
  for (const auto& u : *users) reviewers.push_back({{"id", u.Int(0)}, {"username", u.Text(1)}});
  out["reviewers"] = reviewers;
  return out;
}

core::Result<json> ReviewService::SetConfig(const core::Principal& p, const json& body) {
  std::optional<int64_t> unit_id = core::ScopeUnit(p);
  if (!unit_id && body.contains("unit_id") && body["unit_id"].is_number_integer()) unit_id = body["unit_id"].get<int64_t>();
  if (!unit_id) return Status::InvalidArgument("unit_id", "请选择单位");
  if (Status s = core::Authorize(p, core::Action::kEditAccount, *unit_id); !s.ok()) return s;
  std::optional<int64_t> account_id;
  if (body.contains("account_id") && !body["account_id"].is_null()) {
    if (!body["account_id"].is_number_integer()) return Status::InvalidArgument("account_id", "应为账号编号");
    account_id = body["account_id"].get<int64_t>();
    auto a = db_.Query("SELECT unit_id FROM accounts WHERE id = ?", {*account_id});
    if (!a.ok()) return a.status();
    if (a->empty() || a->front().Int(0) != *unit_id) return Status::InvalidArgument("account_id", "账号不属于该单位");
  }
  // The day the unit's accounts begin to publish only after review (unit settings only).
  bool set_enabled = body.contains("enabled_from") && !account_id;
  std::optional<std::string> enabled_from;
  if (set_enabled && !body["enabled_from"].is_null() && !(body["enabled_from"].is_string() && Str(body, "enabled_from").empty())) {
    auto d = body["enabled_from"].is_string() ? core::Date::Parse(Str(body, "enabled_from")) : std::nullopt;
    if (!d) return Status::InvalidArgument("enabled_from", "先审后发启用日期应为 YYYY-MM-DD");
    enabled_from = d->ToString();
  }
  if (!body.contains("levels") || !body["levels"].is_array())
    return Status::InvalidArgument("levels", "请设置审核层级（1 至 5 级）");
  const json& levels = body["levels"];
  if (levels.size() > kMaxLevels) return Status::InvalidArgument("levels", "审核层级最多 5 级");
  if (levels.empty() && !account_id) return Status::InvalidArgument("levels", "请至少设置 1 级审核");
  std::vector<ReviewLevel> chain;
  std::set<int64_t> seen;
  for (size_t i = 0; i < levels.size(); ++i) {
    const std::string field = "levels[" + std::to_string(i) + "]";
    const json& l = levels[i];
    if (!l.is_object()) return Status::InvalidArgument(field, "应为 {name, reviewer_id}");
    const std::string name = Str(l, "name");
    if (name.empty()) return Status::InvalidArgument(field + ".name", "请填写第 " + std::to_string(i + 1) + " 级的名称（如初审）");
    if (auto why = core::TextProblem(name, 20, false); !why.empty()) return Status::InvalidArgument(field + ".name", why);
    if (!l.contains("reviewer_id") || !l["reviewer_id"].is_number_integer())
      return Status::InvalidArgument(field + ".reviewer_id", "请为「" + name + "」指定审核人");
    const int64_t reviewer = l["reviewer_id"].get<int64_t>();
    auto u = db_.Query("SELECT username FROM users WHERE id = ? AND unit_id = ? AND role = 'unit_operator' AND disabled = 0",
                       {reviewer, *unit_id});
    if (!u.ok()) return u.status();
    if (u->empty()) return Status::InvalidArgument(field + ".reviewer_id", "「" + name + "」的审核人应为本单位的在用账户");
    if (!seen.insert(reviewer).second)
      return Status::InvalidArgument(field + ".reviewer_id", "同一人不能担任两级审核（" + u->front().Text(0) + "）");
    chain.push_back({static_cast<int>(i + 1), name, reviewer, u->front().Text(0)});
  }
  auto before = Config(p, unit_id);
  if (!before.ok()) return before.status();
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    Status s = account_id ? db_.Exec("DELETE FROM review_levels WHERE unit_id = ? AND account_id = ?", {*unit_id, *account_id})
                          : db_.Exec("DELETE FROM review_levels WHERE unit_id = ? AND account_id IS NULL", {*unit_id});
    if (!s.ok()) return s;
    for (const auto& l : chain) {
      if (Status e = db_.Exec("INSERT INTO review_levels (unit_id, account_id, level, name, reviewer_id) VALUES (?, ?, ?, ?, ?)",
                              {*unit_id, account_id ? storage::Value(*account_id) : storage::Value(nullptr),
                               static_cast<int64_t>(l.level), l.name, l.reviewer_id});
          !e.ok())
        return e;
    }
    auto current = db_.Query("SELECT enabled_from FROM review_settings WHERE unit_id = ?", {*unit_id});
    if (!current.ok()) return current.status();
    const storage::Value keep = current->empty() || current->front().IsNull(0) ? storage::Value(nullptr)
                                                                                : storage::Value(current->front().Text(0));
    const storage::Value from = set_enabled ? (enabled_from ? storage::Value(*enabled_from) : storage::Value(nullptr)) : keep;
    if (Status e = db_.Exec(
            "INSERT INTO review_settings (unit_id, enabled_from, updated_by, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (unit_id) DO UPDATE SET enabled_from = excluded.enabled_from, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            {*unit_id, from, p.username, now});
        !e.ok())
      return e;
    json after{{"unit_id", *unit_id}, {"levels", LevelsJson(chain)}};
    if (account_id) after["account_id"] = *account_id;
    if (set_enabled) after["enabled_from"] = enabled_from ? json(*enabled_from) : json(nullptr);
    json was{{"enabled_from", (*before)["enabled_from"]}, {"levels", (*before)["levels"]}};
    if (account_id) {
      was["levels"] = json::array();
      for (const auto& a : (*before)["accounts"])
        if (a["account_id"] == *account_id) was["levels"] = a["levels"];
    }
    return Audit(p, "review.config", "review_config", std::to_string(*unit_id), was, after);
  });
  if (!st.ok()) return st;
  return Config(p, unit_id);
}

core::Result<json> ReviewService::Prescan(const std::string& title, const std::string& text) {
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  json hits = json::array();
  const std::optional<core::Date> today = clock_.Today();
  for (const auto& [field, value] : {std::pair<std::string, const std::string*>{"title", &title}, {"text", &text}}) {
    for (const auto& h : monitor_.ScanText(*value, today)) {
      hits.push_back({{"field", field}, {"category", h.category}, {"category_label", CategoryLabel(h.category)},
                      {"term", h.term}, {"matched", h.matched}, {"start", h.start}, {"end", h.end},
                      {"level", std::string(scan::LevelName(h.level))}, {"suggestion", h.suggestion}, {"note", h.note}});
    }
    for (const auto& pd : core::FindPersonalData(*value)) {
      hits.push_back({{"field", field}, {"category", "privacy"}, {"category_label", CategoryLabel("privacy")},
                      {"term", std::string(core::PersonalDataLabel(pd.kind))}, {"matched", Utf8Slice(*value, pd.start, pd.end)},
                      {"start", pd.start}, {"end", pd.end}, {"level", "review"}, {"suggestion", ""},
                      {"note", "发布前请删除或隐去个人信息"}});
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const json& a, const json& b) {
    if (a["field"] != b["field"]) return a["field"] == "title";
    return a["start"].get<uint32_t>() < b["start"].get<uint32_t>();
  });
  return hits;
}

core::Result<json> ReviewService::Submit(const core::Principal& p, const json& body) {
  if (p.role != core::Role::kUnitOperator || !p.unit_id)
    return Status::PermissionDenied("稿件由本单位的编辑（单位运维人员）提交");
  if (!body.contains("account_id") || !body["account_id"].is_number_integer())
    return Status::InvalidArgument("account_id", "请选择发布账号");
  const int64_t account_id = body["account_id"].get<int64_t>();
  auto acc = db_.Query("SELECT unit_id, status FROM accounts WHERE id = ?", {account_id});
  if (!acc.ok()) return acc.status();
  if (acc->empty() || acc->front().Int(0) != *p.unit_id) return Status::InvalidArgument("account_id", "账号不属于本单位");
  if (acc->front().Text(1) != "open") return Status::InvalidArgument("account_id", "账号未开设，不能提交稿件");
  const std::string title = Str(body, "title");
  if (auto why = core::TextProblem(title, 200, false); !why.empty()) return Status::InvalidArgument("title", why);
  const std::string text = body.contains("text") && body["text"].is_string() ? body["text"].get<std::string>() : "";
  if (core::Trim(text).empty()) return Status::InvalidArgument("text", "请填写稿件正文");
  if (auto why = core::TextProblem(text, 20000, true); !why.empty()) return Status::InvalidArgument("text", why);
  auto chain = ChainOf(*p.unit_id, account_id);
  if (!chain.ok()) return chain.status();
  if (chain->empty()) return Status::InvalidArgument("account_id", "本单位尚未设置审核流程，请先在「审核流程」中设置");
  for (const auto& l : *chain) {
    if (l.reviewer_id == p.user_id)
      return Status::InvalidArgument("account_id", "提交人不能审核本人的稿件：您是「" + l.name + "」的审核人，请调整审核流程");
  }
  auto hits = Prescan(title, text);
  if (!hits.ok()) return hits.status();
  const std::string now = clock_.NowRfc3339();
  const std::string sha = storage::Sha256Hex(text);
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO review_drafts (unit_id, account_id, title, text, status, round, current_level, chain_json, "
        "hits_json, created_by, created_by_id, created_at, submitted_at) VALUES (?, ?, ?, ?, 'reviewing', 1, 1, ?, ?, "
        "?, ?, ?, ?) RETURNING id",
        {*p.unit_id, account_id, title, text, LevelsJson(*chain).dump(), hits->dump(), p.username, p.user_id, now, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    if (Status s = db_.Exec("INSERT INTO review_steps (draft_id, round, level, level_name, action, actor, comment, "
                            "text_sha256, at) VALUES (?, 1, NULL, '', 'submit', ?, '', ?, ?)",
                            {id, p.username, sha, now});
        !s.ok())
      return s;
    return Audit(p, "review.submit", "review_draft", std::to_string(id), nullptr,
                 {{"account_id", account_id}, {"title", title}, {"text_sha256", sha}, {"hits", hits->size()},
                  {"levels", chain->size()}});
  });
  if (!st.ok()) return st;
  return Load(id, true);
}

core::Result<json> ReviewService::Resubmit(const core::Principal& p, int64_t id, const json& body) {
  auto d = Load(id, false);
  if (!d.ok()) return d.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, (*d)["unit_id"].get<int64_t>()); !s.ok()) return s;
  if ((*d)["created_by"] != p.username) return Status::PermissionDenied("只有稿件的提交人可以修改后重新提交");
  if ((*d)["status"] != "returned") return Status::Conflict("只有被退回的稿件可以修改后重新提交");
  const std::string title = body.contains("title") ? Str(body, "title") : (*d)["title"].get<std::string>();
  if (auto why = core::TextProblem(title, 200, false); !why.empty()) return Status::InvalidArgument("title", why);
  const std::string text = body.contains("text") && body["text"].is_string() ? body["text"].get<std::string>() : "";
  if (core::Trim(text).empty()) return Status::InvalidArgument("text", "请填写稿件正文");
  if (auto why = core::TextProblem(text, 20000, true); !why.empty()) return Status::InvalidArgument("text", why);
  const int64_t account_id = (*d)["account_id"];
  auto chain = ChainOf((*d)["unit_id"].get<int64_t>(), account_id);
  if (!chain.ok()) return chain.status();
  if (chain->empty()) return Status::InvalidArgument("account_id", "本单位尚未设置审核流程");
  for (const auto& l : *chain) {
    if (l.reviewer_id == p.user_id)
      return Status::InvalidArgument("account_id", "提交人不能审核本人的稿件：您是「" + l.name + "」的审核人，请调整审核流程");
  }
  auto hits = Prescan(title, text);
  if (!hits.ok()) return hits.status();
  const std::string now = clock_.NowRfc3339();
  const std::string sha = storage::Sha256Hex(text);
  const int64_t round = (*d)["round"].get<int64_t>() + 1;
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec(
            "UPDATE review_drafts SET title = ?, text = ?, status = 'reviewing', round = ?, current_level = 1, "
            "chain_json = ?, hits_json = ?, submitted_at = ? WHERE id = ? AND status = 'returned'",
            {title, text, round, LevelsJson(*chain).dump(), hits->dump(), now, id});
        !s.ok())
      return s;
    if (Status s = db_.Exec("INSERT INTO review_steps (draft_id, round, level, level_name, action, actor, comment, "
                            "text_sha256, at) VALUES (?, ?, NULL, '', 'resubmit', ?, '', ?, ?)",
                            {id, round, p.username, sha, now});
        !s.ok())
      return s;
    return Audit(p, "review.resubmit", "review_draft", std::to_string(id),
                 {{"title", (*d)["title"]}, {"text_sha256", storage::Sha256Hex((*d)["text"].get<std::string>())}},
                 {{"title", title}, {"text_sha256", sha}, {"round", round}, {"hits", hits->size()}});
  });
  if (!st.ok()) return st;
  return Load(id, true);
}

core::Result<json> ReviewService::Decide(const core::Principal& p, int64_t id, const std::string& decision,
                                         const std::string& comment) {
  if (decision != "approve" && decision != "return") return Status::InvalidArgument("decision", "应为 approve（通过）或 return（退回）");
  if (auto why = core::TextProblem(comment, 1000, true); !why.empty()) return Status::InvalidArgument("comment", why);
  if (decision == "return" && core::Trim(comment).empty()) return Status::InvalidArgument("comment", "退回时请填写修改意见");
  auto d = Load(id, false);
  if (!d.ok()) return d.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, (*d)["unit_id"].get<int64_t>()); !s.ok()) return s;
  if ((*d)["created_by"] == p.username) return Status::PermissionDenied("不能审核本人提交的稿件");
  if ((*d)["status"] != "reviewing") return Status::Conflict("稿件不在审核中（" + (*d)["status_label"].get<std::string>() + "）");
  const json& chain = (*d)["chain"];
  const int64_t level = (*d)["current_level"];
  const json* step = nullptr;
  for (const auto& l : chain)
    if (l["level"] == level) step = &l;
  if (!step) return Status::Internal("review chain without the current level");
  if ((*step)["reviewer_id"] != p.user_id)
    return Status::PermissionDenied("本级（" + (*step)["name"].get<std::string>() + "）应由 " +
                                    (*step)["reviewer"].get<std::string>() + " 审核");
  const std::string now = clock_.NowRfc3339();
  const std::string text = (*d)["text"];
  const std::string sha = storage::Sha256Hex(text);
  const bool last = level == static_cast<int64_t>(chain.size());
  const int64_t round = (*d)["round"];
  Status st = db_.Transaction([&]() -> Status {
    Status s;
    if (decision == "return") {
      s = db_.Exec("UPDATE review_drafts SET status = 'returned', current_level = NULL WHERE id = ? AND status = 'reviewing' "
                   "AND current_level = ?",
                   {id, level});
    } else if (last) {
      auto epoch = core::ParseRfc3339(now);
      s = db_.Exec("UPDATE review_drafts SET status = 'approved', current_level = NULL, approved_at = ?, approved_epoch = ?, "
                   "approved_sha256 = ? WHERE id = ? AND status = 'reviewing' AND current_level = ?",
                   {now, epoch ? *epoch : int64_t{0}, sha, id, level});
    } else {
      s = db_.Exec("UPDATE review_drafts SET current_level = current_level + 1 WHERE id = ? AND status = 'reviewing' AND "
                   "current_level = ?",
                   {id, level});
    }
    if (!s.ok()) return s;
    if (Status e = db_.Exec("INSERT INTO review_steps (draft_id, round, level, level_name, action, actor, comment, "
                            "text_sha256, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {id, round, level, (*step)["name"].get<std::string>(), decision, p.username, comment, sha, now});
        !e.ok())
      return e;
    json before{{"status", (*d)["status"]}, {"current_level", level}};
    json after{{"level", level}, {"level_name", (*step)["name"]}, {"comment", comment}, {"text_sha256", sha}};
    after["status"] = decision == "return" ? "returned" : last ? "approved" : "reviewing";
    if (decision == "return") return Audit(p, "review.return", "review_draft", std::to_string(id), before, after);
    return Audit(p, "review.approve", "review_draft", std::to_string(id), before, after);
  });
  if (!st.ok()) return st;
  return Load(id, true);
}

core::Result<json> ReviewService::AddImage(const core::Principal& p, int64_t id, const std::string& filename,
                                           const std::string& bytes) {
  auto d = Load(id, false);
  if (!d.ok()) return d.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, (*d)["unit_id"].get<int64_t>()); !s.ok()) return s;
  if ((*d)["created_by"] != p.username) return Status::PermissionDenied("只有稿件的提交人可以添加图片");
  if ((*d)["status"] == "approved") return Status::Conflict("稿件已审核通过，不能再添加图片");
  auto mime = CheckEvidenceImage(filename, bytes);
  if (!mime.ok()) return mime.status();
  const std::string now = clock_.NowRfc3339();
  const std::string sha = storage::Sha256Hex(bytes);
  const std::string name(core::Trim(filename));
  Status st = db_.Transaction([&]() -> Status {
    auto image = db_.Insert(
        "INSERT INTO review_images (draft_id, unit_id, filename, mime, size, sha256, data, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {id, (*d)["unit_id"].get<int64_t>(), name, *mime, static_cast<int64_t>(bytes.size()), sha, storage::Blob{bytes},
         p.username, now});
    if (!image.ok()) return image.status();
    return Audit(p, "review.image", "review_draft", std::to_string(id), nullptr,
                 {{"image_id", *image}, {"filename", name}, {"sha256", sha}, {"size", bytes.size()}});
  });
  if (!st.ok()) return st;
  return Load(id, true);
}

core::Result<std::pair<std::string, std::string>> ReviewService::Image(const core::Principal& p, int64_t image_id) {
  auto r = storage::QueryOne(db_, "SELECT unit_id, mime, data FROM review_images WHERE id = ?", {image_id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("图片不存在") : r.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, r->Int(0)); !s.ok()) return s;
  return std::pair<std::string, std::string>{r->Text(2), r->Text(1)};
}

core::Result<json> ReviewService::Load(int64_t id, bool details) {
  auto r = storage::QueryOne(
      db_,
      "SELECT d.id, d.unit_id, u.name, d.account_id, a.name, d.title, d.text, d.status, d.round, d.current_level, "
      "d.chain_json, d.hits_json, d.created_by, d.created_at, d.submitted_at, d.approved_at, d.approved_sha256, "
      "a.platform FROM review_drafts d JOIN units u ON u.id = d.unit_id JOIN accounts a ON a.id = d.account_id "
      "WHERE d.id = ?",
      {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("稿件不存在") : r.status();
  json chain = json::parse(r->Text(10), nullptr, false);
  json d{{"id", r->Int(0)},          {"unit_id", r->Int(1)},          {"unit_name", r->Text(2)},
         {"account_id", r->Int(3)},  {"account_name", r->Text(4)},   {"title", r->Text(5)},
         {"text", r->Text(6)},       {"status", r->Text(7)},         {"status_label", StatusLabel(r->Text(7))},
         {"round", r->Int(8)},       {"current_level", r->IsNull(9) ? json(nullptr) : json(r->Int(9))},
         {"chain", chain},           {"hits", json::parse(r->Text(11), nullptr, false)},
         {"created_by", r->Text(12)}, {"created_at", r->Text(13)},    {"submitted_at", r->Text(14)},
         {"approved_at", r->IsNull(15) ? json(nullptr) : json(r->Text(15))},
         {"approved_sha256", r->IsNull(16) ? json(nullptr) : json(r->Text(16))},
         {"platform", r->Text(17)},  {"waiting_for", nullptr},        {"waiting_level", ""}};
  if (!r->IsNull(9)) {
    for (const auto& l : chain) {
      if (l["level"] == r->Int(9)) {
        d["waiting_for"] = l["reviewer"];
        d["waiting_level"] = l["name"];
      }
    }
  }
  if (!details) return d;
  auto steps = db_.Query("SELECT round, level, level_name, action, actor, comment, text_sha256, at FROM review_steps "
                         "WHERE draft_id = ? ORDER BY id",
                         {id});
  if (!steps.ok()) return steps.status();
  json out_steps = json::array(), approvers = json::array();
  const int64_t round = r->Int(8);
  for (const auto& s : *steps) {
    const std::string action = s.Text(3);
    const std::string label = action == "submit" ? "提交" : action == "resubmit" ? "修改后重新提交" : action == "approve" ? "通过" : "退回";
    out_steps.push_back({{"round", s.Int(0)}, {"level", s.IsNull(1) ? json(nullptr) : json(s.Int(1))},
                         {"level_name", s.Text(2)}, {"action", action}, {"action_label", label}, {"actor", s.Text(4)},
                         {"comment", s.Text(5)}, {"text_sha256", s.Text(6)}, {"at", s.Text(7)}});
    if (action == "approve" && s.Int(0) == round && r->Text(7) == "approved")
      approvers.push_back({{"level", s.Int(1)}, {"level_name", s.Text(2)}, {"reviewer", s.Text(4)}, {"at", s.Text(7)}});
  }
  d["steps"] = out_steps;
  d["approvers"] = approvers;
  auto images = db_.Query("SELECT id, filename, mime, size, sha256, created_by, created_at FROM review_images "
                          "WHERE draft_id = ? ORDER BY id",
                          {id});
  if (!images.ok()) return images.status();
  json imgs = json::array();
  for (const auto& i : *images)
    imgs.push_back({{"id", i.Int(0)}, {"filename", i.Text(1)}, {"mime", i.Text(2)}, {"size", i.Int(3)},
                    {"sha256", i.Text(4)}, {"created_by", i.Text(5)}, {"created_at", i.Text(6)}});
  d["images"] = imgs;
  auto matched = db_.Query(
      "SELECT m.post_id, m.post_version, m.verdict, m.similarity, p.published_at, v.url FROM review_matches m "
      "JOIN posts p ON p.id = m.post_id JOIN post_versions v ON v.post_id = m.post_id AND v.version = m.post_version "
      "AND v.published_epoch = p.published_epoch "
      "WHERE m.draft_id = ? ORDER BY m.post_id, m.post_version",
      {id});
  if (!matched.ok()) return matched.status();
  json posts = json::array();
  for (const auto& m : *matched)
    posts.push_back({{"post_id", m.Int(0)}, {"post_version", m.Int(1)}, {"verdict", m.Text(2)},
                     {"verdict_label", VerdictLabel(m.Text(2))}, {"published_at", m.Text(4)}, {"url", m.Text(5)}});
  d["posts"] = posts;
  return d;
}

core::Result<json> ReviewService::List(const core::Principal& p, const DraftFilter& f) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (!f.status.empty() && f.status != "reviewing" && f.status != "returned" && f.status != "approved")
    return Status::InvalidArgument("status", "应为 reviewing、returned 或 approved");
  std::string sql = "SELECT d.id, d.chain_json, d.current_level FROM review_drafts d JOIN accounts a ON a.id = d.account_id WHERE 1 = 1";
  storage::Params params;
  std::optional<int64_t> unit = f.unit_id;
  if (auto scope = core::ScopeUnit(p)) unit = scope;
  if (unit) {
    sql += " AND d.unit_id = ?";
    params.push_back(*unit);
  }
  if (f.account_id) {
    sql += " AND d.account_id = ?";
    params.push_back(*f.account_id);
  }
  if (!f.status.empty() || f.queue) {
    sql += " AND d.status = ?";
    params.push_back(f.queue ? std::string("reviewing") : f.status);
  }
  auto rows = db_.Query(sql + " ORDER BY d.id DESC LIMIT 500", params);
  if (!rows.ok()) return rows.status();
  json items = json::array();
  for (const auto& r : *rows) {
    if (f.queue) {
      bool mine = false;
      for (const auto& l : json::parse(r.Text(1), nullptr, false))
        mine |= l["level"] == r.Int(2) && l["reviewer_id"] == p.user_id;
      if (!mine) continue;
    }
    auto d = Load(r.Int(0), false);
    if (!d.ok()) return d.status();
    d->erase("text");
    d->erase("chain");
    (*d)["hit_count"] = (*d)["hits"].size();
    d->erase("hits");
    items.push_back(std::move(*d));
  }
  return json{{"items", items}, {"total", items.size()}};
}

core::Result<json> ReviewService::Get(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  auto d = Load(id, true);
  if (!d.ok()) return d.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, (*d)["unit_id"].get<int64_t>()); !s.ok()) return s;
  return d;
}

core::Result<std::vector<json>> ReviewService::Waiting(const core::Principal& p) {
  std::vector<json> out;
  if (p.role != core::Role::kUnitOperator || !p.unit_id) return out;
  auto list = List(p, DraftFilter{.queue = true});
  if (!list.ok()) return list.status();
  for (const auto& d : (*list)["items"]) out.push_back(d);
  std::reverse(out.begin(), out.end());
  return out;
}

core::Result<json> ReviewService::Matches(const core::Principal& p, const std::string& verdict,
                                          std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (!verdict.empty() && verdict != "same" && verdict != "differs" && verdict != "unreviewed" && verdict != "undecidable" &&
      verdict != "flagged")
    return Status::InvalidArgument("verdict", "应为 flagged、same、differs、unreviewed 或 undecidable");
  if (auto scope = core::ScopeUnit(p)) unit_id = scope;
  // Each post's latest matched version.
  std::string sql =
      "SELECT m.post_id, m.post_version, m.verdict, m.similarity, m.reason, m.draft_id, p.platform_post_id, "
      "p.published_at, v.url, v.text, a.id, a.name, u.name, COALESCE(d.title, '') FROM review_matches m "
      "JOIN posts p ON p.id = m.post_id JOIN post_versions v ON v.post_id = m.post_id AND v.version = m.post_version "
      "JOIN accounts a ON a.id = m.account_id JOIN units u ON u.id = a.unit_id LEFT JOIN review_drafts d ON d.id = "
      "m.draft_id WHERE m.post_version = (SELECT MAX(x.post_version) FROM review_matches x WHERE x.post_id = m.post_id)";
  storage::Params params;
  const std::string v = verdict.empty() ? "flagged" : verdict;
  if (v == "flagged") {
    sql += " AND m.verdict IN ('differs', 'unreviewed')";
  } else {
    sql += " AND m.verdict = ?";
    params.push_back(v);
  }
  if (unit_id) {
    sql += " AND a.unit_id = ?";
    params.push_back(*unit_id);
  }
  auto rows = db_.Query(sql + " ORDER BY p.published_epoch DESC, m.post_id DESC LIMIT 500", params);
  if (!rows.ok()) return rows.status();
  json items = json::array();
  for (const auto& r : *rows) {
    items.push_back({{"post_id", r.Int(0)},       {"post_version", r.Int(1)},     {"verdict", r.Text(2)},
                     {"verdict_label", VerdictLabel(r.Text(2))},                   {"similarity", std::stod(r.Text(3).empty() ? "0" : r.Text(3))},
                     {"reason", r.Text(4)},       {"draft_id", r.IsNull(5) ? json(nullptr) : json(r.Int(5))},
                     {"platform_post_id", r.Text(6)}, {"published_at", r.Text(7)}, {"url", r.Text(8)},
                     {"text", r.Text(9)},         {"account_id", r.Int(10)},      {"account_name", r.Text(11)},
                     {"unit_name", r.Text(12)},   {"draft_title", r.Text(13)}});
  }
  return json{{"items", items}, {"total", items.size()}};
}

core::Result<json> ReviewService::Compare(const core::Principal& p, int64_t post_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  auto m = storage::QueryOne(
      db_,
      "SELECT m.post_version, m.verdict, m.similarity, m.reason, m.draft_id, a.unit_id, a.name, p.published_at, v.url, "
      "v.text, p.platform_post_id FROM review_matches m JOIN posts p ON p.id = m.post_id JOIN accounts a ON a.id = "
      "m.account_id JOIN post_versions v ON v.post_id = m.post_id AND v.version = m.post_version "
      "AND v.published_epoch = p.published_epoch WHERE m.post_id = ? "
      "ORDER BY m.post_version DESC LIMIT 1",
      {post_id});
  if (!m.ok()) return m.status().IsNotFound() ? Status::NotFound("该帖子没有先审后发比对记录") : m.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, m->Int(5)); !s.ok()) return s;
  const std::string post_text = m->Text(9);
  json out{{"post", {{"id", post_id}, {"version", m->Int(0)}, {"account_name", m->Text(6)}, {"published_at", m->Text(7)},
                     {"url", m->Text(8)}, {"text", post_text}, {"platform_post_id", m->Text(10)}}},
           {"verdict", m->Text(1)}, {"verdict_label", VerdictLabel(m->Text(1))}, {"reason", m->Text(3)},
           {"similarity", std::stod(m->Text(2).empty() ? "0" : m->Text(2))}, {"draft", nullptr},
           {"draft_spans", json::array()}, {"post_spans", json::array()}, {"truncated", false}};
  if (m->IsNull(4)) return out;
  auto d = Load(m->Int(4), true);
  if (!d.ok()) return d.status();
  const auto c = core::CompareDraft((*d)["text"].get<std::string>(), post_text);
  out["draft"] = {{"id", (*d)["id"]},           {"title", (*d)["title"]},         {"text", (*d)["text"]},
                  {"approved_at", (*d)["approved_at"]}, {"approved_sha256", (*d)["approved_sha256"]},
                  {"approvers", (*d)["approvers"]}, {"created_by", (*d)["created_by"]}};
  out["draft_spans"] = SpansJson(c.draft_spans);
  out["post_spans"] = SpansJson(c.post_spans);
  out["truncated"] = c.truncated;
  return out;
}

}  // namespace govmedia::app
