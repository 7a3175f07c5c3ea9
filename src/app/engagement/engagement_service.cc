#include "app/engagement/engagement_service.h"

#include <cmath>
#include <map>
#include <set>

#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {


const char* KindLabel(const std::string& k) {
  if (k == "follower_jump") return "粉丝数异常跳增";
  if (k == "post_outlier") return "单帖数据远超自身水平";
  if (k == "peer_outlier") return "数据远超同类账号";
  if (k == "repeated_commenters") return "少数账号反复留言";
  if (k == "forced_wording") return "强制点赞转发用语";
  return "";
}

const char* MetricLabel(const std::string& m) {
  if (m == "reads") return "阅读数";
  if (m == "likes") return "点赞数";
  if (m == "reposts") return "转发数";
  if (m == "comments") return "评论数";
  return "";
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string Excerpt(std::string_view text, uint32_t start, uint32_t end) {
  // Up to 30 code points either side of [start, end).
  const std::u32string t = core::DecodeUtf8(text);
  const size_t a = start > 30 ? start - 30 : 0, b = std::min<size_t>(t.size(), end + 30);
  return (a > 0 ? "…" : "") + core::EncodeUtf8(std::u32string_view(t).substr(a, b - a)) + (b < t.size() ? "…" : "");
}

constexpr const char* kColumns =
    "e.id, e.account_id, e.unit_id, COALESCE(a.name, ''), u.name, COALESCE(a.platform, ''), e.kind, e.subject, "
    "e.post_id, e.document_id, e.occurred_on, e.score, e.summary, e.evidence, e.status, e.decided_by, e.decided_at, "
    "e.reason, e.created_at";
constexpr const char* kFrom =
    " FROM engagement_anomalies e JOIN units u ON u.id = e.unit_id LEFT JOIN accounts a ON a.id = e.account_id";

}  // namespace

core::Result<core::EngagementSettings> EngagementService::Settings() {
  auto m = settings_.Get();
  if (!m.ok()) return m.status();
  core::EngagementSettings s;
  s.post_z = m->engagement_post_z;
  s.follower_z = m->engagement_follower_z;
  s.min_history = m->engagement_min_history;
  s.post_min_count = m->engagement_min_count;
  s.follower_min_gain = m->engagement_min_count;
  return s;
}

json EngagementService::ToJson(const EngagementAnomaly& a) const {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", a.id},
          {"account_id", opt(a.account_id)},
          {"account_name", a.account_name},
          {"platform", a.platform},
          {"unit_id", a.unit_id},
          {"unit_name", a.unit_name},
          {"kind", a.kind},
          {"kind_label", KindLabel(a.kind)},
          {"subject", a.subject},
          {"post_id", opt(a.post_id)},
          {"document_id", opt(a.document_id)},
          {"occurred_on", a.occurred_on},
          {"score", a.score},
          {"summary", a.summary},
          {"evidence", a.evidence},
          {"status", a.status},
          {"decided_by", opt(a.decided_by)},
          {"decided_at", opt(a.decided_at)},
          {"reason", a.reason},
          {"created_at", a.created_at}};
}

core::Result<std::vector<EngagementAnomaly>> EngagementService::Select(const std::string& where,
                                                                      const storage::Params& params,
                                                                      const std::string& tail) {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + kFrom + where + tail, params);
  if (!rows.ok()) return rows.status();
  std::vector<EngagementAnomaly> out;
  for (const auto& r : *rows) {
    EngagementAnomaly a;
    a.id = r.Int(0);
    if (!r.IsNull(1)) a.account_id = r.Int(1);
    a.unit_id = r.Int(2);
    a.account_name = r.Text(3);
    a.unit_name = r.Text(4);
    a.platform = r.Text(5);
    a.kind = r.Text(6);
    a.subject = r.Text(7);
    if (!r.IsNull(8)) a.post_id = r.Int(8);
    if (!r.IsNull(9)) a.document_id = r.Int(9);
    a.occurred_on = r.Text(10);
    a.score = r.Real(11);
    a.summary = r.Text(12);
    a.evidence = json::parse(r.Text(13), nullptr, false);
    a.status = r.Text(14);
    a.decided_by = r.OptText(15);
    a.decided_at = r.OptText(16);
    a.reason = r.Text(17);
    a.created_at = r.Text(18);
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<bool> EngagementService::Add(std::optional<int64_t> account_id, int64_t unit_id, const std::string& kind,
                                          const std::string& subject, std::optional<int64_t> post_id,
                                          std::optional<int64_t> document_id, const std::string& occurred_on,
                                          double score, const std::string& summary, const json& evidence) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? storage::Value(*v) : storage::Value(nullptr); };
  auto r = db_.Query(
      "INSERT INTO engagement_anomalies (account_id, unit_id, kind, subject, post_id, document_id, occurred_on, score, "
      "summary, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, subject, unit_id) DO NOTHING RETURNING id",
      {opt(account_id), unit_id, kind, subject, opt(post_id), opt(document_id), occurred_on, score, summary,
       evidence.dump(), clock_.NowRfc3339()});
  if (!r.ok()) return r.status();
  return !r->empty();
}

// ---- From the archive ----

Status EngagementService::OnArchived(const storage::IncomingPost& p, const storage::Archived& a) {
  if (p.metrics) {
    const auto& m = *p.metrics;
    auto opt = [](const std::optional<int64_t>& v) { return v ? storage::Value(*v) : storage::Value(nullptr); };
    if (Status s = db_.Exec(
            "INSERT INTO post_metrics (post_id, account_id, observed_at, observed_epoch, reads, likes, reposts, comments, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'push')",
            {a.post_id, p.account_id, clock_.NowRfc3339(), clock_.NowSeconds(), opt(m.reads), opt(m.likes),
             opt(m.reposts), opt(m.comments)});
        !s.ok())
      return s;
  }
  if (a.outcome == storage::ArchiveOutcome::kUnchanged || p.kind != storage::kKindPost) return Status::Ok();
  const auto forced = core::FindForcedEngagement(p.text);
  if (forced.empty()) return Status::Ok();
  auto unit = storage::QueryOne(db_, "SELECT unit_id FROM accounts WHERE id = ?", {p.account_id});
  if (!unit.ok()) return unit.status();
  const auto& f = forced.front();
  json wording = json::array();
  for (const auto& w : forced) wording.push_back({{"term", w.term}, {"matched", w.matched}, {"start", w.start}, {"end", w.end}});
  const int64_t when = p.published_at.empty() ? clock_.NowSeconds() : p.published_epoch;
  auto added = Add(p.account_id, unit->Int(0), "forced_wording",
                   "post:" + std::to_string(a.post_id) + ":v" + std::to_string(a.version), a.post_id, std::nullopt,
                   core::BeijingDay(when).ToString(), static_cast<double>(forced.size()),
                   "帖子 " + p.platform_post_id + " 含强制互动用语「" + f.matched + "」",
                   {{"platform_post_id", p.platform_post_id}, {"version", a.version}, {"wording", wording},
                    {"excerpt", Excerpt(p.text, f.start, f.end)}});
  return added.status();
}

core::Result<std::vector<core::DerivedFinding>> EngagementService::Findings(int64_t account_id, int64_t from, int64_t to) {
  const std::string first = core::BeijingDay(from).ToString(), last = core::BeijingDay(to).ToString();
  auto rows = Select(" WHERE e.account_id = ? AND e.status = 'confirmed' AND "
                     "((e.occurred_on > ? AND e.occurred_on <= ?) OR (substr(e.decided_at, 1, 10) > ? AND "
                     "substr(e.decided_at, 1, 10) <= ?))",
                     {account_id, first, last, first, last}, " ORDER BY e.occurred_on, e.id");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::vector<core::DerivedFinding>{};
  core::DerivedFinding f{std::string(kFakeEngagementIndicator), 0, {}};
  for (const auto& a : *rows) {
    ++f.occurrences;
    f.evidence.push_back(std::string(KindLabel(a.kind)) + "（" + a.occurred_on + "）：" + a.summary + "；经 " +
                         a.decided_by.value_or("") + " 核实确认：" + a.reason);
  }
  return std::vector<core::DerivedFinding>{f};
}

// ---- Snapshots ----

core::Result<IngestCounts> EngagementService::PushSnapshots(const json& items, const std::string& source,
                                                            const std::string& actor) {
  if (!items.is_array()) return Status::InvalidArgument("snapshots", "应为数组");
  if (items.size() > kMaxPushBatch) return Status::InvalidArgument("snapshots", "一次最多 10000 条");
  struct Item {
    int64_t account_id = 0, at = 0;
    std::optional<int64_t> counts[5];
  };
  static constexpr const char* kKeys[] = {"followers", "reads", "likes", "reposts", "comments"};
  std::vector<Item> checked;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& x = items[i];
    const std::string at = "snapshots[" + std::to_string(i) + "]";
    if (!x.is_object()) return Status::InvalidArgument(at, "应为对象");
    Item it;
    if (!x.contains("account_id") || !x["account_id"].is_number_integer())
      return Status::InvalidArgument(at + ".account_id", "应为账号编号");
    it.account_id = x["account_id"].get<int64_t>();
    auto exists = db_.Query("SELECT id FROM accounts WHERE id = ?", {it.account_id});
    if (!exists.ok()) return exists.status();
    if (exists->empty()) return Status::InvalidArgument(at + ".account_id", "账号不存在");
    const std::string when = x.contains("observed_at") && x["observed_at"].is_string() ? x["observed_at"].get<std::string>() : "";
    auto t = core::ParseRfc3339(when);
    if (!t) return Status::InvalidArgument(at + ".observed_at", "应为 RFC 3339 时间（如 2024-10-18T20:00:00+08:00）");
    if (*t > clock_.NowSeconds() + 300) return Status::InvalidArgument(at + ".observed_at", "不能晚于现在");
    it.at = *t;
    bool any = false;
    for (size_t k = 0; k < 5; ++k) {
      if (!x.contains(kKeys[k]) || x[kKeys[k]].is_null()) continue;
      const json& v = x[kKeys[k]];
      if (!v.is_number_integer() || v.get<int64_t>() < 0)
        return Status::InvalidArgument(at + "." + kKeys[k], "应为不小于 0 的整数");
      it.counts[k] = v.get<int64_t>();
      any = true;
    }
    if (!any) return Status::InvalidArgument(at + ".followers", "至少应有一项计数（followers、reads、likes、reposts、comments）");
    checked.push_back(it);
  }
  IngestCounts counts;
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    for (const auto& it : checked) {
      auto opt = [](const std::optional<int64_t>& v) { return v ? storage::Value(*v) : storage::Value(nullptr); };
      const std::string day = core::BeijingDay(it.at).ToString();
      auto before = db_.Query("SELECT observed_at FROM account_snapshots WHERE account_id = ? AND observed_on = ?",
                              {it.account_id, day});
      if (!before.ok()) return before.status();
      if (!before->empty()) {
        // The latest observation of a day stands.
        auto prior = core::ParseRfc3339(before->front().Text(0));
        if (prior && *prior > it.at) {
          ++counts.unchanged;
          continue;
        }
        ++counts.edited;
      } else {
        ++counts.added;
      }
      if (Status s = db_.Exec(
              "INSERT INTO account_snapshots (account_id, observed_on, observed_at, followers, reads, likes, reposts, "
              "comments, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, observed_on) DO UPDATE SET "
              "observed_at = excluded.observed_at, followers = excluded.followers, reads = excluded.reads, likes = "
              "excluded.likes, reposts = excluded.reposts, comments = excluded.comments, source = excluded.source",
              {it.account_id, day, core::FormatRfc3339Beijing(it.at), opt(it.counts[0]), opt(it.counts[1]),
               opt(it.counts[2]), opt(it.counts[3]), opt(it.counts[4]), source});
          !s.ok())
        return s;
    }
    return audit_.Append({0, now, actor, "snapshots." + source, "account_snapshots", "*", "",
                          json{{"added", counts.added}, {"edited", counts.edited}, {"unchanged", counts.unchanged}}.dump()});
  });
  if (!st.ok()) return st;
  // The accounts' follower series changed: look at them now.
  std::set<int64_t> touched;
  for (const auto& it : checked) touched.insert(it.account_id);
  for (int64_t account : touched) {
    if (auto n = Detect(account); !n.ok()) return n.status();
  }
  return counts;
}

// ---- The detector ----

core::Result<int> EngagementService::Detect(std::optional<int64_t> account_id) {
  auto s = Settings();
  if (!s.ok()) return s.status();
  if (account_id) return DetectAccount(*account_id, *s);
  auto ids = db_.Query("SELECT id FROM accounts WHERE status = 'open' ORDER BY id");
  if (!ids.ok()) return ids.status();
  int added = 0;
  for (const auto& r : *ids) {
    auto n = DetectAccount(r.Int(0), *s);
    if (!n.ok()) return n.status();
    added += *n;
  }
  return added;
}

core::Result<int> EngagementService::DetectAccount(int64_t account_id, const core::EngagementSettings& s) {
  auto acc = storage::QueryOne(db_, "SELECT unit_id, platform, name FROM accounts WHERE id = ?", {account_id});
  if (!acc.ok()) return acc.status();
  const int64_t unit_id = acc->Int(0);
  const std::string platform = acc->Text(1), id = std::to_string(account_id);
  int added = 0;
  auto count = [&](core::Result<bool> r) -> Status {
    if (!r.ok()) return r.status();
    added += *r;
    return Status::Ok();
  };
  Status st = db_.Transaction([&]() -> Status {
    // Follower jumps.
    auto snaps = db_.Query("SELECT observed_on, followers FROM account_snapshots WHERE account_id = ? AND followers IS NOT "
                           "NULL ORDER BY observed_on",
                           {account_id});
    if (!snaps.ok()) return snaps.status();
    std::vector<core::SnapshotPoint> series;
    for (const auto& r : *snaps) series.push_back({*core::Date::Parse(r.Text(0)), r.Int(1)});
    for (const auto& j : core::FindFollowerJumps(series, s)) {
      if (Status x = count(Add(account_id, unit_id, "follower_jump", "account:" + id + ":followers:" + j.day.ToString(),
                               std::nullopt, std::nullopt, j.day.ToString(), j.z,
                               "粉丝由 " + std::to_string(j.before) + " 增至 " + std::to_string(j.after) + "（日增 " +
                                   std::to_string(j.gain) + "，此前日增中位数 " + Num(j.baseline_median) + "）",
                               {{"before", j.before}, {"after", j.after}, {"gain", j.gain},
                                {"baseline_median", j.baseline_median}, {"baseline_mad", j.baseline_mad}, {"z", j.z},
                                {"history_days", j.history}}));
          !x.ok())
        return x;
    }
    // Posts far above the account's own: each post's latest counts.
    auto posts = db_.Query(
        "SELECT p.id, p.platform_post_id, p.published_epoch, m.reads, m.likes, m.reposts, m.comments FROM posts p "
        "JOIN post_metrics m ON m.id = (SELECT id FROM post_metrics WHERE post_id = p.id ORDER BY observed_epoch DESC, "
        "id DESC LIMIT 1) WHERE p.account_id = ? AND p.kind = 'post' ORDER BY p.published_epoch, p.id",
        {account_id});
    if (!posts.ok()) return posts.status();
    std::vector<core::PostCounts> counts;
    std::map<std::string, int64_t> post_ids;
    auto opt = [](const storage::Row& r, int i) { return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i)); };
    for (const auto& r : *posts) {
      counts.push_back({r.Text(1), r.Int(2), opt(r, 3), opt(r, 4), opt(r, 5), opt(r, 6)});
      post_ids[r.Text(1)] = r.Int(0);
    }
    for (const auto& o : core::FindPostOutliers(counts, s)) {
      if (Status x = count(Add(account_id, unit_id, "post_outlier", "account:" + id + ":post:" + o.id + ":" + o.metric,
                               post_ids[o.id], std::nullopt, core::BeijingDay(o.epoch).ToString(), o.z,
                               "帖子 " + o.id + " 的" + MetricLabel(o.metric) + " " + std::to_string(o.value) +
                                   "，为此前 " + std::to_string(o.history) + " 条帖子中位数 " + Num(o.baseline_median) + " 的 " +
                                   Num(o.value / std::max(o.baseline_median, 1.0)) + " 倍",
                               {{"platform_post_id", o.id}, {"metric", o.metric}, {"value", o.value},
                                {"baseline_median", o.baseline_median}, {"z", o.z}, {"history_posts", o.history}}));
          !x.ok())
        return x;
    }
    // Comments from a handful of authors, repeated (the last 90 days of comments).
    const int64_t comments_since = core::StartOfDay(clock_.Today().AddDays(-90));
    auto comments = db_.Query(
        "SELECT p.parent_platform_id, p.author, v.text FROM posts p JOIN post_versions v ON v.post_id = p.id AND "
        "v.version = p.current_version AND v.published_epoch = p.published_epoch WHERE p.account_id = ? "
        "AND p.kind = 'comment' AND p.published_epoch > ? AND v.published_epoch > ?",
        {account_id, comments_since, comments_since});
    if (!comments.ok()) return comments.status();
    std::vector<core::CommentRow> rows;
    for (const auto& r : *comments) rows.push_back({r.Text(0), r.Text(1), r.Text(2)});
    for (const auto& c : core::FindRepeatedCommenters(rows, s)) {
      json top = json::array();
      std::string names;
      for (const auto& [who, n] : c.top) {
        top.push_back({{"author", who}, {"comments", n}});
        names += (names.empty() ? "" : "、") + who + "（" + std::to_string(n) + " 条）";
      }
      if (Status x = count(Add(account_id, unit_id, "repeated_commenters", "account:" + id + ":comments:" + c.post_id,
                               std::nullopt, std::nullopt, clock_.Today().ToString(), c.top_share,
                               "帖子 " + c.post_id + " 下 " + std::to_string(c.comments) + " 条留言中 " +
                                   Num(c.top_share * 100) + "% 出自 " + names + "，" + std::to_string(c.repeated) +
                                   " 条为重复内容",
                               {{"platform_post_id", c.post_id}, {"comments", c.comments}, {"authors", c.authors},
                                {"top_share", c.top_share}, {"repeated", c.repeated}, {"top", top}}));
          !x.ok())
        return x;
    }
    // Against accounts of the same platform and size: median likes per post over the last 30 days.
    auto size = db_.Query("SELECT followers FROM account_snapshots WHERE account_id = ? AND followers IS NOT NULL "
                          "ORDER BY observed_on DESC LIMIT 1",
                          {account_id});
    if (!size.ok()) return size.status();
    if (size->empty()) return Status::Ok();
    const int64_t followers = size->front().Int(0);
    const int64_t since = core::StartOfDay(clock_.Today().AddDays(-30));
    auto medians = db_.Query(
        "SELECT p.account_id, m.likes, (SELECT followers FROM account_snapshots s WHERE s.account_id = p.account_id AND "
        "s.followers IS NOT NULL ORDER BY s.observed_on DESC LIMIT 1) FROM posts p JOIN accounts a ON a.id = p.account_id "
        "JOIN post_metrics m ON m.id = (SELECT id FROM post_metrics WHERE post_id = p.id ORDER BY observed_epoch DESC, "
        "id DESC LIMIT 1) WHERE a.platform = ? AND p.kind = 'post' AND p.published_epoch > ? AND m.likes IS NOT NULL",
        {platform, since});
    if (!medians.ok()) return medians.status();
    std::map<int64_t, std::vector<double>> likes;
    std::map<int64_t, int64_t> sizes;
    for (const auto& r : *medians) {
      if (r.IsNull(2)) continue;
      likes[r.Int(0)].push_back(static_cast<double>(r.Int(1)));
      sizes[r.Int(0)] = r.Int(2);
    }
    auto median_of = [](std::vector<double> v) { return core::RobustOf(std::move(v)).median; };
    if (likes[account_id].size() < 5) return Status::Ok();
    std::vector<double> peers;
    for (const auto& [other, v] : likes)
      if (other != account_id && v.size() >= 5 && core::SameSize(sizes[other], followers)) peers.push_back(median_of(v));
    const double own = median_of(likes[account_id]);
    if (auto o = core::ComparePeers(own, peers, s)) {
      const std::string month = clock_.Today().ToString().substr(0, 7);
      return count(Add(account_id, unit_id, "peer_outlier", "account:" + id + ":peers:" + month, std::nullopt, std::nullopt,
                       clock_.Today().ToString(), o->z,
                       "近 30 天每帖点赞中位数 " + Num(o->own) + "，为同平台同规模 " + std::to_string(o->peers) +
                           " 个账号中位数 " + Num(o->peers_median) + " 的 " + Num(o->own / std::max(o->peers_median, 1.0)) +
                           " 倍",
                       {{"own_median_likes", o->own}, {"peers_median_likes", o->peers_median}, {"peers", o->peers},
                        {"z", o->z}, {"followers", followers}}));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return added;
}

// ---- Documents ----

core::Result<std::vector<EngagementAnomaly>> EngagementService::RecordDocument(const core::Principal& p, const json& body) {
  if (Status s = core::Authorize(p, core::Action::kInspect); !s.ok()) return s;
  if (!body.is_object()) return Status::InvalidArgument("body", "应为对象");
  if (!body.contains("unit_id") || !body["unit_id"].is_number_integer()) return Status::InvalidArgument("unit_id", "请选择单位");
  const int64_t unit_id = body["unit_id"].get<int64_t>();
  auto unit = db_.Query("SELECT id FROM units WHERE id = ?", {unit_id});
  if (!unit.ok()) return unit.status();
  if (unit->empty()) return Status::InvalidArgument("unit_id", "单位不存在");
  std::optional<int64_t> account_id;
  if (body.contains("account_id") && !body["account_id"].is_null()) {
    if (!body["account_id"].is_number_integer()) return Status::InvalidArgument("account_id", "应为账号编号");
    account_id = body["account_id"].get<int64_t>();
    auto acc = db_.Query("SELECT unit_id FROM accounts WHERE id = ?", {*account_id});
    if (!acc.ok()) return acc.status();
    if (acc->empty() || acc->front().Int(0) != unit_id) return Status::InvalidArgument("account_id", "账号不存在或不属于该单位");
  }
  auto str = [&](const char* k) {
    return body.contains(k) && body[k].is_string() ? std::string(core::Trim(body[k].get<std::string>())) : "";
  };
  const std::string title = str("title"), number = str("doc_number"), text = str("text"), issued = str("issued_on");
  if (title.empty()) return Status::InvalidArgument("title", "请填写文件标题");
  if (auto why = core::TextProblem(title, 200, false); !why.empty()) return Status::InvalidArgument("title", why);
  if (core::Utf8Length(number) > 100) return Status::InvalidArgument("doc_number", "过长（最多 100 字）");
  if (!issued.empty() && !core::Date::Parse(issued)) return Status::InvalidArgument("issued_on", "应为 YYYY-MM-DD");
  if (text.empty()) return Status::InvalidArgument("text", "请填写文件内容（或其中的相关段落）");
  if (auto why = core::TextProblem(text, 100000, true); !why.empty()) return Status::InvalidArgument("text", why);
  const std::string now = clock_.NowRfc3339();
  const auto forced = core::FindForcedEngagement(text);
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto inserted = db_.Insert(
        "INSERT INTO engagement_documents (unit_id, account_id, title, doc_number, issued_on, text, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {unit_id, account_id ? storage::Value(*account_id) : storage::Value(nullptr), title, number,
         issued.empty() ? storage::Value(nullptr) : storage::Value(issued), text, p.username, now});
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    if (!forced.empty()) {
      json wording = json::array();
      for (const auto& w : forced)
        wording.push_back({{"term", w.term}, {"matched", w.matched}, {"start", w.start}, {"end", w.end}});
      const auto& f = forced.front();
      auto added = Add(account_id, unit_id, "forced_wording", "document:" + std::to_string(id), std::nullopt, id,
                       issued.empty() ? clock_.Today().ToString() : issued, static_cast<double>(forced.size()),
                       "文件《" + title + "》" + (number.empty() ? "" : "（" + number + "）") + "含强制互动用语「" + f.matched + "」",
                       {{"title", title}, {"doc_number", number}, {"wording", wording}, {"excerpt", Excerpt(text, f.start, f.end)}});
      if (!added.ok()) return added.status();
    }
    return audit_.Append({0, now, p.username, "engagement.document", "engagement_document", std::to_string(id), "",
                          json{{"unit_id", unit_id}, {"title", title}, {"doc_number", number}, {"forced", forced.size()}}.dump()});
  });
  if (!st.ok()) return st;
  return Select(" WHERE e.document_id = ?", {id});
}

// ---- Reading and deciding ----

core::Result<std::vector<EngagementAnomaly>> EngagementService::List(const core::Principal& p, const AnomalyFilter& f,
                                                                     int64_t* total) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  std::string where = " WHERE 1 = 1";
  storage::Params params;
  std::optional<int64_t> unit = f.unit_id;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit && *unit != *scope) where += " AND 0 = 1";
    unit = scope;
  }
  if (unit) {
    where += " AND e.unit_id = ?";
    params.emplace_back(*unit);
  }
  if (f.account_id) {
    where += " AND e.account_id = ?";
    params.emplace_back(*f.account_id);
  }
  if (!f.status.empty()) {
    if (f.status != "open" && f.status != "confirmed" && f.status != "dismissed")
      return Status::InvalidArgument("status", "应为 open、confirmed 或 dismissed");
    where += " AND e.status = ?";
    params.emplace_back(f.status);
  }
  if (!f.kind.empty()) {
    if (std::string(KindLabel(f.kind)).empty()) return Status::InvalidArgument("kind", "未知的类型");
    where += " AND e.kind = ?";
    params.emplace_back(f.kind);
  }
  if (total) {
    auto n = storage::QueryOne(db_, std::string("SELECT COUNT(*)") + kFrom + where, params);
    if (!n.ok()) return n.status();
    *total = n->Int(0);
  }
  params.emplace_back(f.limit);
  params.emplace_back(f.offset);
  return Select(where, params, " ORDER BY e.occurred_on DESC, e.id DESC LIMIT ? OFFSET ?");
}

core::Result<json> EngagementService::Counts(const core::Principal& p, AnomalyFilter f) {
  json out = json::object();
  for (const char* status : {"open", "confirmed", "dismissed"}) {
    f.status = status;
    f.limit = 0;
    int64_t n = 0;
    auto r = List(p, f, &n);
    if (!r.ok()) return r.status();
    out[status] = n;
  }
  return out;
}

core::Result<EngagementAnomaly> EngagementService::Get(const core::Principal& p, int64_t id) {
  auto rows = Select(" WHERE e.id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("异常记录不存在");
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, rows->front().unit_id); !s.ok()) return s;
  return std::move(rows->front());
}

core::Result<EngagementAnomaly> EngagementService::Decide(const core::Principal& p, int64_t id, const std::string& decision,
                                                          const std::string& reason) {
  auto before = Get(p, id);
  if (!before.ok()) return before.status();
  if (Status s = core::Authorize(p, core::Action::kInspect); !s.ok()) return s;
  if (decision != "confirm" && decision != "dismiss")
    return Status::InvalidArgument("decision", "应为 confirm（确认）或 dismiss（核减）");
  const std::string why(core::Trim(reason));
  if (why.empty()) return Status::InvalidArgument("reason", decision == "confirm" ? "请写明核实的依据" : "请写明核减的理由");
  if (core::Utf8Length(why) > 1000) return Status::InvalidArgument("reason", "过长（最多 1000 字）");
  if (before->status != "open") return Status::Conflict("该异常已处理");
  const std::string status = decision == "confirm" ? "confirmed" : "dismissed";
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    // decided_at in Beijing time on the clock's day (the day the finding window compares).
    if (Status s = db_.Exec("UPDATE engagement_anomalies SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
                            "WHERE id = ? AND status = 'open'",
                            {status, p.username, clock_.Today().ToString() + core::FormatRfc3339Beijing(clock_.NowSeconds()).substr(10), why, id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "engagement." + decision, "engagement_anomaly", std::to_string(id),
                          json{{"status", "open"}}.dump(), json{{"status", status}, {"reason", why}}.dump()});
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

core::Result<json> EngagementService::Series(const core::Principal& p, int64_t account_id) {
  auto acc = db_.Query("SELECT unit_id FROM accounts WHERE id = ?", {account_id});
  if (!acc.ok()) return acc.status();
  if (acc->empty()) return Status::NotFound("账号不存在");
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, acc->front().Int(0)); !s.ok()) return s;
  json followers = json::array(), posts = json::array();
  auto snaps = db_.Query("SELECT observed_on, followers FROM account_snapshots WHERE account_id = ? AND followers IS NOT "
                         "NULL ORDER BY observed_on",
                         {account_id});
  if (!snaps.ok()) return snaps.status();
  for (const auto& r : *snaps) followers.push_back({{"day", r.Text(0)}, {"followers", r.Int(1)}});
  auto rows = db_.Query(
      "SELECT p.platform_post_id, p.published_at, m.reads, m.likes, m.reposts, m.comments FROM posts p JOIN post_metrics m "
      "ON m.id = (SELECT id FROM post_metrics WHERE post_id = p.id ORDER BY observed_epoch DESC, id DESC LIMIT 1) "
      "WHERE p.account_id = ? AND p.kind = 'post' ORDER BY p.published_epoch DESC LIMIT 500",
      {account_id});
  if (!rows.ok()) return rows.status();
  auto opt = [](const storage::Row& r, int i) { return r.IsNull(i) ? json(nullptr) : json(r.Int(i)); };
  for (auto it = rows->rbegin(); it != rows->rend(); ++it)
    posts.push_back({{"id", it->Text(0)}, {"published_at", it->Text(1)}, {"reads", opt(*it, 2)}, {"likes", opt(*it, 3)},
                     {"reposts", opt(*it, 4)}, {"comments", opt(*it, 5)}});
  auto anomalies = Select(" WHERE e.account_id = ?", {account_id}, " ORDER BY e.occurred_on, e.id");
  if (!anomalies.ok()) return anomalies.status();
  json list = json::array();
  for (const auto& a : *anomalies) list.push_back(ToJson(a));
  return json{{"followers", followers}, {"posts", posts}, {"anomalies", list}};
}

}  // namespace govmedia::app
