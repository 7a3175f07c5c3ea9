#include "app/jobs/jobs_overview.h"

#include <map>

namespace govmedia::app {

using core::Status;

core::Result<JobsOverview> JobsOverviewService::Get(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  const int64_t now = clock_.NowSeconds();
  JobsOverview out;

  // Nodes: every holder of a job that is running now or ran in the last day.
  auto nodes = db_.Query(
      "SELECT node, SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN status = 'done' AND finished_epoch > ? THEN 1 ELSE 0 END), "
      "MAX(COALESCE(finished_at, started_at, created_at)) FROM jobs "
      "WHERE node IS NOT NULL AND (status = 'running' OR finished_epoch > ?) GROUP BY node ORDER BY node",
      {now - 3600, now - 86400});
  if (!nodes.ok()) return nodes.status();
  for (const auto& r : *nodes) out.nodes.push_back({r.Text(0), r.Int(1), r.Int(2), r.Text(3)});

  auto kinds = db_.Query(
      "SELECT kind, "
      "SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN status = 'queued' AND run_after < ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN status = 'running' AND lease_until < ? THEN 1 ELSE 0 END) "
      "FROM jobs GROUP BY kind ORDER BY kind",
      {now - 60, now});
  if (!kinds.ok()) return kinds.status();
  for (const auto& r : *kinds)
    out.kinds.push_back({r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5), r.Int(6)});

  auto schedules = db_.Query("SELECT name, next_at, last_round, last_node FROM schedules ORDER BY name");
  if (!schedules.ok()) return schedules.status();
  for (const auto& r : *schedules) {
    JobsOverview::Schedule s{r.Text(0), r.Int(1), std::nullopt, r.Text(3)};
    if (!r.IsNull(2)) s.last_round = r.Int(2);
    out.schedules.push_back(std::move(s));
  }

  auto failed = db_.Query(
      "SELECT id, kind, key, COALESCE(node, ''), last_error, COALESCE(finished_at, ''), attempts FROM jobs "
      "WHERE status = 'failed' ORDER BY finished_epoch DESC, id DESC LIMIT 50");
  if (!failed.ok()) return failed.status();
  for (const auto& r : *failed)
    out.failed.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)});
  return out;
}

core::Status JobsOverviewService::RunNow(const core::Principal& p, const std::string& schedule) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  return db_.Transaction([&]() -> Status {
    auto before = db_.Query("SELECT next_at FROM schedules WHERE name = ?", {schedule});
    if (!before.ok()) return before.status();
    if (before->empty()) return Status::NotFound("没有这个定时作业（尚无节点启动它）：" + schedule);
    const int64_t now = clock_.NowSeconds();
    if (Status s = db_.Exec("UPDATE schedules SET next_at = ?, updated_at = ? WHERE name = ?",
                            {now, clock_.NowRfc3339(), schedule});
        !s.ok())
      return s;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "schedule.run_now", "schedule", schedule,
                          "{\"next_at\":" + std::to_string(before->front().Int(0)) + "}",
                          "{\"next_at\":" + std::to_string(now) + "}", "", ""});
  });
}

}  // namespace govmedia::app
