// What the background work of every node is doing, for the city office's system administrator
// (采集来源 → 后台作业): the nodes seen lately, the jobs of each kind by status, the rounds'
// schedules and the jobs that failed. Read-only; the city office only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/status.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct JobsOverview {
  struct NodeSeen {
    std::string node;             // hostname:pid
    int64_t running = 0;          // jobs it holds now
    int64_t done_last_hour = 0;
    std::string last_active_at;   // RFC 3339, the latest start or finish of one of its jobs
  };
  struct KindCounts {
    std::string kind;
    int64_t queued = 0, running = 0, done = 0, failed = 0;
    int64_t overdue = 0;          // queued and due more than a minute ago: no node is taking them
    int64_t expired_leases = 0;   // running past the lease: the holder stopped; redone soon
  };
  struct Schedule {
    std::string name;
    int64_t next_at = 0;
    std::optional<int64_t> last_round;
    std::string last_node;
  };
  struct Failed {
    int64_t id = 0;
    std::string kind, key, node, last_error, finished_at;
    int64_t attempts = 0;
  };
  std::vector<NodeSeen> nodes;
  std::vector<KindCounts> kinds;
  std::vector<Schedule> schedules;
  std::vector<Failed> failed;  // the latest 50
};

class JobsOverviewService final {
 public:
  JobsOverviewService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}
  core::Result<JobsOverview> Get(const core::Principal& p);
  /// Brings a round forward to now (立即执行): the next scheduler tick of any node enqueues it,
  /// and the rounds after it follow at the usual interval. NotFound for a round no node has
  /// scheduled yet. Audited.
  core::Status RunNow(const core::Principal& p, const std::string& schedule);

 private:
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
