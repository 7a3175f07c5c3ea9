#include "app/security/hijack_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/monitoring/fetch_history.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// Posts published this many days before today or later are live: only they are judged.
constexpr int kLiveDays = 2;
// The text of a post kept in an alert's evidence, in characters.
constexpr size_t kEvidenceChars = 300;

std::string CutChars(const std::string& s, size_t chars) {
  size_t i = 0, n = 0;
  while (i < s.size() && n < chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

json SignalJson(const core::HijackSignal& s) {
  return {{"code", s.code}, {"label", s.label}, {"detail", s.detail}, {"post_ids", s.post_ids}};
}

}  // namespace

core::HijackSettings HijackSettingsOf(const MonitoringSettings& s) {
  core::HijackSettings h;
  h.min_history_days = s.hijack_min_history_days;
  h.min_history_posts = s.hijack_min_history_posts;
  h.window_hours = s.hijack_window_hours;
  h.min_signals = s.hijack_min_signals;
  h.ad_min_posts = s.hijack_ad_min_posts;
  h.quiet_permille = s.hijack_quiet_permille;
  h.burst_factor = s.hijack_burst_factor;
  h.burst_min_posts = s.hijack_burst_min_posts;
  return h;
}

core::Result<core::HijackAssessment> HijackService::Assess(int64_t account_id, int64_t at) {
  auto settings = settings_.Get();
  if (!settings.ok()) return settings.status();
  const core::HijackSettings hs = HijackSettingsOf(*settings);
  auto account = storage::QueryOne(db_, "SELECT name FROM accounts WHERE id = ?", {account_id});
  if (!account.ok()) return account.status().IsNotFound() ? Status::NotFound("账号不存在") : account.status();
  core::HijackContext ctx;
  ctx.at = at;
  ctx.registered_name = account->Text(0);
  const int64_t from = at - static_cast<int64_t>(hs.window_hours) * 3600 -
                       static_cast<int64_t>(hs.history_days) * core::kSecondsPerDay;
  // Posts without a readable date carry their first-seen time: they say nothing about hours.
  auto rows = db_.Query(
      "SELECT p.id, p.published_epoch, v.text, v.url, "
      "(SELECT COUNT(*) FROM scan_hits h WHERE h.post_id = p.id AND h.category = 'ad') "
      "FROM posts p JOIN post_versions v ON v.post_id = p.id AND v.version = p.current_version AND v.published_epoch = p.published_epoch "
      "WHERE p.account_id = ? AND p.kind = 'post' AND p.date_missing = 0 AND p.published_epoch > ? "
      "AND p.published_epoch <= ? AND v.published_epoch > ? AND v.published_epoch <= ?",
      {account_id, from, at, from, at});
  if (!rows.ok()) return rows.status();
  std::vector<core::HijackPost> posts;
  posts.reserve(rows->size());
  for (const auto& r : *rows) posts.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), static_cast<int>(r.Int(4))});
  // The channel as the account's latest feed showed it: its values at `from` and every change after
  // (one feed: two bridges of one account may title it differently). A fetch showing what the one
  // before it showed adds nothing to the comparison (core/hijack.cc).
  auto channel = ChannelHistory(db_, account_id, from);
  if (!channel.ok()) return channel.status();
  for (const auto& c : *channel) ctx.channel.push_back({c.epoch, c.title, c.image});
  // Days on which every fetch was blind (数据源异常): the history of those days is not evidence.
  auto blind = db_.Query(
      "SELECT day FROM feed_fetch_days WHERE account_id = ? AND day >= ? AND day <= ? AND healthy = 0 ORDER BY day",
      {account_id, core::BeijingDay(from + 1).days(), core::BeijingDay(at).days()});
  if (!blind.ok()) return blind.status();
  for (const auto& r : *blind) ctx.blind_days.push_back(r.Int(0));
  return core::AssessHijack(posts, ctx, hs);
}

Status HijackService::OnArchived(const storage::IncomingPost& p, const storage::Archived& a) {
  if (a.outcome != storage::ArchiveOutcome::kNew || p.kind != storage::kKindPost || p.published_at.empty())
    return Status::Ok();
  const int64_t day = core::BeijingDay(p.published_epoch).days(), today = clock_.Today().days();
  if (day < today - kLiveDays || day > today + 1) return Status::Ok();
  return Judge(p.account_id, p.published_epoch);
}

Status HijackService::AfterFetch(int64_t account_id) {
  auto newest = storage::QueryOne(db_,
                                  "SELECT MAX(published_epoch) FROM posts WHERE account_id = ? AND kind = 'post' "
                                  "AND date_missing = 0",
                                  {account_id});
  if (!newest.ok()) return newest.status();
  if (newest->IsNull(0)) return Status::Ok();
  const int64_t at = newest->Int(0);
  if (core::BeijingDay(at).days() < clock_.Today().days() - kLiveDays) return Status::Ok();
  // The assessment only reads (the account's history, its fetches): outside the write turn, which
  // every node's feed polls share. Raising merges into the episode's alert inside it.
  auto a = Assess(account_id, at);
  if (!a.ok()) return a.status();
  if (a->verdict != core::HijackVerdict::kSuspected) return Status::Ok();
  return db_.TransactionFor(account_id, [&]() -> Status { return Raise(account_id, *a); });
}

Status HijackService::Judge(int64_t account_id, int64_t at) {
  auto a = Assess(account_id, at);
  if (!a.ok()) return a.status();
  if (a->verdict != core::HijackVerdict::kSuspected) return Status::Ok();
  return Raise(account_id, *a);
}

Status HijackService::Raise(int64_t account_id, const core::HijackAssessment& a) {
  // The episode's posts as people read them.
  std::map<int64_t, std::vector<std::string>> codes;  // post → its signals
  for (const auto& s : a.signals)
    for (int64_t id : s.post_ids) codes[id].push_back(s.code);
  json posts = json::array();
  int64_t first_epoch = a.window_to, last_epoch = a.window_from;
  for (int64_t id : a.post_ids) {
    auto r = storage::QueryOne(
        db_,
        "SELECT p.platform_post_id, p.published_at, p.published_epoch, v.text, v.url FROM posts p "
        "JOIN post_versions v ON v.post_id = p.id AND v.version = p.current_version AND v.published_epoch = p.published_epoch WHERE p.id = ?",
        {id});
    if (!r.ok()) return r.status();
    first_epoch = std::min(first_epoch, r->Int(2));
    last_epoch = std::max(last_epoch, r->Int(2));
    posts.push_back({{"id", id},
                     {"platform_post_id", r->Text(0)},
                     {"published_at", r->Text(1)},
                     {"epoch", r->Int(2)},
                     {"text", CutChars(r->Text(3), kEvidenceChars)},
                     {"url", r->Text(4)},
                     {"signals", codes[id]}});
  }
  json signals = json::array();
  for (const auto& s : a.signals) signals.push_back(SignalJson(s));
  json evidence{{"reason", a.reason},
                {"window_from", core::FormatRfc3339Beijing(a.window_from)},
                {"window_to", core::FormatRfc3339Beijing(a.window_to)},
                {"history_posts", a.history_posts},
                {"history_days", a.history_days},
                {"signals", signals},
                {"posts", posts}};
  const std::string now = clock_.NowRfc3339();

  // One episode, one alert: the account's latest hijack alert covers this window when its
  // episode reaches into it.
  auto last = db_.Query(
      "SELECT id, status, episode_to, evidence FROM alerts WHERE account_id = ? AND kind = 'hijack' "
      "ORDER BY id DESC LIMIT 1",
      {account_id});
  if (!last.ok()) return last.status();
  if (!last->empty() && !last->front().IsNull(2) && last->front().Int(2) >= a.window_from) {
    const auto& row = last->front();
    const int64_t id = row.Int(0), episode_to = row.Int(2);
    const bool open = row.Text(1) == "new" || row.Text(1) == "acknowledged";
    if (!open) {
      // Handled: only posts after its episode are news, and they make a new alert below.
      if (last_epoch <= episode_to) return Status::Ok();
    } else {
      // Still open: the evidence grows — signals by code (the newest detail), posts by id.
      json old = json::parse(row.Text(3), nullptr, false);
      json merged = evidence;
      if (old.is_object()) {
        std::map<std::string, json> by_code;
        std::vector<std::string> order;
        for (const auto& s : old["signals"]) {
          by_code[s["code"]] = s;
          order.push_back(s["code"]);
        }
        for (const auto& s : signals) {
          const std::string code = s["code"];
          if (!by_code.count(code)) {
            order.push_back(code);
            by_code[code] = s;
            continue;
          }
          std::set<int64_t> ids(by_code[code]["post_ids"].begin(), by_code[code]["post_ids"].end());
          for (const auto& i : s["post_ids"]) ids.insert(i.get<int64_t>());
          json next = s;
          next["post_ids"] = std::vector<int64_t>(ids.begin(), ids.end());
          by_code[code] = next;
        }
        merged["signals"] = json::array();
        for (const auto& c : order) merged["signals"].push_back(by_code[c]);
        std::map<int64_t, json> by_post;
        for (const auto& p : old["posts"]) by_post[p["id"].get<int64_t>()] = p;
        for (const auto& p : posts) by_post[p["id"].get<int64_t>()] = p;
        std::vector<json> all;
        for (auto& [pid, p] : by_post) all.push_back(p);
        std::sort(all.begin(), all.end(), [](const json& x, const json& y) {
          return x["epoch"].get<int64_t>() < y["epoch"].get<int64_t>();
        });
        merged["posts"] = all;
        merged["window_from"] = old.value("window_from", evidence["window_from"].get<std::string>());
      }
      const int64_t to = std::max(last_epoch, a.window_to);
      return db_.Exec("UPDATE alerts SET evidence = ?, episode_to = CASE WHEN episode_to > ? THEN episode_to ELSE ? END "
                      "WHERE id = ?",
                      {merged.dump(), to, to, id});
    }
  }
  // The alert points at the episode's first post that has no alert of its own.
  std::optional<int64_t> lead;
  for (int64_t id : a.post_ids) {
    auto taken = db_.Query("SELECT 1 FROM alerts WHERE post_id = ?", {id});
    if (!taken.ok()) return taken.status();
    if (taken->empty()) {
      lead = id;
      break;
    }
  }
  if (!lead) return Status::Ok();
  auto version = storage::QueryOne(db_, "SELECT current_version FROM posts WHERE id = ?", {*lead});
  if (!version.ok()) return version.status();
  auto alert = db_.Query(
      "INSERT INTO alerts (post_id, post_version, account_id, category, indicator, created_at, kind, evidence, "
      "episode_from, episode_to) VALUES (?, ?, ?, 'hijack', ?, ?, 'hijack', ?, ?, ?) ON CONFLICT (post_id) DO NOTHING "
      "RETURNING id",
      {*lead, version->Int(0), account_id, std::string(kHijackIndicator), now, evidence.dump(), first_epoch,
       std::max(last_epoch, a.window_to)});
  if (!alert.ok()) return alert.status();
  if (alert->empty() || !on_alert_) return Status::Ok();
  return on_alert_(alert->front().Int(0));
}

}  // namespace govmedia::app
