#include "app/monitoring/fetch_history.h"

#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;

Status RecordFetch(storage::Db& db, const FetchRecord& f) {
  if (Status s = db.Exec(
          "INSERT INTO feed_fetches (account_id, url, fetched_at, fetched_epoch, outcome, reason, http_status, items, "
          "unreadable, undated, channel_title, channel_image) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {f.account_id, f.url, f.fetched_at, f.fetched_epoch, f.outcome, f.reason, f.http_status, f.items,
           f.unreadable, f.undated, f.channel_title, f.channel_image});
      !s.ok())
    return s;
  // The day's summary. A fetch recorded late (an older epoch than the day's last) counts, but does
  // not become the day's last.
  const bool healthy = f.outcome != "blind";
  if (Status s = db.Exec(
          "INSERT INTO feed_fetch_days (account_id, day, fetches, healthy, last_epoch, last_healthy, blind_epoch, "
          "blind_reason) VALUES (?, ?, 1, ?, ?, ?, ?, ?) ON CONFLICT (account_id, day) DO UPDATE SET "
          "fetches = feed_fetch_days.fetches + 1, healthy = feed_fetch_days.healthy + excluded.healthy, "
          "last_healthy = CASE WHEN excluded.last_epoch >= feed_fetch_days.last_epoch THEN excluded.last_healthy "
          "ELSE feed_fetch_days.last_healthy END, "
          "last_epoch = CASE WHEN excluded.last_epoch >= feed_fetch_days.last_epoch THEN excluded.last_epoch "
          "ELSE feed_fetch_days.last_epoch END, "
          "blind_reason = CASE WHEN excluded.blind_epoch > 0 AND excluded.blind_epoch >= feed_fetch_days.blind_epoch "
          "THEN excluded.blind_reason ELSE feed_fetch_days.blind_reason END, "
          "blind_epoch = CASE WHEN excluded.blind_epoch >= feed_fetch_days.blind_epoch THEN excluded.blind_epoch "
          "ELSE feed_fetch_days.blind_epoch END",
          {f.account_id, core::BeijingDay(f.fetched_epoch).days(), int64_t{healthy}, f.fetched_epoch,
           int64_t{healthy}, healthy ? int64_t{0} : f.fetched_epoch, healthy ? std::string() : f.reason});
      !s.ok())
    return s;
  if (f.channel_title.empty() && f.channel_image.empty()) return Status::Ok();
  // The channel: a row when it differs from the feed's current one, else the current one seen again.
  auto current = db.Query(
      "SELECT id, title, image FROM feed_channels WHERE account_id = ? AND url = ? ORDER BY epoch DESC, id DESC "
      "LIMIT 1",
      {f.account_id, f.url});
  if (!current.ok()) return current.status();
  if (!current->empty() && current->front().Text(1) == f.channel_title && current->front().Text(2) == f.channel_image)
    return db.Exec("UPDATE feed_channels SET last_seen_epoch = ? WHERE id = ? AND last_seen_epoch < ?",
                   {f.fetched_epoch, current->front().Int(0), f.fetched_epoch});
  return db.Exec(
      "INSERT INTO feed_channels (account_id, url, epoch, title, image, last_seen_epoch) VALUES (?, ?, ?, ?, ?, ?)",
      {f.account_id, f.url, f.fetched_epoch, f.channel_title, f.channel_image, f.fetched_epoch});
}

core::Result<std::map<int64_t, std::vector<core::CollectionCheck>>> CollectionChecks(storage::Db& db,
                                                                                    std::optional<int64_t> account,
                                                                                    int64_t from, int64_t to) {
  const int64_t first = core::BeijingDay(from + 1).days(), last = core::BeijingDay(to).days();
  std::string only, only_a;
  storage::Params params{first, last};
  if (account) only = " AND account_id = ?", params.emplace_back(*account);
  params.emplace_back(first);
  if (account) only_a = " WHERE a.id = ?", params.emplace_back(*account);
  // The day before the period: account by account through the primary key, not over the history.
  auto rows = db.Query(
      "SELECT account_id, day, healthy, last_healthy, last_epoch FROM feed_fetch_days WHERE day >= ? AND day <= ?" +
          only +
          " UNION ALL SELECT d.account_id, d.day, d.healthy, d.last_healthy, d.last_epoch FROM accounts a "
          "JOIN feed_fetch_days d ON d.account_id = a.id AND d.day = (SELECT MAX(x.day) FROM feed_fetch_days x "
          "WHERE x.account_id = a.id AND x.day < ?)" +
          only_a,
      params);
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::vector<core::CollectionCheck>> out;
  for (const auto& r : *rows) {
    auto& checks = out[r.Int(0)];
    const bool any_healthy = r.Int(2) > 0, last_healthy = r.Int(3) != 0;
    // A healthy fetch at the day's start, then the last: core::BlindDays sorts stably.
    if (any_healthy && !last_healthy)
      checks.push_back({core::StartOfDay(core::Date::FromDays(r.Int(1))), true});
    checks.push_back({r.Int(4), last_healthy});
  }
  return out;
}

core::Result<std::vector<core::Date>> BlindDaysOf(storage::Db& db, int64_t account_id, int64_t from, int64_t to) {
  auto checks = CollectionChecks(db, account_id, from, to);
  if (!checks.ok()) return checks.status();
  return core::BlindDays((*checks)[account_id], from, to);
}

core::Result<std::map<int64_t, std::string>> LatestBlindReasons(storage::Db& db, int64_t from) {
  auto rows = db.Query(
      "SELECT account_id, blind_reason FROM feed_fetch_days WHERE day >= ? AND blind_epoch > ? "
      "ORDER BY account_id, blind_epoch",
      {core::BeijingDay(from + 1).days(), from});
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::string> out;
  for (const auto& r : *rows) out[r.Int(0)] = r.Text(1);  // the latest last
  return out;
}

core::Result<std::vector<ChannelChange>> ChannelHistory(storage::Db& db, int64_t account_id, int64_t from) {
  auto latest = db.Query(
      "SELECT url FROM feed_channels WHERE account_id = ? ORDER BY last_seen_epoch DESC, id DESC LIMIT 1", {account_id});
  if (!latest.ok()) return latest.status();
  std::vector<ChannelChange> out;
  if (latest->empty()) return out;
  const std::string url = latest->front().Text(0);
  auto before = db.Query(
      "SELECT epoch, title, image FROM feed_channels WHERE account_id = ? AND url = ? AND epoch <= ? "
      "ORDER BY epoch DESC, id DESC LIMIT 1",
      {account_id, url, from});
  if (!before.ok()) return before.status();
  for (const auto& r : *before) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  auto after = db.Query(
      "SELECT epoch, title, image FROM feed_channels WHERE account_id = ? AND url = ? AND epoch > ? "
      "ORDER BY epoch, id",
      {account_id, url, from});
  if (!after.ok()) return after.status();
  for (const auto& r : *after) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

}  // namespace govmedia::app
