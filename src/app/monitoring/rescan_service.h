// 重新扫描存档: the archive scanned again with the lexicon in use, for the posts and comments
// published in a period the city office chooses — a term added today finds last month's posts.
// The work is cut into batches of posts, one `scan.batch` job each (app/jobs), so any node runs
// them and a node killed mid-batch loses nothing: a batch is one transaction, recorded in
// `rescan_batches` with what it added, and a batch already recorded is not run again. Hits go
// where the archive's own scan puts them (MonitorService::Rescan): a hit found before is not added
// twice, and a post that alerted before does not alert again.
//
// Thread-safety: safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/monitor_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"

namespace govmedia::app {

struct RescanRequest {
  core::Date from, to;  // Beijing days, inclusive, by the posts' published_at
};

struct Rescan {
  int64_t id = 0;
  int64_t lexicon_version = 0;  // in use when it was started
  core::Date from, to;
  int64_t posts = 0, batches = 0;
  int64_t batches_done = 0, posts_done = 0, hits_added = 0, alerts_added = 0;
  std::string created_by, created_at, finished_at;  // finished_at: the last batch's, when all are done
};

/// One batch's job payload.
struct RescanBatch {
  int64_t rescan_id = 0, batch = 0, first_post = 0, last_post = 0;
};

class RescanService final {
 public:
  /// Posts in a batch.
  static constexpr int kBatchPosts = 500;
  /// The longest period one rescan may cover, in days.
  static constexpr int kMaxDays = 366;

  RescanService(storage::Db& db, MonitorService& monitor, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), monitor_(monitor), audit_(audit), clock_(clock) {}

  /// Records the rescan, enqueues its batches and audits it (city office: kManageMonitoring).
  /// InvalidArgument naming "from" or "to": a period ending before it starts, ending after today,
  /// or longer than kMaxDays.
  core::Result<Rescan> Start(const core::Principal& p, const RescanRequest& r);
  /// The rescans, newest first, with their progress.
  core::Result<std::vector<Rescan>> List(const core::Principal& p);
  /// Runs a batch (the `scan.batch` job); nothing when it was run before.
  core::Status RunBatch(const RescanBatch& b);

 private:
  core::Result<std::vector<Rescan>> Load(std::optional<int64_t> id);
  storage::Db& db_;
  MonitorService& monitor_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
