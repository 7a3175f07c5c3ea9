#include "app/interaction/request_service.h"

#include <algorithm>
#include <map>

#include "app/monitoring/incoming_item.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {


json CuesJson(const std::vector<core::Cue>& cues) {
  json out = json::array();
  for (const auto& c : cues) out.push_back({{"term", c.term}, {"start", c.start}, {"end", c.end}});
  return out;
}

std::vector<core::Cue> CuesOf(const std::string& text) {
  std::vector<core::Cue> out;
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& c : j) {
    out.push_back({c.value("term", ""), c.value("start", 0u), c.value("end", 0u)});
  }
  return out;
}

std::string Str(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? std::string(core::Trim(body[key].get<std::string>())) : "";
}

// The instant a field gives, or now when absent; InvalidArgument naming it when unreadable or in
// the future.
core::Result<int64_t> InstantOf(const json& body, const char* key, const core::Clock& clock, const std::string& field) {
  const std::string v = Str(body, key);
  if (v.empty()) return clock.NowSeconds();
  auto t = core::ParseRfc3339(v);
  if (!t) return Status::InvalidArgument(field, "应为 RFC 3339 时间（如 2024-10-18T09:30:00+08:00）");
  if (*t > clock.NowSeconds() + 300) return Status::InvalidArgument(field, "不能晚于现在");
  return *t;
}

constexpr const char* kColumns =
    "r.id, r.account_id, r.unit_id, a.name, a.platform, u.name, r.source, r.comment_post_id, r.platform_id, "
    "r.parent_platform_id, r.channel, r.author, r.kind, r.cues, r.text, r.asked_at, r.asked_on, r.due_on, r.status, "
    "r.reply_text, r.replied_at, r.replied_on, r.reply_source, r.reply_post_id, r.qa_entry_id, r.reply_match, "
    "r.reply_vent, r.dismissed_reason, r.created_by, r.created_at, "
    // Whether the source ever showed a reply of the account: for comments, the collection held
    // one of its own comments; for pushed requests, the pushing system ever brought a reply
    // (every branch a truth value: PostgreSQL does not mix them with integers).
    "CASE r.source WHEN 'comment' THEN EXISTS (SELECT 1 FROM posts c WHERE c.account_id = r.account_id AND "
    "c.kind = 'comment' AND c.author = a.name) WHEN 'pushed' THEN EXISTS (SELECT 1 FROM netizen_requests x WHERE "
    "x.account_id = r.account_id AND x.source = 'pushed' AND x.reply_source = 'pushed') ELSE 1 = 1 END";
constexpr const char* kFrom =
    " FROM netizen_requests r JOIN accounts a ON a.id = r.account_id JOIN units u ON u.id = r.unit_id";

}  // namespace

std::optional<double> RequestFigures::rate() const {
  const int judged = on_time + late + overdue;
  if (judged == 0) return std::nullopt;
  return static_cast<double>(on_time) / judged;
}

core::Result<core::RequestDeadlines> RequestService::Deadlines() {
  auto s = settings_.Get();
  if (!s.ok()) return s.status();
  return core::RequestDeadlines{s->request_question_workdays, s->request_request_workdays,
                                s->request_complaint_workdays};
}

void RequestService::Judge(NetizenRequest* r) const {
  if (r->status == "dismissed") {
    r->timeliness = "dismissed";
    return;
  }
  const auto due = core::Date::Parse(r->due_on);
  std::optional<core::Date> answered;
  if (r->replied_on) answered = core::Date::Parse(*r->replied_on);
  const auto t = core::JudgeRequest(*due, answered, clock_.Today());
  r->timeliness = std::string(core::RequestTimelinessId(t));
  // Past its day with no reply seen, but its source has never shown the account's replies.
  if (t == core::RequestTimeliness::kOverdue && !r->replies_seen) r->timeliness = "undetermined";
}

core::Result<std::vector<NetizenRequest>> RequestService::Select(const std::string& where, const storage::Params& params,
                                                                 const std::string& tail) {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + kFrom + where + tail, params);
  if (!rows.ok()) return rows.status();
  std::vector<NetizenRequest> out;
  for (const auto& row : *rows) {
    NetizenRequest r;
    r.id = row.Int(0);
    r.account_id = row.Int(1);
    r.unit_id = row.Int(2);
    r.account_name = row.Text(3);
    r.platform = row.Text(4);
    r.unit_name = row.Text(5);
    r.source = row.Text(6);
    if (!row.IsNull(7)) r.comment_post_id = row.Int(7);
    r.platform_id = row.Text(8);
    r.parent_platform_id = row.Text(9);
    r.channel = row.Text(10);
    r.author = row.Text(11);
    r.kind = row.Text(12);
    r.cues = CuesOf(row.Text(13));
    r.text = row.Text(14);
    r.asked_at = row.Text(15);
    r.asked_on = row.Text(16);
    r.due_on = row.Text(17);
    r.status = row.Text(18);
    r.reply_text = row.Text(19);
    r.replied_at = row.OptText(20);
    r.replied_on = row.OptText(21);
    r.reply_source = row.OptText(22);
    if (!row.IsNull(23)) r.reply_post_id = row.Int(23);
    if (!row.IsNull(24)) r.qa_entry_id = row.Int(24);
    r.reply_match = row.Text(25);
    r.reply_vent = CuesOf(row.Text(26));
    r.dismissed_reason = row.Text(27);
    r.created_by = row.Text(28);
    r.created_at = row.Text(29);
    r.replies_seen = row.Int(30) != 0;
    Judge(&r);
    out.push_back(std::move(r));
  }
  return out;
}

core::Result<NetizenRequest> RequestService::Load(int64_t id) {
  auto rows = Select(" WHERE r.id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("诉求不存在");
  return std::move(rows->front());
}

json RequestService::ToJson(const NetizenRequest& r) const {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", r.id},
          {"account_id", r.account_id},
          {"account_name", r.account_name},
          {"platform", r.platform},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"source", r.source},
          {"comment_post_id", opt(r.comment_post_id)},
          {"platform_id", r.platform_id},
          {"parent_platform_id", r.parent_platform_id},
          {"channel", r.channel},
          {"author", r.author},
          {"kind", r.kind},
          {"kind_label", core::RequestKindLabel(r.kind)},
          {"cues", CuesJson(r.cues)},
          {"text", r.text},
          {"asked_at", r.asked_at},
          {"asked_on", r.asked_on},
          {"due_on", r.due_on},
          {"status", r.status},
          {"timeliness", r.timeliness},
          {"reply_text", r.reply_text},
          {"replied_at", opt(r.replied_at)},
          {"replied_on", opt(r.replied_on)},
          {"reply_source", opt(r.reply_source)},
          {"reply_post_id", opt(r.reply_post_id)},
          {"reply_match", r.reply_match},
          {"reply_vent", CuesJson(r.reply_vent)},
          {"qa_entry_id", opt(r.qa_entry_id)},
          {"dismissed_reason", r.dismissed_reason},
          {"replies_seen", r.replies_seen},
          {"created_by", r.created_by},
          {"created_at", r.created_at}};
}

// ---- From the archive ----

Status RequestService::OnArchived(const storage::IncomingPost& p, const storage::Archived& a) {
  if (p.kind != storage::kKindComment || a.outcome != storage::ArchiveOutcome::kNew) return Status::Ok();
  auto account = storage::QueryOne(db_, "SELECT name, unit_id FROM accounts WHERE id = ?", {p.account_id});
  if (!account.ok()) return account.status();
  const std::string account_name = account->Text(0);
  const std::string author(core::Trim(p.author));
  // The account's own comment: a reply.
  if (!author.empty() && author == account_name) {
    if (Status s = ScanReply(p, a); !s.ok()) return s;
    return MatchReply(p.account_id, p.parent_platform_id, core::ReplyAddressee(p.text), a.post_id, p.published_epoch,
                      p.published_at, p.text);
  }
  const auto verdict = core::ClassifyComment(p.text);
  if (verdict.kind == core::RequestKind::kNone) return Status::Ok();
  auto deadlines = Deadlines();
  if (!deadlines.ok()) return deadlines.status();
  // A comment without a time (an undated feed) is asked when first seen.
  const int64_t asked = p.published_at.empty() ? clock_.NowSeconds() : p.published_epoch;
  const core::Date asked_on = core::BeijingDay(asked);
  const core::Date due = core::RequestDueDate(calendar_, *deadlines, verdict.kind, asked_on);
  auto id = db_.Query(
      "INSERT INTO netizen_requests (account_id, unit_id, source, comment_post_id, platform_id, parent_platform_id, "
      "author, kind, cues, text, asked_at, asked_epoch, asked_on, due_on, status, created_by, created_at) "
      "VALUES (?, ?, 'comment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?) "
      "ON CONFLICT (comment_post_id) DO NOTHING RETURNING id",
      {p.account_id, account->Int(1), a.post_id, p.platform_post_id, p.parent_platform_id, author,
       std::string(core::RequestKindId(verdict.kind)), CuesJson(verdict.cues).dump(), p.text,
       core::FormatRfc3339Beijing(asked), asked, asked_on.ToString(), due.ToString(), clock_.NowRfc3339()});
  if (!id.ok()) return id.status();
  if (id->empty()) return Status::Ok();  // already found
  // The account may have answered before this comment reached the archive (files are not in order).
  return MatchEarlierReply(id->front().Int(0), p.account_id, account_name, p.parent_platform_id, author, asked);
}

// A reply answers the earliest open request under the same post asked before it — the one by the
// netizen it addresses when it names one ("回复@name:"), any when it names no one.
Status RequestService::MatchReply(int64_t account_id, const std::string& parent, const std::string& addressee,
                                  int64_t reply_post_id, int64_t reply_epoch, const std::string& reply_at,
                                  const std::string& reply_text) {
  if (parent.empty()) return Status::Ok();
  std::string sql =
      "SELECT id FROM netizen_requests WHERE account_id = ? AND parent_platform_id = ? AND status = 'open' "
      "AND asked_epoch <= ?";
  storage::Params params{account_id, parent, reply_epoch};
  if (!addressee.empty()) {
    sql += " AND author = ?";
    params.emplace_back(addressee);
  }
  auto open = db_.Query(sql + " ORDER BY asked_epoch, id LIMIT 1", params);
  if (!open.ok()) return open.status();
  if (open->empty()) return Status::Ok();
  const std::string how = addressee.empty() ? "本账号在同一帖子下的回复（未指明回复对象）" : "本账号回复@" + addressee;
  return db_.Exec(
      "UPDATE netizen_requests SET status = 'answered', reply_text = ?, replied_at = ?, replied_on = ?, "
      "reply_source = 'matched', reply_post_id = ?, reply_match = ?, updated_at = ? WHERE id = ?",
      {reply_text, reply_at, core::BeijingDay(reply_epoch).ToString(), reply_post_id, how, clock_.NowRfc3339(),
       open->front().Int(0)});
}

Status RequestService::MatchEarlierReply(int64_t request_id, int64_t account_id, const std::string& account_name,
                                         const std::string& parent, const std::string& author, int64_t asked_epoch) {
  if (parent.empty()) return Status::Ok();
  auto replies = db_.Query(
      "SELECT p.id, p.published_epoch, p.published_at, v.text FROM posts p JOIN post_versions v ON v.post_id = p.id "
      "AND v.version = p.current_version AND v.published_epoch = p.published_epoch WHERE p.account_id = ? "
      "AND p.kind = 'comment' AND p.author = ? "
      "AND p.parent_platform_id = ? AND p.published_epoch >= ? AND v.published_epoch >= ? "
      "AND NOT EXISTS (SELECT 1 FROM netizen_requests r WHERE r.reply_post_id = p.id) ORDER BY p.published_epoch, p.id",
      {account_id, account_name, parent, asked_epoch, asked_epoch});
  if (!replies.ok()) return replies.status();
  for (const auto& r : *replies) {
    const std::string to = core::ReplyAddressee(r.Text(3));
    if (!to.empty() && to != author) continue;
    const std::string how = to.empty() ? "本账号在同一帖子下的回复（未指明回复对象）" : "本账号回复@" + to;
    return db_.Exec(
        "UPDATE netizen_requests SET status = 'answered', reply_text = ?, replied_at = ?, replied_on = ?, "
        "reply_source = 'matched', reply_post_id = ?, reply_match = ?, updated_at = ? WHERE id = ? AND status = 'open'",
        {r.Text(3), r.Text(2), core::BeijingDay(r.Int(1)).ToString(), r.Int(0), how, clock_.NowRfc3339(), request_id});
  }
  return Status::Ok();
}

// A reply of the account that vents at the netizen: a review-level hit of 互动回应失当 on the reply.
Status RequestService::ScanReply(const storage::IncomingPost& p, const storage::Archived& a) {
  const auto vent = core::FindVenting(p.text);
  if (!vent.venting) return Status::Ok();
  std::string terms;
  for (const auto& c : vent.cues) terms += (terms.empty() ? "" : "、") + c.term;
  const auto& first = vent.cues.front();
  return db_.Exec(
      "INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, end_cp, "
      "matched, created_at, level, suggestion, context, note) VALUES (?, ?, ?, 'reply', ?, ?, ?, ?, ?, ?, 'review', "
      "'', '', ?) ON CONFLICT DO NOTHING",
      {a.post_id, static_cast<int64_t>(a.version), p.account_id, std::string(kReplyIndicator), first.term,
       static_cast<int64_t>(first.start), static_cast<int64_t>(first.end), first.term, clock_.NowRfc3339(),
       "回复网民语气不当（主观泄愤、回怼网民）：" + terms});
}

core::Result<std::vector<core::DerivedFinding>> RequestService::Findings(int64_t account_id, int64_t from, int64_t to) {
  const core::Date first = core::BeijingDay(from), last = core::BeijingDay(to);
  // Due in the window, and at `to` still without a reply (or replied only after `to`).
  auto rows = Select(
      " WHERE r.account_id = ? AND r.status <> 'dismissed' AND r.due_on >= ? AND r.due_on < ? "
      "AND (r.replied_on IS NULL OR r.replied_on > ?)",
      {account_id, first.ToString(), last.ToString(), last.ToString()}, " ORDER BY r.asked_epoch, r.id");
  if (!rows.ok()) return rows.status();
  core::DerivedFinding late{std::string(kReplyIndicator), 0, {}};
  for (const auto& r : *rows) {
    if (!r.replies_seen) continue;  // 无法判定: its source never showed a reply of the account
    ++late.occurrences;
    late.evidence.push_back(std::string(core::RequestKindLabel(r.kind)) + "「" + r.text + "」（" +
                            (r.source == "comment" ? "留言 " + r.platform_id + "，" : "") + r.asked_on + " 提出，应于 " +
                            r.due_on + " 前答复）至 " + last.ToString() + " 未见答复");
  }
  // Entered replies that vent, given in the window.
  auto vents = Select(" WHERE r.account_id = ? AND r.reply_source IN ('entered', 'pushed') AND r.reply_vent <> '[]' "
                      "AND r.replied_on > ? AND r.replied_on <= ?",
                      {account_id, first.ToString(), last.ToString()}, " ORDER BY r.id");
  if (!vents.ok()) return vents.status();
  for (const auto& r : *vents) {
    ++late.occurrences;
    std::string terms;
    for (const auto& c : r.reply_vent) terms += (terms.empty() ? "" : "、") + c.term;
    late.evidence.push_back("答复「" + r.reply_text + "」（" + *r.replied_on + "）语气不当：" + terms);
  }
  if (late.occurrences == 0) return std::vector<core::DerivedFinding>{};
  return std::vector<core::DerivedFinding>{late};
}

// ---- Entered and pushed ----

core::Result<NetizenRequest> RequestService::Create(const core::Principal& p, const json& body) {
  if (!body.is_object()) return Status::InvalidArgument("body", "应为对象");
  if (!body.contains("account_id") || !body["account_id"].is_number_integer())
    return Status::InvalidArgument("account_id", "请选择账号");
  const int64_t account_id = body["account_id"].get<int64_t>();
  auto account = db_.Query("SELECT unit_id FROM accounts WHERE id = ?", {account_id});
  if (!account.ok()) return account.status();
  if (account->empty()) return Status::InvalidArgument("account_id", "账号不存在");
  const int64_t unit_id = account->front().Int(0);
  if (Status s = core::Authorize(p, core::Action::kEditAccount, unit_id); !s.ok()) return s;
  const std::string text = Str(body, "text");
  if (text.empty()) return Status::InvalidArgument("text", "请填写诉求内容");
  if (auto why = core::TextProblem(text, 5000, true); !why.empty()) return Status::InvalidArgument("text", why);
  const auto verdict = core::ClassifyComment(text);
  core::RequestKind kind = verdict.kind;
  if (const std::string k = Str(body, "kind"); !k.empty()) {
    auto parsed = core::ParseRequestKind(k);
    if (!parsed) return Status::InvalidArgument("kind", "应为 question（咨询）、request（求助）或 complaint（投诉）");
    kind = *parsed;
  }
  if (kind == core::RequestKind::kNone) return Status::InvalidArgument("kind", "未识别出诉求类型，请选择：咨询、求助或投诉");
  const std::string author = Str(body, "author"), channel = Str(body, "channel");
  if (core::Utf8Length(author) > 100) return Status::InvalidArgument("author", "过长（最多 100 字）");
  if (core::Utf8Length(channel) > 50) return Status::InvalidArgument("channel", "过长（最多 50 字）");
  auto asked = InstantOf(body, "asked_at", clock_, "asked_at");
  if (!asked.ok()) return asked.status();
  auto deadlines = Deadlines();
  if (!deadlines.ok()) return deadlines.status();
  const core::Date asked_on = core::BeijingDay(*asked);
  const core::Date due = core::RequestDueDate(calendar_, *deadlines, kind, asked_on);
  const std::string now = clock_.NowRfc3339();
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO netizen_requests (account_id, unit_id, source, channel, author, kind, cues, text, asked_at, "
        "asked_epoch, asked_on, due_on, status, created_by, created_at) "
        "VALUES (?, ?, 'entered', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
        {account_id, unit_id, channel, author, std::string(core::RequestKindId(kind)),
         CuesJson(kind == verdict.kind ? verdict.cues : std::vector<core::Cue>{}).dump(), text,
         core::FormatRfc3339Beijing(*asked), *asked, asked_on.ToString(), due.ToString(), p.username, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    return audit_.Append({0, now, p.username, "request.create", "netizen_request", std::to_string(id), "",
                          json{{"account_id", account_id}, {"kind", core::RequestKindId(kind)}, {"channel", channel},
                               {"asked_on", asked_on.ToString()}, {"due_on", due.ToString()}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<IngestCounts> RequestService::Push(const Integration& who, const json& items) {
  if (!items.is_array()) return Status::InvalidArgument("requests", "应为数组");
  if (items.size() > kMaxPushBatch) return Status::InvalidArgument("requests", "一次最多 10000 条");
  auto deadlines = Deadlines();
  if (!deadlines.ok()) return deadlines.status();
  struct Item {
    int64_t account_id = 0, unit_id = 0, asked = 0;
    std::string id, text, author, kind, reply;
    std::optional<int64_t> replied;
    std::vector<core::Cue> cues;
  };
  std::vector<Item> checked;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& x = items[i];
    const std::string at = "requests[" + std::to_string(i) + "].";
    if (!x.is_object()) return Status::InvalidArgument("requests[" + std::to_string(i) + "]", "应为对象");
    Item it;
    if (!x.contains("account_id") || !x["account_id"].is_number_integer())
      return Status::InvalidArgument(at + "account_id", "应为账号编号");
    it.account_id = x["account_id"].get<int64_t>();
    auto account = db_.Query("SELECT unit_id FROM accounts WHERE id = ?", {it.account_id});
    if (!account.ok()) return account.status();
    if (account->empty()) return Status::InvalidArgument(at + "account_id", "账号不存在");
    it.unit_id = account->front().Int(0);
    it.id = Str(x, "id");
    if (it.id.empty() || it.id.size() > 200) return Status::InvalidArgument(at + "id", "请提供诉求在来源系统中的编号");
    it.text = Str(x, "text");
    if (it.text.empty()) return Status::InvalidArgument(at + "text", "请提供诉求内容");
    if (auto why = core::TextProblem(it.text, 5000, true); !why.empty()) return Status::InvalidArgument(at + "text", why);
    it.author = Str(x, "author");
    if (core::Utf8Length(it.author) > 100) return Status::InvalidArgument(at + "author", "过长（最多 100 字）");
    const std::string asked_at = Str(x, "asked_at");
    auto asked = core::ParseRfc3339(asked_at);
    if (!asked) return Status::InvalidArgument(at + "asked_at", "应为 RFC 3339 时间");
    it.asked = *asked;
    const auto verdict = core::ClassifyComment(it.text);
    if (const std::string k = Str(x, "kind"); !k.empty()) {
      if (!core::ParseRequestKind(k)) return Status::InvalidArgument(at + "kind", "应为 question、request 或 complaint");
      it.kind = k;
    } else {
      // The other system says it is a request; the classifier only names its kind.
      it.kind = verdict.kind == core::RequestKind::kNone ? "request" : std::string(core::RequestKindId(verdict.kind));
    }
    if (it.kind == core::RequestKindId(verdict.kind)) it.cues = verdict.cues;
    it.reply = Str(x, "reply");
    if (auto why = core::TextProblem(it.reply, 5000, true); !why.empty()) return Status::InvalidArgument(at + "reply", why);
    if (!it.reply.empty()) {
      auto replied = core::ParseRfc3339(Str(x, "replied_at"));
      if (!replied) return Status::InvalidArgument(at + "replied_at", "有答复时应给出答复时间（RFC 3339）");
      if (*replied < it.asked) return Status::InvalidArgument(at + "replied_at", "不能早于提出时间");
      it.replied = *replied;
    }
    checked.push_back(std::move(it));
  }
  IngestCounts counts;
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    for (const auto& it : checked) {
      auto existing = db_.Query(
          "SELECT id, status FROM netizen_requests WHERE account_id = ? AND platform_id = ? AND source = 'pushed'",
          {it.account_id, it.id});
      if (!existing.ok()) return existing.status();
      int64_t id = 0;
      if (existing->empty()) {
        const core::Date asked_on = core::BeijingDay(it.asked);
        const core::Date due =
            core::RequestDueDate(calendar_, *deadlines, *core::ParseRequestKind(it.kind), asked_on);
        auto inserted = db_.Insert(
            "INSERT INTO netizen_requests (account_id, unit_id, source, platform_id, author, kind, cues, text, "
            "asked_at, asked_epoch, asked_on, due_on, status, created_by, created_at) "
            "VALUES (?, ?, 'pushed', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
            {it.account_id, it.unit_id, it.id, it.author, it.kind, CuesJson(it.cues).dump(), it.text,
             core::FormatRfc3339Beijing(it.asked), it.asked, asked_on.ToString(), due.ToString(),
             "接口：" + who.name, now});
        if (!inserted.ok()) return inserted.status();
        id = *inserted;
        ++counts.added;
      } else {
        id = existing->front().Int(0);
        if (!it.replied || existing->front().Text(1) != "open") {
          ++counts.unchanged;
          continue;
        }
        ++counts.edited;
      }
      if (!it.replied) continue;
      const auto vent = core::FindVenting(it.reply);
      if (Status s = db_.Exec(
              "UPDATE netizen_requests SET status = 'answered', reply_text = ?, replied_at = ?, replied_on = ?, "
              "reply_source = 'pushed', reply_vent = ?, updated_by = ?, updated_at = ? WHERE id = ? AND status = 'open'",
              {it.reply, core::FormatRfc3339Beijing(*it.replied), core::BeijingDay(*it.replied).ToString(),
               CuesJson(vent.cues).dump(), "接口：" + who.name, now, id});
          !s.ok())
        return s;
    }
    return audit_.Append({0, now, "接口：" + who.name, "request.push", "integration", std::to_string(who.id), "",
                          json{{"added", counts.added}, {"answered", counts.edited}}.dump()});
  });
  if (!st.ok()) return st;
  return counts;
}

// ---- The unit's handling ----

core::Result<NetizenRequest> RequestService::Reply(const core::Principal& p, int64_t id, const json& body) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, before->unit_id); !s.ok()) return s;
  if (before->status == "dismissed") return Status::Conflict("该留言已标记为非诉求");
  if (before->status == "answered") return Status::Conflict("该诉求已有答复");
  const std::string text = Str(body, "text");
  if (text.empty()) return Status::InvalidArgument("text", "请填写答复内容");
  if (auto why = core::TextProblem(text, 5000, true); !why.empty()) return Status::InvalidArgument("text", why);
  auto replied = InstantOf(body, "replied_at", clock_, "replied_at");
  if (!replied.ok()) return replied.status();
  if (auto asked = core::ParseRfc3339(before->asked_at); asked && *replied < *asked)
    return Status::InvalidArgument("replied_at", "不能早于诉求提出时间");
  std::optional<int64_t> qa;
  if (body.contains("qa_entry_id") && !body["qa_entry_id"].is_null()) {
    if (!body["qa_entry_id"].is_number_integer()) return Status::InvalidArgument("qa_entry_id", "应为答问条目编号");
    qa = body["qa_entry_id"].get<int64_t>();
    auto entry = db_.Query("SELECT unit_id FROM qa_entries WHERE id = ?", {*qa});
    if (!entry.ok()) return entry.status();
    if (entry->empty() || (!entry->front().IsNull(0) && entry->front().Int(0) != before->unit_id))
      return Status::InvalidArgument("qa_entry_id", "所引用的答问条目不存在或不属于本单位");
  }
  const auto vent = core::FindVenting(text);
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    Status s = db_.Exec(
        "UPDATE netizen_requests SET status = 'answered', reply_text = ?, replied_at = ?, replied_on = ?, "
        "reply_source = 'entered', reply_vent = ?, qa_entry_id = ?, updated_by = ?, updated_at = ? "
        "WHERE id = ? AND status = 'open'",
        {text, core::FormatRfc3339Beijing(*replied), core::BeijingDay(*replied).ToString(), CuesJson(vent.cues).dump(),
         qa ? storage::Value(*qa) : storage::Value(nullptr), p.username, now, id});
    if (s.ok() && qa) {
      s = db_.Exec("UPDATE qa_entries SET used_count = used_count + 1 WHERE id = ?", {*qa});
      if (s.ok())
        s = db_.Exec("INSERT INTO qa_uses (entry_id, subject, subject_id, used_by, used_at) VALUES (?, 'request', ?, ?, ?)",
                     {*qa, id, p.username, now});
    }
    if (!s.ok()) return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    if (after->status != "answered") return Status::Conflict("该诉求已被他人处理，请刷新");
    return audit_.Append({0, now, p.username, "request.reply", "netizen_request", std::to_string(id),
                          json{{"status", before->status}}.dump(),
                          json{{"status", "answered"}, {"replied_on", *after->replied_on},
                               {"timeliness", after->timeliness}, {"qa_entry_id", qa ? json(*qa) : json()},
                               {"vent", !vent.cues.empty()}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<NetizenRequest> RequestService::Dismiss(const core::Principal& p, int64_t id, const std::string& reason) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, before->unit_id); !s.ok()) return s;
  if (before->status != "open") return Status::Conflict("只能标记未答复的留言");
  const std::string why(core::Trim(reason));
  if (why.empty()) return Status::InvalidArgument("reason", "请说明为何不是诉求（市政府办公室可见）");
  if (core::Utf8Length(why) > 500) return Status::InvalidArgument("reason", "过长（最多 500 字）");
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE netizen_requests SET status = 'dismissed', dismissed_reason = ?, updated_by = ?, "
                            "updated_at = ? WHERE id = ? AND status = 'open'",
                            {why, p.username, now, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "request.dismiss", "netizen_request", std::to_string(id),
                          json{{"status", before->status}}.dump(),
                          json{{"status", "dismissed"}, {"reason", why}}.dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<NetizenRequest> RequestService::SetKind(const core::Principal& p, int64_t id, const std::string& kind) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, core::Action::kEditAccount, before->unit_id); !s.ok()) return s;
  auto parsed = core::ParseRequestKind(kind);
  if (!parsed) return Status::InvalidArgument("kind", "应为 question（咨询）、request（求助）或 complaint（投诉）");
  if (before->status == "dismissed") return Status::Conflict("该留言已标记为非诉求");
  if (kind == before->kind) return *before;
  auto deadlines = Deadlines();
  if (!deadlines.ok()) return deadlines.status();
  const core::Date due = core::RequestDueDate(calendar_, *deadlines, *parsed, *core::Date::Parse(before->asked_on));
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE netizen_requests SET kind = ?, due_on = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                            {kind, due.ToString(), p.username, now, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "request.kind", "netizen_request", std::to_string(id),
                          json{{"kind", before->kind}, {"due_on", before->due_on}}.dump(),
                          json{{"kind", kind}, {"due_on", due.ToString()}}.dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

// ---- Reading ----

core::Result<NetizenRequest> RequestService::Get(const core::Principal& p, int64_t id) {
  auto r = Load(id);
  if (!r.ok()) return r.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, r->unit_id); !s.ok()) return s;
  return r;
}

namespace {

// The WHERE clause of a filter (its status aside) for a person.
Status Where(const core::Principal& p, const RequestFilter& f, std::string* where, storage::Params* params) {
  *where = " WHERE 1 = 1";
  std::optional<int64_t> unit = f.unit_id;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit && *unit != *scope) {
      *where += " AND 0 = 1";
      return Status::Ok();
    }
    unit = scope;
  }
  if (unit) {
    *where += " AND r.unit_id = ?";
    params->emplace_back(*unit);
  }
  if (f.account_id) {
    *where += " AND r.account_id = ?";
    params->emplace_back(*f.account_id);
  }
  if (!f.kind.empty()) {
    if (!core::ParseRequestKind(f.kind)) return Status::InvalidArgument("kind", "应为 question、request 或 complaint");
    *where += " AND r.kind = ?";
    params->emplace_back(f.kind);
  }
  if (!f.source.empty()) {
    if (f.source != "comment" && f.source != "entered" && f.source != "pushed")
      return Status::InvalidArgument("source", "应为 comment、entered 或 pushed");
    *where += " AND r.source = ?";
    params->emplace_back(f.source);
  }
  if (f.year) {
    *where += " AND r.asked_on >= ? AND r.asked_on <= ?";
    params->emplace_back(std::to_string(*f.year) + "-01-01");
    params->emplace_back(std::to_string(*f.year) + "-12-31");
  }
  if (!f.q.empty()) {
    *where += " AND (instr(r.text, ?) > 0 OR instr(r.author, ?) > 0 OR instr(a.name, ?) > 0)";
    for (int i = 0; i < 3; ++i) params->emplace_back(f.q);
  }
  return Status::Ok();
}

}  // namespace

core::Result<std::vector<NetizenRequest>> RequestService::List(const core::Principal& p, const RequestFilter& f,
                                                               int64_t* total) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  static const std::vector<std::string> kStatuses = {"open", "answered", "dismissed", "overdue", "late", "undetermined",
                                                     "on_time", "pending"};
  if (!f.status.empty() && std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end())
    return Status::InvalidArgument("status", "未知的状态");
  std::string where;
  storage::Params params;
  if (Status s = Where(p, f, &where, &params); !s.ok()) return s;
  // Stored statuses filter in SQL; the judged ones (overdue, late …) over the rows read.
  if (f.status == "open" || f.status == "answered" || f.status == "dismissed") {
    where += " AND r.status = ?";
    params.emplace_back(f.status);
  }
  auto rows = Select(where, params, " ORDER BY r.asked_epoch DESC, r.id DESC");
  if (!rows.ok()) return rows.status();
  std::vector<NetizenRequest> kept;
  for (auto& r : *rows) {
    const bool stored = f.status.empty() || f.status == "open" || f.status == "answered" || f.status == "dismissed";
    if (stored || r.timeliness == f.status) kept.push_back(std::move(r));
  }
  if (total) *total = static_cast<int64_t>(kept.size());
  std::vector<NetizenRequest> page;
  for (int64_t i = f.offset; i < static_cast<int64_t>(kept.size()) && i < f.offset + f.limit; ++i)
    page.push_back(std::move(kept[i]));
  return page;
}

core::Result<json> RequestService::Counts(const core::Principal& p, RequestFilter f) {
  f.status.clear();
  f.limit = 1000000;
  f.offset = 0;
  auto all = List(p, f, nullptr);
  if (!all.ok()) return all.status();
  std::map<std::string, int> n;
  for (const auto& r : *all) {
    ++n[r.timeliness];
    ++n[r.status];
  }
  json out = {{"all", all->size()}};
  for (const char* k : {"open", "answered", "dismissed", "on_time", "late", "pending", "overdue", "undetermined"})
    out[k] = n[k];
  return out;
}

core::Result<std::pair<std::vector<RequestFigures>, std::vector<RequestFigures>>> RequestService::Figures(
    const core::Principal& p, int year) {
  RequestFilter f;
  f.year = year;
  f.limit = 1000000;
  auto all = List(p, f, nullptr);
  if (!all.ok()) return all.status();
  std::map<int64_t, RequestFigures> accounts, units;
  auto add = [](RequestFigures& x, const NetizenRequest& r) {
    ++x.total;
    const std::string& t = r.timeliness;
    if (t == "on_time") ++x.on_time;
    else if (t == "late") ++x.late;
    else if (t == "overdue") ++x.overdue;
    else if (t == "undetermined") ++x.undetermined;
    else if (t == "dismissed") ++x.dismissed;
    else ++x.pending;
  };
  for (const auto& r : *all) {
    auto& a = accounts[r.account_id];
    a.id = r.account_id;
    a.name = r.account_name;
    a.unit_name = r.unit_name;
    add(a, r);
    auto& u = units[r.unit_id];
    u.id = r.unit_id;
    u.name = r.unit_name;
    add(u, r);
  }
  std::pair<std::vector<RequestFigures>, std::vector<RequestFigures>> out;
  for (auto& [id, x] : accounts) out.first.push_back(x);
  for (auto& [id, x] : units) out.second.push_back(x);
  return out;
}

core::Result<int64_t> RequestService::OverdueCount(int64_t unit_id) {
  auto rows = Select(" WHERE r.unit_id = ? AND r.status = 'open' AND r.due_on < ?", {unit_id, clock_.Today().ToString()});
  if (!rows.ok()) return rows.status();
  int64_t n = 0;
  for (const auto& r : *rows) n += r.timeliness == "overdue";
  return n;
}

}  // namespace govmedia::app
