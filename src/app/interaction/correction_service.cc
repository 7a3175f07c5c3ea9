#include "app/interaction/correction_service.h"

#include <sodium.h>

#include <algorithm>
#include <map>

#include "app/auth/password.h"
#include "core/text.h"
#include "storage/audit_log.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr int kChallengeSeconds = 10 * 60;
// Public limits per address, in a 10-minute window: reports filed, form loads (each makes a
// challenge), status lookups, and attempts of any kind (a flood of bad requests).
constexpr int kWindow = 10 * 60;
constexpr int kMaxSubmits = 5;
constexpr int kMaxChallenges = 60;
constexpr int kMaxLookups = 120;
constexpr int kMaxAttempts = 30;

constexpr const char* kColumns =
    "c.id, c.ticket, c.account_id, COALESCE(a.name, c.account_name), COALESCE(a.platform, ''), c.unit_id, "
    "u.name, c.kind, c.description, c.url, c.contact, c.source, c.status, c.submitted_at, c.submitted_on, "
    "c.accepted_at, c.accepted_on, c.accepted_by, c.answered_at, c.answered_on, c.answered_by, c.answer, "
    "c.escalated_at, c.escalated_step, c.qa_entry_id";
constexpr const char* kFrom = " FROM corrections c JOIN units u ON u.id = c.unit_id LEFT JOIN accounts a ON a.id = c.account_id";

Correction FromRow(const storage::Row& r) {
  Correction c;
  c.id = r.Int(0);
  c.ticket = r.Text(1);
  if (!r.IsNull(2)) c.account_id = r.Int(2);
  c.account_name = r.Text(3);
  c.platform = r.Text(4);
  c.unit_id = r.Int(5);
  c.unit_name = r.Text(6);
  c.kind = r.Text(7);
  c.description = r.Text(8);
  c.url = r.Text(9);
  c.contact = r.Text(10);
  c.source = r.Text(11);
  c.status = r.Text(12);
  c.submitted_at = r.Text(13);
  c.submitted_on = r.Text(14);
  c.accepted_at = r.OptText(15);
  c.accepted_on = r.OptText(16);
  c.accepted_by = r.OptText(17);
  c.answered_at = r.OptText(18);
  c.answered_on = r.OptText(19);
  c.answered_by = r.OptText(20);
  c.answer = r.Text(21);
  c.escalated_at = r.OptText(22);
  c.escalated_step = r.OptText(23);
  if (!r.IsNull(24)) c.qa_entry_id = r.Int(24);
  return c;
}

std::optional<core::Date> OptDate(const std::optional<std::string>& s) {
  return s ? core::Date::Parse(*s) : std::nullopt;
}

// What the audit log keeps of a report: never the contact, only whether there is one.
json AuditJson(const Correction& c) {
  return {{"ticket", c.ticket},  {"unit_id", c.unit_id}, {"account_id", c.account_id ? json(*c.account_id) : json()},
          {"kind", c.kind},      {"status", c.status},   {"has_contact", !c.contact.empty()},
          {"answer", c.answer},  {"escalated_step", c.escalated_step.value_or("")},
          {"qa_entry_id", c.qa_entry_id ? json(*c.qa_entry_id) : json()}};
}

std::string NewCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string out;
  for (int i = 0; i < 10; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

std::string StringField(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : std::string();
}

}  // namespace

std::string Correction::PublicStatus() const {
  if (status == "answered" || status == "rejected") return status;
  return escalated_at ? "escalated" : status;
}

core::CorrectionTimeline Correction::Timeline() const {
  core::CorrectionTimeline t;
  t.submitted_on = core::Date::Parse(submitted_on).value_or(core::Date());
  t.accepted_on = OptDate(accepted_on);
  t.answered_on = OptDate(answered_on);
  t.rejected = status == "rejected";
  return t;
}

core::Result<core::CorrectionDeadlines> CorrectionService::Deadlines() {
  auto s = settings_.Get();
  if (!s.ok()) return s.status();
  return core::CorrectionDeadlines{s->correction_accept_workdays, s->correction_answer_workdays};
}

core::Result<std::vector<Correction>> CorrectionService::Select(const std::string& tail, const storage::Params& params) {
  auto d = Deadlines();
  if (!d.ok()) return d.status();
  auto rows = db_.Query(std::string("SELECT ") + kColumns + kFrom + tail, params);
  if (!rows.ok()) return rows.status();
  std::vector<Correction> out;
  for (const auto& r : *rows) {
    out.push_back(FromRow(r));
    out.back().due = core::CorrectionDueDates(calendar_, *d, out.back().Timeline());
  }
  return out;
}

Status CorrectionService::SweepBeforeRead() {
  auto s = Sweep();
  return s.ok() || s.status().IsUnavailable() ? Status::Ok() : s.status();
}

json CorrectionService::ToJson(const Correction& c, bool contact_visible) {
  json j{{"id", c.id},
         {"ticket", c.ticket},
         {"account_id", c.account_id ? json(*c.account_id) : json()},
         {"account_name", c.account_name},
         {"platform", c.platform},
         {"unit_id", c.unit_id},
         {"unit_name", c.unit_name},
         {"kind", c.kind},
         {"kind_label", core::CorrectionKindLabel(c.kind)},
         {"description", c.description},
         {"url", c.url},
         {"contact", contact_visible ? c.contact : core::MaskContact(c.contact)},
         {"contact_masked", !contact_visible && !c.contact.empty()},
         {"source", c.source},
         {"status", c.PublicStatus()},
         {"status_label", core::CorrectionStatusLabel(c.PublicStatus())},
         {"submitted_at", c.submitted_at},
         {"submitted_on", c.submitted_on},
         {"accepted_at", c.accepted_at ? json(*c.accepted_at) : json()},
         {"accepted_by", c.accepted_by ? json(*c.accepted_by) : json()},
         {"answered_at", c.answered_at ? json(*c.answered_at) : json()},
         {"answered_by", c.answered_by ? json(*c.answered_by) : json()},
         {"answer", c.answer},
         {"escalated_at", c.escalated_at ? json(*c.escalated_at) : json()},
         {"escalated_step", c.escalated_step ? json(*c.escalated_step) : json()},
         {"qa_entry_id", c.qa_entry_id ? json(*c.qa_entry_id) : json()}};
  j["accept_by"] = c.due.accept_by.ToString();
  j["answer_by"] = c.due.answer_by ? json(c.due.answer_by->ToString()) : json();
  const auto judged = core::JudgeCorrection(c.due, c.Timeline(), clock_.Today());
  j["overdue"] = !judged.overdue_step.empty();
  j["late"] = judged.late();
  return j;
}

core::Result<Correction> CorrectionService::Load(int64_t id) {
  auto rows = Select(" WHERE c.id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("纠错记录不存在");
  return rows->front();
}

Status CorrectionService::Throttle(const std::string& bucket, const std::string& address, int max,
                                   int window_seconds, RateLimited* limited) {
  const int64_t now = clock_.NowSeconds();
  int retry = 0;
  Status st = db_.Transaction([&]() -> Status {
    // Old rows go as new ones come: the table holds one window of requests.
    if (Status s = db_.Exec("DELETE FROM public_requests WHERE epoch <= ?", {now - kWindow}); !s.ok()) return s;
    auto rows = db_.Query(
        "SELECT COUNT(*), MIN(epoch) FROM public_requests WHERE bucket = ? AND address = ? AND epoch > ?",
        {bucket, address, now - window_seconds});
    if (!rows.ok()) return rows.status();
    if (rows->front().Int(0) >= max) {
      retry = static_cast<int>(std::max<int64_t>(1, rows->front().Int(1) + window_seconds - now));
      return Status::Ok();
    }
    return db_.Exec("INSERT INTO public_requests (bucket, address, epoch) VALUES (?, ?, ?)", {bucket, address, now});
  });
  if (!st.ok()) return st;
  if (retry > 0) {
    if (limited) limited->retry_after = retry;
    return Status::TooManyRequests("提交过于频繁，请 " + std::to_string((retry + 59) / 60) + " 分钟后再试");
  }
  return Status::Ok();
}

core::Result<json> CorrectionService::Form(const std::string& address, RateLimited* limited) {
  if (Status s = Throttle("challenge", address, kMaxChallenges, kWindow, limited); !s.ok()) return s;
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  auto rows = db_.Query(
      "SELECT a.id, a.name, a.platform, u.name FROM accounts a JOIN units u ON u.id = a.unit_id "
      "WHERE a.status = 'open' ORDER BY u.name, a.name");
  if (!rows.ok()) return rows.status();
  json accounts = json::array();
  for (const auto& r : *rows)
    accounts.push_back({{"account_id", r.Int(0)}, {"name", r.Text(1)}, {"platform", r.Text(2)}, {"unit_name", r.Text(3)}});
  json kinds = json::array();
  for (const auto& k : core::CorrectionKinds()) kinds.push_back({{"value", k.id}, {"label", k.label}});
  const std::string id = RandomHex(16), salt = RandomHex(16);
  const int64_t now = clock_.NowSeconds();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("DELETE FROM correction_challenges WHERE expires_epoch < ?", {now}); !s.ok()) return s;
    return db_.Exec("INSERT INTO correction_challenges (id, salt, difficulty, expires_epoch) VALUES (?, ?, ?, ?)",
                    {id, salt, int64_t{settings->correction_pow_bits}, now + kChallengeSeconds});
  });
  if (!st.ok()) return st;
  return json{{"accounts", accounts},
              {"kinds", kinds},
              {"challenge",
               {{"id", id}, {"salt", salt}, {"difficulty", settings->correction_pow_bits}, {"algorithm", "SHA-256"},
                {"expires_in", kChallengeSeconds}}},
              {"deadlines",
               {{"accept_workdays", settings->correction_accept_workdays},
                {"answer_workdays", settings->correction_answer_workdays}}}};
}

Status CorrectionService::CheckChallenge(const std::string& id, const std::string& answer) {
  const Status wrong = Status::InvalidArgument("answer", "人机验证未通过或已过期，请重新提交");
  if (id.empty() || id.size() > 64 || !core::IsDecimalAnswer(answer)) return wrong;
  const int64_t now = clock_.NowSeconds();
  Status verdict = wrong;
  Status st = db_.Transaction([&]() -> Status {
    auto rows = db_.Query("SELECT salt, difficulty FROM correction_challenges WHERE id = ? AND used = 0 AND expires_epoch >= ?",
                          {id, now});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Ok();
    // One attempt per challenge: a wrong answer uses it up too.
    if (Status s = db_.Exec("UPDATE correction_challenges SET used = 1 WHERE id = ?", {id}); !s.ok()) return s;
    const std::string text = rows->front().Text(0) + answer;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    if (core::LeadingZeroBits(digest, sizeof digest) >= rows->front().Int(1)) verdict = Status::Ok();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return verdict;
}

core::Result<CorrectionReceipt> CorrectionService::Submit(const json& body, const std::string& address,
                                                          const std::string& integration, RateLimited* limited) {
  const bool by_system = !integration.empty();
  if (!by_system) {
    if (Status s = Throttle("attempt", address, kMaxAttempts, kWindow, limited); !s.ok()) return s;
  }
  // The fields first, so a mistake in the form does not use up the netizen's challenge.
  for (const char* key : {"account_name", "kind", "description", "url", "contact", "challenge", "answer"}) {
    if (body.contains(key) && !body[key].is_string() && !body[key].is_null())
      return Status::InvalidArgument(key, "应为文本");
  }
  std::optional<int64_t> account_id;
  if (body.contains("account_id") && !body["account_id"].is_null()) {
    if (!body["account_id"].is_number_integer()) return Status::InvalidArgument("account_id", "应为账号编号（整数）");
    account_id = body["account_id"].get<int64_t>();
  }
  const std::string account_name(core::Trim(StringField(body, "account_name")));
  if (core::Utf8Length(account_name) > 100) return Status::InvalidArgument("account_name", "账号名称过长（最多 100 字）");
  const std::string kind = StringField(body, "kind");
  if (!core::IsCorrectionKind(kind)) return Status::InvalidArgument("kind", "请选择问题类型");
  const std::string description(core::Trim(StringField(body, "description")));
  const size_t len = core::Utf8Length(description);
  if (len < 10) return Status::InvalidArgument("description", "请描述问题（至少 10 个字）");
  if (len > 2000) return Status::InvalidArgument("description", "问题描述过长（最多 2000 字）");
  const std::string url(core::Trim(StringField(body, "url")));
  if (!url.empty() && (!core::IsHttpUrl(url) || url.size() > 2000))
    return Status::InvalidArgument("url", "链接应为 http(s) 地址");
  auto contact = core::NormalizeContact(StringField(body, "contact"));
  if (!contact.ok()) return contact.status();

  // Where it goes: the unit that runs the named account, else the city office.
  std::optional<int64_t> unit_id;
  std::string stored_name = account_name;
  if (account_id) {
    auto a = db_.Query("SELECT unit_id FROM accounts WHERE id = ? AND status = 'open'", {*account_id});
    if (!a.ok()) return a.status();
    if (a->empty()) return Status::InvalidArgument("account_id", "所选账号不存在或未开设");
    unit_id = a->front().Int(0);
    stored_name.clear();
  } else if (!account_name.empty()) {
    auto a = db_.Query("SELECT id, unit_id FROM accounts WHERE name = ? AND status = 'open'", {account_name});
    if (!a.ok()) return a.status();
    if (a->size() == 1) {
      account_id = a->front().Int(0);
      unit_id = a->front().Int(1);
      stored_name.clear();
    }
  }
  if (!unit_id) {
    auto office = db_.Query("SELECT id FROM units WHERE is_city_office = 1 ORDER BY id LIMIT 1");
    if (!office.ok()) return office.status();
    if (office->empty()) return Status::Internal("no city office unit");
    unit_id = office->front().Int(0);
  }

  if (!by_system) {
    if (Status s = CheckChallenge(StringField(body, "challenge"), StringField(body, "answer")); !s.ok()) return s;
    if (Status s = Throttle("submit", address, kMaxSubmits, kWindow, limited); !s.ok()) return s;
  }

  const core::Date today = clock_.Today();
  const std::string now = clock_.NowRfc3339();
  const std::string code = NewCode();
  CorrectionReceipt receipt;
  Status st = db_.Transaction([&]() -> Status {
    auto n = db_.Query("SELECT COUNT(*) FROM corrections WHERE submitted_on = ?", {today.ToString()});
    if (!n.ok()) return n.status();
    receipt.ticket = core::CorrectionTicket(today, static_cast<int>(n->front().Int(0)) + 1);
    receipt.code = code;
    auto id = db_.Insert(
        "INSERT INTO corrections (ticket, code_hash, account_id, account_name, unit_id, kind, description, url, contact, "
        "source, status, submitted_at, submitted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id",
        {receipt.ticket, storage::Sha256Hex(code), account_id ? storage::Value(*account_id) : storage::Value(nullptr),
         stored_name, *unit_id, kind, description, url, *contact, by_system ? "integration:" + integration : "public", now,
         today.ToString()});
    if (!id.ok()) return id.status();
    auto saved = Load(*id);
    if (!saved.ok()) return saved.status();
    return audit_.Append({0, now, by_system ? "integration:" + integration : "public", "correction.submit", "correction",
                          std::to_string(*id), "", AuditJson(*saved).dump()});
  });
  if (!st.ok()) return st;
  return receipt;
}

core::Result<json> CorrectionService::PublicStatus(const std::string& ticket, const std::string& code,
                                                   const std::string& address, RateLimited* limited) {
  if (Status s = Throttle("lookup", address, kMaxLookups, kWindow, limited); !s.ok()) return s;
  const Status unknown = Status::NotFound("未找到该纠错编号，或查询码不正确");
  if (!core::IsCorrectionTicket(ticket) || code.empty() || code.size() > 64) return unknown;
  if (Status s = SweepBeforeRead(); !s.ok()) return s;
  auto rows = db_.Query(std::string("SELECT ") + kColumns + ", c.code_hash" + kFrom + " WHERE c.ticket = ?", {ticket});
  if (!rows.ok()) return rows.status();
  // The same answer for an unknown ticket and a wrong code; the hashes compared in constant time.
  const std::string given = storage::Sha256Hex(code);
  const std::string stored = rows->empty() ? std::string(64, '0') : rows->front().Text(25);
  if (rows->empty() || given.size() != stored.size() || sodium_memcmp(given.data(), stored.data(), given.size()) != 0)
    return unknown;
  auto loaded = Load(rows->front().Int(0));
  if (!loaded.ok()) return loaded.status();
  const Correction& c = *loaded;
  json out{{"ticket", c.ticket},
           {"status", c.PublicStatus()},
           {"status_label", core::CorrectionStatusLabel(c.PublicStatus())},
           {"submitted_at", c.submitted_at},
           {"unit_name", c.unit_name},
           {"account_name", c.account_name},
           {"kind", c.kind},
           {"kind_label", core::CorrectionKindLabel(c.kind)}};
  if (c.accepted_at) out["accepted_at"] = *c.accepted_at;
  if (c.answered_at) out["answered_at"] = *c.answered_at;
  if (c.status == "answered" || c.status == "rejected") out["answer"] = c.answer;
  out["accept_by"] = c.due.accept_by.ToString();
  if (c.due.answer_by) out["answer_by"] = c.due.answer_by->ToString();
  return out;
}

core::Result<std::vector<Correction>> CorrectionService::List(const core::Principal& p, const CorrectionFilter& f,
                                                             int64_t* total) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (Status s = SweepBeforeRead(); !s.ok()) return s;
  std::string where = " WHERE 1 = 1";
  storage::Params params;
  std::optional<int64_t> unit = core::ScopeUnit(p);
  if (!unit) unit = f.unit_id;
  if (unit) {
    where += " AND c.unit_id = ?";
    params.push_back(*unit);
  }
  if (f.year) {
    where += " AND c.submitted_on >= ? AND c.submitted_on <= ?";
    params.push_back(std::to_string(*f.year) + "-01-01");
    params.push_back(std::to_string(*f.year) + "-12-31");
  }
  if (f.status == "open") {
    where += " AND c.status IN ('submitted', 'accepted')";
  } else if (f.status == "escalated") {
    where += " AND c.status IN ('submitted', 'accepted') AND c.escalated_at IS NOT NULL";
  } else if (f.status == "submitted" || f.status == "accepted") {
    where += " AND c.status = ? AND c.escalated_at IS NULL";
    params.push_back(f.status);
  } else if (f.status == "answered" || f.status == "rejected") {
    where += " AND c.status = ?";
    params.push_back(f.status);
  } else if (!f.status.empty()) {
    return Status::InvalidArgument("status", "状态应为 open、submitted、accepted、escalated、answered 或 rejected");
  }
  if (!f.q.empty()) {
    where += " AND (c.ticket LIKE ? OR COALESCE(a.name, c.account_name) LIKE ? OR c.description LIKE ?)";
    const std::string like = "%" + f.q + "%";
    params.insert(params.end(), {like, like, like});
  }
  if (total) {
    auto n = db_.Query(std::string("SELECT COUNT(*)") + kFrom + where, params);
    if (!n.ok()) return n.status();
    *total = n->front().Int(0);
  }
  params.push_back(f.limit);
  params.push_back(f.offset);
  return Select(where + " ORDER BY c.id DESC LIMIT ? OFFSET ?", params);
}

core::Result<json> CorrectionService::Counts(const core::Principal& p) {
  std::string sql =
      "SELECT CASE WHEN status IN ('submitted', 'accepted') AND escalated_at IS NOT NULL THEN 'escalated' "
      "ELSE status END AS s, COUNT(*) FROM corrections";
  storage::Params params;
  if (auto unit = core::ScopeUnit(p)) {
    sql += " WHERE unit_id = ?";
    params.push_back(*unit);
  }
  auto rows = db_.Query(sql + " GROUP BY s", params);
  if (!rows.ok()) return rows.status();
  json out{{"submitted", 0}, {"accepted", 0}, {"escalated", 0}, {"answered", 0}, {"rejected", 0}};
  for (const auto& r : *rows) out[r.Text(0)] = r.Int(1);
  return out;
}

core::Result<Correction> CorrectionService::Get(const core::Principal& p, int64_t id, bool* contact_visible) {
  auto c = Load(id);
  if (!c.ok()) return c.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, c->unit_id); !s.ok()) return s;
  const bool visible = core::SeesContacts(p, c->unit_id);
  if (contact_visible) *contact_visible = visible;
  if (visible && !c->contact.empty() && p.unit_id != c->unit_id) {
    // The office looking at a netizen's contact of another unit's report: on record.
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Transaction([&] {
          return audit_.Append({0, now, p.username, "correction.contact_view", "correction", std::to_string(id), "",
                                json{{"ticket", c->ticket}}.dump()});
        });
        !s.ok())
      return s;
  }
  return c;
}

core::Result<Correction> CorrectionService::Decide(const core::Principal& p, int64_t id, const std::string& action,
                                                   const std::string& text, std::optional<int64_t> qa_entry_id) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, before->unit_id); !s.ok()) return s;
  const std::string t(core::Trim(text));
  if (action == "accept") {
    if (before->status != "submitted") return Status::Conflict("该纠错已受理或已办结");
  } else if (action == "reject") {
    if (before->status != "submitted") return Status::Conflict("只能对未受理的纠错作出不予受理");
    if (t.empty()) return Status::InvalidArgument("reason", "请说明不予受理的理由（将向网民公开）");
    if (core::Utf8Length(t) > 2000) return Status::InvalidArgument("reason", "理由过长（最多 2000 字）");
  } else {
    if (before->status == "submitted") return Status::Conflict("请先受理再答复");
    if (before->status != "accepted") return Status::Conflict("该纠错已办结");
    if (t.empty()) return Status::InvalidArgument("answer", "请填写答复内容（将向网民公开）");
    if (core::Utf8Length(t) > 5000) return Status::InvalidArgument("answer", "答复过长（最多 5000 字）");
    if (qa_entry_id) {
      auto entry = db_.Query("SELECT unit_id FROM qa_entries WHERE id = ?", {*qa_entry_id});
      if (!entry.ok()) return entry.status();
      if (entry->empty() || (!entry->front().IsNull(0) && entry->front().Int(0) != before->unit_id))
        return Status::InvalidArgument("qa_entry_id", "所引用的答问条目不存在或不属于本单位");
    }
  }
  const std::string now = clock_.NowRfc3339();
  const std::string today = clock_.Today().ToString();
  Status st = db_.Transaction([&]() -> Status {
    Status s;
    if (action == "accept") {
      s = db_.Exec("UPDATE corrections SET status = 'accepted', accepted_at = ?, accepted_on = ?, accepted_by = ? "
                   "WHERE id = ? AND status = 'submitted'",
                   {now, today, p.username, id});
    } else if (action == "reject") {
      s = db_.Exec("UPDATE corrections SET status = 'rejected', accepted_at = ?, accepted_on = ?, accepted_by = ?, "
                   "answered_at = ?, answered_on = ?, answered_by = ?, answer = ? WHERE id = ? AND status = 'submitted'",
                   {now, today, p.username, now, today, p.username, t, id});
    } else {
      s = db_.Exec("UPDATE corrections SET status = 'answered', answered_at = ?, answered_on = ?, answered_by = ?, "
                   "answer = ?, qa_entry_id = ? WHERE id = ? AND status = 'accepted'",
                   {now, today, p.username, t,
                    qa_entry_id ? storage::Value(*qa_entry_id) : storage::Value(nullptr), id});
      // The library entry used: recorded, and counted for the entry.
      if (s.ok() && qa_entry_id) {
        s = db_.Exec("UPDATE qa_entries SET used_count = used_count + 1 WHERE id = ?", {*qa_entry_id});
        if (s.ok())
          s = db_.Exec("INSERT INTO qa_uses (entry_id, subject, subject_id, used_by, used_at) VALUES (?, 'correction', ?, ?, ?)",
                       {*qa_entry_id, id, p.username, now});
      }
    }
    if (!s.ok()) return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    if (after->status == before->status) return Status::Conflict("该纠错已被他人处理，请刷新");
    return audit_.Append({0, now, p.username, "correction." + action, "correction", std::to_string(id),
                          AuditJson(*before).dump(), AuditJson(*after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Correction> CorrectionService::Accept(const core::Principal& p, int64_t id) { return Decide(p, id, "accept", ""); }
core::Result<Correction> CorrectionService::Reject(const core::Principal& p, int64_t id, const std::string& reason) {
  return Decide(p, id, "reject", reason);
}
core::Result<Correction> CorrectionService::Answer(const core::Principal& p, int64_t id, const std::string& answer,
                                                   std::optional<int64_t> qa_entry_id) {
  return Decide(p, id, "answer", answer, qa_entry_id);
}

core::Result<int> CorrectionService::Sweep() {
  auto rows = Select(" WHERE c.status IN ('submitted', 'accepted') AND c.escalated_at IS NULL", {});
  if (!rows.ok()) return rows.status();
  const core::Date today = clock_.Today();
  int escalated = 0;
  for (const Correction& c : *rows) {
    const auto j = core::JudgeCorrection(c.due, c.Timeline(), today);
    if (j.overdue_step.empty()) continue;
    const std::string now = clock_.NowRfc3339();
    Status st = db_.Transaction([&]() -> Status {
      if (Status s = db_.Exec("UPDATE corrections SET escalated_at = ?, escalated_step = ? WHERE id = ? AND escalated_at IS NULL",
                              {now, j.overdue_step, c.id});
          !s.ok())
        return s;
      Correction after = c;
      after.escalated_at = now;
      after.escalated_step = j.overdue_step;
      return audit_.Append({0, now, "system", "correction.escalate", "correction", std::to_string(c.id),
                            AuditJson(c).dump(), AuditJson(after).dump()});
    });
    if (!st.ok()) return st;
    ++escalated;
  }
  return escalated;
}

core::Result<json> CorrectionService::AssessmentFacts(int64_t unit_id, int year) {
  auto rows = Select(" WHERE c.unit_id = ? AND c.submitted_on >= ? AND c.submitted_on <= ? ORDER BY c.id",
                     {unit_id, std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"});
  if (!rows.ok()) return rows.status();
  json out = json::array();
  for (const Correction& c : *rows) {
    const auto& due = c.due;
    json f{{"ticket", c.ticket},
           {"correction_id", c.id},
           {"account", c.account_name},
           {"submitted_on", c.submitted_on},
           {"accept_by", due.accept_by.ToString()},
           {"accepted_on", c.accepted_on ? json(*c.accepted_on) : json()},
           {"answered_on", c.answered_on ? json(*c.answered_on) : json()},
           {"rejected", c.status == "rejected"}};
    if (due.answer_by) f["answer_by"] = due.answer_by->ToString();
    out.push_back(f);
  }
  return out;
}

core::Result<json> CorrectionService::Figures(const core::Principal& p, int year) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (Status s = SweepBeforeRead(); !s.ok()) return s;
  std::string sql = " WHERE c.submitted_on >= ? AND c.submitted_on <= ?";
  storage::Params params{std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"};
  if (auto unit = core::ScopeUnit(p)) {
    sql += " AND c.unit_id = ?";
    params.push_back(*unit);
  }
  auto rows = Select(sql + " ORDER BY u.name", params);
  if (!rows.ok()) return rows.status();
  struct Tally {
    std::string unit;
    int received = 0, accepted_on_time = 0, answered_on_time = 0, overdue = 0, open = 0, late = 0;
  };
  std::map<int64_t, Tally> by_unit;
  const core::Date today = clock_.Today();
  for (const Correction& c : *rows) {
    const auto j = core::JudgeCorrection(c.due, c.Timeline(), today);
    Tally& x = by_unit[c.unit_id];
    x.unit = c.unit_name;
    ++x.received;
    x.accepted_on_time += j.accept == core::CorrectionTimeliness::kOnTime;
    x.answered_on_time += j.answer == core::CorrectionTimeliness::kOnTime;
    x.overdue += !j.overdue_step.empty();
    x.late += j.late();
    x.open += c.status == "submitted" || c.status == "accepted";
  }
  json units = json::array();
  for (const auto& [id, x] : by_unit)
    units.push_back({{"unit_id", id},
                     {"unit_name", x.unit},
                     {"received", x.received},
                     {"accepted_on_time", x.accepted_on_time},
                     {"answered_on_time", x.answered_on_time},
                     {"overdue", x.overdue},
                     {"late", x.late},
                     {"open", x.open}});
  return json{{"year", year}, {"units", units}};
}

}  // namespace govmedia::app
