#include "app/interaction/qa_service.h"

#include <algorithm>

#include "core/date.h"
#include "core/similarity.h"
#include "core/text.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kSelect =
    "SELECT q.id, q.unit_id, COALESCE(u.name, ''), q.question, q.answer, q.policy_title, q.policy_number, "
    "q.policy_url, q.valid_from, q.valid_to, q.reviewed_by, q.reviewed_on, q.used_count, q.created_by, q.created_at, "
    "q.updated_at FROM qa_entries q LEFT JOIN units u ON u.id = q.unit_id";
// Relevance floors: a search shows entries covering at least 30% of its bigrams (供暖时间 finds
// 供暖什么时候开始 by 供暖 alone); a suggestion
// needs a quarter of the question's bigrams (the netizen's text says much more than the question).
constexpr double kSearchFloor = 0.3;
constexpr double kSuggestFloor = 0.25;
constexpr int kReviewDays = 365;

QaEntry FromRow(const storage::Row& r) {
  QaEntry e;
  e.id = r.Int(0);
  if (!r.IsNull(1)) e.unit_id = r.Int(1);
  e.unit_name = r.Text(2);
  e.question = r.Text(3);
  e.answer = r.Text(4);
  e.policy_title = r.Text(5);
  e.policy_number = r.Text(6);
  e.policy_url = r.Text(7);
  e.valid_from = r.OptText(8);
  e.valid_to = r.OptText(9);
  e.reviewed_by = r.OptText(10);
  e.reviewed_on = r.OptText(11);
  e.used_count = r.Int(12);
  e.created_by = r.Text(13);
  e.created_at = r.Text(14);
  e.updated_at = r.Text(15);
  return e;
}

json AuditJson(const QaEntry& e) {
  return {{"unit_id", e.unit_id ? json(*e.unit_id) : json()},
          {"question", e.question},
          {"answer", e.answer},
          {"policy_title", e.policy_title},
          {"policy_number", e.policy_number},
          {"policy_url", e.policy_url},
          {"valid_from", e.valid_from.value_or("")},
          {"valid_to", e.valid_to.value_or("")},
          {"reviewed_by", e.reviewed_by.value_or("")},
          {"reviewed_on", e.reviewed_on.value_or("")}};
}

storage::Value Opt(const std::optional<std::string>& s) { return s ? storage::Value(*s) : storage::Value(nullptr); }

}  // namespace

std::vector<std::string> QaService::Stale(const QaEntry& e) const {
  std::vector<std::string> out;
  const std::string today = clock_.Today().ToString();
  if (e.valid_to && *e.valid_to < today) out.push_back("policy_expired");
  if (!e.reviewed_on || *e.reviewed_on < clock_.Today().AddDays(-kReviewDays).ToString()) out.push_back("review_due");
  return out;
}

json QaService::ToJson(const QaEntry& e) const {
  json stale = json::array(), labels = json::array();
  for (const auto& s : Stale(e)) {
    stale.push_back(s);
    labels.push_back(s == "policy_expired" ? "依据政策已失效" : "超过一年未复核");
  }
  return {{"id", e.id},
          {"unit_id", e.unit_id ? json(*e.unit_id) : json()},
          {"unit_name", e.unit_id ? e.unit_name : "全市通用"},
          {"question", e.question},
          {"answer", e.answer},
          {"policy_title", e.policy_title},
          {"policy_number", e.policy_number},
          {"policy_url", e.policy_url},
          {"valid_from", e.valid_from ? json(*e.valid_from) : json()},
          {"valid_to", e.valid_to ? json(*e.valid_to) : json()},
          {"reviewed_by", e.reviewed_by ? json(*e.reviewed_by) : json()},
          {"reviewed_on", e.reviewed_on ? json(*e.reviewed_on) : json()},
          {"used_count", e.used_count},
          {"created_by", e.created_by},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at},
          {"stale", stale},
          {"stale_labels", labels},
          {"score", e.score}};
}

Status QaService::Authorize(const core::Principal& p, std::optional<int64_t> unit_id) {
  // A unit keeps its own entries; the city-wide ones are the city office's.
  if (!unit_id) return core::Authorize(p, core::Action::kManageMonitoring);
  return core::Authorize(p, core::Action::kEditAccount, *unit_id);
}

core::Result<QaEntry> QaService::Load(int64_t id) {
  auto rows = db_.Query(std::string(kSelect) + " WHERE q.id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("答问条目不存在");
  return FromRow(rows->front());
}

core::Result<std::vector<QaEntry>> QaService::Visible(const core::Principal& p, std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) unit_id = scope;
  std::string sql = kSelect;
  storage::Params params;
  if (unit_id) {
    sql += " WHERE q.unit_id IS NULL OR q.unit_id = ?";
    params.push_back(*unit_id);
  }
  auto rows = db_.Query(sql + " ORDER BY q.id DESC", params);
  if (!rows.ok()) return rows.status();
  std::vector<QaEntry> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

core::Result<std::vector<QaEntry>> QaService::List(const core::Principal& p, const QaFilter& f, int64_t* total) {
  auto all = Visible(p, f.unit_id);
  if (!all.ok()) return all.status();
  std::vector<QaEntry> hits;
  const std::string q(core::Trim(f.q));
  for (auto& e : *all) {
    if (f.stale_only && Stale(e).empty()) continue;
    if (!q.empty()) {
      // The question counts fully, the answer and the policy a little less.
      e.score = std::max(core::BigramContainment(q, e.question),
                         0.8 * core::BigramContainment(q, e.question + " " + e.answer + " " + e.policy_title + " " +
                                                              e.policy_number));
      if (e.score < kSearchFloor) continue;
    }
    hits.push_back(std::move(e));
  }
  if (!q.empty())
    std::stable_sort(hits.begin(), hits.end(), [](const QaEntry& a, const QaEntry& b) { return a.score > b.score; });
  if (total) *total = static_cast<int64_t>(hits.size());
  std::vector<QaEntry> page;
  for (int64_t i = f.offset; i < static_cast<int64_t>(hits.size()) && i < f.offset + f.limit; ++i)
    page.push_back(std::move(hits[static_cast<size_t>(i)]));
  return page;
}

core::Result<QaEntry> QaService::Get(const core::Principal& p, int64_t id) {
  auto e = Load(id);
  if (!e.ok()) return e.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, e->unit_id); !s.ok()) return s;
  return e;
}

core::Result<std::vector<QaEntry>> QaService::Suggest(const core::Principal& p, const std::string& text,
                                                      std::optional<int64_t> unit_id, size_t n) {
  auto all = Visible(p, unit_id);
  if (!all.ok()) return all.status();
  std::vector<QaEntry> out;
  for (auto& e : *all) {
    // How much of the entry's question the netizen's text holds; expired entries are not offered.
    const auto stale = Stale(e);
    if (std::find(stale.begin(), stale.end(), "policy_expired") != stale.end()) continue;
    e.score = core::BigramContainment(e.question, text);
    if (e.score >= kSuggestFloor) out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const QaEntry& a, const QaEntry& b) {
    return a.score != b.score ? a.score > b.score : a.used_count > b.used_count;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

Status QaService::Apply(const json& body, QaEntry* e) {
  auto text = [&](const char* key, size_t max, bool required, bool multiline, std::string* out) -> Status {
    if (!body.contains(key)) return required && out->empty() ? Status::InvalidArgument(key, "不能为空") : Status::Ok();
    if (!body[key].is_string() && !body[key].is_null()) return Status::InvalidArgument(key, "应为文本");
    const std::string v(core::Trim(body[key].is_string() ? body[key].get<std::string>() : ""));
    if (required && v.empty()) return Status::InvalidArgument(key, "不能为空");
    if (auto why = core::TextProblem(v, max, multiline); !why.empty()) return Status::InvalidArgument(key, why);
    *out = v;
    return Status::Ok();
  };
  auto date = [&](const char* key, std::optional<std::string>* out) -> Status {
    if (!body.contains(key)) return Status::Ok();
    if (body[key].is_null() || (body[key].is_string() && body[key].get<std::string>().empty())) {
      out->reset();
      return Status::Ok();
    }
    if (!body[key].is_string() || !core::Date::Parse(body[key].get<std::string>()))
      return Status::InvalidArgument(key, "日期格式应为 YYYY-MM-DD");
    *out = core::Date::Parse(body[key].get<std::string>())->ToString();
    return Status::Ok();
  };
  if (Status s = text("question", 500, true, true, &e->question); !s.ok()) return s;
  if (Status s = text("answer", 5000, true, true, &e->answer); !s.ok()) return s;
  if (Status s = text("policy_title", 200, false, false, &e->policy_title); !s.ok()) return s;
  if (Status s = text("policy_number", 100, false, false, &e->policy_number); !s.ok()) return s;
  if (Status s = text("policy_url", 2000, false, false, &e->policy_url); !s.ok()) return s;
  if (!e->policy_url.empty() && !core::IsHttpUrl(e->policy_url))
    return Status::InvalidArgument("policy_url", "应为 http(s) 链接");
  if (Status s = date("valid_from", &e->valid_from); !s.ok()) return s;
  if (Status s = date("valid_to", &e->valid_to); !s.ok()) return s;
  if (e->valid_from && e->valid_to && *e->valid_to < *e->valid_from)
    return Status::InvalidArgument("valid_to", "有效期截止日期早于起始日期");
  return Status::Ok();
}

core::Result<QaEntry> QaService::Create(const core::Principal& p, const json& body) {
  QaEntry e;
  if (core::ScopeUnit(p)) {
    e.unit_id = p.unit_id;
  } else if (body.contains("unit_id") && !body["unit_id"].is_null()) {
    if (!body["unit_id"].is_number_integer()) return Status::InvalidArgument("unit_id", "应为单位编号");
    e.unit_id = body["unit_id"].get<int64_t>();
  }
  if (Status s = Authorize(p, e.unit_id); !s.ok()) return s;
  if (Status s = Apply(body, &e); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  const std::string today = clock_.Today().ToString();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO qa_entries (unit_id, question, answer, policy_title, policy_number, policy_url, valid_from, "
        "valid_to, reviewed_by, reviewed_on, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {e.unit_id ? storage::Value(*e.unit_id) : storage::Value(nullptr), e.question, e.answer, e.policy_title,
         e.policy_number, e.policy_url, Opt(e.valid_from), Opt(e.valid_to), p.username, today, p.username, now, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    auto saved = Load(id);
    if (!saved.ok()) return saved.status();
    return audit_.Append({0, now, p.username, "qa.create", "qa_entry", std::to_string(id), "", AuditJson(*saved).dump()});
  });
  if (!st.ok()) {
    // A unit that does not exist is named as the field at fault.
    if (st.message().find("FOREIGN KEY") != std::string::npos) return Status::InvalidArgument("unit_id", "单位不存在");
    return st;
  }
  return Load(id);
}

core::Result<QaEntry> QaService::Update(const core::Principal& p, int64_t id, const json& patch) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = Authorize(p, before->unit_id); !s.ok()) return s;
  QaEntry after = *before;
  if (Status s = Apply(patch, &after); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE qa_entries SET question = ?, answer = ?, policy_title = ?, policy_number = ?, "
                            "policy_url = ?, valid_from = ?, valid_to = ?, updated_at = ? WHERE id = ?",
                            {after.question, after.answer, after.policy_title, after.policy_number, after.policy_url,
                             Opt(after.valid_from), Opt(after.valid_to), now, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "qa.update", "qa_entry", std::to_string(id), AuditJson(*before).dump(),
                          AuditJson(after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<QaEntry> QaService::Review(const core::Principal& p, int64_t id) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = Authorize(p, before->unit_id); !s.ok()) return s;
  const std::string now = clock_.NowRfc3339();
  const std::string today = clock_.Today().ToString();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE qa_entries SET reviewed_by = ?, reviewed_on = ?, updated_at = ? WHERE id = ?",
                            {p.username, today, now, id});
        !s.ok())
      return s;
    QaEntry after = *before;
    after.reviewed_by = p.username;
    after.reviewed_on = today;
    return audit_.Append({0, now, p.username, "qa.review", "qa_entry", std::to_string(id), AuditJson(*before).dump(),
                          AuditJson(after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

}  // namespace govmedia::app
