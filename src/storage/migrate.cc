#include <algorithm>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "storage/db.h"
#include "storage/embedded.h"

namespace govmedia::storage {
namespace {

std::string NowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Every migration, in order. A new file is appended here and in GOVMEDIA_MIGRATIONS (src/CMakeLists.txt).
const std::vector<std::pair<int, std::string>>& Migrations() {
  static const std::vector<std::pair<int, std::string>> all{{1, "001_init.sql"}, {2, "002_scoring.sql"}, {3, "003_posts.sql"},
                                                                   {4, "004_integrations.sql"},
                                                                   {5, "005_alerts.sql"},
                                                                   {6, "006_feeds.sql"},
                                                                   {7, "007_post_search.sql"},
                                                                   {8, "008_comments.sql"},
                                                                   {9, "009_monitoring.sql"},
                                                                   {10, "010_supervision.sql"},
                                                                   {11, "011_scope.sql"},
                                                                   {12, "012_historical_filings.sql"},
                                                                   {13, "013_feed_health.sql"},
                                                                   {14, "014_scan_levels.sql"},
                                                                   {15, "015_evidence.sql"},
                                                                   {16, "016_urges.sql"},
                                                                   {17, "017_corrections.sql"},
                                                                   {18, "018_evidence_images.sql"},
                                                                   {19, "019_qa.sql"},
                                                                   {20, "020_repost_tasks.sql"},
                                                                   {21, "021_approved_sources.sql"},
                                                                   {22, "022_netizen_requests.sql"},
                                                                   {23, "023_review.sql"},
                                                                   {24, "024_security.sql"},
                                                                   {25, "025_hijack.sql"},
                                                                   {26, "026_engagement.sql"},
                                                                   {27, "027_jobs.sql"},
                                                                   {28, "028_search_file.sql"},
                                                                   {29, "029_fetch_summaries.sql"},
                                                                   {30, "030_rescans.sql"},
                                                                   {31, "031_not_seen.sql"},
                                                                   {32, "032_version_months.sql"},
                                                                   {33, "033_generated_reports.sql"},
                                                                   {34, "034_jobs_due.sql"},
                                                                   {35, "035_post_months.sql"}};
  return all;
}

constexpr std::string_view kForeignKeysOff = "-- foreign_keys: off";

}  // namespace

Status Migrate(Db& db) {
  // In a transaction: on PostgreSQL that makes nodes starting together take turns (db.h).
  if (Status s = db.Transaction([&] {
        return db.ExecScript(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "applied_at TEXT NOT NULL)");
      });
      !s.ok())
    return s;
  const bool sqlite = db.Dialect() == "sqlite";
  auto rows = db.Query("SELECT version FROM schema_migrations");
  if (!rows.ok()) return rows.status();
  // Every migration not yet recorded is applied, in order: one numbered below another that is
  // already applied (two branches landing in either order) is not skipped.
  std::set<int64_t> applied;
  for (const auto& r : *rows) applied.insert(r.Int(0));
  for (const auto& migration : Migrations()) {
    // Named copies, not structured bindings: the lambda below captures them, which clang
    // before 16 refuses for bindings (the fuzz build uses clang-14).
    const auto version = migration.first;
    const auto& file = migration.second;
    if (applied.count(version)) continue;
    const std::string key = std::string(db.Dialect()) + "/" + file;
    const std::string_view sql = Embedded(key);
    if (sql.empty()) return Status::Internal("missing embedded migration " + key);
    // A migration that rebuilds a referenced table says so on its first line: SQLite's procedure
    // for that is foreign keys off around the transaction and a foreign_key_check before commit.
    const bool fk_off = sqlite && sql.starts_with(kForeignKeysOff);
    if (fk_off) {
      if (Status e = db.ExecScript("PRAGMA foreign_keys=OFF"); !e.ok()) return e;
    }
    Status s = db.Transaction([&]() -> Status {
      // Another node may have applied it while this one waited for its turn.
      auto done = db.Query("SELECT 1 FROM schema_migrations WHERE version = ?", {static_cast<int64_t>(version)});
      if (!done.ok()) return done.status();
      if (!done->empty()) return Status::Ok();
      if (Status e = db.ExecScript(sql); !e.ok()) return e;
      if (fk_off) {
        auto broken = db.Query("PRAGMA foreign_key_check");
        if (!broken.ok()) return broken.status();
        if (!broken->empty()) return Status::Internal("migration " + file + " leaves foreign keys broken");
      }
      return db.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                     {static_cast<int64_t>(version), NowUtc()});
    });
    if (fk_off) {
      if (Status e = db.ExecScript("PRAGMA foreign_keys=ON"); !e.ok()) return e;
    }
    if (!s.ok()) return s;
  }
  auto months = KeepArchiveMonths(db);
  return months.ok() ? Status::Ok() : months.status();
}

Result<int64_t> KeepArchiveMonths(Db& db) {
  if (db.Dialect() != "postgres") return int64_t{0};
  auto made = QueryOne(db, "SELECT govmedia_archive_months()");
  if (!made.ok()) return made.status();
  return made->Int(0);
}

}  // namespace govmedia::storage
