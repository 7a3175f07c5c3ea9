#include "app/supervision/rectification_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/supervision/spot_check_service.h"
#include "core/text.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {

// A rectification of an alert has no notice: it is dated by the day it was opened.
constexpr const char* kColumns =
    "t.id, COALESCE(t.notice_id, 0), COALESCE(n.title, '告警 #' || t.alert_id), "
    "COALESCE(n.published_on, t.opened_on), t.account_id, a.name, t.unit_id, u.name, "
    "t.indicator, t.problem, "
    "t.due_on, t.status, t.answer, t.evidence_url, t.review_note, t.answered_on, t.answered_by, "
    "t.reviewed_by, t.closed_on, t.alert_id "
    "FROM rectifications t LEFT JOIN notices n ON n.id = t.notice_id JOIN accounts a ON a.id = "
    "t.account_id "
    "JOIN units u ON u.id = t.unit_id";

Rectification FromRow(const storage::Row& r) {
  Rectification x;
  x.id = r.Int(0);
  x.notice_id = r.Int(1);
  x.notice_title = r.Text(2);
  x.published_on = r.OptText(3);
  x.account_id = r.Int(4);
  x.account_name = r.Text(5);
  x.unit_id = r.Int(6);
  x.unit_name = r.Text(7);
  x.indicator = r.Text(8);
  x.problem = r.Text(9);
  x.due_on = r.Text(10);
  x.status = r.Text(11);
  x.answer = r.Text(12);
  x.evidence_url = r.Text(13);
  x.review_note = r.Text(14);
  x.answered_on = r.OptText(15);
  x.answered_by = r.OptText(16);
  x.reviewed_by = r.OptText(17);
  x.closed_on = r.OptText(18);
  if (!r.IsNull(19)) x.alert_id = r.Int(19);
  return x;
}

json AuditJson(const Rectification& r) {
  return {{"status", r.status},
          {"answer", r.answer},
          {"evidence_url", r.evidence_url},
          {"review_note", r.review_note},
          {"closed_on", r.closed_on ? json(*r.closed_on) : json(nullptr)}};
}

}  // namespace

bool Rectification::Overdue(core::Date today) const {
  const auto due = core::Date::Parse(due_on);
  if (!due) return false;
  if (status == "closed" && closed_on) {
    auto c = core::Date::Parse(*closed_on);
    return c && *c > *due;
  }
  return today > *due;
}

core::Result<Rectification> RectificationService::Load(int64_t id) {
  auto r = storage::QueryOne(db_, std::string("SELECT ") + kColumns + " WHERE t.id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("整改任务不存在") : r.status();
  Rectification x = FromRow(*r);
  auto images = RectificationImages(db_, id);
  if (!images.ok()) return images.status();
  x.images = std::move(*images);
  return x;
}

core::Result<std::vector<Rectification>> RectificationService::Query(const RectificationFilter& f) {
  std::string where = " WHERE 1=1";
  storage::Params params;
  if (!f.status.empty()) where += " AND t.status = ?", params.emplace_back(f.status);
  if (f.unit_id) where += " AND t.unit_id = ?", params.emplace_back(*f.unit_id);
  if (f.notice_id) where += " AND t.notice_id = ?", params.emplace_back(*f.notice_id);
  if (f.alert_id) where += " AND t.alert_id = ?", params.emplace_back(*f.alert_id);
  if (f.year)
    where += " AND substr(COALESCE(n.published_on, t.opened_on), 1, 4) = ?",
        params.emplace_back(std::to_string(*f.year));
  auto rows =
      db_.Query(std::string("SELECT ") + kColumns + where + " ORDER BY t.due_on, t.id", params);
  if (!rows.ok()) return rows.status();
  std::vector<Rectification> out;
  for (const auto& r : *rows) {
    out.push_back(FromRow(r));
    auto images = RectificationImages(db_, out.back().id);
    if (!images.ok()) return images.status();
    out.back().images = std::move(*images);
  }
  return out;
}

core::Result<std::vector<Rectification>> RectificationService::List(const core::Principal& p,
                                                                    RectificationFilter f) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  if (!f.status.empty() && f.status != "open" && f.status != "answered" && f.status != "returned" &&
      f.status != "closed")
    return Status::InvalidArgument("status", "应为 open、answered、returned 或 closed");
  if (auto scope = core::ScopeUnit(p)) {
    if (f.unit_id && *f.unit_id != *scope) return std::vector<Rectification>{};
    f.unit_id = scope;
  }
  return Query(f);
}

core::Result<std::vector<Rectification>> RectificationService::OfUnit(int64_t unit_id, int year) {
  RectificationFilter f;
  f.unit_id = unit_id;
  f.year = year;
  return Query(f);
}

core::Result<Rectification> RectificationService::Answer(const core::Principal& p, int64_t id,
                                                         const std::string& answer,
                                                         const std::string& evidence_url) {
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, Action::kEditAccount, before->unit_id); !s.ok()) return s;
  if (before->status == "closed") return Status::Conflict("整改任务已关闭");
  const std::string text(core::Trim(answer));
  if (text.empty()) return Status::InvalidArgument("answer", "请填写整改情况");
  if (core::Utf8Length(text) > 5000)
    return Status::InvalidArgument("answer", "整改情况过长（最多 5000 字）");
  const std::string url(core::Trim(evidence_url));
  if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://"))
    return Status::InvalidArgument("evidence_url", "应为 http(s) 链接");
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE rectifications SET status = 'answered', answer = ?, "
                            "evidence_url = ?, answered_on = ?, "
                            "answered_by = ? WHERE id = ?",
                            {text, url, clock_.Today().ToString(), p.username, id});
        !s.ok())
      return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "rectification.answer",
                          "rectification", std::to_string(id), AuditJson(*before).dump(),
                          AuditJson(*after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

namespace {

// The alert's evidence in words: what was hit, where, in which context, and the post's link.
std::string AlertProblem(const Alert& a) {
  std::u32string text;
  for (size_t i = 0; i < a.text.size();) {  // code points, as the hits' offsets count
    const unsigned char c = a.text[i];
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n && i + k < a.text.size(); ++k) cp = (cp << 6) | (a.text[i + k] & 0x3F);
    text.push_back(cp);
    i += n;
  }
  auto utf8 = [](std::u32string_view s) {
    std::string out;
    for (char32_t cp : s) {
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    return out;
  };
  // The alert's own hits; those waiting for review (待研判) beside them are not its evidence.
  std::vector<const AlertHit*> hits;
  for (const auto& h : a.hits)
    if (h.level == "alert") hits.push_back(&h);
  if (hits.empty())
    for (const auto& h : a.hits) hits.push_back(&h);
  std::string terms;
  std::vector<std::string> seen;
  for (const AlertHit* h : hits) {
    if (std::find(seen.begin(), seen.end(), h->term) != seen.end()) continue;
    seen.push_back(h->term);
    terms += (terms.empty() ? "「" : "、「") + h->term + "」";
    if (!h->suggestion.empty()) terms += "（应为「" + h->suggestion + "」）";
  }
  std::string out = CategoryLabel(a.category) + "：" + (a.kind == "comment" ? "留言" : "帖子") + " " +
                    a.platform_post_id + "（第 " + std::to_string(a.post_version) + " 版）命中" + terms;
  if (!hits.empty()) {
    const AlertHit& h = *hits.front();
    const size_t from = h.start > 30 ? h.start - 30 : 0;
    const size_t to = std::min<size_t>(text.size(), h.end + 30);
    if (from < to)
      out += "；原文：“" + std::string(from > 0 ? "…" : "") + utf8(std::u32string_view(text).substr(from, to - from)) +
             (to < text.size() ? "…" : "") + "”";
  }
  if (!a.url.empty()) out += "；链接：" + a.url;
  out += "（告警 #" + std::to_string(a.id) + "）";
  return out;
}

}  // namespace

core::Result<Rectification> RectificationService::OpenFromAlert(const core::Principal& p, MonitorService& monitor,
                                                               int64_t alert_id) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto alert = monitor.Get(p, alert_id);
    if (!alert.ok()) return alert.status();
    if (alert->rectification_id)
      return Status::Conflict("该告警已发起整改（整改 #" + std::to_string(*alert->rectification_id) + "）");
    if (alert->status == "handled" || alert->status == "forwarded") return Status::Conflict("告警已处置或已转办");
    // 疑似账号被盗用 is an incident for the duty officer to handle or forward (change the password,
    // the emergency plan), not a line of 附件2 for the unit to rectify.
    if (alert->type == "hijack") return Status::Conflict("疑似账号被盗用告警请处置或转办，不发起整改");
    const core::Date today = clock_.Today();
    const std::string due = today.AddDays(kRectificationDays).ToString();
    const std::string problem = AlertProblem(*alert);
    auto made = db_.Insert(
        "INSERT INTO rectifications (alert_id, opened_on, account_id, unit_id, indicator, problem, due_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {alert_id, today.ToString(), alert->account_id, alert->unit_id, alert->indicator, problem, due});
    if (!made.ok()) return made.status();
    id = *made;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    json opened = AuditJson(*after);
    opened["alert_id"] = alert_id;
    opened["account_id"] = alert->account_id;
    opened["indicator"] = alert->indicator;
    opened["problem"] = problem;
    opened["due_on"] = due;
    if (Status s = audit_.Append({0, clock_.NowRfc3339(), p.username, "rectification.open", "rectification",
                                  std::to_string(id), "", opened.dump()});
        !s.ok())
      return s;
    auto handled = monitor.Handle(p, alert_id, "已发起整改 #" + std::to_string(id) + "（" + alert->account_name +
                                                   "，整改期限 " + due + "）");
    return handled.status();
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Rectification> RectificationService::AddImage(const core::Principal& p, int64_t id,
                                                           const std::string& filename, const std::string& bytes) {
  auto task = Load(id);
  if (!task.ok()) return task.status();
  if (Status s = core::Authorize(p, Action::kEditAccount, task->unit_id); !s.ok()) return s;
  if (task->status == "closed") return Status::Conflict("整改任务已关闭，不能再添加图片");
  if (auto checked = CheckEvidenceImage(filename, bytes); !checked.ok()) return checked.status();
  Status st = db_.Transaction([&]() -> Status {
    EvidenceImage image;
    image.unit_id = task->unit_id;
    image.kind = "rectification";
    image.rectification_id = id;
    image.filename = filename;
    image.created_by = p.username;
    image.created_at = clock_.NowRfc3339();
    bool created = false;
    auto stored = StoreEvidenceImage(db_, image, bytes, &created);
    if (!stored.ok()) return stored.status();
    if (!created) return Status::Ok();  // already there: nothing changed
    return audit_.Append({0, image.created_at, p.username, "rectification.image", "rectification",
                          std::to_string(id), "", EvidenceImageJson(*stored).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Rectification> RectificationService::Review(const core::Principal& p, int64_t id,
                                                         const std::string& decision,
                                                         const std::string& note) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto before = Load(id);
  if (!before.ok()) return before.status();
  if (decision != "close" && decision != "return")
    return Status::InvalidArgument("decision", "应为 close（通过）或 return（退回）");
  if (before->status != "answered") return Status::Conflict("单位答复后才能复查");
  if (decision == "return" && core::Trim(note).empty())
    return Status::InvalidArgument("note", "退回时请说明原因");
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    // Closing dates the rectification by the answer accepted, not by the day of the re-check.
    Status s = decision == "close" ? db_.Exec(
                                         "UPDATE rectifications SET status = 'closed', review_note "
                                         "= ?, reviewed_by = ?, reviewed_at = ?, "
                                         "closed_on = answered_on WHERE id = ?",
                                         {note, p.username, now, id})
                                   : db_.Exec(
                                         "UPDATE rectifications SET status = 'returned', "
                                         "review_note = ?, reviewed_by = ?, reviewed_at = ? "
                                         "WHERE id = ?",
                                         {note, p.username, now, id});
    if (!s.ok()) return s;
    auto after = Load(id);
    if (!after.ok()) return after.status();
    return audit_.Append({0, now, p.username, "rectification." + decision, "rectification",
                          std::to_string(id), AuditJson(*before).dump(), AuditJson(*after).dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

}  // namespace govmedia::app
