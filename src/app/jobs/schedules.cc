#include "app/jobs/schedules.h"

namespace govmedia::app {

using core::Status;

core::Result<std::optional<int64_t>> Schedules::NextAt(const std::string& name) {
  auto rows = db_.Query("SELECT next_at FROM schedules WHERE name = ?", {name});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->front().Int(0));
}

core::Result<std::optional<int64_t>> Schedules::Tick(const std::string& name, int64_t interval, int64_t first_delay,
                                                     const std::function<Status(int64_t round)>& enqueue) {
  if (interval <= 0) return Status::InvalidArgument("interval", "间隔必须大于 0");
  const int64_t now = clock_.NowSeconds();
  // The first node to tick a schedule sets its first round; the others find the row.
  if (Status s = db_.Exec("INSERT INTO schedules (name, next_at, updated_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (name) DO NOTHING",
                          {name, now + first_delay, clock_.NowRfc3339()});
      !s.ok())
    return s;
  // A cheap read first: most ticks find nothing due and take no write lock.
  auto due = NextAt(name);
  if (!due.ok()) return due.status();
  if (!*due || now < **due) return std::optional<int64_t>();
  const int64_t round = **due;
  // The next round after now: rounds missed while no node ran are skipped, not run in a burst.
  const int64_t next = round + interval * ((now - round) / interval + 1);
  std::optional<int64_t> taken;
  Status st = db_.Transaction([&]() -> Status {
    auto moved = db_.Query(
        "UPDATE schedules SET next_at = ?, last_round = ?, last_node = ?, updated_at = ? "
        "WHERE name = ? AND next_at = ? RETURNING name",
        {next, round, node_, clock_.NowRfc3339(), name, round});
    if (!moved.ok()) return moved.status();
    if (moved->empty()) return Status::Ok();  // another node took this round
    if (Status s = enqueue(round); !s.ok()) return s;
    taken = round;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return taken;
}

}  // namespace govmedia::app
