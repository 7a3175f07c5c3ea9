#include "app/monitoring/rescan_service.h"

#include <nlohmann/json.hpp>

#include "app/jobs/job_queue.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// Posts and comments published in [from, to): the epochs of the period's Beijing days.
// The epochs [from, to) of whole Beijing days. A plain struct, not a pair taken apart: clang 14 (the fuzz
// build's compiler) does not let a lambda capture a structured binding.
struct Period {
  int64_t from = 0;
  int64_t to = 0;
};

Period Epochs(core::Date from, core::Date to) {
  return {core::StartOfDay(from), core::StartOfDay(to.AddDays(1))};
}

}  // namespace

core::Result<Rescan> RescanService::Start(const core::Principal& p, const RescanRequest& r) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  if (r.to < r.from) return Status::InvalidArgument("to", "结束日期不能早于开始日期");
  if (r.to > clock_.Today()) return Status::InvalidArgument("to", "结束日期不能晚于今天");
  if (r.to.days() - r.from.days() + 1 > kMaxDays)
    return Status::InvalidArgument("from", "一次最多重新扫描 " + std::to_string(kMaxDays) + " 天");
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  const int64_t version = monitor_.lexicon_version();
  if (version == 0) return Status::Conflict("尚无可用的词库版本");
  const Period period = Epochs(r.from, r.to);
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto ids = db_.Query("SELECT id FROM posts WHERE published_epoch >= ? AND published_epoch < ? ORDER BY id",
                         {period.from, period.to});
    if (!ids.ok()) return ids.status();
    const int64_t posts = static_cast<int64_t>(ids->size());
    const int64_t batches = (posts + kBatchPosts - 1) / kBatchPosts;
    const std::string now = clock_.NowRfc3339();
    auto inserted = db_.Query(
        "INSERT INTO rescans (lexicon_version, from_day, to_day, posts, batches, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {version, r.from.ToString(), r.to.ToString(), posts, batches, p.username, now});
    if (!inserted.ok()) return inserted.status();
    id = inserted->front().Int(0);
    JobQueue queue(db_, clock_, NodeId());
    for (int64_t b = 0; b < batches; ++b) {
      const size_t first = static_cast<size_t>(b * kBatchPosts);
      const size_t last = std::min(ids->size(), first + kBatchPosts) - 1;
      const json payload{{"rescan_id", id},
                         {"batch", b},
                         {"first_post", (*ids)[first].Int(0)},
                         {"last_post", (*ids)[last].Int(0)}};
      auto added = queue.Enqueue("scan.batch", std::to_string(id) + "/" + std::to_string(b), payload.dump(),
                                 clock_.NowSeconds());
      if (!added.ok()) return added.status();
    }
    return audit_.Append({0, now, p.username, "lexicon.rescan", "rescan", std::to_string(id), "",
                          json{{"lexicon_version", version},
                               {"from", r.from.ToString()},
                               {"to", r.to.ToString()},
                               {"posts", posts},
                               {"batches", batches}}
                              .dump(),
                          "", ""});
  });
  if (!st.ok()) return st;
  auto loaded = Load(id);
  if (!loaded.ok()) return loaded.status();
  if (loaded->empty()) return Status::Internal("rescan " + std::to_string(id) + " not found after insert");
  return loaded->front();
}

core::Result<std::vector<Rescan>> RescanService::List(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  return Load(std::nullopt);
}

core::Result<std::vector<Rescan>> RescanService::Load(std::optional<int64_t> id) {
  std::string where;
  storage::Params params;
  if (id) where = " WHERE r.id = ?", params.emplace_back(*id);
  auto rows = db_.Query(
      "SELECT r.id, r.lexicon_version, r.from_day, r.to_day, r.posts, r.batches, r.created_by, r.created_at, "
      "COUNT(b.batch), COALESCE(SUM(b.posts), 0), COALESCE(SUM(b.hits_added), 0), COALESCE(SUM(b.alerts_added), 0), "
      "MAX(b.done_at) FROM rescans r LEFT JOIN rescan_batches b ON b.rescan_id = r.id" +
          where +
          " GROUP BY r.id, r.lexicon_version, r.from_day, r.to_day, r.posts, r.batches, r.created_by, r.created_at "
          "ORDER BY r.id DESC LIMIT 100",
      params);
  if (!rows.ok()) return rows.status();
  std::vector<Rescan> out;
  for (const auto& row : *rows) {
    Rescan x;
    x.id = row.Int(0);
    x.lexicon_version = row.Int(1);
    x.from = core::Date::Parse(row.Text(2)).value_or(core::Date());
    x.to = core::Date::Parse(row.Text(3)).value_or(core::Date());
    x.posts = row.Int(4);
    x.batches = row.Int(5);
    x.created_by = row.Text(6);
    x.created_at = row.Text(7);
    x.batches_done = row.Int(8);
    x.posts_done = row.Int(9);
    x.hits_added = row.Int(10);
    x.alerts_added = row.Int(11);
    if (x.batches_done >= x.batches) x.finished_at = x.batches == 0 ? x.created_at : row.Text(12);
    out.push_back(std::move(x));
  }
  return out;
}

Status RescanService::RunBatch(const RescanBatch& b) {
  auto rescan = storage::QueryOne(db_, "SELECT from_day, to_day FROM rescans WHERE id = ?", {b.rescan_id});
  if (!rescan.ok()) return rescan.status().IsNotFound() ? Status::Ok() : rescan.status();  // gone: nothing to do
  const auto from_day = core::Date::Parse(rescan->Text(0)), to_day = core::Date::Parse(rescan->Text(1));
  if (!from_day || !to_day) return Status::Internal("rescan " + std::to_string(b.rescan_id) + ": unreadable period");
  // Another node may have published a version since: the batch scans with the newest.
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  const Period period = Epochs(*from_day, *to_day);
  return db_.Transaction([&]() -> Status {
    auto done = db_.Query("SELECT 1 FROM rescan_batches WHERE rescan_id = ? AND batch = ?", {b.rescan_id, b.batch});
    if (!done.ok()) return done.status();
    if (!done->empty()) return Status::Ok();
    auto rows = db_.Query(
        "SELECT p.id, p.account_id, p.kind, p.platform_post_id, p.published_at, p.published_epoch, p.current_version, "
        "v.text, v.url FROM posts p JOIN post_versions v ON v.post_id = p.id AND v.version = p.current_version AND v.published_epoch = p.published_epoch "
        "WHERE p.id >= ? AND p.id <= ? AND p.published_epoch >= ? AND p.published_epoch < ? "
        "AND v.published_epoch >= ? AND v.published_epoch < ? ORDER BY p.id",
        {b.first_post, b.last_post, period.from, period.to, period.from, period.to});
    if (!rows.ok()) return rows.status();
    MonitorService::ScanAdded added;
    for (const auto& r : *rows) {
      storage::IncomingPost p;
      p.account_id = r.Int(1);
      p.kind = r.Text(2);
      p.platform_post_id = r.Text(3);
      p.published_at = r.Text(4);
      p.published_epoch = r.Int(5);
      p.text = r.Text(7);
      p.url = r.Text(8);
      storage::Archived a{storage::ArchiveOutcome::kUnchanged, r.Int(0), static_cast<int>(r.Int(6))};
      if (Status s = monitor_.Rescan(p, a, &added); !s.ok()) return s;
    }
    return db_.Exec(
        "INSERT INTO rescan_batches (rescan_id, batch, posts, hits_added, alerts_added, lexicon_version, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {b.rescan_id, b.batch, static_cast<int64_t>(rows->size()), added.hits, added.alerts,
         monitor_.lexicon_version(), clock_.NowRfc3339()});
  });
}

}  // namespace govmedia::app
