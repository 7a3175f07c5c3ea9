// Background work as rows of the `jobs` table (migration 027), shared by every node on the
// database (issue 14: several nodes, one database).
//
// - Enqueue is idempotent: (kind, key) is unique, so two nodes adding the same work add one row.
// - Claim takes the oldest due job under a lease, in one autocommit statement: on PostgreSQL its
//   inner SELECT is `FOR UPDATE SKIP LOCKED`, so nodes claim in parallel without waiting for each
//   other; on SQLite the statement holds the write lock. A running job whose lease has passed (its
//   node died) is due again and goes to whichever node claims next.
// - Every claim adds one to `attempts`; (node, attempts) names the holder. Renew, Complete, Fail
//   and Release are fenced on it: a node whose lease passed and whose job was claimed again gets
//   Conflict and changes nothing.
// - A failed attempt waits (backoff: base × 2^(attempt−1), capped) and is tried again until
//   max_attempts; then the job stays `failed` with its last error.
// Thread-safety: safe to call concurrently (each call is one statement or one transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "storage/db.h"

namespace govmedia::app {

struct JobOptions {
  int64_t lease_seconds = 120;       // a claim's lease; a running job renews it (Renew)
  int64_t max_attempts = 5;          // given to jobs this queue enqueues
  int64_t backoff_seconds = 30;      // the wait after the first failure, doubled after each
  int64_t max_backoff_seconds = 3600;
};

/// A job as its holder sees it: what to do and the fencing token (node, attempt).
struct Job {
  int64_t id = 0;
  std::string kind, key, payload;
  std::string node;
  int64_t attempt = 0;  // this claim's number, 1 for the first
  int64_t max_attempts = 0;
};

/// A job's row, for tests and the operators' view.
struct JobRow {
  int64_t id = 0;
  std::string kind, key, payload, status, node, last_error;
  int64_t run_after = 0, attempts = 0;
  std::optional<int64_t> lease_until;
};

class JobQueue final {
 public:
  /// `node` names this node in the rows it holds (hostname:pid, NodeId()).
  JobQueue(storage::Db& db, const core::Clock& clock, std::string node, JobOptions options = {})
      : db_(db), clock_(clock), node_(std::move(node)), options_(options) {}

  /// Adds a job due at `run_after` (epoch seconds); false when (kind, key) already exists.
  core::Result<bool> Enqueue(const std::string& kind, const std::string& key, const std::string& payload,
                             int64_t run_after);
  /// Claims the oldest due job of the given kinds (any kind when empty); nullopt when none is due.
  /// Running jobs past their lease that have used up their attempts are marked failed first.
  core::Result<std::optional<Job>> Claim(const std::vector<std::string>& kinds = {});
  /// Extends the lease of a job still held; Conflict when the job was claimed by another.
  core::Status Renew(const Job& job);
  /// Marks the job done; Conflict (nothing changed) unless this claim still holds it.
  core::Status Complete(const Job& job);
  /// Records a failed attempt: queued again after the backoff, or failed after max_attempts.
  /// Conflict unless this claim still holds it.
  core::Status Fail(const Job& job, const std::string& error);
  /// Gives a job back untried (the node is stopping): queued now, the attempt not counted.
  core::Status Release(const Job& job);
  /// Deletes jobs finished before `before` (epoch seconds); the number deleted.
  core::Result<int64_t> DeleteFinished(int64_t before);

  core::Result<std::vector<JobRow>> List(const std::string& kind);
  const std::string& node() const { return node_; }
  const JobOptions& options() const { return options_; }
  /// The wait before the next try after failed attempt `attempt` (1-based).
  int64_t Backoff(int64_t attempt) const;

 private:
  // Runs a fenced UPDATE (`WHERE id = ? AND status = 'running' AND node = ? AND attempts = ?`
  // appended; `params` end with the job's id, node and attempt) and answers Conflict when no row
  // matched.
  core::Status Fenced(const std::string& set_clause, const storage::Params& params, const Job& job);
  storage::Db& db_;
  const core::Clock& clock_;
  const std::string node_;
  const JobOptions options_;
};

/// This process's name among the nodes: "hostname:pid".
std::string NodeId();

}  // namespace govmedia::app
