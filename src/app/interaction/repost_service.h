// Coordinated reposts (联动发声, 整体发声): the city office issues a task — an article (title, link,
// text), the units or accounts expected to publish it, a deadline — and the platform finds the
// article in each target's archive (core::MatchRepost: the link, the title, or most of the
// opening), showing who published it, when and on which evidence, and who did not. A unit sees its
// open tasks on its home until one of its accounts has published the article.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct RepostTarget {
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<int64_t> account_id;  // nullopt: any open account of the unit
  std::string account_name;
  // The archive's answer: the first matching post, if any.
  std::string status;  // published, late (after the deadline), pending (not yet, before it), missed
  std::optional<int64_t> post_id;
  std::string post_account, post_url, published_at, method;
};

struct RepostTask {
  int64_t id = 0;
  std::string title, url, text, starts_on, due_on, note, created_by, created_at;
  std::vector<RepostTarget> targets;
  int published = 0;  // targets that published (on time or late)
};

class RepostService final {
 public:
  RepostService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  /// {title, url?, text?, due_on, unit_ids?: [], account_ids?: [], note?}; the city office only.
  /// InvalidArgument naming the field (a target is required; an account must be open).
  core::Result<RepostTask> Create(const core::Principal& p, const nlohmann::json& body);
  /// Tasks with their targets matched against the archive; a unit operator sees the tasks
  /// addressed to the unit, with only the unit's targets.
  core::Result<std::vector<RepostTask>> List(const core::Principal& p);
  core::Result<RepostTask> Get(const core::Principal& p, int64_t id);
  nlohmann::json ToJson(const RepostTask& t) const;

 private:
  core::Result<std::vector<RepostTask>> Load(std::optional<int64_t> task_id, std::optional<int64_t> unit_id);
  core::Status Match(RepostTask* t);
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
