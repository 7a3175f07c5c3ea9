// Posts and comments pushed by other systems (POST /api/ingest/posts, /api/ingest/comments), authenticated by per-integration
// tokens that the city office issues and revokes. Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "app/monitoring/monitor_service.h"
#include "storage/audit_log.h"
#include "storage/post_store.h"

namespace govmedia::app {

struct Integration {
  int64_t id = 0;
  std::string name;
  std::string created_by, created_at;
  std::optional<std::string> revoked_at, last_used_at;
};

struct IngestCounts {
  int added = 0, edited = 0, unchanged = 0;
};

class IngestService final {
 public:
  IngestService(storage::Db& db, storage::PostStore& posts, MonitorService& monitor, storage::AuditLog& audit,
                const core::Clock& clock)
      : db_(db), posts_(posts), monitor_(monitor), audit_(audit), clock_(clock) {}

  /// Issues a token for a new integration; the token is returned once and stored only hashed.
  core::Result<std::pair<Integration, std::string>> Create(const core::Principal& p, const std::string& name);
  core::Result<std::vector<Integration>> List(const core::Principal& p);
  core::Result<Integration> Revoke(const core::Principal& p, int64_t id);
  /// The integration a bearer token belongs to; Unauthenticated for an unknown or revoked token.
  core::Result<Integration> Authenticate(const std::string& token);
  /// Validates every item of the batch of posts or comments (`kind`; InvalidArgument naming
  /// "posts[i].field" or "comments[i].field"), then archives them in one transaction.
  core::Result<IngestCounts> Ingest(const Integration& who, const nlohmann::json& items, std::string_view kind);

 private:
  core::Result<Integration> Load(int64_t id);
  storage::Db& db_;
  storage::PostStore& posts_;
  MonitorService& monitor_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
