// The background work of a node: `govmedia worker` runs only this, `govmedia serve` runs it beside
// HTTP. Any number of nodes share one database (issue 14):
// - a scheduler thread ticks the rounds (Schedules): the feed-poll round enqueues one `feed.poll`
//   job per feed, the availability round one `availability.check` job per account, and
//   `engagement.detect` (hourly), `webhook.deliver` (every 5 s, when deliveries are due), `search.index`
//   (SQLite: every 10 s while versions wait for the full-text index) and
//   `maintenance` (daily) one job each; a rescan of the archive (RescanService) enqueues its own
//   `scan.batch` jobs;
// - runner threads claim jobs of any node's rounds (JobQueue) and run them on this node's services;
// - a heartbeat renews the leases of the jobs this node is running, so a long job is not taken
//   from a live node, while a killed node's jobs are claimed again once their leases pass.
// Stop (SIGTERM) stops claiming; the jobs already running finish and are recorded (one that fails
// while the node stops is released untried, for another node).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/jobs/job_queue.h"
#include "app/jobs/schedules.h"

namespace govmedia::app {

class Node;

struct WorkerOptions {
  std::string node_id;            // empty: NodeId() (hostname:pid)
  int poll_minutes = 15;          // the feed-poll round; 0: this node neither schedules nor runs feed polls
  bool check_availability = true;  // false: this node neither schedules nor runs availability checks
  int64_t lease_seconds = 120;    // a claim's lease; renewed every third of it while the job runs
  int threads = 4;                // runner threads (jobs at once on this node)
  /// Where the worker reports (the CLI passes spdlog): error or not, and a Chinese line.
  std::function<void(bool error, const std::string& message)> log;
};

class Worker final {
 public:
  Worker(Node& node, WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Starts the scheduler, heartbeat and runner threads.
  void Start();
  /// Stops claiming, waits for the running jobs to finish (or releases those that fail meanwhile),
  /// and joins every thread.
  void Stop();

  /// One tick of every schedule this node runs (the scheduler thread calls it every second).
  core::Status TickSchedules();
  /// Claims and runs one job; false when none was due.
  core::Result<bool> RunOne();

  JobQueue& queue() { return queue_; }
  Schedules& schedules() { return schedules_; }
  /// The job kinds this node claims.
  const std::vector<std::string>& kinds() const { return kinds_; }

 private:
  // A job this node is running, for the heartbeat; `lost` when its lease went to another node.
  struct Running {
    Job job;
    std::atomic<bool> lost{false};
  };
  core::Status Run(const Job& job);
  core::Status RunJob(const Job& job);
  void Log(bool error, const std::string& message);
  void Heartbeat();
  void Runner();
  void Scheduler();
  bool WaitFor(std::chrono::milliseconds d);  // false when stopping

  Node& node_;
  WorkerOptions options_;
  JobQueue queue_;
  Schedules schedules_;
  std::vector<std::string> kinds_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;   // guarded by mu_: no more claims
  bool stopped_ = false;    // guarded by mu_: heartbeat and scheduler end
  std::map<int64_t, std::shared_ptr<Running>> running_;  // guarded by mu_
  std::vector<std::thread> runners_;
  std::thread scheduler_, heartbeat_;
};

}  // namespace govmedia::app
