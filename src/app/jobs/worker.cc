#include "app/jobs/worker.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>

#include "app/node.h"
#include "storage/audit_log.h"
#include "storage/search_index.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

// Finished jobs are kept this long (a week of rounds to look at), then deleted by `maintenance`.
constexpr int64_t kKeepFinishedSeconds = 7 * 86400;
// How often the scheduler looks at the rounds, and an idle runner for work.
constexpr auto kTick = std::chrono::milliseconds(1000);

}  // namespace

Worker::Worker(Node& node, WorkerOptions options)
    : node_(node),
      options_(std::move(options)),
      queue_(node.db(), node.clock(), options_.node_id.empty() ? NodeId() : options_.node_id,
             JobOptions{.lease_seconds = std::max<int64_t>(1, options_.lease_seconds)}),
      schedules_(node.db(), node.clock(), queue_.node()) {
  if (options_.poll_minutes > 0) kinds_.push_back("feed.poll");
  if (options_.check_availability) kinds_.push_back("availability.check");
  for (const char* k : {"engagement.detect", "webhook.deliver", "maintenance", "scan.batch", "report.build"})
    kinds_.push_back(k);
  if (node.db().search_index()) kinds_.push_back("search.index");
}

Worker::~Worker() { Stop(); }

void Worker::Log(bool error, const std::string& message) {
  if (options_.log) options_.log(error, message);
}

bool Worker::WaitFor(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stopping_; });
  return !stopping_;
}

void Worker::Start() {
  scheduler_ = std::thread([this] { Scheduler(); });
  heartbeat_ = std::thread([this] { Heartbeat(); });
  for (int i = 0; i < std::max(1, options_.threads); ++i) runners_.emplace_back([this] { Runner(); });
}

void Worker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : runners_) t.join();  // the jobs they hold finish first, their leases kept alive
  runners_.clear();
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void Worker::Scheduler() {
  do {
    if (Status s = TickSchedules(); !s.ok()) Log(true, "scheduling rounds failed: " + s.ToString());
  } while (WaitFor(kTick));
}

void Worker::Heartbeat() {
  const auto every = std::chrono::milliseconds(std::max<int64_t>(1000, queue_.options().lease_seconds * 1000 / 3));
  std::unique_lock lock(mu_);
  while (!stopped_) {
    cv_.wait_for(lock, every, [&] { return stopped_; });
    std::vector<std::shared_ptr<Running>> held;
    for (const auto& [id, r] : running_) held.push_back(r);
    lock.unlock();
    for (const auto& r : held) {
      if (r->lost) continue;
      Status s = queue_.Renew(r->job);
      if (s.IsConflict()) {
        r->lost = true;
        Log(true, "job " + std::to_string(r->job.id) + " (" + r->job.kind + ") was taken over by another node");
      } else if (!s.ok()) {
        Log(true, "renewing the lease of job " + std::to_string(r->job.id) + " failed: " + s.ToString());
      }
    }
    lock.lock();
  }
}

void Worker::Runner() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto job = queue_.Claim(kinds_);
    if (!job.ok()) {
      Log(true, "claiming a job failed: " + job.status().ToString());
      if (!WaitFor(2 * kTick)) return;
      continue;
    }
    if (!*job) {
      if (!WaitFor(kTick)) return;
      continue;
    }
    if (Status s = Run(**job); !s.ok()) Log(true, "recording job " + std::to_string((*job)->id) + " failed: " + s.ToString());
  }
}

core::Result<bool> Worker::RunOne() {
  auto job = queue_.Claim(kinds_);
  if (!job.ok()) return job.status();
  if (!*job) return false;
  if (Status s = Run(**job); !s.ok()) return s;
  return true;
}

Status Worker::Run(const Job& job) {
  auto held = std::make_shared<Running>();
  held->job = job;
  {
    std::lock_guard lock(mu_);
    running_[job.id] = held;
  }
  Status outcome;
  try {
    outcome = RunJob(job);
  } catch (const std::exception& e) {
    outcome = Status::Internal(std::string("作业异常：") + e.what());
  }
  {
    std::lock_guard lock(mu_);
    running_.erase(job.id);
  }
  bool stopping = false;
  {
    std::lock_guard lock(mu_);
    stopping = stopping_;
  }
  // A job that failed while the node was stopping goes back untried: the stop may be the cause.
  Status recorded = outcome.ok() ? queue_.Complete(job)
                    : stopping   ? queue_.Release(job)
                                 : queue_.Fail(job, outcome.message());
  if (!outcome.ok()) Log(true, "job " + std::to_string(job.id) + " (" + job.kind + " " + job.key + ") failed: " + outcome.ToString());
  if (recorded.IsConflict()) {
    // Its lease passed and another node has the job: that node's outcome counts, not this one.
    Log(true, "job " + std::to_string(job.id) + " (" + job.kind + ") finished after another node took it over");
    return Status::Ok();
  }
  return recorded;
}

Status Worker::RunJob(const Job& job) {
  const json p = json::parse(job.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return Status::InvalidArgument("payload", "作业参数不是 JSON 对象");
  if (job.kind == "feed.poll") {
    const int64_t account_id = p.value("account_id", int64_t{0}), round = p.value("round", int64_t{0});
    const std::string url = p.value("url", std::string());
    // Redone after its node died: if that node's poll got as far as recording the fetch (the last
    // write of a poll, after the archive's), the round has this feed already.
    if (round > 0) {
      auto done = node_.db().Query(
          "SELECT 1 FROM feed_fetches WHERE account_id = ? AND url = ? AND fetched_epoch >= ? LIMIT 1",
          {account_id, url, round});
      if (!done.ok()) return done.status();
      if (!done->empty()) return Status::Ok();
    }
    auto rep = node_.feeds().PollFeed(account_id, url);
    if (!rep.ok()) return rep.status().IsNotFound() ? Status::Ok() : rep.status();  // no longer subscribed
    return Status::Ok();  // a failing source is recorded as 数据源异常, not a failed job
  }
  if (job.kind == "availability.check") {
    auto sum = node_.availability().CheckAccount(p.value("account_id", int64_t{0}), p.value("round", int64_t{0}));
    if (!sum.ok()) return sum.status();
    if (sum->broken + sum->recovered > 0)
      Log(false, "availability of account " + std::to_string(p.value("account_id", int64_t{0})) + ": " +
                     std::to_string(sum->broken) + " broken, " + std::to_string(sum->recovered) + " recovered");
    return Status::Ok();
  }
  if (job.kind == "engagement.detect") {
    auto added = node_.engagement().Detect(std::nullopt);
    if (!added.ok()) return added.status();
    if (*added > 0) Log(false, "engagement: " + std::to_string(*added) + " new anomalies");
    return Status::Ok();
  }
  if (job.kind == "webhook.deliver") {
    auto rep = node_.webhooks().DeliverDue();
    if (!rep.ok()) return rep.status();
    if (rep->delivered + rep->failed > 0)
      Log(false, "alert webhook: " + std::to_string(rep->delivered) + " delivered, " + std::to_string(rep->failed) + " failed");
    return Status::Ok();
  }
  if (job.kind == "search.index") {
    // Up to half a minute of batches; a round not caught up by then is continued by the next.
    storage::SearchIndex* index = node_.db().search_index();
    if (!index) return Status::Ok();
    const int64_t until = node_.clock().NowSeconds() + 30;
    int64_t added = 0;
    for (;;) {
      auto n = index->CatchUp(node_.db());
      if (!n.ok()) return n.status();
      added += *n;
      if (*n == 0 || node_.clock().NowSeconds() >= until) break;
    }
    if (added >= 10000) Log(false, "search index: " + std::to_string(added) + " versions indexed");
    return Status::Ok();
  }
  if (job.kind == "scan.batch") {
    return node_.rescans().RunBatch({p.value("rescan_id", int64_t{0}), p.value("batch", int64_t{0}),
                                     p.value("first_post", int64_t{0}), p.value("last_post", int64_t{0})});
  }
  if (job.kind == "report.build") return node_.generated_reports().Build(p.value("report_id", int64_t{0}));
  if (job.kind == "maintenance") {
    auto deleted = queue_.DeleteFinished(node_.clock().NowSeconds() - kKeepFinishedSeconds);
    if (!deleted.ok()) return deleted.status();
    auto months = storage::KeepArchiveMonths(node_.db());
    if (!months.ok()) return months.status();
    if (*months > 0) Log(false, "archive: " + std::to_string(*months) + " months partitioned (posts and their versions)");
    auto reports = node_.generated_reports().Prune();
    if (!reports.ok()) return reports.status();
    if (*reports > 0) Log(false, "generated reports: " + std::to_string(*reports) + " past their keeping deleted");
    return node_.auth().PruneLoginThrottle();
  }
  return Status::InvalidArgument("kind", "未知的作业类型：" + job.kind);
}

Status Worker::TickSchedules() {
  Status first = Status::Ok();
  auto note = [&](const core::Result<std::optional<int64_t>>& r) {
    if (!r.ok() && first.ok()) first = r.status();
  };
  // A job of the round `round`: keyed by the round, so enqueueing it again adds nothing.
  auto one = [&](const std::string& kind, json payload, int64_t round) -> Status {
    auto added = queue_.Enqueue(kind, std::to_string(round), payload.dump(), round);
    return added.ok() ? Status::Ok() : added.status();
  };
  if (options_.poll_minutes > 0) {
    note(schedules_.Tick("feed.poll", int64_t{options_.poll_minutes} * 60, 0, [&](int64_t round) -> Status {
      auto feeds = node_.feeds().Feeds();
      if (!feeds.ok()) return feeds.status();
      for (const auto& [account_id, url] : *feeds) {
        const std::string key =
            std::to_string(round) + "/" + std::to_string(account_id) + "/" + storage::Sha256Hex(url).substr(0, 16);
        auto added = queue_.Enqueue("feed.poll", key, json{{"account_id", account_id}, {"url", url}, {"round", round}}.dump(),
                                    round);
        if (!added.ok()) return added.status();
      }
      if (!feeds->empty()) Log(false, "feed-poll round " + std::to_string(round) + ": " + std::to_string(feeds->size()) + " feeds queued");
      return Status::Ok();
    }));
  }
  if (options_.check_availability) {
    auto settings = node_.settings().Get();
    if (!settings.ok()) return settings.status();
    const int64_t every = int64_t{settings->availability_minutes} * 60;
    // The first round waits one interval, so starting a deployment does not probe every URL at once.
    note(schedules_.Tick("availability.check", every, every, [&](int64_t round) -> Status {
      auto accounts = node_.availability().AccountsToCheck();
      if (!accounts.ok()) return accounts.status();
      for (int64_t id : *accounts) {
        auto added = queue_.Enqueue("availability.check", std::to_string(round) + "/" + std::to_string(id),
                                    json{{"account_id", id}, {"round", round}}.dump(), round);
        if (!added.ok()) return added.status();
      }
      return Status::Ok();
    }));
  }
  // The engagement detector over every open account, hourly (and at each snapshot push).
  note(schedules_.Tick("engagement.detect", 3600, 3600,
                       [&](int64_t round) { return one("engagement.detect", json::object(), round); }));
  // The alert webhook's outbox every 5 s, when a webhook is set and something is due.
  auto settings = node_.settings().Get();
  if (!settings.ok()) return settings.status();
  if (!settings->alert_webhook_url.empty()) {
    auto due = node_.db().Query(
        "SELECT 1 FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < ? AND next_attempt_epoch <= ? "
        "AND (claimed_until IS NULL OR claimed_until <= ?) LIMIT 1",
        {static_cast<int64_t>(kMaxWebhookAttempts), node_.clock().NowSeconds(), node_.clock().NowSeconds()});
    if (!due.ok()) return due.status();
    if (!due->empty())
      note(schedules_.Tick("webhook.deliver", 5, 0, [&](int64_t round) { return one("webhook.deliver", json::object(), round); }));
  }
  // SQLite's full-text index, every 10 s while versions wait for it (storage/search_index.h).
  if (storage::SearchIndex* index = node_.db().search_index()) {
    auto behind = index->Watermark();
    if (!behind.ok()) return behind.status();
    auto waiting = node_.db().Query("SELECT 1 FROM post_versions WHERE id > ? LIMIT 1", {*behind});
    if (!waiting.ok()) return waiting.status();
    if (!waiting->empty())
      note(schedules_.Tick("search.index", 10, 0, [&](int64_t round) { return one("search.index", json::object(), round); }));
  }
  note(schedules_.Tick("maintenance", 86400, 3600, [&](int64_t round) { return one("maintenance", json::object(), round); }));
  return first;
}

}  // namespace govmedia::app
