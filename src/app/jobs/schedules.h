// Repeating rounds (a feed-poll round, the availability round, …) scheduled once across every
// node: the `schedules` table (migration 027) holds when each round is next due. Every node ticks
// each schedule; the node that moves `next_at` on by compare-and-set (UPDATE … WHERE next_at =
// the value it read) enqueues the round, in the same transaction, so a round is never lost
// between the two and never enqueued twice. The round's jobs are keyed by the round's start
// (the `next_at` that was due, the same on every node), so even two enqueues would add one row each.
// Thread-safety: safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "storage/db.h"

namespace govmedia::app {

class Schedules final {
 public:
  Schedules(storage::Db& db, const core::Clock& clock, std::string node)
      : db_(db), clock_(clock), node_(std::move(node)) {}

  /// When `name` is due (its first round `first_delay` seconds after the first tick of any node),
  /// moves it on by `interval` seconds (past now, skipping rounds missed while no node ran) and
  /// calls `enqueue(round_start)` inside the same transaction. Returns the round enqueued, or
  /// nullopt when the round was not due or another node took it.
  core::Result<std::optional<int64_t>> Tick(const std::string& name, int64_t interval, int64_t first_delay,
                                            const std::function<core::Status(int64_t round)>& enqueue);

  /// When `name` is next due; nullopt when no node has ticked it yet.
  core::Result<std::optional<int64_t>> NextAt(const std::string& name);

 private:
  storage::Db& db_;
  const core::Clock& clock_;
  const std::string node_;
};

}  // namespace govmedia::app
